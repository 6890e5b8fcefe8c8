/**
 * The ldap3ts-mock-server command as a child process: the ready line(s), the hints, SIGTERM with a
 * Notice of Disconnection and exit 0, and clear non-zero exits for a bad fixture, a port in use
 * and a bad option.
 */
import test from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '../../src/client/index.js';
import { RawClient } from './helpers/raw-client.js';

const READY = /^ldap3ts mock server listening on (ldaps?):\/\/127\.0\.0\.1:(\d+)$/;

interface Run {
  child: ChildProcess;
  lines: string[];
  stderr: () => string;
  exit: Promise<number | null>;
  /** Resolves with the first `n` stdout lines. */
  firstLines(n: number): Promise<string[]>;
}

function cli(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'mock-server/cli.ts', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buffered = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts);
    for (const w of waiters.splice(0)) w();
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  void exit.then(() => {
    for (const w of waiters.splice(0)) w();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  void exit.then(() => clearTimeout(timer));
  return {
    child,
    lines,
    stderr: () => err,
    exit,
    async firstLines(n) {
      while (lines.length < n && child.exitCode === null) await new Promise<void>((r) => waiters.push(r));
      return lines.slice(0, n);
    },
  };
}

test('ready line once listening, hints after it, SIGTERM sends a Notice of Disconnection and exits 0', async (t) => {
  const run = cli([
    '--ldif',
    'fixtures/mock-server/org.ldif',
    '--port',
    '0',
    '--ldaps-port',
    '0',
    '--cert',
    'fixtures/tls/server.crt',
    '--key',
    'fixtures/tls/server.key',
  ]);
  t.teardown(() => run.child.kill('SIGKILL'));
  const [plain, secure] = await run.firstLines(2);
  const m = READY.exec(plain ?? '');
  t.truthy(m, plain);
  t.is(m![1], 'ldap');
  t.regex(secure ?? '', READY);
  t.true(secure!.includes('ldaps://'));
  const client = await RawClient.connect(Number(m![2]));
  await run.firstLines(6);
  t.true(
    run.lines.some((l) => l.includes('ldapsearch -x -H ldap://127.0.0.1:')),
    run.lines.join('\n'),
  );
  t.true(run.lines.some((l) => l.includes('uid=alice,ou=people,dc=example,dc=com')));
  run.child.kill('SIGTERM');
  await client.closed;
  t.true(
    client.received.some(
      (msg) => msg.messageID === 0 && (msg.protocolOp as { resultCode?: number }).resultCode === 52,
    ),
  );
  t.is(await run.exit, 0);
});

test('--quiet prints only the ready line; environment variables configure the server', async (t) => {
  const run = cli(['--quiet'], { LDAP3TS_PORT: '0', LDAP3TS_LDIF: 'fixtures/mock-server/org.ldif' });
  t.teardown(() => run.child.kill('SIGKILL'));
  const [line] = await run.firstLines(1);
  t.regex(line ?? '', READY);
  run.child.kill('SIGINT');
  t.is(await run.exit, 0);
  t.deepEqual(run.lines, [line]);
});

test('a bad fixture exits non-zero naming the file, line and reason', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ldap3ts-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'broken.ldif');
  writeFileSync(
    file,
    'dn: dc=example,dc=com\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: x\n\ndn: cn=a,dc=example,dc=com\nthis line has no colon\n',
  );
  const run = cli(['--ldif', file, '--port', '0']);
  t.is(await run.exit, 1);
  t.true(run.stderr().includes(file), run.stderr());
  t.regex(run.stderr(), /:8\b|line 8/);
  t.deepEqual(run.lines, []);
});

test('a port in use exits non-zero with a clear message', async (t) => {
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  t.teardown(() => blocker.close());
  const port = (blocker.address() as net.AddressInfo).port;
  const run = cli(['--port', String(port)]);
  t.is(await run.exit, 1);
  t.regex(run.stderr(), new RegExp(`cannot listen on ldap://127.0.0.1:${port}: address already in use`));
});

test('a bad option exits 2 with the reason', async (t) => {
  const run = cli(['--port', 'abc']);
  t.is(await run.exit, 2);
  t.regex(run.stderr(), /--port: expected a non-negative integer/);
});

test('--profile ad serves the AD example: the hinted UPN account binds and reads nested groups over TCP', async (t) => {
  const run = cli([
    '--profile',
    'ad',
    '--ldif',
    'fixtures/example-ad.ldif',
    '--port',
    '0',
    '--root-dn',
    'CN=Administrator,CN=Users,DC=example,DC=com',
    '--root-password',
    'secret',
  ]);
  t.teardown(() => run.child.kill('SIGKILL'));
  const [ready] = await run.firstLines(1);
  const m = READY.exec(ready ?? '');
  t.truthy(m, `${ready} ${run.stderr()}`);
  const lines = await run.firstLines(4);
  t.regex(lines.join('\n'), /-D 'alice@example\.com' -w 'alice-pw' -b 'DC=example,DC=com'/);
  const url = `ldap://127.0.0.1:${m![2]}`;
  const conn = new Connection(url, { user: 'alice@example.com', password: 'alice-pw' });
  t.teardown(() => conn.unbind().catch(() => undefined));
  await conn.open();
  t.true(await conn.bind());
  const staff = 'CN=Staff,OU=Groups,DC=example,DC=com';
  t.true(
    await conn.search('DC=example,DC=com', `(memberOf:1.2.840.113556.1.4.1941:=${staff})`, {
      attributes: ['sAMAccountName'],
    }),
  );
  t.deepEqual(conn.entries.map((e) => String(e.entryAttributesAsDict.get('sAMAccountName'))).sort(), [
    'Engineering',
    'Sales',
    'alice',
    'bob',
    'carol',
    'dave',
    'erin',
  ]);
  // the disabled account: AD's diagnostic reaches the client
  const carol = new Connection(url, { user: 'EXAMPLE\\carol', password: 'carol-pw' });
  await carol.open();
  t.false(await carol.bind());
  t.is(carol.result?.result, 49);
  t.regex(carol.result?.message ?? '', /data 533/);
  await carol.unbind();
});
