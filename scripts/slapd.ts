/**
 * A throwaway real OpenLDAP slapd for differential and integration tests, and for humans:
 *
 *   npx tsx scripts/slapd.ts --ldif fixtures/example.ldif [--port 3890] [--tls] [--ldapi]
 *                            [--overlay memberof] [--overlay sssvlv] ...
 *
 * Everything lives in a temp dir (slapd.conf, mdb database, pid, ldapi socket); data is loaded
 * offline with `slapadd -q` before the server starts; `stop()` kills slapd and removes the dir,
 * and a process exit handler does the same for instances a failing test never stopped.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SLAPD = '/usr/sbin/slapd';
export const SLAPADD = '/usr/sbin/slapadd';
const SCHEMA_DIR = '/etc/ldap/schema';
const MODULE_DIR = '/usr/lib/ldap';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const TLS_DIR = join(ROOT, 'fixtures', 'tls');

export type SlapdOverlay = 'sssvlv' | 'memberof' | 'refint' | 'ppolicy';

export interface SlapdOptions {
  /** LDIF files loaded with `slapadd -q` before start (a `version:` line is stripped). */
  ldif?: string | readonly string[];
  /** LDIF text loaded the same way, after the files. */
  ldifText?: string;
  /** @defaultValue 'dc=example,dc=com' */
  suffix?: string;
  /** @defaultValue 'cn=admin,dc=example,dc=com' */
  rootDn?: string;
  /** @defaultValue 'secret' */
  rootPassword?: string;
  /** Overlays on the database, in this order. */
  overlays?: readonly SlapdOverlay[];
  /** Also listen on ldaps:// with fixtures/tls (StartTLS works on ldap:// then too). */
  tls?: boolean;
  /** Also listen on an ldapi:// socket in the temp dir. */
  ldapi?: boolean;
  /** Fixed port for ldap://; default a free one. */
  port?: number;
  /** Extra schema files after core, cosine, inetorgperson, nis. */
  schema?: readonly string[];
  /** `authz-regexp` rules (SASL EXTERNAL identity mapping). Default maps root over ldapi to rootDn. */
  authzRegexp?: ReadonlyArray<readonly [match: string, replace: string]>;
  /** `access` lines replacing the default (userPassword auth-only, everything else readable). */
  access?: readonly string[];
  /** Extra lines appended to the database section. */
  databaseConfig?: readonly string[];
}

