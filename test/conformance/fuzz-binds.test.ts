/**
 * Random simple binds (seeded) on a live slapd and on our Directory: users, the root DN, entries
 * without a password, missing and malformed names, in other case and spacing; right, wrong,
 * empty and near-miss passwords. After each bind the result code and the Who am I identity must
 * agree.
 */
import { slapdTest } from '../helpers/slapd.js';
import { directoryPeer, slapdPeer, type Step } from './scenarios.js';
import { Directory } from '../../src/dit/index.js';
import { loadDirectory } from './corpus.js';
import { seeded, withReferenceSlapd } from './live-setup.js';

const ACCOUNTS: ReadonlyArray<readonly [string, string]> = [
  ['uid=alice,ou=people,dc=example,dc=com', 'alice-pw'],
  ['uid=bob,ou=people,dc=example,dc=com', 'bob-pw'],
  ['uid=svc-ci,ou=services,dc=example,dc=com', 'ci-service-pw'],
  ['cn=admin,dc=example,dc=com', 'secret'],
  ['uid=nobody,ou=people,dc=example,dc=com', 'x'],
  ['cn=staff,ou=groups,dc=example,dc=com', 'x'],
  ['cn=alias-to-bob,ou=awkward,dc=example,dc=com', 'bob-pw'],
  ['uid=alice,ou=nowhere,dc=example,dc=com', 'alice-pw'],
  ['dc=other', 'x'],
];

slapdTest('900 random simple binds: the same result codes and identities', async (t) => {
  const differences: string[] = [];
  await withReferenceSlapd(async (url) => {
    const theirs = await slapdPeer(url);
    try {
      // the binds start anonymous: a root bind only comes from the steps themselves
      const ours = directoryPeer(await loadDirectory(Directory));
      for (const seed of [1, 2, 3]) {
        const { rnd, pick } = seeded(seed);
        for (let i = 0; i < 300; i++) {
          const [dn, password] = pick(ACCOUNTS);
          const r = rnd();
          const name =
            r < 0.2
              ? dn.toUpperCase()
              : r < 0.3
                ? dn.replace(/,/g, ', ')
                : r < 0.35
                  ? 'bad dn'
                  : r < 0.4
                    ? ''
                    : dn;
          const p = rnd();
          const pw =
            p < 0.5
              ? password
              : p < 0.6
                ? ''
                : p < 0.7
                  ? password.toUpperCase()
                  : p < 0.8
                    ? `${password} `
                    : 'wrong';
          const step: Step = { op: 'bind', dn: name, password: pw };
          const who: Step = { op: 'whoami' };
          const a = JSON.stringify([await theirs.run(step), await theirs.run(who)]);
          const b = JSON.stringify([await ours.run(step), await ours.run(who)]);
          if (a !== b) differences.push(`seed ${seed} #${i} ${JSON.stringify(step)}: slapd ${a} ours ${b}`);
        }
      }
    } finally {
      theirs.close();
    }
  });
  t.deepEqual(differences.slice(0, 5), []);
});
