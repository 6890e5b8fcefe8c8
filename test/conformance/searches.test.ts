/**
 * Differential search tests: every case of fixtures/conformance/searches.json is run through our
 * Directory's RequestHandler and compared, field by field, with slapd's recorded answer
 * (fixtures/conformance/slapd-answers.json). When slapd is installed the recording itself is
 * re-checked against a live slapd. Cases listed in fixtures/conformance/deviations.json differ by
 * design (with the RFC section) and are skipped; cases in known-failures.json are bugs of our
 * engine awaiting a fix and run as `test.failing` so a fix is noticed.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { Directory } from '../../src/dit/index.js';
import {
  loadDirectory,
  loadSearches,
  rootSession,
  runOnDirectory,
  searchRequest,
  summarize,
  type Answer,
} from './corpus.js';

const recorded = JSON.parse(readFileSync('fixtures/conformance/slapd-answers.json', 'utf8')) as {
  searches: Record<string, Answer>;
};
const deviations = JSON.parse(readFileSync('fixtures/conformance/deviations.json', 'utf8')) as {
  searches: Record<string, string>;
};
const knownFailures = JSON.parse(readFileSync('fixtures/conformance/known-failures.json', 'utf8')) as {
  searches: Record<string, string>;
};
const cases = loadSearches();

let dir: Directory | undefined;
const directory = async (): Promise<Directory> => (dir ??= await loadDirectory(Directory));
const answers = new Map<string, Answer>();

for (const c of cases) {
  const title = `search ${c.id}: ${c.description} ${c.filter}`;
  const expected = recorded.searches[c.id];
  if (deviations.searches[c.id] !== undefined) {
    test.skip(`DEVIATION ${title}`, () => {});
    continue;
  }
  const register = knownFailures.searches[c.id] !== undefined ? test.failing : test;
  register(title, async (t) => {
    t.truthy(expected, `no recorded slapd answer for ${c.id}: run npx tsx scripts/record-conformance.ts`);
    const { op, controls } = searchRequest(c);
    const got = summarize(await runOnDirectory(await directory(), op, controls, rootSession()));
    answers.set(c.id, got);
    // Search continuation references are compared in one test of their own below (except for
    // the ref-* cases), so that one missing behaviour does not mask every other difference.
    if (c.id.startsWith('ref-')) t.deepEqual(got, expected);
    else t.deepEqual({ ...got, references: [] }, { ...expected!, references: [] });
  });
}

const registerReferences =
  knownFailures.searches['continuation-references'] !== undefined ? test.failing : test;
registerReferences(
  'continuation references (RFC 4511 section 4.5.3): same SearchResultReference URIs as slapd in every case',
  async (t) => {
    const d = await directory();
    const differ: string[] = [];
    for (const c of cases) {
      if (deviations.searches[c.id] !== undefined) continue;
      const { op, controls } = searchRequest(c);
      const got = summarize(await runOnDirectory(d, op, controls, rootSession()));
      if (JSON.stringify(got.references) !== JSON.stringify(recorded.searches[c.id]?.references))
        differ.push(c.id);
    }
    t.deepEqual(differ, [], `${differ.length} cases differ in search references`);
  },
);

test('the corpus has at least 150 searches, each with a recorded answer', (t) => {
  t.true(cases.length >= 150, `${cases.length} cases`);
  t.deepEqual(
    cases.filter((c) => recorded.searches[c.id] === undefined).map((c) => c.id),
    [],
  );
});
