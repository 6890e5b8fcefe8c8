/** Runs testing-helpers.node-test.ts with node's own test runner and checks both tests passed. */
import test from 'ava';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

test('ldap3ts/testing works under node:test', async (t) => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=tap', 'test/mock-server/testing-helpers.node-test.ts'],
    { timeout: 60_000 },
  ).catch((error: { stdout?: string; message: string }) => ({ stdout: error.stdout ?? error.message }));
  t.regex(stdout, /# pass 2/, stdout);
  t.regex(stdout, /# fail 0/, stdout);
});
