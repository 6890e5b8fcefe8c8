/**
 * Mock server benchmark (issue 5): throughput and p50/p99 latency of pipelined equality searches
 * and of simple binds over N connections, against a real slapd and an in-memory server built on
 * ldapjs (same LDIF, same load generator, same run); then time from process start to the ready
 * line with 1k and 100k entries, against slapd's slapadd + start. Prints ratios.
 *
 *   npx tsx bench/mock-server.ts [--seconds 3] [--rounds 3] [--connections 8] [--window 16] [--big 100000]
 *
 * The mock server runs compiled (dist/ when present, else a build into .tmp/bench-dist) as a
 * child process, like slapd and the ldapjs peer; the load generator runs in this process.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageFramer, decodeMessage, encodeMessage, type LdapMessage } from '../src/protocol/index.js';
import { SLAPADD, SLAPD, freePort, slapdAvailable, writeSlapdConfig } from '../scripts/slapd.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const SECONDS = Number(args.get('seconds') ?? 3);
const CONNECTIONS = Number(args.get('connections') ?? 8);
const WINDOW = Number(args.get('window') ?? 16);
const BIG = Number(args.get('big') ?? 100_000);
const ROUNDS = Number(args.get('rounds') ?? 3);
const ADMIN = 'cn=admin,dc=example,dc=com';
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const work = mkdtempSync(join(tmpdir(), 'ldap3ts-bench-'));

function makeLdif(n: number): string {
  const file = join(work, `people-${n}.ldif`);
  const parts = [
    'dn: dc=example,dc=com\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n',
    'dn: ou=people,dc=example,dc=com\nobjectClass: organizationalUnit\nou: people\n',
  ];
  for (let i = 0; i < n; i++) {
    parts.push(
      `dn: uid=user${i},ou=people,dc=example,dc=com\nobjectClass: inetOrgPerson\nuid: user${i}\ncn: User ${i}\nsn: Number${i}\nmail: user${i}@example.com\nuserPassword: pw${i}\n`,
    );
  }
  writeFileSync(file, parts.join('\n'));
  return file;
}

// ---- servers ---------------------------------------------------------------------------------

interface Running {
  name: string;
  port: number;
  readyMs: number;
  stop(): Promise<void>;
}

function mockCli(): string[] {
  if (existsSync('dist/mock-server/cli.js')) return ['dist/mock-server/cli.js'];
  const out = '.tmp/bench-dist';
  if (!existsSync(join(out, 'mock-server/cli.js'))) {
    console.log('building the mock server into .tmp/bench-dist ...');
    try {
      execFileSync(
        process.execPath,
        ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', out],
        { stdio: 'ignore' },
      );
    } catch {
      // type errors elsewhere still emit JavaScript
    }
  }
  return [join(out, 'mock-server/cli.js')];
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((res) => {
    child.once('exit', () => res());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}

/** Spawn a server that prints a line with its port when ready; time from spawn to that line. */
function spawnReady(name: string, argv: string[], pattern: RegExp): Promise<Running> {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) res({ name, port: Number(m[1]), readyMs: performance.now() - t0, stop: () => stopChild(child) });
    });
    child.on('exit', (code) => rej(new Error(`${name} exited ${code}: ${err}`)));
  });
}

function startMock(ldif: string): Promise<Running> {
  return spawnReady(
    'ldap3ts mock',
    [...mockCli(), '--ldif', ldif, '--port', '0', '--quiet', '--root-dn', ADMIN, '--root-password', 'secret'],
    /listening on ldap:\/\/127\.0\.0\.1:(\d+)/,
  );
}

function startLdapjs(ldif: string): Promise<Running> {
  return spawnReady(
    'ldapjs server',
    ['--import', 'tsx', 'bench/mock-server-ldapjs-peer.ts', ldif],
    /listening (\d+)/,
  );
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = net.connect({ port, host: '127.0.0.1' }, () => {
      s.destroy();
      res(true);
    });
    s.on('error', () => res(false));
  });
}

