/**
 * The `ad` profile as applications use Active Directory: security principals get their SID,
 * account type, category and defaults from the DSA; objectCategory short names, string SIDs,
 * nested membership (IN_CHAIN over memberOf), ranged retrieval of long attributes, binds by
 * UPN and NetBIOS name against unicodePwd, and content rules. Data: fixtures/example-ad.ldif.
 */
import test from 'ava';
import { BerReader, BerWriter } from '../../src/ber/index.js';
import { Directory } from '../../src/dit/index.js';
import type { RequestOp } from '../../src/protocol/index.js';
import { formatSid, parseSid } from '../../src/schema/index.js';
import { dec, enc, run, searchDns, searchReq, session } from './helpers.js';

const D = 'DC=example,DC=com';
const ADMIN = `CN=Administrator,CN=Users,${D}`;
const person = (cn: string) => `CN=${cn},OU=People,${D}`;
const grp = (cn: string) => `CN=${cn},OU=Groups,${D}`;
const NOW = new Date(Date.UTC(2024, 4, 6, 7, 8, 9));

async function adDir(): Promise<Directory> {
  const dir = new Directory({
    profile: 'ad',
    uuid: 3,
    clock: () => NOW,
    rootDn: ADMIN,
    rootPassword: 'secret',
  });
  await dir.loadLdif('fixtures/example-ad.ldif');
  return dir;
}

type E = { objectName: string; attributes: Array<{ type: string; vals: Uint8Array[] }> };
async function entries(dir: Directory, filter: string, attributes: string[], base = D, scope: 0 | 2 = 2) {
  const a = await run(dir, searchReq(base, filter, scope, attributes));
  return a.messages
    .filter((m) => m.type === 'SearchResultEntry')
    .map((m) => m as unknown as E)
    .map((e) => ({ dn: e.objectName, attrs: new Map(e.attributes.map((x) => [x.type, x.vals])) }));
}
const text = (vals: Uint8Array[] | undefined) => (vals ?? []).map(dec);
const bind = async (dir: Directory, name: string, password: string) =>
  (
    await run(dir, {
      type: 'BindRequest',
      version: 3,
      name,
      authentication: { type: 'simple', password: enc(password) },
    } as RequestOp)
  ).last;

test('security principals get objectSid (one domain, increasing RIDs), sAMAccountType and defaults', async (t) => {
  const dir = await adDir();
  const found = await entries(dir, '(objectSid=*)', [
    'objectSid',
    'sAMAccountType',
    'primaryGroupID',
    'objectCategory',
  ]);
  const byDn = new Map(found.map((e) => [e.dn, e.attrs]));
  // every user, computer and group; not the contact, the OUs or the domain
  t.is(found.length, 12);
  const sids = found.map((e) => formatSid(e.attrs.get('objectSid')?.[0] ?? new Uint8Array()) as string);
  const domains = new Set(sids.map((s) => s.slice(0, s.lastIndexOf('-'))));
  t.is(domains.size, 1);
  t.regex([...domains][0] as string, /^S-1-5-21-\d+-\d+-\d+$/);
  const rids = sids.map((s) => Number(s.slice(s.lastIndexOf('-') + 1)));
  t.deepEqual(
    rids,
    rids.map((_r, i) => 1103 + i),
  );
  const type = (dn: string) => text(byDn.get(dn)?.get('sAMAccountType'))[0];
  t.is(type(person('Alice Smith')), '805306368'); // SAM_NORMAL_USER_ACCOUNT
  t.is(type(`CN=WS01,OU=Computers,${D}`), '805306369'); // SAM_MACHINE_ACCOUNT
  t.is(type(grp('Engineering')), '268435456'); // global security group
  t.is(type(grp('VPN Users')), '536870912'); // domain local security group (an alias)
  t.is(type(grp('Newsletter')), '268435457'); // global distribution group
  t.deepEqual(text(byDn.get(person('Alice Smith'))?.get('primaryGroupID')), ['513']);
  t.deepEqual(text(byDn.get(`CN=WS01,OU=Computers,${D}`)?.get('primaryGroupID')), ['515']);
  t.deepEqual(text(byDn.get(`CN=WS01,OU=Computers,${D}`)?.get('objectCategory')), [
    `CN=Computer,CN=Schema,CN=Configuration,${D}`,
  ]);
  t.deepEqual(text(byDn.get(grp('Sales'))?.get('objectCategory')), [
    `CN=Group,CN=Schema,CN=Configuration,${D}`,
  ]);
  // the string form of a SID is accepted in filters (MS-ADTS 3.1.1.3.1.2.5)
  const aliceSid = formatSid(byDn.get(person('Alice Smith'))?.get('objectSid')?.[0] as Uint8Array) as string;
  t.deepEqual((await searchDns(dir, D, `(objectSid=${aliceSid})`)).dns, [person('Alice Smith')]);
  t.deepEqual(
    [...(parseSid(aliceSid) ?? [])],
    [...(byDn.get(person('Alice Smith'))?.get('objectSid')?.[0] ?? [])],
  );
});

