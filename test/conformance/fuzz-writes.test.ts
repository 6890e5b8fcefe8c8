/**
 * Random write steps (seeded: every run makes the same 2,400) on a live slapd and on our
 * Directory with the same data, as the root DN: after each step the result code and matchedDN
 * must agree, and so must the entry the step touched, down to its DN as written and the order
 * of its attributes (slapd moves replaced attributes and its stamps to the end). Found the write-order bugs fixed on
 * 2026-11-26 (see the commit log). Steps on the Greek sigma entry are left out: its case
 * folding is a documented deviation (eq-greek-sigma).
 */
import { slapdTest } from '../helpers/slapd.js';
import { rootDirectoryPeer, rootSlapdPeer, withReferenceSlapd } from './live-setup.js';
import { randomWrites } from './random-writes.js';
import type { Step } from './scenarios.js';

const SIGMA = /[Σσς]/u;

slapdTest('2,400 random write steps: our Directory and slapd agree on results and entries', async (t) => {
  const differences: string[] = [];
  let compared = 0;
  for (let seed = 1; seed <= 8; seed++) {
    await withReferenceSlapd(async (url) => {
      const theirs = await rootSlapdPeer(url);
      try {
        const ours = await rootDirectoryPeer();
        const steps = randomWrites(seed, 300);
        for (let i = 0; i < steps.length; i++) {
          const step = steps[i] as Step;
          if (SIGMA.test(JSON.stringify(step))) continue;
          const a = JSON.stringify(await theirs.run(step));
          const b = JSON.stringify(await ours.run(step));
          compared++;
          const dn =
            step.op === 'moddn'
              ? `${step.newrdn},${step.dn.slice(step.dn.indexOf(',') + 1)}`
              : (step as { dn?: string }).dn;
          let ea = '';
          let eb = '';
          if (dn !== undefined) {
            const read: Step = {
              op: 'search',
              base: dn,
              scope: 'base',
              filter: '(objectClass=*)',
              attributes: ['*', '+'],
              layout: true,
            };
            ea = JSON.stringify(await theirs.run(read));
            eb = JSON.stringify(await ours.run(read));
          }
          if (a !== b || ea !== eb)
            differences.push(`seed ${seed} #${i} ${JSON.stringify(step)}: slapd ${a} ${ea} ours ${b} ${eb}`);
        }
      } finally {
        theirs.close();
      }
    });
  }
  t.true(compared > 2000, `${compared} compared`);
  t.deepEqual(differences.slice(0, 5), []);
});
