/**
 * The simplified query language: vectors produced by Python ldap3 (the oracle, see
 * oracle/query-vectors.py) plus ldap3ts's extensions and errors, then validators and pre-query
 * transforms.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { AttrDef, ObjectDef, compileQuery, parseQuery } from '../../src/abstract/index.js';
import { LdapCursorError } from '../../src/abstract/index.js';

interface Vector {
  description: string;
  objectClass: string[];
  query: string;
  componentsInAnd?: boolean;
  filter?: string;
  error?: string;
}

const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/abstract/${name}`, import.meta.url), 'utf8')) as {
    vectors: Vector[];
  };

const ATTRS: Array<[string, string | null]> = [
  ['cn', 'Common Name'],
  ['sn', 'Surname'],
  ['departmentNumber', 'Department'],
  ['mail', null],
  ['uidNumber', null],
  ['description', 'Status'],
  ['givenName', null],
];

function definition(objectClass: string[]): ObjectDef {
  const def = new ObjectDef(objectClass);
  for (const [name, key] of ATTRS) def.add(new AttrDef(name, key ? { key } : {}));
  return def;
}

for (const file of ['query-ldap3.json', 'query-extra.json']) {
  for (const v of load(file).vectors) {
    test(`${file}: ${v.description}`, (t) => {
      const def = definition(v.objectClass);
      if (v.error) {
        const err = t.throws(() => compileQuery(def, v.query, v.componentsInAnd ?? true), {
          instanceOf: LdapCursorError,
        });
        t.is(err?.code, v.error);
      } else {
        t.is(compileQuery(def, v.query, v.componentsInAnd ?? true).filter, v.filter ?? '');
      }
    });
  }
}

test('parseQuery keeps prefixes, operators and negations apart', (t) => {
  const [c] = parseQuery(' !&Department : !>=5 ; ~ab ');
  t.like(c, { key: 'Department', negate: true, combine: '&', explicitCombine: true });
  t.deepEqual(c?.values, [
    { negate: true, operator: '>=', value: '5' },
    { negate: false, operator: '~=', value: 'ab' },
  ]);
});

test('a validator rejecting a query value throws before anything is sent', (t) => {
  const def = new ObjectDef(['person']);
  def.add(new AttrDef('mail', { key: 'Email', validate: (v) => /@/.test(String(v)) }));
  t.is(compileQuery(def, 'Email: a@b').filter, '(&(objectClass=person)(mail=a@b))');
  t.is(compileQuery(def, 'Email: *').filter, '(&(objectClass=person)(mail=*))'); // presence skips validate
  const err = t.throws(() => compileQuery(def, 'Email: nope'), { instanceOf: LdapCursorError });
  t.is(err?.code, 'LDAP_QUERY_VALIDATION');
});

test('a validator may replace the value; preQuery transforms it after validation', (t) => {
  const def = new ObjectDef(['person']);
  def.add(new AttrDef('employeeType', { key: 'Kind', validate: (v) => String(v).toLowerCase() }));
  def.add(new AttrDef('uid', { preQuery: (v, key) => `${key}-${v.toUpperCase()}` }));
  t.is(
    compileQuery(def, 'Kind: ADMIN, uid: abc; !x').filter,
    '(&(objectClass=person)(employeeType=admin)(|(!(uid=uid-X))(uid=uid-ABC)))',
  );
});

test('validatedQuery shows the canonical keys and operators (ldap3 validated_query)', (t) => {
  const def = definition(['person']);
  t.is(
    compileQuery(def, 'common name: a, &department: x; !>3').validatedQuery,
    '&Department: !>3;=x, CommonName: =a',
  );
});

test('a raw filter ignores the simplified-language parser', (t) => {
  const def = definition(['person']);
  t.is(compileQuery(def, ' (cn=a,b) ').filter, '(&(objectClass=person)(cn=a,b))');
});