/** slapadd the LDIF into a fresh mdb, start slapd; time until it accepts connections. */
async function startSlapdTimed(ldif: string): Promise<Running> {
  const dir = mkdtempSync(join(work, 'slapd-'));
  const conf = writeSlapdConfig(dir, { access: ['access to * by * read'] });
  const port = await freePort();
  const t0 = performance.now();
  await new Promise<void>((res, rej) => {
    const p = spawn(SLAPADD, ['-q', '-f', conf, '-l', ldif], { stdio: 'ignore' });
    p.on('exit', (code) => (code === 0 ? res() : rej(new Error(`slapadd exited ${code}`))));
  });
  const child = spawn(SLAPD, ['-f', conf, '-h', `ldap://127.0.0.1:${port}/`, '-d', '0'], { stdio: 'ignore' });
  while (!(await canConnect(port))) await new Promise((r) => setTimeout(r, 2));
  return {
    name: 'slapd 2.5',
    port,
    readyMs: performance.now() - t0,
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---- load generator --------------------------------------------------------------------------

interface LoadResult {
  ops: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

/**
 * CONNECTIONS sockets, each keeping `window` requests outstanding for SECONDS; `make(i)` builds
 * the i-th request. Latency: from write to the final response.
 */
async function load(
  port: number,
  window: number,
  make: (i: number) => LdapMessage['protocolOp'],
  seconds = SECONDS,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let counter = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from(
      { length: CONNECTIONS },
      () =>
        new Promise<void>((done) => {
          const socket = net.connect({ port, host: '127.0.0.1' });
          socket.setNoDelay(true);
          const framer = new MessageFramer();
          const started = new Map<number, number>();
          let nextId = 1;
          let stopping = false;
          const send = (): void => {
            const id = nextId++;
            started.set(id, performance.now());
            socket.write(encodeMessage({ messageID: id, protocolOp: make(counter++) }));
          };
          socket.on('connect', () => {
            for (let i = 0; i < window; i++) send();
          });
          socket.on('data', (chunk: Buffer) => {
            for (const pdu of framer.push(chunk)) {
              const msg = decodeMessage(pdu);
              const type = msg.protocolOp.type;
              if (type === 'SearchResultEntry' || type === 'SearchResultReference') continue;
              const t = started.get(msg.messageID);
              started.delete(msg.messageID);
              if (t !== undefined) latencies.push(performance.now() - t);
              if ((msg.protocolOp as { resultCode?: number }).resultCode !== 0) errors++;
              if (performance.now() < deadline) send();
              else if (started.size === 0 && !stopping) {
                stopping = true;
                socket.end();
              }
            }
          });
          socket.on('close', () => done());
          socket.on('error', () => done());
        }),
    ),
  );
  latencies.sort((a, b) => a - b);
  const pick = (q: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    ops: latencies.length,
    perSecond: latencies.length / seconds,
    p50: pick(0.5),
    p99: pick(0.99),
    errors,
  };
}

const search =
  (n: number) =>
  (i: number): LdapMessage['protocolOp'] => ({
    type: 'SearchRequest',
    baseObject: 'ou=people,dc=example,dc=com',
    scope: 2,
    derefAliases: 0,
    sizeLimit: 0,
    timeLimit: 0,
    typesOnly: false,
    filter: { type: 'equalityMatch', attribute: 'uid', value: enc(`user${(i * 7919) % n}`) },
    attributes: ['cn', 'mail'],
  });

const bind =
  (n: number) =>
  (i: number): LdapMessage['protocolOp'] => {
    const k = (i * 7919) % n;
    return {
      type: 'BindRequest',
      version: 3,
      name: `uid=user${k},ou=people,dc=example,dc=com`,
      authentication: { type: 'simple', password: enc(`pw${k}`) },
    };
  };

// ---- report ----------------------------------------------------------------------------------

function row(name: string, r: LoadResult): string {
  return `  ${name.padEnd(16)} ${r.perSecond.toFixed(0).padStart(9)} ops/s   p50 ${r.p50.toFixed(2).padStart(7)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms   errors ${r.errors}`;
}

async function main(): Promise<void> {
  mkdirSync('.tmp', { recursive: true });
  const haveSlapd = slapdAvailable();
  console.log(
    `node ${process.version}; ${CONNECTIONS} connections, ${SECONDS} s per run; slapd ${haveSlapd ? 'present' : 'MISSING (skipped)'}`,
  );
  const small = makeLdif(1000);
  const servers: Running[] = [await startMock(small), await startLdapjs(small)];
  if (haveSlapd) servers.push(await startSlapdTimed(small));
  try {
    for (const [label, make, window] of [
      [`equality searches, window ${WINDOW}/connection`, search(1000), WINDOW],
      ['simple binds, one at a time per connection', bind(1000), 1],
    ] as const) {
      console.log(`\n${label} (1k entries)`);
      const results = new Map<string, LoadResult>();
      for (const s of servers) await load(s.port, window, make, 0.5); // warm-up (JIT, caches), not counted
      // Interleaved rounds, median kept: a shared machine's load changes during a run.
      const rounds = new Map<string, LoadResult[]>();
      for (let round = 0; round < ROUNDS; round++) {
        for (const s of servers) {
          const list = rounds.get(s.name) ?? [];
          list.push(await load(s.port, window, make, SECONDS / ROUNDS));
          rounds.set(s.name, list);
        }
      }
      for (const s of servers) {
        const list = rounds.get(s.name)!.sort((a, b) => a.perSecond - b.perSecond);
        const r = list[Math.floor(list.length / 2)]!;
        results.set(s.name, r);
        console.log(row(s.name, r));
      }
      const mock = results.get('ldap3ts mock')!;
      const slapd = results.get('slapd 2.5');
      const ldapjs = results.get('ldapjs server')!;
      if (slapd)
        console.log(
          `  mock / slapd throughput: ${(mock.perSecond / slapd.perSecond).toFixed(2)}x   (target >= 0.5)`,
        );
      console.log(
        `  mock / ldapjs throughput: ${(mock.perSecond / ldapjs.perSecond).toFixed(2)}x   (target >= 3)`,
      );
    }
  } finally {
    for (const s of servers) await s.stop();
  }

  console.log('\ntime from process start to accepting connections');
  const boot = performance.now();
  execFileSync(process.execPath, ['-e', '0']);
  console.log(`  (baseline: an empty node process takes ${(performance.now() - boot).toFixed(0)} ms here)`);
  for (const n of [...new Set([1000, BIG])]) {
    const file = n === 1000 ? small : makeLdif(n);
    const mock = await startMock(file);
    await mock.stop();
    let line = `  ${String(n).padStart(6)} entries: mock ${mock.readyMs.toFixed(0).padStart(6)} ms`;
    if (haveSlapd) {
      const slapd = await startSlapdTimed(file);
      await slapd.stop();
      line += `   slapadd+slapd ${slapd.readyMs.toFixed(0).padStart(6)} ms   mock/slapd ${(mock.readyMs / slapd.readyMs).toFixed(2)}x`;
    }
    console.log(line + (n === 1000 ? '   (target < 300 ms)' : ''));
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(work, { recursive: true, force: true }));
