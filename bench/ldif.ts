/**
 * LDIF load benchmark: a generated N-entry inetOrgPerson file (default 100k) parsed by
 * ldap3ts (sync parseLdif and streaming readLdifFile), by the `ldif` npm package, and loaded
 * by OpenLDAP's `slapadd -q` into a throwaway mdb database. Each contender runs in its own
 * process so peak memory (max RSS) is its own. Prints rates and ratios.
 *
 *   npx tsx bench/ldif.ts [--entries 100000] [--skip-ldif-package] [--skip-slapadd]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLdif, readLdifFile } from '../src/ldif/index.js';
import { slapdAvailable, writeSlapdConfig } from '../scripts/slapd.js';

interface Result {
  name: string;
  ms: number;
  /** CPU time (user + system, all threads): steadier than wall time on a shared machine. */
  cpuMs: number;
  entries: number;
  maxRssMb: number;
}

function generate(n: number): string {
  const parts: string[] = [
    'version: 1\n\ndn: dc=example,dc=com\nobjectClass: top\nobjectClass: domain\ndc: example\n\n',
  ];
  parts.push('dn: ou=people,dc=example,dc=com\nobjectClass: organizationalUnit\nou: people\n\n');
  for (let i = 0; i < n - 2; i++) {
    const photo = Buffer.from(`\x00photo-${i}\xff`, 'latin1').toString('base64');
    parts.push(
      `dn: uid=user${i},ou=people,dc=example,dc=com\n` +
        'objectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: inetOrgPerson\n' +
        `uid: user${i}\ncn: User Number ${i}\nsn: Number${i}\ngivenName: User\n` +
        `mail: user${i}@example.com\ntelephoneNumber: +1 555 ${String(i).padStart(7, '0')}\n` +
        `description: Generated entry ${i} with a description long enough to be folded by writers that fold at seventy-six columns\n` +
        `userPassword:: ${Buffer.from(`{SSHA}secret${i}`).toString('base64')}\n` +
        `jpegPhoto:: ${photo}\n\n`,
    );
  }
  return parts.join('');
}

function maxRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function child(which: string, file: string): Promise<void> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let entries = 0;
  if (which === 'ours-sync') {
    entries = parseLdif(readFileSync(file, 'utf8')).length;
  } else if (which === 'ours-stream') {
    for await (const r of readLdifFile(file)) if (r.dn) entries++;
  } else if (which === 'ldif-package') {
    const require = createRequire(import.meta.url);
    const ldif = require('ldif') as { parse(text: string): { entries: unknown[] } };
    entries = ldif.parse(readFileSync(file, 'utf8')).entries.length;
  }
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const cpuMs = (c.user + c.system) / 1000;
  process.stdout.write(JSON.stringify({ name: which, ms, cpuMs, entries, maxRssMb: maxRssMb() }) + '\n');
}

function runChild(which: string, file: string): Result {
  const r = spawnSync(
    process.execPath,
    ['--import=tsx', '--max-old-space-size=4096', new URL(import.meta.url).pathname, '--child', which, file],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`${which} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as Result;
}

function slapadd(file: string, n: number): Result | undefined {
  if (!slapdAvailable()) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'bench-slapadd-'));
  try {
    const conf = writeSlapdConfig(dir, {});
    const noVersion = join(dir, 'data.ldif');
    writeFileSync(noVersion, readFileSync(file, 'utf8').replace(/^version: 1\n\n/, ''));
    const t0 = performance.now();
    execFileSync('/usr/sbin/slapadd', ['-q', '-f', conf, '-l', noVersion], { stdio: 'ignore' });
    const ms = performance.now() - t0;
    return { name: 'slapadd -q', ms, cpuMs: Number.NaN, entries: n, maxRssMb: Number.NaN };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1] as string, args[2] as string);
  const at = args.indexOf('--entries');
  const n = at >= 0 ? Number(args[at + 1]) : 100_000;
  const dir = mkdtempSync(join(tmpdir(), 'bench-ldif-'));
  try {
    const file = join(dir, 'gen.ldif');
    writeFileSync(file, generate(n));
    const size = readFileSync(file).length;
    console.log(`generated ${n} entries, ${(size / 1048576).toFixed(1)} MiB`);
    const results: Result[] = [runChild('ours-sync', file), runChild('ours-stream', file)];
    if (!args.includes('--skip-ldif-package')) results.push(runChild('ldif-package', file));
    if (!args.includes('--skip-slapadd')) {
      const s = slapadd(file, n);
      if (s) results.push(s);
      else console.log('slapadd: SKIPPED (slapd not installed)');
    }
    const line = (r: Result): string => {
      const cpu = Number.isNaN(r.cpuMs)
        ? ''
        : `, cpu ${r.cpuMs.toFixed(0)} ms (${Math.round(r.entries / (r.cpuMs / 1000))} entries/cpu-s)`;
      const mem = Number.isNaN(r.maxRssMb) ? '' : `, max RSS ${r.maxRssMb} MB`;
      return `${r.name.padEnd(14)} wall ${r.ms.toFixed(0).padStart(6)} ms (${Math.round(r.entries / (r.ms / 1000))} entries/s)${cpu}${mem}`;
    };
    for (const r of results) console.log(line(r));
    const by = new Map(results.map((r) => [r.name, r]));
    const ratio = (a: string, b: string, key: 'ms' | 'cpuMs'): void => {
      const x = by.get(a);
      const y = by.get(b);
      if (x && y && !Number.isNaN(x[key]) && !Number.isNaN(y[key])) {
        console.log(
          `ratio ${a} vs ${b} (${key === 'ms' ? 'wall' : 'cpu'}): ${(y[key] / x[key]).toFixed(1)}x faster`,
        );
      }
    };
    ratio('ours-sync', 'ldif-package', 'cpuMs');
    ratio('ours-stream', 'ldif-package', 'cpuMs');
    ratio('ours-sync', 'ldif-package', 'ms');
    ratio('ours-stream', 'slapadd -q', 'ms');
    const stream = by.get('ours-stream');
    if (stream)
      console.log(
        `ours-stream memory: max RSS ${stream.maxRssMb} MB for ${n} entries (records not retained)`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
