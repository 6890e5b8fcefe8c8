/**
 * Records slapd's answers to the differential corpus into fixtures/conformance/slapd-answers.json,
 * so the comparison runs without slapd too. Rerun after changing the corpus or the fixtures:
 *
 *   npx tsx scripts/record-conformance.ts
 */
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { startSlapd } from './slapd.js';
import { WireClient } from '../test/conformance/wire.js';
import {
  SLAPD_OPTIONS,
  loadSearches,
  ROOT_DN,
  ROOT_PW,
  searchRequest,
  summarize,
  type Answer,
} from '../test/conformance/corpus.js';
import { utf8 } from '../src/util/index.js';
import { runScenarios, slapdPeer, type StepAnswer } from '../test/conformance/scenarios.js';

export async function recordSearches(url: string): Promise<Map<string, Answer>> {
  const client = await WireClient.open(url);
  try {
    const bind = await client.request({
      type: 'BindRequest',
      version: 3,
      name: ROOT_DN,
      authentication: { type: 'simple', password: utf8(ROOT_PW) },
    });
    const r = bind[0]?.protocolOp;
    if (!r || !('resultCode' in r) || r.resultCode !== 0) throw new Error('bind as rootdn failed');
    const out = new Map<string, Answer>();
    for (const c of loadSearches()) {
      const { op, controls } = searchRequest(c);
      out.set(c.id, summarize(await client.request(op, controls)));
    }
    return out;
  } finally {
    client.close();
  }
}

async function main(): Promise<void> {
  const slapd = await startSlapd({ ...SLAPD_OPTIONS, overlays: [...SLAPD_OPTIONS.overlays] });
  try {
    const answers = await recordSearches(slapd.url);
    // Scenarios write: they run after the searches, on the same server, in file order.
    const scenarios: Map<string, StepAnswer[]> = await runScenarios(() => slapdPeer(slapd.url));
    const version = (spawnSync('/usr/sbin/slapd', ['-VV'], { encoding: 'utf8' }).stderr.split('\n')[0] ?? '')
      .replace(/^@\(#\) \$OpenLDAP: /, '')
      .replace(/ \$$/, '')
      .trim();
    const doc = {
      comment:
        'Answers of a real slapd to fixtures/conformance/searches.json and scenarios.json; written by scripts/record-conformance.ts.',
      slapd: version,
      searches: Object.fromEntries(answers),
      scenarios: Object.fromEntries(scenarios),
    };
    writeFileSync('fixtures/conformance/slapd-answers.json', JSON.stringify(doc, null, 1) + '\n');
    console.log(`recorded ${answers.size} searches and ${scenarios.size} scenarios from ${version}`);
  } finally {
    await slapd.stop();
  }
}

if (process.argv[1]?.endsWith('record-conformance.ts')) await main();
