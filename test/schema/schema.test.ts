/** The registry: building from definitions, strict and lenient references, class rules. */
import test from 'ava';
import { Schema, getProfile } from '../../src/schema/index.js';
import { SchemaError } from '../../src/errors.js';
import { utf8 } from '../../src/util/index.js';

const DS = '1.3.6.1.4.1.1466.115.121.1.15';
const base = {
  attributeTypes: [
    "( 2.5.4.0 NAME 'objectClass' EQUALITY objectIdentifierMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.38 )",
    `( 2.5.4.41 NAME 'name' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX ${DS}{32768} )`,
    "( 2.5.4.3 NAME ( 'cn' 'commonName' ) SUP name )",
    "( 2.5.4.4 NAME ( 'sn' 'surname' ) SUP name )",
    "( 9.9.1 NAME 'nick' SUP cn EQUALITY caseExactMatch )",
    `( 0.9.2342.19200300.100.1.1 NAME ( 'uid' 'userid' ) EQUALITY caseIgnoreMatch SYNTAX ${DS}{256} )`,
    `( 2.5.4.13 NAME 'description' EQUALITY caseIgnoreMatch SYNTAX ${DS} )`,
    "( 2.5.4.34 NAME 'seeAlso' SUP distinguishedName )",
    "( 2.5.4.49 NAME 'distinguishedName' EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )",
    "( 2.5.18.1 NAME 'createTimestamp' EQUALITY generalizedTimeMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.24 SINGLE-VALUE NO-USER-MODIFICATION USAGE directoryOperation )",
    `( 9.9.3 NAME 'mailAlias' EQUALITY caseIgnoreIA5Match SYNTAX 1.3.6.1.4.1.1466.115.121.1.26 )`,
  ],
  objectClasses: [
    "( 2.5.6.0 NAME 'top' ABSTRACT MUST objectClass )",
    "( 2.5.6.6 NAME 'person' SUP top STRUCTURAL MUST ( sn $ cn ) MAY ( description $ seeAlso ) )",
    "( 2.5.6.7 NAME 'organizationalPerson' SUP person STRUCTURAL MAY uid )",
    "( 2.5.6.4 NAME 'organization' SUP top STRUCTURAL MUST name )",
    "( 9.9.10 NAME 'nickObject' SUP top AUXILIARY MAY nick )",
    "( 9.9.11 NAME 'aliasObject' SUP top AUXILIARY MAY mailAlias )",
    "( 1.3.6.1.4.1.1466.101.120.111 NAME 'extensibleObject' SUP top AUXILIARY )",
  ],
  dITContentRules: ["( 2.5.6.7 NAME 'orgPersonRule' AUX nickObject MUST uid MAY mailAlias NOT description )"],
  nameForms: ["( 9.9.20 NAME 'personForm' OC person MUST cn )"],
  dITStructureRules: ["( 1 NAME 'personRule' FORM personForm )"],
  matchingRuleUse: ["( 2.5.13.2 NAME 'caseIgnoreMatch' APPLIES ( cn $ sn ) )"],
  ldapSyntaxes: [
    `( ${DS} DESC 'Directory String' )`,
    "( 9.9.99 DESC 'Private' X-NOT-HUMAN-READABLE 'TRUE' )",
  ],
  matchingRules: [
    "( 2.5.13.2 NAME 'caseIgnoreMatch' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )",
    "( 9.9.50 NAME 'privateMatch' SYNTAX 9.9.99 )",
  ],
};
const schema = Schema.fromDefinitions(base);

test('look-ups by any name or OID, case-insensitively', (t) => {
  t.is(schema.attributeType('COMMONNAME'), schema.attributeType('2.5.4.3'));
  t.is(schema.attributeType('userid')?.name, 'uid');
  t.is(schema.objectClass('PERSON')?.oid, '2.5.6.6');
  t.is(schema.matchingRule('2.5.13.2')?.name, 'caseIgnoreMatch');
  t.is(schema.matchingRuleUse('caseIgnoreMatch')?.applies.length, 2);
  t.is(schema.nameForm('personForm')?.oc.name, 'person');
  t.is(schema.structureRule('1')?.form, 'personForm');
  t.is(schema.syntax('9.9.99')?.humanReadable, false);
  t.is(schema.allObjectClasses().length, 7);
  t.is(schema.allAttributeTypes().length, 11);
  t.true(schema.allMatchingRules().length > 30);
  t.is(schema.attributeType('nosuch'), undefined);
});

