import test from 'ava';
import { getProfile, PROFILE_NAMES } from '../../src/schema/index.js';
import { utf8 } from '../../src/util/index.js';

test('openldap profile: inetOrgPerson MUST/MAY include superclasses', (t) => {
  const { schema } = getProfile('openldap');
  const info = schema.classRules.analyze(['inetOrgPerson']);
  t.is(info.structural?.name, 'inetOrgPerson');
  const must = [...info.must].map((a) => a.name).sort();
  t.deepEqual(must, ['cn', 'objectClass', 'sn']);
  const may = new Set([...info.may].map((a) => a.name));
  for (const n of [
    'mail',
    'uid',
    'telephoneNumber',
    'description',
    'userPassword',
    'jpegPhoto',
    'givenName',
  ]) {
    t.true(may.has(n), n);
  }
  t.deepEqual(info.errors, []);
});

test('openldap profile: supertypes, aliases and OIDs resolve to one type', (t) => {
  const { schema } = getProfile('openldap');
  const name = schema.attributeType('name')!;
  const subs = schema.subtypes(name).map((a) => a.name);
  for (const n of ['name', 'cn', 'sn', 'givenName', 'ou', 'o', 'title']) t.true(subs.includes(n), n);
  t.is(schema.attributeType('surname')?.name, 'sn');
  t.is(schema.attributeType('2.5.4.4')?.name, 'sn');
  t.is(schema.attributeType('SURNAME')?.oid, '2.5.4.4');
  const d = schema.resolveDescription('CommonName;lang-fr;binary');
  t.is(d.name, 'cn');
  t.deepEqual(d.options, ['lang-fr', 'binary']);
  t.is(schema.resolveDescription('noSuchAttr').type, undefined);
  // cn inherits its rules and syntax from name
  const cn = schema.attributeType('cn')!;
  t.is(cn.equality?.name, 'caseIgnoreMatch');
  t.is(cn.substr?.name, 'caseIgnoreSubstringsMatch');
  t.is(cn.syntax, '1.3.6.1.4.1.1466.115.121.1.15');
  t.is(cn.syntaxLength, 32768);
  t.true(schema.attributeType('entryUUID')!.operational);
  t.true(schema.attributeType('createTimestamp')!.noUserModification);
});

test('openldap profile: root DSE and subschema entry as slapd serves them', (t) => {
  const p = getProfile('openldap');
  t.deepEqual(p.rootDse.get('supportedLDAPVersion'), ['3']);
  t.deepEqual(p.rootDse.get('subschemaSubentry'), ['cn=Subschema']);
  t.is(p.subschemaDn, 'cn=Subschema');
  const sub = p.schema.toSubschemaEntry();
  t.is(sub.get('attributeTypes')?.length, 292);
  t.is(sub.get('objectClasses')?.length, 76);
  t.false(sub.get('attributeTypes')!.some((d) => d.includes("'subtreeSpecification'")));
  t.truthy(p.schema.attributeType('subtreeSpecification'));
});

test('ad profile: AD classes and attributes with rules from their syntax', (t) => {
  const { schema, rootDse } = getProfile('ad');
  for (const n of [
    'sAMAccountName',
    'userPrincipalName',
    'userAccountControl',
    'memberOf',
    'objectGUID',
    'objectSid',
    'unicodePwd',
  ]) {
    t.truthy(schema.attributeType(n), n);
  }
  for (const n of ['user', 'group', 'computer', 'organizationalUnit']) t.truthy(schema.objectClass(n), n);
  t.true(schema.attributeType('sAMAccountName')!.singleValue);
  t.is(schema.attributeType('sAMAccountName')!.equality?.name, 'caseIgnoreMatch');
  t.is(schema.attributeType('userAccountControl')!.equality?.name, 'integerMatch');
  t.is(schema.attributeType('objectGUID')!.equality?.name, 'octetStringMatch');
  t.true(schema.isBinary(schema.attributeType('objectSid')!));
  const expires = schema.attributeType('accountExpires')!;
  t.true(schema.validateValue(expires, utf8('9223372036854775807')));
  t.false(schema.validateValue(expires, utf8('9223372036854775808')), 'beyond 64 bits');
  t.false(schema.validateValue(expires, utf8('never')));
  const and = schema.matchingRule('1.2.840.113556.1.4.803')!;
  t.true(and.matches(utf8('514'), utf8('2')));
  t.deepEqual(rootDse.get('defaultNamingContext'), ['DC=example,DC=test']);
  const user = schema.classRules.analyze(['top', 'person', 'organizationalPerson', 'user']);
  t.is(user.structural?.name, 'user');
});

