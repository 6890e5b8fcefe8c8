/**
 * Random add requests (seeded: the same 1,500 every run), modify requests (1,800), compare
 * requests (1,600), delete requests (900) and extended requests (2,400) to a live slapd and to
 * our Directory. Adds:
 * random object classes (unknown ones too), attributes that are single-valued, operational,
 * unknown, with options, listed twice, with a value twice or invalid for their syntax, below
 * an alias or a missing parent. The result code must agree, which pins slapd's order of
 * checks. Found on 2026-11-26: each listed attribute is checked on its own in list order
 * (syntax and object class names, then SINGLE-VALUE, then a value given twice), the
 * user-modification check comes after all of them, and an attribute listed twice is refused
 * (attributeOrValueExists) after that; we used to merge the lists first. Modifies: an
 * increment needs exactly one value (protocolError while decoding), attributes no client may
 * write are refused before the entry is looked up, aliasedObjectName and ref are checked
 * against the listed classes before the classes are analysed (65 before 69). Compares: an
 * empty value where the syntax has none is 21; entryDN and subschemaSubentry are 53 for any
 * name in the naming contexts, before the lookup. (userCertificate is left out: its
 * certificateExactMatch is not implemented, slapd validates the assertion, 21, we answer 18.)
 * Deletes: outside every naming context 53 before the assertion; below a referral object a
 * referral even with ManageDsaIT (it makes only the referral object itself ordinary).
 * Extended: StartTLS with a value 2; Password Modify values parsed strictly (2) and an old
 * password for the root identity 53; Cancel IDs of any tag (119); transactions: one per
 * connection (51), end needs a value, then a bound user, unknown IDs 0x4121, empty commits 1.
 */
import { slapdTest } from '../helpers/slapd.js';
import { Directory } from '../../src/dit/index.js';
import { loadDirectory } from './corpus.js';
import { compareRandomSteps, rootDirectoryPeer, rootSlapdPeer } from './live-setup.js';
import { directoryPeer, slapdPeer, type StepAnswer } from './scenarios.js';

/** The add, modify and compare tests compare result codes only. */
const resultCode = (a: StepAnswer): string => String(a.resultCode);

const CLASSES = [
  'person',
  'inetOrgPerson',
  'organizationalPerson',
  'top',
  'extensibleObject',
  'account',
  'posixAccount',
  'shadowAccount',
  'organizationalUnit',
  'device',
  'alias',
  'referral',
  'groupOfNames',
  'simpleSecurityObject',
  'x-nope',
  'PERSON',
  '2.5.6.6',
  'dcObject',
  'domain',
  'country',
  'locality',
  'subentry',
  'uidObject',
];
const ATTRIBUTES: Array<[string, string[]]> = [
  ['sn', ['x', 'Smith', '']],
  ['cn', ['fz', 'Other', 'fz', '']],
  ['cn;lang-fr', ['Choix']],
  ['CN;LANG-DE', ['Wahl']],
  ['surname', ['y']],
  ['uid', ['u1', 'u2']],
  ['uidNumber', ['5', 'x', '-1']],
  ['gidNumber', ['5']],
  ['homeDirectory', ['/h']],
  ['mail', ['a@b', '\u00e9']],
  ['description', ['d', 'd', 'D']],
  ['ou', ['o']],
  ['seeAlso', ['cn=x,dc=y', 'bad']],
  ['member', ['cn=x,dc=y']],
  ['aliasedObjectName', ['uid=bob,ou=people,dc=example,dc=com']],
  ['ref', ['ldap://h/x']],
  ['createTimestamp', ['20200101000000Z']],
  ['entryUUID', ['11111111-1111-1111-1111-111111111111']],
  ['structuralObjectClass', ['person']],
  ['entryDN', ['cn=x']],
  ['hasSubordinates', ['TRUE']],
  ['x-unknown', ['v']],
  ['userPassword', ['p', '{SSHA}x']],
  ['c', ['GB', 'GBR']],
  ['dc', ['x']],
  ['st', ['s']],
  ['name', ['n']],
  ['telephoneNumber', ['+1 2', '']],
  ['displayName', ['a', 'b']],
  ['preferredLanguage', ['en', 'fr']],
  ['employeeNumber', ['1', '2']],
];
const PARENTS = [
  'ou=awkward,dc=example,dc=com',
  'ou=people,dc=example,dc=com',
  'cn=alias-to-bob,ou=awkward,dc=example,dc=com',
  'ou=nowhere,dc=example,dc=com',
];

