/**
 * OpenLDAP's command-line clients against the mock server and against a real slapd loaded with
 * the same LDIF, step by step in the same order (state carries over identically): exit status,
 * stdout and the result lines of stderr must agree. Steps: fixtures/conformance-server/ldap-utils.json.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import type { MockServer } from '../../mock-server/index.js';
import type { SlapdInstance } from '../../scripts/slapd.js';
import { haveSlapd, slapdTestFn } from '../helpers/slapd.js';
import { ADMIN, BASE, PW, startPair, type ServerPair } from './servers.js';
import { normalise, runTool, type ToolResult } from './tools.js';

interface Step {
  name: string;
  cmd: string[];
  stdin?: string;
  /** A documented engine difference: registered with test.failing. */
  knownGap?: string;
}

const steps = (
  JSON.parse(readFileSync('fixtures/conformance-server/ldap-utils.json', 'utf8')) as { steps: Step[] }
).steps;

const fill = (s: string, url: string): string =>
  s.replaceAll('{URL}', url).replaceAll('{ADMIN}', ADMIN).replaceAll('{PW}', PW).replaceAll('{BASE}', BASE);

let pair: ServerPair | undefined;
let mock: MockServer | undefined;
let slapd: SlapdInstance | undefined;

if (haveSlapd) {
  test.before(async () => {
    pair = await startPair();
    ({ mock, slapd } = pair);
  });
  test.after.always(async () => {
    await pair?.close();
  });
}

const slapdTest = slapdTestFn();
for (const step of steps) {
  const register = step.knownGap && haveSlapd ? slapdTest.serial.failing : slapdTest.serial;
  register(`ldap-utils: ${step.name}${step.knownGap ? ` (known gap: ${step.knownGap})` : ''}`, async (t) => {
    const run = (url: string): Promise<ToolResult> =>
      runTool(
        step.cmd.map((a) => fill(a, url)),
        step.stdin === undefined ? undefined : fill(step.stdin, url),
      );
    const theirs = await run(slapd!.url);
    const ours = await run(mock!.url);
    const expected = normalise({ ...theirs, stdout: theirs.stdout.replaceAll(slapd!.url, '{URL}') });
    const actual = normalise({ ...ours, stdout: ours.stdout.replaceAll(mock!.url, '{URL}') });
    t.deepEqual(actual, expected, `slapd stderr:\n${theirs.stderr}\nmock stderr:\n${ours.stderr}`);
  });
}