test('389ds and none profiles load', (t) => {
  const ds = getProfile('389ds');
  t.truthy(ds.schema.objectClass('inetOrgPerson'));
  t.deepEqual(ds.rootDse.get('subschemaSubentry'), ['cn=schema']);
  const none = getProfile('none').schema;
  const anything = none.attributeType('fooBar')!;
  t.is(anything.name, 'fooBar');
  t.true(
    anything.equality!.equal!(
      anything.equality!.normalize(utf8('  Hello  World'))!,
      anything.equality!.normalize(utf8('hello world'))!,
    ),
  );
  const bin = anything.equality!.normalize(new Uint8Array([0xff, 0x00]))!;
  t.false(anything.equality!.equal!(bin, anything.equality!.normalize(new Uint8Array([0xff, 0x01]))!));
  t.deepEqual(PROFILE_NAMES, ['openldap', 'ad', '389ds', 'none']);
  t.throws(() => getProfile('nope' as never), { code: 'LDAP_OPTION' });
});

test('ad profile: content rules give users and computers their system auxiliary attributes', (t) => {
  const { schema } = getProfile('ad');
  const sam = schema.attributeType('sAMAccountName')!;
  const user = schema.classRules.analyze(['top', 'person', 'organizationalPerson', 'user']);
  t.true(user.must.has(sam));
  t.true(schema.classRules.allows(user, schema.attributeType('userAccountControl')!));
  const computer = schema.classRules.analyze(['top', 'person', 'organizationalPerson', 'user', 'computer']);
  t.is(computer.structural?.name, 'computer');
  t.true(computer.must.has(sam), 'inherited from the user content rule');
  t.true(schema.classRules.allows(computer, schema.attributeType('dNSHostName')!));
  const group = schema.classRules.analyze(['top', 'group']);
  t.true(group.must.has(sam));
  t.true(schema.classRules.allows(group, schema.attributeType('member')!));
  t.deepEqual(schema.classRules.analyze(['top', 'organizationalUnit']).errors, []);
  // the openldap profile follows RFC 4512: only the structural class's own rule
  t.false(getProfile('openldap').schema.options.inheritContentRules ?? false);
});

test('objectIdentifierMatch prefers object classes for names that are also attribute types', (t) => {
  const { schema } = getProfile('389ds');
  const oc = schema.attributeType('objectClass')!.equality!;
  t.is(oc.normalize(utf8('locality')), schema.objectClass('locality')!.oid);
  t.is(oc.normalizeAssertion(utf8('2.5.6.3')), '2.5.6.3');
});

test('389ds profile: no Unicode preparation, no supertypes, ordering by string without a rule', (t) => {
  const p = getProfile('389ds');
  const s = p.schema;
  t.deepEqual(p.quirks, { notOfUndefinedIsTrue: true, emptyAndOrRejected: true });
  t.deepEqual(getProfile('openldap').quirks, { notOfUndefinedIsTrue: false, emptyAndOrRejected: false });
  t.deepEqual(getProfile('none').quirks, { notOfUndefinedIsTrue: false, emptyAndOrRejected: false });
  // every rule 389 names is implemented, its own OIDs included
  const substr = s.attributeType('memberNisNetgroup')!.substr!;
  t.is(substr.oid, '2.16.840.1.113730.3.3.1');
  t.true(substr.implemented);
  t.true(substr.matchSubstrings!(utf8('jdoe'), { initial: utf8('jd'), any: [] })!);
  const unimplemented = s
    .allAttributeTypes()
    .flatMap((a) => [a.equality, a.ordering, a.substr])
    .filter((r) => r !== undefined && !r.implemented);
  t.deepEqual(unimplemented, []);
  // supertypes: `name` covers only itself
  t.deepEqual(
    s.subtypes(s.attributeType('name')!).map((a) => a.name),
    ['name'],
  );
  // no NFKC: the ligature stays, case folding and spaces still apply
  const ci = s.attributeType('description')!.equality!;
  t.is(ci.normalize(utf8('ﬁnance')), 'ﬁnance');
  t.is(ci.normalize(utf8('  Robert   SMITH ')), 'robert smith');
  const openldapCi = getProfile('openldap').schema.attributeType('description')!.equality!;
  t.is(openldapCi.normalize(utf8('ﬁnance')), 'finance');
  const sub = s.attributeType('description')!.substr!;
  t.false(sub.matchSubstrings!(utf8('ﬁnance'), { initial: utf8('fi'), any: [] })!);
  // uidNumber has no ORDERING in 389's schema: ordered as strings of its equality form
  const ord = s.attributeType('uidNumber')!.ordering!;
  t.is(ord.kind, 'ordering');
  t.true(
    ord.compare!(ord.normalize(utf8('10'))!, ord.normalizeAssertion(utf8('9'))!) < 0,
    '"10" < "9" as strings',
  );
  t.true(ord.matches(utf8('10'), utf8('9'))!);
  t.is(ord.matches(utf8('x'), utf8('9')), undefined);
  t.true(ord.equal!(ord.normalize(utf8('10'))!, ord.normalize(utf8('10'))!));
  // slapd's profile keeps integer order and no ordering where the schema has none
  const sl = getProfile('openldap').schema;
  t.is(sl.attributeType('description')!.ordering, undefined);
  const io = sl.attributeType('uidNumber')!.ordering!;
  t.true(io.compare!(io.normalize(utf8('10'))!, io.normalize(utf8('9'))!) > 0);
});