slapdTest('1,500 random add requests: slapd and our Directory answer with the same code', async (t) => {
  const { codes, differences } = await compareRandomSteps(
    [1, 2, 3],
    500,
    ({ rnd, pick }, i, seed) => {
      const attributes: Array<[string, string[]]> = [];
      const classes: string[] = [];
      for (let k = Math.floor(rnd() * 3) + (rnd() < 0.9 ? 1 : 0); k > 0; k--) classes.push(pick(CLASSES));
      if (classes.length > 0) attributes.push(['objectClass', classes]);
      for (let k = Math.floor(rnd() * 5); k > 0; k--) {
        const [type, values] = pick(ATTRIBUTES);
        const list: string[] = [];
        for (let j = 1 + Math.floor(rnd() * (rnd() < 0.8 ? 1 : 2)); j > 0; j--) list.push(pick(values));
        attributes.push([type, list]);
      }
      const rdn = pick(['cn', 'uid', 'ou', 'sn', 'cn', 'description']);
      return { op: 'add', dn: `${rdn}=fz${seed}x${i},${pick(PARENTS)}`, attributes };
    },
    { show: resultCode },
  );
  // every check is reached often enough for its order to matter
  for (const code of [17, 19, 20, 21, 65]) t.true((codes.get(code) ?? 0) > 30, JSON.stringify([...codes]));
  t.deepEqual(differences.slice(0, 10), []);
});

const MOD_ATTRIBUTES: Array<[string, string[]]> = [
  ['sn', ['x', 'Smith', '', 'Archer']],
  ['cn', ['fz', 'Alice Archer', 'alice archer', '']],
  ['cn;lang-fr', ['Choix']],
  ['CN;LANG-DE', ['Wahl']],
  ['surname', ['y']],
  ['uid', ['alice', 'u2']],
  ['uidNumber', ['5', 'x', '-1', '10001']],
  ['gidNumber', ['5', '1']],
  ['homeDirectory', ['/h']],
  ['mail', ['a@b', '\u00e9', 'alice@example.com']],
  ['description', ['d', 'd', 'D']],
  ['ou', ['o']],
  [
    'objectClass',
    ['top', 'person', 'x-nope', 'extensibleObject', 'posixAccount', 'inetOrgPerson', 'device', 'PERSON'],
  ],
  ['seeAlso', ['cn=x,dc=y', 'bad']],
  ['member', ['cn=x,dc=y']],
  ['createTimestamp', ['20200101000000Z']],
  ['modifyTimestamp', ['20200101000000Z']],
  ['entryUUID', ['11111111-1111-1111-1111-111111111111']],
  ['structuralObjectClass', ['person']],
  ['entryDN', ['cn=x']],
  ['hasSubordinates', ['TRUE']],
  ['x-unknown', ['v']],
  ['userPassword', ['p']],
  ['c', ['GB', 'GBR']],
  ['st', ['s']],
  ['name', ['n']],
  ['telephoneNumber', ['+1 2', '']],
  ['displayName', ['a', 'b']],
  ['employeeNumber', ['1', '2']],
  ['aliasedObjectName', ['uid=alice,ou=people,dc=example,dc=com']],
  ['ref', ['ldap://h/x']],
];
const MOD_TARGETS = [
  'uid=alice,ou=people,dc=example,dc=com',
  'uid=bob,ou=people,dc=example,dc=com',
  'cn=Options,ou=awkward,dc=example,dc=com',
  'uid=nobody,ou=people,dc=example,dc=com',
  'cn=alias-to-bob,ou=awkward,dc=example,dc=com',
  'ou=remote,ou=awkward,dc=example,dc=com',
  'cn=x,ou=remote,ou=awkward,dc=example,dc=com',
];
const MOD_OPS = ['add', 'delete', 'replace', 'increment'] as const;

