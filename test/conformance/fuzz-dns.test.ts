/**
 * Random request DNs (seeded: the same every run) sent to a live slapd and to our Directory:
 * 2,400 as a search base, a compare, a modify or an add target (result code, matchedDN,
 * referral URLs and entries must agree), and 1,200 modify DN requests with random new RDNs and
 * new superiors. The DNs are built from fragments on the edges of RFC 4514 and of slapd's
 * reading of it: type case, OIDs, `OID.` prefixes, attribute options, hex-form values (those
 * that hold a BER string are a listed deviation), quoted values, escapes, empty and space-only
 * values, `;` separators, spaces around `=`, `,` and `+`, values invalid for their type, object
 * classes that do not exist, targets below referral objects and aliases, superiors outside the
 * naming contexts. Found on 2026-11-26: options in DN types (slapd drops them), hex values that
 * are no BER string, empty and IA5 space-only values, unknown classes in RDNs, types written by
 * their schema name, URL encoding of referred DNs, and modify DN's order of checks (the new
 * RDN's types and values, then a superior outside every naming context, before the entry).
 */
import { slapdTest } from '../helpers/slapd.js';
import { compareRandomSteps } from './live-setup.js';
import type { Step } from './scenarios.js';

const TYPES = [
  'cn',
  'CN',
  '2.5.4.3',
  'commonName',
  'uid',
  'UID',
  '0.9.2342.19200300.100.1.1',
  'ou',
  'l',
  'dc',
  'o',
  'sn',
  'x-unknown',
  'cn;lang-en',
  'uid;x-foo',
  'OID.2.5.4.3',
  ' cn',
  'cn ',
  'name',
  'objectClass',
  'entryDN',
  'createTimestamp',
  'userPassword',
  'uidNumber',
  'mail',
  'c',
  '1cn',
  'c-n',
  '2.5.4.03',
  'description',
  'seeAlso',
  'homeDirectory',
];
const VALUES = [
  'alice',
  'ALICE',
  'bob',
  'Smith\\, John',
  'Smith\\2C John',
  'people',
  'People ',
  ' people',
  'example',
  'com',
  '#04056164616d73',
  '#0c05616c696365',
  '#616c696365',
  '#',
  '#zz',
  '"alice"',
  '"a,b"',
  '\\41lice',
  'al\\ice',
  'b\\',
  'b\\\\',
  '',
  'a=b',
  'a\\=b',
  'x y',
  'x  y',
  '\u00e9',
  'e\\CC\\81',
  '\\c3\\a9',
  '\\',
  '\\zz',
  '12',
  '-1',
  ' ',
  '\\ ',
  'a\\ ',
  '\\#hash',
  '#hash',
  'awkward',
  'child',
  'a',
  'groups',
  'engineering',
  'London',
  'TRUE',
  '20230101000000Z',
  'top',
  'person',
  'remote',
  'dc=example',
  'a;b',
  'a<b',
  'a"b',
  'a\u0000b',
  'x?y%z',
  'contractors-alias',
  'alias-to-bob',
];
const SUFFIXES = [
  '',
  'dc=example,dc=com',
  'ou=people,dc=example,dc=com',
  'ou=awkward,dc=example,dc=com',
  'cn=Smith\\, John,ou=awkward,dc=example,dc=com',
  'ou=groups,dc=example,dc=com',
  'dc=com',
  'dc=other',
  'ou=remote,ou=awkward,dc=example,dc=com',
  'ou=contractors-alias,ou=awkward,dc=example,dc=com',
  'cn=a+sn=b,ou=awkward,dc=example,dc=com',
  'ou=emea,ou=locations,dc=example,dc=com',
  'cn=subschema',
  'DC=EXAMPLE, DC=COM',
  'dc=example;dc=com',
];
const BER_HEX = ['#04056164616d73', '#0c05616c696365'];
const SEPARATORS = [',', ',', ',', ', ', ' , ', ';', '+', ' ,', ',,'];

function randomDn(rnd: () => number, pick: <T>(a: readonly T[]) => T): string {
  const avas: string[] = [];
  for (let i = Math.floor(rnd() * 3); i > 0; i--) {
    const equals = rnd() < 0.05 ? '' : rnd() < 0.05 ? ' = ' : '=';
    avas.push(pick(TYPES) + equals + pick(VALUES));
  }
  let dn = avas.map((a, i) => (i ? pick(SEPARATORS) : '') + a).join('');
  const suffix = pick(SUFFIXES);
  if (suffix) dn = dn ? dn + pick(SEPARATORS) + suffix : suffix;
  if (rnd() < 0.05) dn += pick([',', ' ', '+', '\\']);
  return dn;
}

