/**
 * Differential write and bind scenarios: fixtures/conformance/scenarios.json replayed in order on
 * our Directory (one session per scenario, like one connection per scenario on slapd), each step
 * compared with slapd's recorded result code, matchedDN and, for search steps, the entry read back.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { Directory } from '../../src/dit/index.js';
import { loadDirectory } from './corpus.js';
import { directoryPeer, loadScenarios, type StepAnswer } from './scenarios.js';

const recorded = JSON.parse(readFileSync('fixtures/conformance/slapd-answers.json', 'utf8')) as {
  scenarios?: Record<string, StepAnswer[]>;
};
const known = JSON.parse(readFileSync('fixtures/conformance/known-failures.json', 'utf8')) as {
  scenarios?: Record<string, string>;
};
const deviations = JSON.parse(readFileSync('fixtures/conformance/deviations.json', 'utf8')) as {
  scenarios?: Record<string, string>;
};

let dir: Directory | undefined;

for (const sc of loadScenarios()) {
  const title = `scenario ${sc.id}: ${sc.description}`;
  const expected = recorded.scenarios?.[sc.id];
  if (deviations.scenarios?.[sc.id] !== undefined) {
    test.serial.skip(`DEVIATION ${title}`, () => {});
    continue;
  }
  const register = known.scenarios?.[sc.id] !== undefined ? test.serial.failing : test.serial;
  register(title, async (t) => {
    t.truthy(expected, `no recorded slapd answer for ${sc.id}: run npx tsx scripts/record-conformance.ts`);
    dir ??= await loadDirectory(Directory);
    const peer = directoryPeer(dir);
    // Run every step even after a difference, so later scenarios see the same state as slapd did.
    const got: StepAnswer[] = [];
    for (const step of sc.steps) got.push(await peer.run(step));
    got.forEach((answer, i) =>
      t.deepEqual(answer, expected?.[i], `step ${i + 1}: ${JSON.stringify(sc.steps[i]).slice(0, 160)}`),
    );
  });
}