slapdTest('1,800 random modify requests: slapd and our Directory answer with the same code', async (t) => {
  const { codes, differences } = await compareRandomSteps(
    [1, 2, 3],
    600,
    ({ rnd, pick }) => {
      const changes: Array<[(typeof MOD_OPS)[number], string, string[]]> = [];
      for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) {
        const [type, values] = pick(MOD_ATTRIBUTES);
        const op = pick(MOD_OPS);
        const list: string[] = [];
        for (let j = Math.floor(rnd() * 3); j > 0; j--) list.push(pick(values));
        changes.push([op, type, list]);
      }
      return { op: 'modify', dn: pick(MOD_TARGETS), changes };
    },
    { show: resultCode },
  );
  for (const code of [0, 2, 10, 16, 17, 19, 20, 21, 32])
    t.true((codes.get(code) ?? 0) > 20, JSON.stringify([...codes]));
  t.deepEqual(differences.slice(0, 10), []);
});

const CMP_TYPES = [
  'cn',
  'CN',
  'sn',
  'surname',
  'uid',
  'mail',
  'uidNumber',
  'objectClass',
  'description',
  'cn;lang-fr',
  'cn;lang-',
  'name',
  'x-unknown',
  'userPassword',
  'entryDN',
  'hasSubordinates',
  'createTimestamp',
  'structuralObjectClass',
  'subschemaSubentry',
  'entryUUID',
  'seeAlso',
  'telephoneNumber',
  'jpegPhoto',
  'x500UniqueIdentifier',
  'postalAddress',
  'member',
  'aliasedObjectName',
  'ref',
  'cn;x-foo',
  'description;binary',
  'modifyTimestamp',
  'gidNumber',
  'c',
  'numSubordinates',
  '2.5.4.3',
  'supportedLDAPVersion',
  'namingContexts',
];
const CMP_VALUES = [
  'Alice Archer',
  'alice archer',
  'alice',
  'ALICE',
  'Archer',
  'top',
  'person',
  'inetOrgPerson',
  'TRUE',
  'FALSE',
  '10001',
  '010001',
  'x',
  '',
  ' ',
  'alice@example.com',
  'uid=alice,ou=people,dc=example,dc=com',
  'UID=Alice, OU=People,DC=example,DC=com',
  'cn=Subschema',
  '+1 555 0100 001',
  '+15550100001',
  "'0101'B",
  '20200101000000Z',
  'alice-pw',
  'Choix',
  'GB',
  '3',
  'dc=example,dc=com',
  'bad dn',
];
const CMP_TARGETS = [
  'uid=alice,ou=people,dc=example,dc=com',
  'UID=Alice,ou=people,dc=example,dc=com',
  'cn=Options,ou=awkward,dc=example,dc=com',
  'uid=nobody,ou=people,dc=example,dc=com',
  'cn=alias-to-bob,ou=awkward,dc=example,dc=com',
  'ou=remote,ou=awkward,dc=example,dc=com',
  'cn=x,ou=remote,ou=awkward,dc=example,dc=com',
  '',
  'cn=Subschema',
  'dc=example,dc=com',
  'dc=com',
  'cn=Binary Photo,ou=awkward,dc=example,dc=com',
  'cn=engineering,ou=groups,dc=example,dc=com',
];

slapdTest('1,600 random compare requests: slapd and our Directory answer with the same code', async (t) => {
  const { codes, differences } = await compareRandomSteps(
    [1, 2],
    800,
    ({ pick }) => {
      const step = {
        op: 'compare',
        dn: pick(CMP_TARGETS),
        attribute: pick(CMP_TYPES),
        value: pick(CMP_VALUES),
      } as const;
      // slapd answers a compare of hasSubordinates on a missing entry with success (0),
      // not even a compare code: a quirk left alone (see the closing note of issue 3)
      return step.attribute === 'hasSubordinates' && /nobody|cn=x,/.test(step.dn) ? undefined : step;
    },
    { show: resultCode },
  );
  for (const code of [5, 6, 10, 16, 17, 18, 21, 32, 53])
    t.true((codes.get(code) ?? 0) > 3, JSON.stringify([...codes]));
  t.deepEqual(differences.slice(0, 10), []);
});