test('a user added without sAMAccountName gets a generated one; new users start disabled (546)', async (t) => {
  const dir = await adDir();
  const add = await run(
    dir,
    {
      type: 'AddRequest',
      entry: person('Grace Hopper'),
      attributes: [
        { type: 'objectClass', vals: ['top', 'person', 'organizationalPerson', 'user'].map(enc) },
        { type: 'cn', vals: [enc('Grace Hopper')] },
      ],
    } as RequestOp,
    session(ADMIN),
  );
  t.is(add.last.resultCode, 0);
  const [e] = await entries(dir, '(cn=Grace Hopper)', ['sAMAccountName', 'userAccountControl', 'pwdLastSet']);
  t.regex(text(e?.attrs.get('sAMAccountName'))[0] ?? '', /^\$[0-9A-V]{6}-[0-9A-V]{12}$/);
  t.deepEqual(text(e?.attrs.get('userAccountControl')), ['546']);
  t.deepEqual(text(e?.attrs.get('pwdLastSet')), ['0']);
});

test('content rules decide what an object may hold (RFC 4512 section 4.1.6)', async (t) => {
  const dir = await adDir();
  const add = (cn: string, classes: string[], extra: Record<string, string> = {}) =>
    run(
      dir,
      {
        type: 'AddRequest',
        entry: person(cn),
        attributes: [
          { type: 'objectClass', vals: classes.map(enc) },
          { type: 'cn', vals: [enc(cn)] },
          ...Object.entries(extra).map(([type, v]) => ({ type, vals: [enc(v)] })),
        ],
      } as RequestOp,
      session(ADMIN),
    );
  const user = ['top', 'person', 'organizationalPerson', 'user'];
  // sAMAccountName comes from the securityPrincipal auxiliary class that user's rule names
  t.is((await add('U1', user, { sAMAccountName: 'u1' })).last.resultCode, 0);
  // dNSHostName belongs to computers
  const notAllowed = await add('U2', user, { dNSHostName: 'u2.example.com' });
  t.is(notAllowed.last.resultCode, 65);
  t.is(notAllowed.last.diagnosticMessage, "attribute 'dNSHostName' not allowed");
  t.is((await add('C1', [...user, 'computer'], { dNSHostName: 'c1.example.com' })).last.resultCode, 0);
  // an auxiliary class the rules name for computers only
  const aux = await add('U3', [...user, 'ipHost']);
  t.is(aux.last.resultCode, 65);
  t.regex(aux.last.diagnosticMessage, /content rule 'user' does not allow class 'ipHost'/);
  t.is((await add('C2', [...user, 'computer', 'ipHost'])).last.resultCode, 0);
});

test('objectCategory short names stand for the class default category (users and contacts are Person)', async (t) => {
  const dir = await adDir();
  const people = [
    person('Alice Smith'),
    person('Bob Jones'),
    person('Carol White'),
    person('Dave Brown'),
    person('Erin Müller'),
    person('svc-backup'),
  ];
  const dns = async (f: string) => (await searchDns(dir, D, f)).dns.sort();
  t.deepEqual(await dns('(objectCategory=person)'), [...people, person('Frank Supplier')].sort());
  // the classic idiom: people with accounts, without contacts and computers
  t.deepEqual(await dns('(&(objectCategory=person)(objectClass=user))'), [...people].sort());
  // objectCategory=user is the same category (a well-known AD surprise)
  t.deepEqual(await dns('(objectCategory=user)'), await dns('(objectCategory=person)'));
  t.deepEqual(await dns('(objectCategory=computer)'), [`CN=WS01,OU=Computers,${D}`]);
  t.deepEqual(await dns('(objectCategory=organizationalUnit)'), [
    `OU=Computers,${D}`,
    `OU=Groups,${D}`,
    `OU=People,${D}`,
  ]);
  // the full DN works as well
  t.deepEqual(await dns(`(objectCategory=CN=Computer,CN=Schema,CN=Configuration,${D})`), [
    `CN=WS01,OU=Computers,${D}`,
  ]);
});

