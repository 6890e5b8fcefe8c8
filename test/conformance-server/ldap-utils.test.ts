/**
 * OpenLDAP's command-line clients against the mock server and against a real slapd loaded with
 * the same LDIF, step by step in the same order (state carries over identically): exit status,
 * stdout and the result lines of stderr must agree. Steps: fixtures/conformance-server/ldap-utils.json.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startMockServer, type MockServer } from '../../mock-server/index.js';
import { startSlapd, type SlapdInstance } from '../../scripts/slapd.js';
import { haveSlapd, slapdTestFn } from '../helpers/slapd.js';

interface Step {
  name: string;
  cmd: string[];
  stdin?: string;
}

const LDIF = 'fixtures/mock-server/org.ldif';
const ADMIN = 'cn=admin,dc=example,dc=com';
const PW = 'secret';
const BASE = 'dc=example,dc=com';
/** slapd ACL equal to the mock server's defaults: anonymous reads, writes by any bound user. */
export const MOCK_DEFAULT_ACCESS = ['access to * by users write by * read'];

const steps = (
  JSON.parse(readFileSync('fixtures/conformance-server/ldap-utils.json', 'utf8')) as { steps: Step[] }
).steps;

export interface ToolResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runTool(cmd: readonly string[], stdin?: string): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      // A client looping on an answer it does not expect (VLV without its response control).
      if (stdout.length > 64 * 1024) {
        stdout = stdout.slice(0, 64 * 1024) + '\n[output truncated]\n';
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    // A client waiting for something the server never sends must not hang the suite.
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(stdin ?? '');
  });
}

/** Drop what legitimately differs between two servers: opaque cookies and VLV contexts. */
export function normalise(r: ToolResult): ToolResult {
  const stdout = r.stdout
    .replace(/^(# pagedresults: cookie=)\S+$/gm, '$1<cookie>')
    .replace(/context=\S*/g, 'context=<context>');
  const stderr = r.stderr
    .split('\n')
    .filter((l) => /^ldap_\w+: .*\(-?\d+\)$/.test(l) || /^\s*matched DN:/.test(l))
    .join('\n');
  return { status: r.status, stdout, stderr };
}

const fill = (s: string, url: string): string =>
  s.replaceAll('{URL}', url).replaceAll('{ADMIN}', ADMIN).replaceAll('{PW}', PW).replaceAll('{BASE}', BASE);

let mock: MockServer | undefined;
let slapd: SlapdInstance | undefined;

if (haveSlapd) {
  test.before(async () => {
    [mock, slapd] = await Promise.all([
      startMockServer({ ldif: LDIF, rootDn: ADMIN, rootPassword: PW }),
      startSlapd({
        ldif: LDIF,
        rootDn: ADMIN,
        rootPassword: PW,
        overlays: ['sssvlv'],
        access: MOCK_DEFAULT_ACCESS,
      }),
    ]);
  });
  test.after.always(async () => {
    await Promise.all([mock?.close(), slapd?.stop()]);
  });
}

const slapdTest = slapdTestFn();
for (const step of steps) {
  slapdTest.serial(`ldap-utils: ${step.name}`, async (t) => {
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
