/** The operation scenarios recorded from slapd (see generate-op-vectors.ts). */
import { encodeFilter, parseFilter } from '../../src/filter/index.js';
import { toHex } from '../../src/util/index.js';
import type { OpVector } from './op-vectors.js';

const P = 'ou=people,dc=example,dc=com';
const ALICE = `uid=alice,${P}`;
const BOB = `uid=bob,${P}`;
const person = (uid: string, extra: Array<{ type: string; vals: string[] }> = []) => [
  { type: 'objectClass', vals: ['inetOrgPerson'] },
  { type: 'uid', vals: [uid] },
  { type: 'cn', vals: [`${uid} person`] },
  { type: 'sn', vals: ['Person'] },
  ...extra,
];
const add = (
  description: string,
  entry: string,
  attributes: Array<{ type: string; vals: string[] }>,
  check = true,
): OpVector => ({
  description,
  op: { type: 'AddRequest', entry, attributes },
  ...(check ? { check: [{ dn: entry, attributes: ['*'] }] } : {}),
});
const mod = (
  description: string,
  changes: Array<[0 | 1 | 2 | 3, string, string[]]>,
  object = ALICE,
  attrs = ['*'],
): OpVector => ({
  description,
  op: {
    type: 'ModifyRequest',
    object,
    changes: changes.map(([operation, type, vals]) => ({ operation, modification: { type, vals } })),
  },
  check: [{ dn: object, attributes: attrs }],
});
const moddn = (
  description: string,
  entry: string,
  newrdn: string,
  deleteoldrdn: boolean,
  newSuperior?: string,
  check: string[] = [],
): OpVector => ({
  description,
  op: { type: 'ModifyDNRequest', entry, newrdn, deleteoldrdn, ...(newSuperior ? { newSuperior } : {}) },
  check: check.map((dn) => ({ dn, attributes: ['*'] })),
});
const cmp = (
  description: string,
  entry: string,
  attributeDesc: string,
  assertionValue: string,
): OpVector => ({
  description,
  as: 'anonymous',
  op: { type: 'CompareRequest', entry, attributeDesc, assertionValue },
});
const bind = (description: string, name: string, password: string): OpVector => ({
  description,
  as: 'anonymous',
  op: { type: 'BindRequest', name, password },
});
const search = (description: string, op: Record<string, unknown>, as = 'anonymous'): OpVector => ({
  description,
  as,
  op: { type: 'SearchRequest', ...op },
});
const assertion = (f: string) => ({
  oid: '1.3.6.1.1.12',
  critical: true,
  valueHex: toHex(encodeFilter(parseFilter(f))),
});