test('memberOf, nested membership with LDAP_MATCHING_RULE_IN_CHAIN, and the bitwise rules', async (t) => {
  const dir = await adDir();
  const [alice] = await entries(dir, '(sAMAccountName=alice)', ['memberOf']);
  t.deepEqual(text(alice?.attrs.get('memberOf')).sort(), [grp('Engineering'), grp('Newsletter')]);
  const dns = async (f: string) => (await searchDns(dir, D, f)).dns.sort();
  // everyone in Staff, directly or through Engineering and Sales
  t.deepEqual(
    await dns(`(&(objectCategory=person)(memberOf:1.2.840.113556.1.4.1941:=${grp('Staff')}))`),
    [
      person('Alice Smith'),
      person('Bob Jones'),
      person('Carol White'),
      person('Dave Brown'),
      person('Erin Müller'),
    ].sort(),
  );
  // two levels: VPN Users holds Staff
  t.true(
    (await dns(`(memberOf:1.2.840.113556.1.4.1941:=${grp('VPN Users')})`)).includes(person('Bob Jones')),
  );
  t.deepEqual(await dns(`(memberOf=${grp('VPN Users')})`), [grp('Staff')]);
  // the groups a user is in, transitively (member followed downwards)
  t.deepEqual(await dns(`(member:1.2.840.113556.1.4.1941:=${person('Carol White')})`), [
    grp('Sales'),
    grp('Staff'),
    grp('VPN Users'),
  ]);
  t.deepEqual(await dns('(userAccountControl:1.2.840.113556.1.4.803:=2)'), [person('Carol White')]);
  t.deepEqual(await dns('(&(objectCategory=group)(groupType:1.2.840.113556.1.4.803:=2147483648))'), [
    grp('Engineering'),
    grp('Sales'),
    grp('Staff'),
    grp('VPN Users'),
  ]);
});

test('binds: DN, userPrincipalName, NetBIOS name and implicit UPN against unicodePwd, with AD diagnostics', async (t) => {
  const dir = await adDir();
  for (const name of [person('Alice Smith'), 'alice@example.com', 'EXAMPLE\\alice', 'ALICE@EXAMPLE.COM']) {
    t.is((await bind(dir, name, 'alice-pw')).resultCode, 0, name);
  }
  const wrong = await bind(dir, 'alice@example.com', 'nope');
  t.is(wrong.resultCode, 49);
  t.regex(wrong.diagnosticMessage, /AcceptSecurityContext error, data 52e/);
  t.regex((await bind(dir, 'nobody@example.com', 'x')).diagnosticMessage, /data 52e/);
  t.is((await bind(dir, 'alice@example.org', 'alice-pw')).resultCode, 49, 'another DNS domain');
  // carol is disabled: the right password gives data 533, a wrong one still 52e
  const disabled = await bind(dir, 'carol@example.com', 'carol-pw');
  t.is(disabled.resultCode, 49);
  t.regex(disabled.diagnosticMessage, /data 533/);
  t.regex((await bind(dir, 'carol@example.com', 'bad')).diagnosticMessage, /data 52e/);
});

