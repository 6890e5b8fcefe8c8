/**
 * python3-ldap3's SYNC client (the library ldap3ts ports) runs the same scenario against the mock
 * server and a real slapd: bind, search, add, modify, modify DN, compare, delete, who am I,
 * password modify, paged search, size limit. Every step's result code and entries must agree.
 */
import test from 'ava';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { haveSlapd } from '../helpers/slapd.js';
import { ADMIN, BASE, PW, startPair } from './servers.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = 'fixtures/conformance-server/ldap3-scenario.py';
const haveLdap3 =
  existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import ldap3'], { stdio: 'ignore' }).status === 0;

interface Step {
  step: string;
  result?: number;
  ok?: boolean;
  entries?: unknown[];
  dns?: string[];
}

async function scenario(url: string): Promise<Step[]> {
  const { stdout } = await promisify(execFile)(PYTHON, [SCRIPT, url, ADMIN, PW, BASE], { timeout: 60_000 });
  return JSON.parse(stdout) as Step[];
}

if (!haveSlapd || !haveLdap3) {
  console.log(
    `SKIPPED: ${!haveSlapd ? 'slapd' : 'python3-ldap3'} not installed; python3-ldap3 conformance is registered as skipped`,
  );
}
const run = haveSlapd && haveLdap3 ? test : test.skip;

run('python3-ldap3 SYNC: every step answers as slapd does', async (t) => {
  const pair = await startPair();
  t.teardown(() => pair.close());
  const [expected, actual] = await Promise.all([scenario(pair.slapd.url), scenario(pair.mock.url)]);
  t.true(expected.length >= 20, 'the scenario ran to the end');
  t.is(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    t.deepEqual(actual[i], expected[i], `step ${expected[i]!.step}`);
  }
  // The scenario exercised what it claims: errors as well as successes.
  const codes = new Set(expected.map((s) => s.result));
  for (const code of [0, 4, 5, 6, 16, 32, 49, 66, 68]) t.true(codes.has(code), `result ${code} covered`);
  t.is(expected.find((s) => s.step === 'paged search')?.dns?.length, 20);
});