const DEL_TARGETS = [
  'uid=alice,ou=people,dc=example,dc=com',
  'UID=Bob, ou=people,dc=example,dc=com',
  'ou=people,dc=example,dc=com',
  'uid=nobody,ou=people,dc=example,dc=com',
  'cn=alias-to-bob,ou=awkward,dc=example,dc=com',
  'ou=remote,ou=awkward,dc=example,dc=com',
  'cn=x,ou=remote,ou=awkward,dc=example,dc=com',
  '',
  'cn=Subschema',
  'dc=example,dc=com',
  'dc=com',
  'cn=x,dc=com',
  'ou=deep,ou=awkward,dc=example,dc=com',
  'cn=Bottom,ou=deepest,ou=deeper,ou=deep,ou=awkward,dc=example,dc=com',
  'ou=contractors-alias,ou=awkward,dc=example,dc=com',
  'cn=x,cn=alias-to-bob,ou=awkward,dc=example,dc=com',
  'cn=x,ou=contractors-alias,ou=awkward,dc=example,dc=com',
  'bad dn',
  'uid=alice;ou=people,dc=example,dc=com',
  'cn=Subschema,dc=example,dc=com',
];
// (the subtree delete control is a listed deviation: slapd's mdb backend refuses it)
const DEL_CONTROLS = [[], [], ['2.16.840.1.113730.3.4.2'], ['1.2.3.4'], ['+1.2.3.4'], ['1.3.6.1.1.22']];

slapdTest('900 random delete requests: slapd and our Directory answer with the same code', async (t) => {
  const { codes, differences } = await compareRandomSteps([1, 2, 3], 300, ({ rnd, pick }) => {
    const assertion = rnd() < 0.2 ? pick(['(objectClass=*)', '(cn=nomatch)', '(x-unknown=1)']) : undefined;
    return {
      op: 'delete',
      dn: pick(DEL_TARGETS),
      controls: pick(DEL_CONTROLS),
      ...(assertion ? { assertion } : {}),
    };
  });
  for (const code of [0, 12, 32, 34, 53, 66]) t.true((codes.get(code) ?? 0) > 5, JSON.stringify([...codes]));
  t.deepEqual(differences.slice(0, 10), []);
});

const EXT_OIDS = [
  '1.3.6.1.4.1.4203.1.11.1',
  '1.3.6.1.4.1.4203.1.11.3',
  '1.3.6.1.1.8',
  '1.3.6.1.1.21.1',
  '1.3.6.1.1.21.3',
  '1.3.6.1.4.1.1466.20037',
  '1.2.3',
  'x',
  '',
  '1.3.6.1.4.1.1466.20036',
  '1.3.6.1.4.1.4203.1.9.1.1',
];
const berValue = (hex: string): string =>
  'b64:' + Buffer.from(hex.replace(/ /g, ''), 'hex').toString('base64');
const EXT_VALUES = [
  undefined,
  undefined,
  '',
  'x',
  berValue('3000'),
  berValue('30 03 02 01 05'),
  berValue('30 05 80 03 75 3a 61'),
  berValue('30 04 82 02 70 77'),
  berValue('30 06 81 01 78 82 01 79'),
  berValue('04 00'),
  berValue('30 03 0a 01 00'),
  berValue('30 05 83 03 61 62 63'),
  berValue('30 00 00'),
];

slapdTest(
  '2,400 random extended requests, bound and anonymous: slapd and our Directory answer alike',
  async (t) => {
    const { codes, differences } = await compareRandomSteps(
      [1, 2],
      600,
      ({ pick }) => {
        const oid = pick(EXT_OIDS);
        const value = pick(EXT_VALUES);
        // StartTLS without a value: the harness slapd has no TLS and answers protocolError,
        // the engine unavailable (both allowed by RFC 4511 section 4.14.2; in the closing note)
        if (oid === '1.3.6.1.4.1.1466.20037' && value === undefined) return undefined;
        return { op: 'extended', oid, ...(value !== undefined ? { value } : {}) };
      },
      {
        // bound as the root DN, then anonymous
        pairs: async (url) => [
          [await rootSlapdPeer(url), await rootDirectoryPeer()],
          [await slapdPeer(url), directoryPeer(await loadDirectory(Directory))],
        ],
      },
    );
    for (const code of [0, 2, 8, 32, 51, 119, 0x4121])
      t.true((codes.get(code) ?? 0) > 3, JSON.stringify([...codes]));
    t.deepEqual(differences.slice(0, 10), []);
  },
);