test('unicodePwd is write-only; set over TLS only, it changes the password and pwdLastSet', async (t) => {
  const dir = await adDir();
  for (const attrs of [['*'], ['unicodePwd'], ['*', '+']]) {
    const [e] = await entries(dir, '(sAMAccountName=bob)', attrs);
    t.false(
      [...(e?.attrs.keys() ?? [])].some((k) => k.toLowerCase() === 'unicodepwd'),
      attrs.join(),
    );
  }
  t.deepEqual((await searchDns(dir, D, '(sAMAccountName=bob)')).dns, [person('Bob Jones')]);
  const setPassword = (tls: boolean) =>
    run(
      dir,
      {
        type: 'ModifyRequest',
        object: person('Bob Jones'),
        changes: [
          {
            operation: 2,
            modification: {
              type: 'unicodePwd',
              vals: [new Uint8Array(Buffer.from('"N3w-pass"', 'utf16le'))],
            },
          },
        ],
      } as RequestOp,
      { ...session(ADMIN), tls },
    );
  // AD takes passwords over encrypted connections only (MS-ADTS 3.1.1.3.1.5.1)
  const plain = await setPassword(false);
  t.is(plain.last.resultCode, 53);
  t.regex(plain.last.diagnosticMessage, /WILL_NOT_PERFORM/);
  t.is((await bind(dir, 'bob@example.com', 'bob-pw')).resultCode, 0, 'unchanged');
  const reset = await setPassword(true);
  t.is(reset.last.resultCode, 0);
  t.is((await bind(dir, 'bob@example.com', 'N3w-pass')).resultCode, 0);
  t.is((await bind(dir, 'bob@example.com', 'bob-pw')).resultCode, 49);
  const [e] = await entries(dir, '(sAMAccountName=bob)', ['pwdLastSet', 'whenChanged']);
  // 100 ns ticks since 1601-01-01
  t.deepEqual(text(e?.attrs.get('pwdLastSet')), [String((BigInt(NOW.getTime()) + 11644473600000n) * 10000n)]);
  t.deepEqual(text(e?.attrs.get('whenChanged')), ['20240506070809.0Z']);
});

test('ranged retrieval: explicit ranges, and long attributes cut at MaxValRange (1500)', async (t) => {
  const dir = await adDir();
  const members = Array.from({ length: 3100 }, (_, i) => `CN=m${i},${D}`);
  dir.addEntry(grp('Big'), {
    objectClass: ['top', 'group'],
    cn: 'Big',
    sAMAccountName: 'Big',
    member: members,
  });
  const get = async (attr: string) => {
    const [e] = await entries(dir, '(cn=Big)', [attr]);
    return [...(e?.attrs ?? [])].map(([type, vals]) => [type, text(vals)] as const);
  };
  const [[auto, first]] = (await get('member')) as [[string, string[]]];
  t.is(auto, 'member;range=0-1499');
  t.deepEqual(first, members.slice(0, 1500));
  const [[type2, second]] = (await get('member;range=1500-*')) as [[string, string[]]];
  t.is(type2, 'member;range=1500-2999');
  t.deepEqual(second, members.slice(1500, 3000));
  const [[type3, last]] = (await get('member;range=3000-*')) as [[string, string[]]];
  t.is(type3, 'member;range=3000-*');
  t.deepEqual(last, members.slice(3000));
  t.deepEqual(await get('member;range=10-12'), [['member;range=10-12', members.slice(10, 13)]]);
  // a short attribute asked with a range comes back whole, marked as the last range
  t.deepEqual(await get('cn;range=0-*'), [['cn;range=0-*', ['Big']]]);
  t.deepEqual(await get('member;range=5000-*'), []);
});

test('root DSE answers (objectClass=*) without holding objectClass and names the loaded domain', async (t) => {
  const dir = await adDir();
  const [dse] = await entries(
    dir,
    '(objectClass=*)',
    ['defaultNamingContext', 'rootDomainNamingContext', 'objectClass'],
    '',
    0,
  );
  t.truthy(dse);
  t.deepEqual(text(dse?.attrs.get('defaultNamingContext')), [D]);
  t.deepEqual(text(dse?.attrs.get('rootDomainNamingContext')), [D]);
  t.false(dse?.attrs.has('objectClass'));
  // name and distinguishedName are attributes of every object
  const [erin] = await entries(dir, '(name=Erin Müller)', ['name', 'distinguishedName']);
  t.deepEqual(text(erin?.attrs.get('distinguishedName')), [person('Erin Müller')]);
  t.deepEqual(text(erin?.attrs.get('name')), ['Erin Müller']);
});

