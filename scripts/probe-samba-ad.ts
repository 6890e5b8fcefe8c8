/**
 * Compare the `ad` profile with a live Samba AD domain controller (a manual probe, not a test:
 * Samba needs root and fixed ports). Provision and start one as /work/shared/REFERENCE.md says
 * (realm EXAMPLE.TEST, `interfaces = 127.0.0.2/8`, `ldap server require strong auth = no`),
 * then: `npx tsx scripts/probe-samba-ad.ts [ldap://127.0.0.2] [admin password]`.
 * It adds the same users and groups to a fresh OU on Samba and to a Directory, then sends the
 * same searches and writes to both and prints every answer that differs (codes, matchedDN,
 * entry DNs). Found the ad profile fixes of 2026-11-26.
 */
import { Directory } from '../src/dit/index.js';
import { directoryPeer, slapdPeer, type Step } from '../test/conformance/scenarios.js';

const url = process.argv[2] ?? 'ldap://127.0.0.2';
const password = process.argv[3] ?? 'Passw0rd!x';
const BASE = 'DC=example,DC=test';
const ADMIN = `CN=Administrator,CN=Users,${BASE}`;
const run = String(Date.now() % 100000); // fresh names: Samba keeps what earlier runs added
const OU = `OU=Probe${run},${BASE}`;
const dn = (cn: string): string => `CN=${cn},${OU}`;

const theirs = await slapdPeer(url);
const dir = new Directory({ profile: 'ad', rootDn: ADMIN, rootPassword: password });
await dir.loadLdif(
  `dn: ${BASE}\nobjectClass: top\nobjectClass: domain\nobjectClass: domainDNS\ndc: example\n\n` +
    `dn: CN=Users,${BASE}\nobjectClass: top\nobjectClass: container\ncn: Users\n`,
);
const ours = directoryPeer(dir);
let steps = 0;
let differ = 0;
async function both(step: Step): Promise<void> {
  const a = JSON.stringify(await theirs.run(step));
  const b = JSON.stringify(await ours.run(step));
  steps++;
  if (a === b) return;
  differ++;
  console.log(`DIFF ${JSON.stringify(step)}\n  samba ${a}\n  ours  ${b}`);
}

await both({ op: 'bind', dn: ADMIN, password });
const add = (cn: string, cls: string, more: Array<[string, string[]]> = []): Step => ({
  op: 'add',
  dn: dn(cn),
  attributes: [['objectClass', [cls]], ['sAMAccountName', [`${cn}${run}`]], ...more],
});
const writes: Step[] = [
  { op: 'add', dn: OU, attributes: [['objectClass', ['organizationalUnit']]] },
  add('u1', 'user', [['givenName', ['G1']]]),
  add('u2', 'user', [['userAccountControl', ['514']]]),
  add('u3', 'user', [['userAccountControl', ['66048']]]),
  add('c1', 'computer'),
  add('g3', 'group', [['member', [dn('u3')]]]),
  add('g2', 'group', [['member', [dn('u2'), dn('g3')]]]),
  add('g1', 'group', [
    ['member', [dn('u1'), dn('g2')]],
    ['groupType', ['-2147483644']],
  ]),
  {
    op: 'add',
    dn: dn('dup'),
    attributes: [
      ['objectClass', ['user']],
      ['sAMAccountName', [`U1${run}`]],
    ],
  },
  add('ghost', 'group', [['member', [dn('nobody')]]]),
  { op: 'modify', dn: dn('u1'), changes: [['replace', 'cn', ['x']]] },
  { op: 'modify', dn: dn('u1'), changes: [['replace', 'objectSid', ['x']]] },
  { op: 'modify', dn: dn('u1'), changes: [['replace', 'primaryGroupID', ['512']]] },
  { op: 'modify', dn: dn('u1'), changes: [['replace', 'description', ['a', 'b']]] },
  { op: 'modify', dn: dn('u1'), changes: [['add', 'objectClass', ['computer']]] },
  { op: 'modify', dn: dn('g1'), changes: [['add', 'member', [dn('u1')]]] },
  { op: 'modify', dn: dn('g1'), changes: [['delete', 'member', [dn('c1')]]] },
  { op: 'modify', dn: dn('g2'), changes: [['replace', 'groupType', ['7']]] },
];
for (const step of writes) await both(step);
const filters = [
  '(objectClass=user)',
  '(objectCategory=person)',
  '(objectCategory=group)',
  '(objectCategory=computer)',
  '(userAccountControl:1.2.840.113556.1.4.803:=2)',
  '(userAccountControl:1.2.840.113556.1.4.804:=65538)',
  `(memberOf:1.2.840.113556.1.4.1941:=${dn('g1')})`,
  `(member:1.2.840.113556.1.4.1941:=${dn('u3')})`,
  '(sAMAccountType=805306368)',
  '(primaryGroupID=515)',
  '(groupType:1.2.840.113556.1.4.803:=2147483648)',
  '(badPwdCount=0)',
];
for (const filter of filters) await both({ op: 'paged', base: OU, scope: 'sub', filter, pageSize: 100 });
for (const cn of ['u1', 'g1', 'c1'])
  await both({
    op: 'search',
    base: dn(cn),
    scope: 'base',
    filter: '(objectClass=*)',
    attributes: ['objectClass', 'badPwdCount'],
  } as Step);
theirs.close();
console.log(`${steps} steps, ${differ} differ`);