test('SUP inheritance: rules and syntax from the supertype unless overridden', (t) => {
  const nick = schema.attributeType('nick')!;
  t.is(nick.sup?.name, 'cn');
  t.is(nick.equality?.name, 'caseExactMatch');
  t.is(nick.substr?.name, 'caseIgnoreSubstringsMatch');
  t.is(nick.syntax, DS);
  t.is(nick.syntaxLength, 32768);
  t.is(nick.approx?.oid, '1.3.6.1.4.1.4203.666.4.4');
  t.is(schema.attributeType('seeAlso')!.equality?.name, 'distinguishedNameMatch');
  t.is(schema.attributeType('seeAlso')!.approx?.name, 'distinguishedNameMatch');
  t.is(schema.attributeType('mailAlias')!.approx?.name, 'IA5StringApproxMatch');
  const name = schema.attributeType('name')!;
  t.deepEqual(
    schema.subtypes(name).map((a) => a.name),
    ['name', 'cn', 'sn', 'nick'],
  );
  t.true(schema.isSubtypeOf(nick, name));
  t.false(schema.isSubtypeOf(name, nick));
  t.is(schema.matchingRule('privateMatch')?.implemented, false);
  t.is(schema.matchingRule('privateMatch')?.matches(utf8('a'), utf8('a')), undefined);
});

test('class rules: MUST/MAY closure, structural chain, content rules, extensibleObject', (t) => {
  const r = schema.classRules;
  const op = r.analyze(['organizationalPerson', 'nickObject']);
  t.is(op.structural?.name, 'organizationalPerson');
  t.deepEqual([...op.must].map((a) => a.name).sort(), ['cn', 'objectClass', 'sn', 'uid']);
  t.true(op.may.has(schema.attributeType('mailAlias')!));
  t.true(op.not.has(schema.attributeType('description')!));
  t.false(r.allows(op, schema.attributeType('description')!));
  t.true(r.allows(op, schema.attributeType('nick')!));
  t.true(r.allows(op, schema.attributeType('createTimestamp')!), 'operational attributes always allowed');
  t.deepEqual(op.errors, []);
  t.is(op.contentRule?.names[0], 'orgPersonRule');

  t.deepEqual(r.analyze(['organizationalPerson', 'aliasObject']).errors, [
    "content rule 'organizationalPerson' does not allow class 'aliasObject'",
  ]);
  t.deepEqual(r.analyze(['top', 'nickObject']).errors, ['no structural object class provided']);
  t.deepEqual(r.analyze(['person', 'organization']).errors, [
    'invalid structural object class chain (person/organization)',
  ]);
  t.deepEqual(r.analyze([]).errors, ['no objectClass attribute']);
  const unknown = r.analyze(['person', 'martian']);
  t.deepEqual(unknown.unknown, ['martian']);
  t.is(unknown.structural?.name, 'person');
  const p = r.analyze(['person']);
  t.false(r.allows(p, schema.attributeType('uid')!));
  const ext = r.analyze(['person', 'extensibleObject']);
  t.true(ext.extensible);
  t.true(r.allows(ext, schema.attributeType('uid')!));
  t.true(r.inherits(schema.objectClass('organizationalPerson')!, schema.objectClass('top')!));
});

test('toSubschemaEntry serves the definitions as given, hidden ones left out', (t) => {
  const s = Schema.fromDefinitions(base, {
    hidden: { attributeTypes: [`( 9.9.9 NAME 'secret' SYNTAX ${DS} )`] },
  });
  const entry = s.toSubschemaEntry();
  t.deepEqual(entry.get('objectClasses'), base.objectClasses);
  t.deepEqual(entry.get('dITContentRules'), base.dITContentRules);
  t.false(entry.get('attributeTypes')!.some((d) => d.includes('secret')));
  t.truthy(s.attributeType('secret'));
});