test('the openldap profile keeps none of this: no objectSid defaults, no UPN binds, no ranges', async (t) => {
  const dir = new Directory({ uuid: 1 });
  await dir.loadLdif('fixtures/example.ldif');
  t.is((await searchDns(dir, 'dc=example,dc=com', '(objectSid=*)')).dns.length, 0);
  t.is((await bind(dir, 'alice@example.com', 'alice-pw')).resultCode, 34);
  const [e] = await entries(dir, '(cn=staff)', ['member;range=0-0'], 'dc=example,dc=com');
  t.deepEqual([...(e?.attrs.keys() ?? [])], []);
});

test('MaxPageSize: 1000 entries then sizeLimitExceeded without paging; pages of at most 1000 with it', async (t) => {
  const dir = await adDir();
  for (let i = 0; i < 1200; i++)
    dir.addEntry(`CN=c${i},OU=People,${D}`, {
      objectClass: ['top', 'person', 'organizationalPerson', 'contact'],
      cn: `c${i}`,
    });
  const plain = await run(dir, searchReq(D, '(objectClass=contact)', 2, ['1.1']));
  t.is(plain.messages.length - 1, 1000);
  t.is(plain.last.resultCode, 4);
  // a smaller client limit still applies
  const small = await run(dir, searchReq(D, '(objectClass=contact)', 2, ['1.1'], { sizeLimit: 10 }));
  t.is(small.messages.length - 1, 10);
  // paged: a page size of 5000 still gives 1000 per page; the whole set arrives
  const paged = (cookie: Uint8Array) => {
    const w = new BerWriter(32);
    w.startSequence();
    w.writeInteger(5000);
    w.writeOctetString(cookie);
    w.endSequence();
    return [{ oid: '1.2.840.113556.1.4.319', critical: false, value: w.toBytes() }];
  };
  let cookie: Uint8Array = new Uint8Array();
  const pages: number[] = [];
  do {
    const a = await run(dir, searchReq(D, '(objectClass=contact)', 2, ['1.1']), undefined, paged(cookie));
    t.is(a.last.resultCode, 0);
    pages.push(a.messages.length - 1);
    const r = new BerReader(
      (a.controls[a.controls.length - 1]?.[0]?.value ?? new Uint8Array()) as Uint8Array,
    );
    r.enter();
    r.readInteger();
    cookie = r.readOctetString();
  } while (cookie.length > 0 && pages.length < 5);
  t.deepEqual(pages, [1000, 201]);
});

test('a new account reads back as AD writes it (measured on Samba 4.17): class chain, logon counters, what * leaves out', async (t) => {
  const dir = await adDir();
  const admin = session(ADMIN);
  const add = async (cn: string, cls: string) =>
    (
      await run(
        dir,
        {
          type: 'AddRequest',
          entry: person(cn),
          attributes: [
            { type: 'objectClass', vals: [enc(cls)] },
            { type: 'sAMAccountName', vals: [enc(cn)] },
          ],
        } as RequestOp,
        admin,
      )
    ).last.resultCode;
  t.is(await add('probe-u', 'user'), 0);
  t.is(await add('probe-c', 'computer'), 0);
  const [u] = await entries(dir, '(objectClass=*)', ['*'], person('probe-u'), 0);
  // objectClass holds the whole chain of the structural class, top first
  t.deepEqual(text(u!.attrs.get('objectClass')), ['top', 'person', 'organizationalPerson', 'user']);
  for (const a of [
    'badPasswordTime',
    'badPwdCount',
    'codePage',
    'countryCode',
    'lastLogoff',
    'lastLogon',
    'logonCount',
  ])
    t.deepEqual(text(u!.attrs.get(a)), ['0'], a);
  // * leaves out the stamps, the security descriptor and the subschema pointer
  for (const a of [
    'createTimestamp',
    'modifyTimestamp',
    'nTSecurityDescriptor',
    'structuralObjectClass',
    'subschemaSubentry',
  ])
    t.false(u!.attrs.has(a), a);
  // ... which come back when named; structuralObjectClass is the chain too
  const [named] = await entries(
    dir,
    '(objectClass=*)',
    ['structuralObjectClass', 'createTimestamp'],
    person('probe-u'),
    0,
  );
  t.deepEqual(text(named!.attrs.get('structuralObjectClass')), [
    'top',
    'person',
    'organizationalPerson',
    'user',
  ]);
  t.true(named!.attrs.has('createTimeStamp'));
  const [c] = await entries(
    dir,
    '(objectClass=*)',
    ['isCriticalSystemObject', 'objectClass', 'userAccountControl'],
    person('probe-c'),
    0,
  );
  t.deepEqual(text(c!.attrs.get('isCriticalSystemObject')), ['FALSE']);
  t.deepEqual(text(c!.attrs.get('userAccountControl')), ['4130']); // a disabled workstation trust account
  t.deepEqual(text(c!.attrs.get('objectClass')), [
    'top',
    'person',
    'organizationalPerson',
    'user',
    'computer',
  ]);
  // the chain does not count as a structural class change on a later modify
  const mod = await run(
    dir,
    {
      type: 'ModifyRequest',
      object: person('probe-u'),
      changes: [{ operation: 2, modification: { type: 'description', vals: [enc('x')] } }],
    } as RequestOp,
    admin,
  );
  t.is(mod.last.resultCode, 0);
});

