/**
 * When slapd is installed: replay the whole corpus (searches, then the write scenarios, as the
 * recorder does) on a fresh throwaway slapd and check the committed recording still matches, so
 * a stale fixtures/conformance/slapd-answers.json cannot hide a difference.
 */
import { readFileSync } from 'node:fs';
import { startSlapd } from '../../scripts/slapd.js';
import { recordSearches } from '../../scripts/record-conformance.js';
import { slapdTest } from '../helpers/slapd.js';
import { SLAPD_OPTIONS, type Answer } from './corpus.js';
import { runScenarios, slapdPeer, type StepAnswer } from './scenarios.js';

const recorded = JSON.parse(readFileSync('fixtures/conformance/slapd-answers.json', 'utf8')) as {
  searches: Record<string, Answer>;
  scenarios: Record<string, StepAnswer[]>;
};

slapdTest('the recorded slapd answers (searches and scenarios) still match a live slapd', async (t) => {
  const slapd = await startSlapd({ ...SLAPD_OPTIONS, overlays: [...SLAPD_OPTIONS.overlays] });
  try {
    const searches = await recordSearches(slapd.url);
    const scenarios = await runScenarios(() => slapdPeer(slapd.url));
    const stale = [
      ...[...searches]
        .filter(([id, a]) => JSON.stringify(a) !== JSON.stringify(recorded.searches[id]))
        .map(([id]) => `search ${id}`),
      ...[...scenarios]
        .filter(([id, a]) => JSON.stringify(a) !== JSON.stringify(recorded.scenarios[id]))
        .map(([id]) => `scenario ${id}`),
    ];
    t.is(searches.size, Object.keys(recorded.searches).length);
    t.is(scenarios.size, Object.keys(recorded.scenarios).length);
    t.deepEqual(stale, [], 'rerun: npx tsx scripts/record-conformance.ts');
  } finally {
    await slapd.stop();
  }
});
