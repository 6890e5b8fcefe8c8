/**
 * slapd's default server-side size limit (sizelimit 500, for every identity but the root DN)
 * against our openldap profile, on 620 entries: plain searches, searches with a client limit
 * above and below it, paged searches with pages that divide it or not, a bound user and the
 * root DN. Result codes, page sizes and entry counts must agree.
 */
import { startSlapd } from '../../scripts/slapd.js';
import { Directory } from '../../src/dit/index.js';
import { slapdTest } from '../helpers/slapd.js';
import { directoryPeer, slapdPeer, type Step } from './scenarios.js';

const BASE = 'dc=example,dc=com';
let ldif = `dn: ${BASE}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: x\n\ndn: ou=p,${BASE}\nobjectClass: organizationalUnit\nou: p\n`;
for (let i = 0; i < 620; i++)
  ldif += `\ndn: uid=u${i},ou=p,${BASE}\nobjectClass: account\nobjectClass: simpleSecurityObject\nuid: u${i}\nuserPassword: pw${i}\n`;

const search = (sizeLimit?: number): Step =>
  ({
    op: 'paged',
    base: BASE,
    scope: 'sub',
    filter: '(uid=*)',
    pageSize: 1000,
    ...(sizeLimit ? { sizeLimit } : {}),
  }) as Step;
const STEPS: Step[] = [
  search(),
  { op: 'paged', base: BASE, scope: 'sub', filter: '(uid=*)', pageSize: 100 },
  { op: 'paged', base: BASE, scope: 'sub', filter: '(uid=*)', pageSize: 499 },
  { op: 'paged', base: BASE, scope: 'sub', filter: '(uid=*)', pageSize: 600 },
  { op: 'bind', dn: `uid=u1,ou=p,${BASE}`, password: 'pw1' },
  { op: 'paged', base: BASE, scope: 'sub', filter: '(uid=*)', pageSize: 100 },
  { op: 'bind', dn: `cn=admin,${BASE}`, password: 'secret' },
  { op: 'paged', base: BASE, scope: 'sub', filter: '(uid=*)', pageSize: 100 },
  { op: 'paged', base: BASE, scope: 'sub', filter: '(uid=*)', pageSize: 700 },
];

slapdTest(
  "slapd's default size limit of 500 for all but the root DN: our openldap profile agrees",
  async (t) => {
    const slapd = await startSlapd({ ldifText: ldif });
    try {
      const theirs = await slapdPeer(slapd.url);
      const dir = new Directory({ rootDn: `cn=admin,${BASE}`, rootPassword: 'secret' });
      await dir.loadLdif(ldif);
      const ours = directoryPeer(dir);
      const answers: string[] = [];
      for (const step of STEPS) {
        const a = JSON.stringify(await theirs.run(step));
        const b = JSON.stringify(await ours.run(step));
        t.is(b, a, JSON.stringify(step));
        answers.push(a);
      }
      theirs.close();
      // the limit is there to be met: anonymous gets sizeLimitExceeded, the root DN everything
      t.true(answers[1]!.includes('"resultCode":4'));
      t.true(answers[7]!.includes('"resultCode":0'));
    } finally {
      await slapd.stop();
    }
  },
);