test('what the DSA refuses (measured on Samba 4.17): a taken sAMAccountName or userPrincipalName, a member that does not exist, renaming by modify, members twice or missing', async (t) => {
  const dir = await adDir();
  const admin = session(ADMIN);
  const code = async (op: RequestOp) => (await run(dir, op, admin)).last.resultCode;
  const addUser = (cn: string, more: Array<[string, string]> = []) =>
    code({
      type: 'AddRequest',
      entry: person(cn),
      attributes: [
        { type: 'objectClass', vals: [enc('user')] },
        ...more.map(([type, v]) => ({ type, vals: [enc(v)] })),
      ],
    } as RequestOp);
  const modify = (dn: string, operation: 0 | 1 | 2, type: string, v: string) =>
    code({
      type: 'ModifyRequest',
      object: dn,
      changes: [{ operation, modification: { type, vals: [enc(v)] } }],
    } as RequestOp);
  t.is(
    await addUser('x1', [
      ['sAMAccountName', 'xone'],
      ['userPrincipalName', 'xone@example.com'],
    ]),
    0,
  );
  t.is(await addUser('x2', [['sAMAccountName', 'XONE']]), 68); // unique in the domain, any case
  t.is(
    await addUser('x3', [
      ['sAMAccountName', 'xthree'],
      ['userPrincipalName', 'xone@example.com'],
    ]),
    19,
  );
  t.is(await modify(person('x1'), 2, 'sAMAccountName', 'xone'), 0); // its own name is no clash
  t.is(await modify(person('x1'), 2, 'sAMAccountName', 'ALICE'), 68); // another's, by modify too
  t.is(
    await code({
      type: 'AddRequest',
      entry: grp('xg'),
      attributes: [
        { type: 'objectClass', vals: [enc('group')] },
        { type: 'member', vals: [enc(person('nobody'))] },
      ],
    } as RequestOp),
    32,
  );
  t.is(await modify(person('x1'), 2, 'cn', 'other'), 67); // only modify DN renames
  t.is(await modify(grp('Staff'), 0, 'member', person('x1')), 0);
  t.is(await modify(grp('Staff'), 0, 'member', person('x1')), 68); // a member twice
  t.is(await modify(grp('Staff'), 1, 'member', person('nobody')), 53); // not a member
  // what the SAM keeps itself, and its other rules on a modify
  t.is(await modify(person('x1'), 2, 'objectSid', 'x'), 53);
  t.is(await modify(person('x1'), 2, 'sAMAccountType', '1'), 53);
  t.is(await modify(person('x1'), 2, 'memberOf', grp('Staff')), 53);
  t.is(await modify(person('x1'), 2, 'x-unknown', '1'), 16); // an undefined type: noSuchAttribute
  t.is(await modify(person('x1'), 2, 'primaryGroupID', '512'), 53); // not a member of that group
  t.is(await modify(person('x1'), 0, 'objectClass', 'computer'), 65); // structural class change
  const twoDescriptions = await code({
    type: 'ModifyRequest',
    object: person('x1'),
    changes: [{ operation: 2, modification: { type: 'description', vals: [enc('a'), enc('b')] } }],
  } as RequestOp);
  t.is(twoDescriptions, 20); // a principal's description holds one value
  t.is(await modify(grp('Staff'), 2, 'groupType', '7'), 53); // two scopes at once
});