test('strict building rejects dangling references and cycles, lenient skips them', (t) => {
  const bad = (defs: object, msg: string): void => {
    const e = t.throws(() => Schema.fromDefinitions(defs), { instanceOf: SchemaError });
    t.true(e.message.includes(msg), e.message);
  };
  bad({ attributeTypes: ["( 1.1.1 NAME 'a' SUP nothere )"] }, 'unknown SUP nothere');
  bad({ attributeTypes: ["( 1.1.1 NAME 'a' SUP b )", "( 1.1.2 NAME 'b' SUP a )"] }, 'SUP cycle');
  bad({ objectClasses: ["( 1.1.3 NAME 'c' SUP d )", "( 1.1.4 NAME 'd' SUP c )"] }, 'SUP cycle');
  bad({ objectClasses: ["( 1.1.3 NAME 'c' SUP nothere )"] }, 'unknown SUP nothere');
  bad({ objectClasses: ["( 1.1.3 NAME 'c' MUST nothere )"] }, 'unknown attribute type nothere');
  bad({ dITContentRules: ['( 1.1.5 AUX x )'] }, 'unknown structural class 1.1.5');
  bad(
    { objectClasses: ["( 1.1.3 NAME 'c' )"], dITContentRules: ['( 1.1.3 AUX x )'] },
    'unknown object class x',
  );

  const lenient = Schema.fromDefinitions(
    {
      attributeTypes: [
        `( 1.1.1 NAME 'a' SUP nothere SYNTAX ${DS} )`,
        "( 1.1.2 NAME 'b' SUP nothere )",
        `( 1.1.6 NAME 'e' EQUALITY fancyMatch SYNTAX ${DS} )`,
      ],
      objectClasses: ["( 1.1.3 NAME 'c' SUP nothere MUST ( a $ gone ) )"],
      dITContentRules: ['( 1.1.3 AUX ghost )'],
      nameForms: ["( 1.1.7 NAME 'f' OC ghost MUST a )"],
    },
    { lenient: true },
  );
  t.truthy(lenient.attributeType('a'));
  t.is(lenient.attributeType('b'), undefined);
  t.deepEqual(
    lenient.objectClass('c')!.must.map((x) => x.name),
    ['a'],
  );
  t.is(lenient.attributeType('e')!.equality?.implemented, false);
  t.deepEqual(lenient.danglingRules, ['fancyMatch']);
  t.true(lenient.dangling.some((d) => d.includes('gone')));
  t.true(lenient.dangling.some((d) => d.includes('ghost')));
});

test('rulesFromSyntax gives typed rules to attributes that name none (Active Directory)', (t) => {
  const s = Schema.fromDefinitions(
    {
      attributeTypes: [
        "( 1.2.840.113556.1.4.8 NAME 'userAccountControl' SYNTAX '1.3.6.1.4.1.1466.115.121.1.27' SINGLE-VALUE )",
        "( 1.2.840.113556.1.4.2 NAME 'objectGUID' SYNTAX '1.3.6.1.4.1.1466.115.121.1.40' SINGLE-VALUE )",
        "( 1.2.840.113556.1.4.159 NAME 'accountExpires' SYNTAX '1.2.840.113556.1.4.906' SINGLE-VALUE )",
        "( 1.2.840.113556.1.4.99 NAME 'oddOne' SYNTAX '1.2.840.113556.1.4.907' )",
      ],
    },
    { lenient: true, rulesFromSyntax: true },
  );
  t.is(s.attributeType('userAccountControl')!.ordering?.name, 'integerOrderingMatch');
  t.is(s.attributeType('objectGUID')!.equality?.name, 'octetStringMatch');
  t.is(s.attributeType('accountExpires')!.equality?.name, 'integerMatch');
  t.is(s.attributeType('oddOne')!.equality, undefined);
  t.true(s.isBinary(s.attributeType('oddOne')!));
});

test('DN normalisation uses each attribute equality rule', (t) => {
  const p = getProfile('openldap').schema;
  t.is(p.normalizeDn('CN=Robert  Smith,DC=Example'), p.normalizeDn('commonName=robert smith,dc=example'));
  t.not(p.normalizeDn('uid=A,dc=x'), p.normalizeDn('uid=B,dc=x'));
  // caseExact value under an octet-string rule keeps its case
  t.not(p.normalizeDn('userPassword=Abc,dc=x'), p.normalizeDn('userPassword=abc,dc=x'));
  t.is(p.normalizeDn('cn=a,,'), undefined);
  t.is(p.normalizeDn('userPassword=#0403616263,dc=x'), p.normalizeDn('userPassword=#0403616263,dc=x'));
  t.is(
    p.normalizeDn('cn=#0403414243,dc=x'),
    p.normalizeDn('cn=abc,dc=x'),
    '#hex BER string compared as its text',
  );
  t.is(p.normalizeDn('cn=#ffd8,dc=x'), p.normalizeDn('CN=#FFD8,dc=x'));
  t.is(p.normalizeDn('noSuchType=a,dc=x'), undefined, 'unknown attribute type: invalid DN, as slapd');
  t.is(p.normalizeDn('uidNumber=abc,dc=x'), undefined, 'value invalid for the equality rule');
  t.is(p.normalizeDn('uidNumber=42,dc=x'), p.normalizeDn('uidnumber=42,DC=X'));
  t.is(
    Schema.schemaless().normalizeDn('anyThing=A,dc=x'),
    Schema.schemaless().normalizeDn('ANYTHING=a,DC=X'),
  );
});

test('validateValue honours the syntax length bound', (t) => {
  const uid = schema.attributeType('uid')!;
  t.true(schema.validateValue(uid, utf8('x'.repeat(256))));
  t.false(schema.validateValue(uid, utf8('x'.repeat(256 * 4 + 1))));
  const priv = Schema.fromDefinitions({ attributeTypes: ["( 1.1.1 NAME 'p' SYNTAX 1.2.3.4.5 )"] });
  t.true(
    priv.validateValue(priv.attributeType('p')!, new Uint8Array([0xff])),
    'unknown syntax accepts anything',
  );
});