export const VECTORS: OpVector[] = [
  // add
  add('add: success', `uid=carol,${P}`, person('carol', [{ type: 'mail', vals: ['carol@example.com'] }])),
  add(
    'add: RDN value added by the server',
    `uid=dave,${P}`,
    person('other')
      .filter((a) => a.type !== 'uid')
      .concat([{ type: 'uid', vals: ['other'] }]),
  ),
  add('add: entryAlreadyExists', ALICE, person('alice'), false),
  add('add: parent missing gives noSuchObject with matchedDN', `uid=x,ou=nowhere,${P}`, person('x'), false),
  add(
    'add: outside the naming context',
    'dc=other,dc=org',
    [
      { type: 'objectClass', vals: ['dcObject', 'organization'] },
      { type: 'dc', vals: ['other'] },
      { type: 'o', vals: ['o'] },
    ],
    false,
  ),
  add('add: invalid DN', 'uid=x,,dc=example', person('x'), false),
  add('add: no objectClass', `uid=e1,${P}`, person('e1').slice(1), false),
  add(
    'add: unknown objectClass',
    `uid=e2,${P}`,
    [{ type: 'objectClass', vals: ['fooClass'] }, ...person('e2').slice(1)],
    false,
  ),
  add(
    'add: MUST attribute missing',
    `uid=e3,${P}`,
    person('e3').filter((a) => a.type !== 'sn'),
    false,
  ),
  add('add: attribute not allowed', `uid=e4,${P}`, person('e4', [{ type: 'uidNumber', vals: ['5'] }]), false),
  add(
    'add: SINGLE-VALUE',
    `uid=e5,${P}`,
    person('e5', [{ type: 'preferredLanguage', vals: ['en', 'fr'] }]),
    false,
  ),
  add(
    'add: duplicate values',
    `uid=e6,${P}`,
    person('e6', [{ type: 'description', vals: ['x', 'X'] }]),
    false,
  ),
  add(
    'add: undefined attribute type',
    `uid=e7,${P}`,
    person('e7', [{ type: 'fooAttr', vals: ['x'] }]),
    false,
  ),
  add(
    'add: invalid syntax',
    `uid=e8,${P}`,
    [
      { type: 'objectClass', vals: ['inetOrgPerson', 'posixAccount'] },
      ...person('e8').slice(1),
      { type: 'uidNumber', vals: ['abc'] },
      { type: 'gidNumber', vals: ['1'] },
      { type: 'homeDirectory', vals: ['/h'] },
    ],
    false,
  ),
  add(
    'add: NO-USER-MODIFICATION',
    `uid=e9,${P}`,
    person('e9', [{ type: 'createTimestamp', vals: ['20240101000000Z'] }]),
    false,
  ),
  add(
    'add: two structural classes',
    `uid=e10,${P}`,
    [
      { type: 'objectClass', vals: ['inetOrgPerson', 'organizationalUnit'] },
      ...person('e10').slice(1),
      { type: 'ou', vals: ['x'] },
    ],
    false,
  ),
  add(
    'add: auxiliary class only',
    `cn=e11,${P}`,
    [
      { type: 'objectClass', vals: ['posixAccount'] },
      { type: 'cn', vals: ['e11'] },
      { type: 'uid', vals: ['e11'] },
      { type: 'uidNumber', vals: ['1'] },
      { type: 'gidNumber', vals: ['1'] },
      { type: 'homeDirectory', vals: ['/h'] },
    ],
    false,
  ),
  add('add: extensibleObject allows any attribute', `cn=e12,${P}`, [
    { type: 'objectClass', vals: ['device', 'extensibleObject'] },
    { type: 'cn', vals: ['e12'] },
    { type: 'mail', vals: ['e@x'] },
  ]),
  add('add: multi-valued RDN', `cn=Multi+sn=Valued,${P}`, [
    { type: 'objectClass', vals: ['person'] },
    { type: 'cn', vals: ['Multi'] },
    { type: 'sn', vals: ['Valued'] },
  ]),
  add('add: attribute options', `uid=e13,${P}`, person('e13', [{ type: 'cn;lang-de', vals: ['Deutsch'] }])),
  add('add: anonymous add refused by ACL?', `uid=e14,${P}`, person('e14'), false),
  // delete
  {
    description: 'delete: leaf',
    op: { type: 'DelRequest', dn: `uid=zoe,${P}` },
    check: [{ dn: `uid=zoe,${P}`, attributes: ['1.1'] }],
  },
  { description: 'delete: non-leaf', op: { type: 'DelRequest', dn: P } },
  { description: 'delete: missing entry', op: { type: 'DelRequest', dn: `uid=nobody,${P}` } },
  {
    description: 'delete: missing parent',
    op: { type: 'DelRequest', dn: `uid=nobody,ou=gone,dc=example,dc=com` },
  },
  { description: 'delete: invalid DN', op: { type: 'DelRequest', dn: 'not a dn' } },
  // modify
  mod('modify: add value', [[0, 'mail', ['alice2@example.com']]]),
  mod('modify: add existing value', [[0, 'cn', ['ALICE SMITH']]]),
  mod('modify: delete value', [[1, 'telephoneNumber', ['+15550100']]]),
  mod('modify: delete missing value', [[1, 'mail', ['nobody@example.com']]]),
  mod('modify: delete missing attribute', [[1, 'description', []]]),
  mod('modify: delete whole attribute', [[1, 'mail', []]]),
  mod('modify: replace', [[2, 'mail', ['new@example.com', 'other@example.com']]]),
  mod('modify: replace with nothing deletes', [[2, 'mail', []]]),
  mod('modify: replace absent attribute with nothing', [[2, 'description', []]]),
  mod('modify: increment', [[3, 'uidNumber', ['5']]], BOB),
  mod('modify: increment negative', [[3, 'uidNumber', ['-2']]], BOB),
  mod('modify: increment non-integer syntax', [[3, 'cn', ['1']]]),
  mod('modify: increment missing attribute', [[3, 'gidNumber', ['1']]], ALICE),
  mod('modify: undefined attribute type', [[0, 'fooAttr', ['x']]]),
  mod('modify: NO-USER-MODIFICATION', [[2, 'modifyTimestamp', ['20240101000000Z']]]),
  mod('modify: remove the RDN value', [[1, 'uid', ['alice']]]),
  mod('modify: attribute not allowed', [[0, 'uidNumber', ['1']]]),
  mod('modify: structural objectClass change', [[2, 'objectClass', ['account']]]),
  mod('modify: add auxiliary class with its MUST', [
    [0, 'objectClass', ['posixAccount']],
    [0, 'uidNumber', ['9']],
    [0, 'gidNumber', ['9']],
    [0, 'homeDirectory', ['/home/alice']],
  ]),
  mod('modify: add auxiliary class without MUST', [[0, 'objectClass', ['posixAccount']]]),
  mod('modify: SINGLE-VALUE', [[2, 'preferredLanguage', ['en', 'fr']]]),
  mod('modify: invalid syntax', [[2, 'uidNumber', ['x']]], BOB),
  mod('modify: atomic (second change fails, first not applied)', [
    [0, 'mail', ['atomic@example.com']],
    [1, 'description', ['nope']],
  ]),
  mod('modify: delete then add in one request', [
    [1, 'mail', []],
    [0, 'mail', ['re@example.com']],
  ]),
  mod('modify: delete MUST attribute', [[1, 'sn', []]]),
  mod('modify: option attribute', [[0, 'cn;lang-de', ['Alice Schmidt']]]),
  {
    ...mod('modify: permissive modify control', [
      [0, 'cn', ['alice smith']],
      [1, 'mail', ['zz@example.com']],
    ]),
    controls: [{ oid: '1.2.840.113556.1.4.1413', critical: true }],
  },
  mod('modify: missing entry', [[0, 'mail', ['x@y']]], `uid=nobody,${P}`),
  // modify DN
  moddn('moddn: rename keeping old RDN', ALICE, 'uid=alicia', false, undefined, [`uid=alicia,${P}`, ALICE]),
  moddn('moddn: rename deleting old RDN', ALICE, 'uid=alicia', true, undefined, [`uid=alicia,${P}`]),
  moddn('moddn: rename to an existing value', BOB, 'cn=Robert Jones', true, undefined, [
    `cn=Robert Jones,${P}`,
  ]),
  moddn('moddn: move subtree', 'ou=groups,dc=example,dc=com', 'ou=teams', true, P, [
    `ou=teams,${P}`,
    `cn=admins,ou=teams,${P}`,
  ]),
  moddn('moddn: target exists', ALICE, 'uid=bob', true),
  moddn('moddn: new superior missing', ALICE, 'uid=alice', true, 'ou=gone,dc=example,dc=com'),
  moddn('moddn: below itself', P, 'ou=people2', true, ALICE),
  moddn('moddn: entry missing', `uid=nobody,${P}`, 'uid=x', true),
  moddn('moddn: invalid new RDN', ALICE, 'fooAttr=x', true),
  moddn('moddn: new RDN not allowed by schema', ALICE, 'uidNumber=5', false),
  moddn('moddn: multi-valued new RDN', BOB, 'uid=bob+sn=Jones', false, undefined, [`uid=bob+sn=Jones,${P}`]),
  // compare
  cmp('compare: true', ALICE, 'cn', 'ALICE SMITH'),
  cmp('compare: false', ALICE, 'cn', 'Bob'),
  cmp('compare: supertype name', ALICE, 'name', 'Alice Smith'),
  cmp('compare: option', ALICE, 'cn;lang-fr', 'alice forgeron'),
  cmp('compare: missing attribute', ALICE, 'description', 'x'),
  cmp('compare: undefined type', ALICE, 'fooAttr', 'x'),
  cmp('compare: missing entry', `uid=nobody,${P}`, 'cn', 'x'),
  cmp(
    'compare: DN-valued',
    'cn=admins,ou=groups,dc=example,dc=com',
    'member',
    'UID=ALICE,OU=PEOPLE,DC=EXAMPLE,DC=COM',
  ),
  cmp('compare: integer', BOB, 'uidNumber', '1002'),
  cmp('compare: telephone number', ALICE, 'telephoneNumber', '+1-555-0100'),
  cmp('compare: entryDN', BOB, 'entryDN', BOB),
  cmp('compare: no equality rule', `uid=zoe,${P}`, 'carLicense', 'abc-123'),
  // bind
  bind('bind: cleartext', ALICE, 'secret'),
  bind('bind: wrong password', ALICE, 'wrong'),
  bind('bind: unknown DN', `uid=nobody,${P}`, 'secret'),
  bind('bind: invalid DN', 'uid=,,', 'secret'),
  bind('bind: name without password', ALICE, ''),
  bind('bind: password without name', '', 'secret'),
  bind('bind: anonymous', '', ''),
  bind('bind: root', 'cn=admin,dc=example,dc=com', 'adminpw'),
  bind('bind: entry without userPassword', `uid=zoe,${P}`, 'x'),
  bind('bind: DN case and spaces differ', 'UID=Alice, OU=People, DC=Example, DC=Com', 'secret'),
  {
    description: 'bind: unknown SASL mechanism',
    as: 'anonymous',
    op: { type: 'BindRequest', name: '', mechanism: 'FOO' },
  },
  {
    description: 'bind: protocol version 2',
    as: 'anonymous',
    op: { type: 'BindRequest', name: '', password: '', version: 2 },
  },
  // search
  search('search: base', { baseObject: ALICE, scope: 0 }),
  search('search: one level', { baseObject: P, scope: 1 }),
  search('search: subtree', { baseObject: 'ou=groups,dc=example,dc=com', scope: 2 }),
  search('search: subordinate', { baseObject: 'ou=groups,dc=example,dc=com', scope: 3 }),
  search('search: missing base', { baseObject: `uid=x,ou=gone,${P}`, scope: 2 }),
  search('search: invalid base', { baseObject: 'bad', scope: 2 }),
  search('search: size limit', { baseObject: 'dc=example,dc=com', scope: 2, sizeLimit: 3 }),
  search('search: size limit exactly reached', {
    baseObject: 'ou=groups,dc=example,dc=com',
    scope: 2,
    sizeLimit: 4,
  }),
  search('search: empty base subtree', { baseObject: '', scope: 2 }),
  search('search: empty base one level', { baseObject: '', scope: 1 }),
  search('search: outside naming context', { baseObject: 'dc=other,dc=org', scope: 2 }),
  // extended
  {
    description: 'extended: who am i (anonymous)',
    as: 'anonymous',
    op: { type: 'ExtendedRequest', requestName: '1.3.6.1.4.1.4203.1.11.3' },
  },
  {
    description: 'extended: who am i (user)',
    as: `${ALICE}:secret`,
    op: { type: 'ExtendedRequest', requestName: '1.3.6.1.4.1.4203.1.11.3' },
  },
  {
    description: 'extended: who am i (root)',
    op: { type: 'ExtendedRequest', requestName: '1.3.6.1.4.1.4203.1.11.3' },
  },
  { description: 'extended: unknown OID', op: { type: 'ExtendedRequest', requestName: '1.2.3.4' } },
  // controls
  {
    description: 'control: unknown critical',
    op: { type: 'DelRequest', dn: `uid=zoe,${P}` },
    controls: [{ oid: '1.2.3.4.5', critical: true }],
    check: [{ dn: `uid=zoe,${P}`, attributes: ['1.1'] }],
  },
  {
    description: 'control: unknown non-critical ignored',
    op: { type: 'DelRequest', dn: `uid=zoe,${P}` },
    controls: [{ oid: '1.2.3.4.5', critical: false }],
  },
  {
    description: 'control: assertion holds',
    op: { type: 'DelRequest', dn: `uid=zoe,${P}` },
    controls: [assertion('(uid=zoe)')],
  },
  {
    description: 'control: assertion fails',
    op: { type: 'DelRequest', dn: `uid=zoe,${P}` },
    controls: [assertion('(uid=alice)')],
  },
  {
    ...mod('control: assertion on modify fails', [[0, 'mail', ['a@b']]]),
    controls: [assertion('(sn=nobody)')],
  },
  {
    ...search('control: assertion on search base', { baseObject: ALICE, scope: 0 }),
    controls: [assertion('(sn=nobody)')],
  },
  {
    description: 'control: subtree delete',
    op: { type: 'DelRequest', dn: 'ou=groups,dc=example,dc=com' },
    controls: [{ oid: '1.2.840.113556.1.4.805', critical: true }],
    check: [{ dn: 'cn=admins,ou=groups,dc=example,dc=com', attributes: ['1.1'] }],
  },
];
