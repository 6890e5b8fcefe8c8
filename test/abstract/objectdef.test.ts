/**
 * ObjectDef and AttrDef without a server: MUST/MAY through superclasses and auxiliary classes
 * (vectors from Python ldap3 over the same schema), lookups by key/name/alias, replacing a
 * schema attribute's definition, syntax validators, errors.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import {
  AttrDef,
  LdapAttributeError,
  LdapObjectDefError,
  ListSchemaView,
  ObjectDef,
  classAllows,
  toGeneralizedTime,
  validatorForSyntax,
} from '../../src/abstract/index.js';
import type { AttributeTypeInfo, ObjectClassInfo } from '../../src/abstract/index.js';

const json = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../fixtures/abstract/${name}`, import.meta.url), 'utf8')) as T;

const schema = new ListSchemaView(
  json<{ objectClasses: ObjectClassInfo[]; attributeTypes: AttributeTypeInfo[] }>('schema-slapd.json'),
);

interface DefVector {
  objectClass: string[];
  auxiliaryClass: string[];
  must: string[];
  may: string[];
  singleValue: string[];
  ldap3tsAlsoMust: string[];
}

for (const v of json<{ vectors: DefVector[] }>('objectdef-ldap3.json').vectors) {
  test(`MUST/MAY like ldap3: ${v.objectClass.join('+')} aux [${v.auxiliaryClass.join(', ')}]`, (t) => {
    const def = new ObjectDef(v.objectClass, schema, { auxiliaryClass: v.auxiliaryClass });
    const must = [...v.must, ...v.ldap3tsAlsoMust].sort();
    t.deepEqual([...def.mandatory].sort(), must);
    t.deepEqual(
      def.keys.filter((k) => !def.get(k).mandatory).sort(),
      v.may.filter((k) => !v.ldap3tsAlsoMust.includes(k)).sort(),
    );
    t.deepEqual(
      [...def]
        .filter((d) => d.singleValue)
        .map((d) => d.key)
        .sort(),
      v.singleValue,
    );
  });
}

test('class names are canonicalised; superclasses are visited once', (t) => {
  const def = new ObjectDef('INETORGPERSON', schema);
  t.deepEqual(def.objectClass, ['inetOrgPerson']);
  t.deepEqual(
    def.oidInfo.map((s) => s.split(' ')[0]),
    ['inetOrgPerson', 'organizationalPerson', 'person', 'top'],
  );
  t.regex(def.toString(), /MUST: cn, objectClass, sn/);
  t.throws(() => new ObjectDef(['nope'], schema), {
    instanceOf: LdapObjectDefError,
    message: /'nope' not defined/,
  });
  t.throws(() => new ObjectDef(['person'], schema, { auxiliaryClass: 'nope' }), {
    instanceOf: LdapObjectDefError,
  });
});

test('lookups ignore case and whitespace and follow names, keys and aliases', (t) => {
  const def = new ObjectDef(['inetOrgPerson'], schema);
  def.add(new AttrDef('givenName', { key: 'First Name', alias: ['forename'] }));
  const g = def.get('first name');
  t.is(g.key, 'FirstName');
  t.is(def.get('GIVENNAME'), g);
  t.is(def.get('gn'), g); // schema's other name
  t.is(def.get('Fore Name'), g);
  t.is(def.get('surname').name, 'sn');
  t.is(def.get('commonName').name, 'cn');
  t.true(def.has('mail'));
  t.false(def.has('uidNumber'));
  t.throws(() => def.get('uidNumber'), { instanceOf: LdapAttributeError });
  def.remove('forename');
  t.false(def.has('givenName'));
  t.throws(() => def.remove('givenName'), { instanceOf: LdapAttributeError });
  t.is(def.size, def.keys.length);
});

test('an AttrDef for a schema attribute replaces it, keeping MUST, SINGLE-VALUE and syntax', (t) => {
  const def = new ObjectDef(['inetOrgPerson'], schema, { auxiliaryClass: 'posixAccount' });
  const validate = (v: unknown) => String(v).length > 1;
  def.add(new AttrDef('sn', { key: 'Last Name', validate }));
  def.add(new AttrDef('uidNumber', { key: 'Number' }));
  const sn = def.get('LastName');
  t.true(sn.mandatory);
  t.is(sn.validate, validate);
  t.is(def.get('sn'), sn);
  t.is(def.keys.filter((k) => k.toLowerCase() === 'sn').length, 0);
  const num = def.get('number');
  t.true(num.mandatory);
  t.true(num.singleValue);
  t.is(num.syntax, '1.3.6.1.4.1.1466.115.121.1.27');
  t.is(num.validate?.('12'), '12'); // the schema's integer validator was attached
  t.false(num.validate?.('x'));
  t.regex(String(num), /ATTR: Number \[uidNumber\] - mandatory: true - single_value: true/);
});

test('hand-made definitions without a schema', (t) => {
  const def = new ObjectDef(['widget']);
  t.is(def.size, 0);
  def.add(['name', new AttrDef('color', { mandatory: true, default: 'red' })]);
  t.deepEqual(def.keys, ['name', 'color']);
  t.deepEqual(def.mandatory, ['color']);
  t.true(def.get('color').hasDefault);
  t.false(def.get('name').hasDefault);
  t.is(def.get('name').validate, undefined);
  def.clear();
  t.is(def.size, 0);
  t.throws(() => def.add(42 as unknown as string), { instanceOf: LdapObjectDefError });
});

test('a schema source without a schema is refused', (t) => {
  t.throws(() => new ObjectDef(['person'], { server: { schema: null } }), { message: /schema not present/ });
  t.throws(() => new ObjectDef(['person'], { server: { schema: { no: 'lookups' } } }), {
    message: /unable to read schema/,
  });
  t.is(new ObjectDef(['person'], { server: { schema: schema } }).objectClass[0], 'person');
});

test('customValidator replaces the syntax validators', (t) => {
  const seen: string[] = [];
  const def = new ObjectDef(['person'], schema, {
    customValidator: (v, name) => {
      seen.push(name);
      return v !== 'bad';
    },
  });
  t.true(def.get('sn').validate?.('ok') as boolean);
  t.false(def.get('cn').validate?.('bad') as boolean);
  t.deepEqual(seen, ['sn', 'cn']);
});

test('syntax validators (RFC 4517): integer, boolean, time, text, bytes', (t) => {
  const integer = validatorForSyntax('1.3.6.1.4.1.1466.115.121.1.27')!;
  t.true(integer(5) as boolean);
  t.false(integer(5.5));
  t.is(integer(' -7 '), '-7');
  t.is(integer(12n), '12');
  t.false(integer('1e3'));
  const bool = validatorForSyntax('1.3.6.1.4.1.1466.115.121.1.7')!;
  t.is(bool(true), 'TRUE');
  t.is(bool('false'), 'FALSE');
  t.false(bool('yes'));
  const time = validatorForSyntax('1.3.6.1.4.1.1466.115.121.1.24')!;
  t.is(time(new Date(Date.UTC(2024, 0, 2, 3, 4, 5))), '20240102030405Z');
  t.true(time('20240102030405.5+0100') as boolean);
  t.false(time('2024-01-02'));
  t.false(time(new Date(Number.NaN)));
  t.is(toGeneralizedTime(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 60))), '20240102030405.060Z');
  const text = validatorForSyntax('1.3.6.1.4.1.1466.115.121.1.15{32768}')!;
  t.true(text('x') as boolean);
  t.false(text(''));
  t.true(text(3) as boolean);
  t.false(text(new Uint8Array(1)));
  const octets = validatorForSyntax('1.3.6.1.4.1.1466.115.121.1.40')!;
  t.true(octets(new Uint8Array([0xff])) as boolean);
  const numeric = validatorForSyntax('1.3.6.1.4.1.1466.115.121.1.36')!;
  t.true(numeric('12 34') as boolean);
  t.false(numeric(-1));
  t.is(validatorForSyntax('1.2.3'), undefined);
  t.is(validatorForSyntax(undefined), undefined);
});

test('classAllows follows superclasses and attribute aliases', (t) => {
  t.true(classAllows(schema, 'inetOrgPerson', 'surname'));
  t.true(classAllows(schema, 'posixAccount', 'uidNumber'));
  t.false(classAllows(schema, 'inetOrgPerson', 'uidNumber'));
  t.false(classAllows(schema, 'nope', 'cn'));
});

test('AttrDef keys lose their whitespace; defaults may be undefined explicitly', (t) => {
  const a = new AttrDef('cn', { key: ' Common \t Name ', default: undefined });
  t.is(a.key, 'CommonName');
  t.true(a.hasDefault);
  t.deepEqual(a.allNames, ['CommonName', 'cn']);
  t.false(new AttrDef('cn').hasDefault);
  t.deepEqual([...new AttrDef('cn', { alias: 'x' }).otherNames], ['x']);
});