export interface SlapdInstance {
  readonly url: string;
  readonly ldapsUrl?: string;
  readonly ldapiUrl?: string;
  readonly port: number;
  readonly ldapsPort?: number;
  readonly rootDn: string;
  readonly rootPassword: string;
  readonly suffix: string;
  /** The temp dir (slapd.conf, db/, logs). */
  readonly dir: string;
  /** Everything slapd wrote to stderr so far. */
  log(): string;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

/** True when slapd, slapadd and ldapwhoami are installed (LDAP3TS_SKIP_SLAPD=1 pretends they are not). */
export function slapdAvailable(): boolean {
  if (process.env.LDAP3TS_SKIP_SLAPD === '1') return false;
  if (!existsSync(SLAPD) || !existsSync(SLAPADD)) return false;
  try {
    execFileSync('ldapwhoami', ['-VV'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    // ldapwhoami -VV exits non-zero but runs; ENOENT means it is missing.
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** Write slapd.conf (and db/) into `dir`; returns the config path. Used by the bench for slapadd too. */
export function writeSlapdConfig(dir: string, options: SlapdOptions): string {
  const suffix = options.suffix ?? 'dc=example,dc=com';
  const rootDn = options.rootDn ?? `cn=admin,${suffix}`;
  const rootPassword = options.rootPassword ?? 'secret';
  const overlays = options.overlays ?? [];
  mkdirSync(join(dir, 'db'), { recursive: true });
  const q = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines: string[] = [];
  for (const s of ['core', 'cosine', 'inetorgperson', 'nis']) lines.push(`include ${SCHEMA_DIR}/${s}.schema`);
  for (const s of options.schema ?? []) lines.push(`include ${resolve(s)}`);
  lines.push(
    `pidfile ${join(dir, 'slapd.pid')}`,
    `argsfile ${join(dir, 'slapd.args')}`,
    `modulepath ${MODULE_DIR}`,
    'moduleload back_mdb',
  );
  for (const o of overlays) lines.push(`moduleload ${o}`);
  if (options.tls) {
    lines.push(
      `TLSCACertificateFile ${join(TLS_DIR, 'ca.crt')}`,
      `TLSCertificateFile ${join(TLS_DIR, 'server.crt')}`,
      `TLSCertificateKeyFile ${join(TLS_DIR, 'server.key')}`,
      // Ask for a client certificate but do not require one (SASL EXTERNAL over TLS).
      'TLSVerifyClient allow',
    );
  }
  const authz = options.authzRegexp ?? [
    ['^gidNumber=0\\+uidNumber=0,cn=peercred,cn=external,cn=auth$', rootDn],
  ];
  for (const [m, r] of authz) lines.push(`authz-regexp ${q(m)} ${q(r)}`);
  lines.push(
    '',
    'database mdb',
    'maxsize 1073741824',
    `suffix ${q(suffix)}`,
    `rootdn ${q(rootDn)}`,
    `rootpw ${q(rootPassword)}`,
    `directory ${join(dir, 'db')}`,
    'index objectClass eq',
    'index cn,sn,uid,mail eq,sub',
  );
  const access = options.access ?? [
    'access to attrs=userPassword by self write by anonymous auth by * none',
    'access to * by self write by users read by anonymous read',
  ];
  lines.push(...access, ...(options.databaseConfig ?? []));
  for (const o of overlays) {
    lines.push(`overlay ${o}`);
    if (o === 'memberof')
      lines.push('memberof-group-oc groupOfNames', 'memberof-member-ad member', 'memberof-refint TRUE');
    if (o === 'refint') lines.push('refint_attributes member uniqueMember');
    // sort/VLV contexts of closed connections are freed late under load: room enough that a
    // test never meets busy (51), which would be capacity, not an answer
    if (o === 'sssvlv') lines.push('sssvlv-max 1024', 'sssvlv-maxperconn 64');
  }
  const path = join(dir, 'slapd.conf');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; a tiny race with other processes remains). */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

function stripVersion(text: string): string {
  // slapadd refuses the version line that RFC 2849 allows.
  return text.replace(/^\ufeff?(#[^\n]*\n)*version:[ \t]*1[ \t]*\r?\n/, '');
}

function run(cmd: string, args: readonly string[]): Promise<{ code: number; out: string }> {
  return new Promise((res) => {
    execFile(cmd, args, { timeout: 10_000 }, (err, stdout, stderr) => {
      const code = err
        ? typeof (err as { code?: unknown }).code === 'number'
          ? ((err as { code: number }).code as number)
          : 1
        : 0;
      res({ code, out: `${stdout}${stderr}` });
    });
  });
}

const live = new Set<{ child: ChildProcess | undefined; dir: string }>();
let exitHookInstalled = false;

function killAll(): void {
  for (const inst of live) {
    try {
      inst.child?.kill('SIGKILL');
    } catch {
      /* already gone */
    }
    rmSync(inst.dir, { recursive: true, force: true });
  }
  live.clear();
}

/**
 * Clean up on exit and on the usual termination signals (an ava worker killed on timeout never
 * runs 'exit' handlers). A signal handler is only added when nobody else handles the signal, and
 * it re-raises the signal afterwards so the process still dies the way it would have.
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    if (process.listenerCount(sig) > 0) continue;
    const onSignal = (): void => {
      killAll();
      process.removeListener(sig, onSignal);
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

/**
 * A detached watchdog that outlives a SIGKILLed parent: when this process dies while slapd still
 * runs, it kills slapd and removes the temp dir. It exits by itself once slapd is gone.
 */
function watchdog(slapdPid: number, dir: string): void {
  const script =
    `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${slapdPid} 2>/dev/null; do sleep 1; done; ` +
    `if ! kill -0 ${process.pid} 2>/dev/null; then kill ${slapdPid} 2>/dev/null; sleep 1; kill -9 ${slapdPid} 2>/dev/null; rm -rf '${dir}'; fi`;
  const w = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore' });
  w.unref();
}

/** Start a throwaway slapd; resolves once it answers ldapwhoami. */
export async function startSlapd(options: SlapdOptions = {}): Promise<SlapdInstance> {
  if (!slapdAvailable())
    throw new Error(`slapd is not installed (${SLAPD}); apt-get install slapd ldap-utils`);
  installExitHook();
  const dir = mkdtempSync(join(tmpdir(), 'ldap3ts-slapd-'));
  const state: { child: ChildProcess | undefined; dir: string } = { child: undefined, dir };
  live.add(state);
  let stderr = '';
  try {
    const conf = writeSlapdConfig(dir, options);
    const files = typeof options.ldif === 'string' ? [options.ldif] : [...(options.ldif ?? [])];
    const texts = files.map((f) => readFileSync(f, 'utf8'));
    if (options.ldifText !== undefined) texts.push(options.ldifText);
    if (texts.length > 0) {
      const data = join(dir, 'data.ldif');
      writeFileSync(data, texts.map(stripVersion).join('\n\n'));
      const r = await run(SLAPADD, ['-q', '-f', conf, '-l', data]);
      if (r.code !== 0) throw new Error(`slapadd failed (${files.join(', ') || 'ldifText'}):\n${r.out}`);
    }
    const suffix = options.suffix ?? 'dc=example,dc=com';
    const rootDn = options.rootDn ?? `cn=admin,${suffix}`;
    const rootPassword = options.rootPassword ?? 'secret';
    const port = options.port ?? (await freePort());
    const ldapsPort = options.tls ? await freePort() : undefined;
    const url = `ldap://127.0.0.1:${port}`;
    const ldapsUrl = ldapsPort === undefined ? undefined : `ldaps://127.0.0.1:${ldapsPort}`;
    const sock = join(dir, 'ldapi');
    const ldapiUrl = options.ldapi ? `ldapi://${encodeURIComponent(sock)}` : undefined;
    const listeners = [
      `${url}/`,
      ...(ldapsUrl ? [`${ldapsUrl}/`] : []),
      ...(ldapiUrl ? [`${ldapiUrl}/`] : []),
    ];

    const launch = async (): Promise<void> => {
      // -d 0 keeps slapd in the foreground, so this process owns it and sees it exit.
      const child = spawn(SLAPD, ['-f', conf, '-h', listeners.join(' '), '-d', '0'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      state.child = child;
      if (child.pid !== undefined) watchdog(child.pid, dir);
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (d: string) => {
        stderr += d;
      });
      const deadline = Date.now() + 15_000;
      while (true) {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`slapd exited (${child.exitCode ?? child.signalCode}):\n${stderr}`);
        const r = await run('ldapwhoami', ['-x', '-H', url]);
        if (r.code === 0) return;
        if (Date.now() > deadline)
          throw new Error(`slapd did not answer on ${url} within 15 s:\n${stderr}\n${r.out}`);
        await new Promise((res) => setTimeout(res, 50));
      }
    };
    const kill = async (): Promise<void> => {
      const child = state.child;
      state.child = undefined;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((res) => child.once('exit', () => res()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    };
    await launch();
    return {
      url,
      ...(ldapsUrl ? { ldapsUrl, ldapsPort } : {}),
      ...(ldapiUrl ? { ldapiUrl } : {}),
      port,
      rootDn,
      rootPassword,
      suffix,
      dir,
      log: () => stderr,
      async stop() {
        await kill();
        live.delete(state);
        rmSync(dir, { recursive: true, force: true });
      },
      async restart() {
        await kill();
        await launch();
      },
    };
  } catch (e) {
    try {
      state.child?.kill('SIGKILL');
    } catch {
      /* gone */
    }
    live.delete(state);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

async function cli(argv: string[]): Promise<void> {
  const options: SlapdOptions & { ldif: string[]; overlays: SlapdOverlay[] } = { ldif: [], overlays: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--ldif') options.ldif.push(next());
    else if (a === '--port') options.port = Number(next());
    else if (a === '--tls') options.tls = true;
    else if (a === '--ldapi') options.ldapi = true;
    else if (a === '--overlay') options.overlays.push(next() as SlapdOverlay);
    else if (a === '--suffix') options.suffix = next();
    else if (a === '--root-dn') options.rootDn = next();
    else if (a === '--root-password') options.rootPassword = next();
    else {
      console.error(
        'usage: tsx scripts/slapd.ts [--ldif FILE]... [--port N] [--tls] [--ldapi] [--overlay sssvlv|memberof|refint|ppolicy]...\n' +
          '                            [--suffix DN] [--root-dn DN] [--root-password PW]',
      );
      process.exit(a === '--help' || a === '-h' ? 0 : 2);
    }
  }
  const s = await startSlapd(options);
  console.log(
    `slapd listening on ${s.url}${s.ldapsUrl ? ` and ${s.ldapsUrl}` : ''}${s.ldapiUrl ? ` and ${s.ldapiUrl}` : ''}`,
  );
  console.log(`root: ${s.rootDn} (password in --root-password, default "secret"); data dir ${s.dir}`);
  console.log(
    `try: ldapsearch -x -H ${s.url} -b ${s.suffix} -D ${s.rootDn} -W   (Ctrl-C stops and cleans up)`,
  );
  const stop = (): void => {
    void s.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