function randomStep(rnd: () => number, pick: <T>(a: readonly T[]) => T, i: number): Step {
  const dn = randomDn(rnd, pick);
  const kind = rnd();
  if (kind < 0.4)
    return { op: 'search', base: dn, scope: 'base', filter: '(objectClass=*)', attributes: ['1.1'] };
  if (kind < 0.7)
    return {
      op: 'compare',
      dn,
      attribute: pick(['cn', 'objectClass', 'ou', 'uid']),
      value: pick(['alice', 'top', 'people', 'x']),
    };
  if (kind < 0.85) return { op: 'modify', dn, changes: [['replace', 'description', [`d${i}`]]] };
  return {
    op: 'add',
    dn,
    attributes: [
      ['objectClass', ['extensibleObject', 'top']],
      ['cn', ['alice']],
      ['uid', ['alice']],
      ['ou', ['people']],
    ],
  };
}

/** The answer without its diagnostic text (the texts differ in places; codes must not). */
function comparable(answer: object): string {
  const { diagnosticMessage: _, ...rest } = answer as { diagnosticMessage?: string };
  return JSON.stringify(rest);
}

slapdTest('2,400 random request DNs: slapd and our Directory answer alike', async (t) => {
  const { codes, differences } = await compareRandomSteps(
    [1, 2, 3],
    800,
    ({ rnd, pick }, i) => {
      const step = randomStep(rnd, pick, i);
      // DNs holding a BER string in #hex form: slapd refuses them, a listed deviation (dn-hex-values)
      return BER_HEX.some((h) => JSON.stringify(step).includes(h)) ? undefined : step;
    },
    { show: comparable },
  );
  // the DNs land on every side: found, missing (with a matchedDN), invalid, referred
  t.true((codes.get(34) ?? 0) > 300, JSON.stringify([...codes]));
  t.true((codes.get(32) ?? 0) > 300, JSON.stringify([...codes]));
  t.true((codes.get(10) ?? 0) > 20, JSON.stringify([...codes]));
  t.true((codes.get(0) ?? 0) + (codes.get(6) ?? 0) + (codes.get(5) ?? 0) > 50, JSON.stringify([...codes]));
  t.deepEqual(differences.slice(0, 10), []);
});

const NEW_TYPES = [
  'cn',
  'CN',
  '2.5.4.3',
  'uid',
  'ou',
  'sn',
  'cn;lang-en',
  'objectClass',
  'description',
  'x-unknown',
  'mail',
  'l',
  'uidNumber',
  'seeAlso',
];
const NEW_VALUES = [
  'New',
  'new',
  'Bob',
  'bob',
  'Smith\\, John',
  ' lead',
  'a\\2Cb',
  '',
  '\\ ',
  'x+y',
  'person',
  'top',
  '12',
  '\u00e9',
  'e\\CC\\81',
  'cn\\=x',
  'q"r',
  'people',
];
const TARGETS = [
  'uid=bob,ou=people,dc=example,dc=com',
  'uid=alice,ou=people,dc=example,dc=com',
  'cn=Smith\\, John,ou=awkward,dc=example,dc=com',
  'cn=a+sn=b,ou=awkward,dc=example,dc=com',
  'ou=deep,ou=awkward,dc=example,dc=com',
  'cn=Options,ou=awkward,dc=example,dc=com',
  'uid=nobody,ou=people,dc=example,dc=com',
  'cn=x,ou=remote,ou=awkward,dc=example,dc=com',
];
const SUPERIORS = [
  undefined,
  undefined,
  'ou=groups,dc=example,dc=com',
  'OU=Groups, DC=Example,DC=Com',
  'ou;x=groups,dc=example,dc=com',
  'ou=nowhere,dc=example,dc=com',
  '',
  'ou=remote,ou=awkward,dc=example,dc=com',
  'cn=alias-to-bob,ou=awkward,dc=example,dc=com',
  'dc=com',
  'ou=people,dc=example,dc=com',
];

slapdTest(
  '1,200 random modify DN requests (new RDNs and superiors of every kind): slapd and our Directory agree',
  async (t) => {
    const { codes, differences } = await compareRandomSteps(
      [1, 2, 3],
      400,
      ({ rnd, pick }) => {
        const avas: string[] = [];
        for (let k = rnd() < 0.2 ? 2 : 1; k > 0; k--) avas.push(`${pick(NEW_TYPES)}=${pick(NEW_VALUES)}`);
        const superior = pick(SUPERIORS);
        return {
          op: 'moddn',
          dn: pick(TARGETS),
          newrdn: avas.join('+'),
          deleteoldrdn: rnd() < 0.5,
          ...(superior !== undefined ? { newSuperior: superior } : {}),
        };
      },
      { show: comparable },
    );
    // renames happen, and so do the refusals in slapd's order (34, 71, 32, 10, 65, 33, 80, ...)
    t.true((codes.get(0) ?? 0) > 10, JSON.stringify([...codes]));
    t.true((codes.get(34) ?? 0) > 100 && (codes.get(71) ?? 0) > 30, JSON.stringify([...codes]));
    t.deepEqual(differences.slice(0, 10), []);
  },
);