test('schemaless: any description, caseIgnore text, exact binary, substrings', (t) => {
  const s = Schema.schemaless();
  const t1 = s.attributeType('anything')!;
  t.is(s.attributeType('ANYTHING'), t1);
  t.is(s.attributeType('bad name!'), undefined);
  t.is(s.attributeType('anything;lang-de'), undefined, 'options are not part of a type name');
  t.is(s.resolveDescription('x-Custom;lang-de').name, 'x-Custom');
  const sub = t1.substr!;
  const m = (v: string | Uint8Array, a: { initial?: string; any?: string[]; final?: string }) =>
    sub.matchSubstrings!(typeof v === 'string' ? utf8(v) : v, {
      initial: a.initial === undefined ? undefined : utf8(a.initial),
      any: (a.any ?? []).map(utf8),
      final: a.final === undefined ? undefined : utf8(a.final),
    });
  t.true(m('Hello  World', { initial: 'hello w' }));
  t.false(m('Hello World', { final: 'hello' }));
  t.true(m(new Uint8Array([0xff, 0x41, 0x42]), { any: ['AB'] }));
  t.false(m(new Uint8Array([0xff, 0x41, 0x42]), { any: ['ab'] }));
  t.is(m('x', { any: ['\ue000'] }), undefined);
  const ord = t1.ordering!;
  t.true(ord.compare!(ord.normalize(utf8('a'))!, ord.normalize(utf8('B'))!) < 0);
  t.true(t1.approx!.matches(utf8('Hello'), utf8('HELLO'))!);
});

test('appliesTo: matchingRuleUse when published, else by syntax', (t) => {
  const p = getProfile('openldap').schema;
  const ci = p.appliesTo(p.matchingRule('caseIgnoreMatch')!).map((a) => a.name);
  for (const n of ['cn', 'sn', 'description', 'o']) t.true(ci.includes(n), n);
  t.false(ci.includes('uidNumber'));
  const ad = getProfile('ad').schema;
  const and = ad.appliesTo(ad.matchingRule('1.2.840.113556.1.4.803')!).map((a) => a.name);
  t.true(and.includes('userAccountControl'));
  t.true(and.includes('accountExpires'), 'Integer8 counts as Integer');
  t.false(and.includes('sAMAccountName'));
  t.is(
    ad.appliesTo(ad.matchingRule('1.2.840.113556.1.4.803')!),
    ad.appliesTo(ad.matchingRule('integerBitAndMatch')!),
  );
  const local = schema.appliesTo(schema.matchingRule('caseIgnoreMatch')!).map((a) => a.name);
  t.deepEqual(local, ['cn', 'nick', 'sn'], 'listed types and their subtypes');
  const own = schema.appliesTo(schema.matchingRule('caseExactMatch')!).map((a) => a.name);
  t.true(own.includes('nick'));
});

test('extend adds and replaces definitions, keeping the options', (t) => {
  const base = getProfile('openldap').schema;
  const ext = base.extend({
    attributeTypes: [
      "( 1.3.6.1.4.1.99999.1 NAME 'badgeNumber' EQUALITY integerMatch ORDERING integerOrderingMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )",
      "( 2.5.4.13 NAME 'description' EQUALITY caseExactMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )",
    ],
    objectClasses: ["( 1.3.6.1.4.1.99999.2 NAME 'employee' SUP inetOrgPerson STRUCTURAL MAY badgeNumber )"],
  });
  t.is(base.attributeType('badgeNumber'), undefined);
  t.is(ext.attributeType('badgeNumber')?.ordering?.name, 'integerOrderingMatch');
  t.is(ext.attributeType('description')?.equality?.name, 'caseExactMatch', 'replaced by OID');
  t.is(base.attributeType('description')?.equality?.name, 'caseIgnoreMatch');
  const info = ext.classRules.analyze(['employee']);
  t.true(info.may.has(ext.attributeType('badgeNumber')!));
  t.true(info.must.has(ext.attributeType('sn')!));
  t.is(
    ext.toSubschemaEntry().get('attributeTypes')!.length,
    base.toSubschemaEntry().get('attributeTypes')!.length + 1,
  );
  t.truthy(ext.attributeType('subtreeSpecification'), 'hidden definitions survive');
  const ad = getProfile('ad').schema.extend({});
  t.is(
    ad.attributeType('sAMAccountName')!.equality?.name,
    'caseIgnoreMatch',
    'options such as rulesFromSyntax kept',
  );
});
