/**
 * Directory engine benchmarks. Prints one line per measurement with ratios:
 *   LDIF load of a generated N-entry file (ours vs the `ldif` package's parse alone vs slapadd),
 *   memory per entry, indexed equality search vs an unindexed scan, substring search,
 *   snapshot + restore at 10k and N entries, and (with --million) 1M inetOrgPerson entries.
 * Usage: tsx bench/dit.ts [--entries 100000] [--million]
 *   (--million needs node --expose-gc --max-old-space-size=4096 for a clean number)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Directory } from '../src/dit/index.js';
import { parseFilter } from '../src/filter/index.js';
import type { LdapMessage, RequestOp } from '../src/protocol/index.js';

const args = process.argv.slice(2);
const argValue = (name: string, def: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const N = argValue('--entries', 100_000);
const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
};
const fmt = (n: number, d = 1) => n.toFixed(d);

function generateLdif(n: number): string {
  const parts: string[] = [
    'dn: dc=example,dc=com\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n',
    'dn: ou=people,dc=example,dc=com\nobjectClass: organizationalUnit\nou: people\n',
  ];
  for (let i = 0; i < n; i++) {
    parts.push(
      `dn: uid=user${i},ou=people,dc=example,dc=com\nobjectClass: inetOrgPerson\nuid: user${i}\ncn: User ${i}\nsn: Surname${i % 1000}\n` +
        `givenName: Given${i}\nmail: user${i}@example.com\ntelephoneNumber: +1 555 ${String(i).padStart(7, '0')}\n` +
        `employeeNumber: ${i}\ndescription: generated entry number ${i} for the benchmark\n`,
    );
  }
  return parts.join('\n');
}

let mid = 1;
/** A decoded SearchRequest, as the transports hand it to the engine (filter already parsed). */
const request = (base: string, filter: string): RequestOp =>
  ({
    type: 'SearchRequest',
    baseObject: base,
    scope: 2,
    derefAliases: 0,
    sizeLimit: 0,
    timeLimit: 0,
    typesOnly: false,
    filter: parseFilter(filter),
    attributes: [],
  }) as RequestOp;
function search(dir: Directory, base: string, filter: string | RequestOp): number {
  const op = typeof filter === 'string' ? request(base, filter) : filter;
  let n = 0;
  void dir.handle(
    { messageID: mid++, protocolOp: op } as LdapMessage<RequestOp>,
    { id: 1, bindDN: '', tls: false },
    (m) => {
      if (m.protocolOp.type === 'SearchResultEntry') n++;
    },
  );
  return n;
}

function timeIt(label: string, reps: number, fn: (i: number) => void): number {
  fn(0);
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn(i);
  const us = ((performance.now() - t0) * 1000) / reps;
  console.log(`${label}: ${fmt(us)} µs/op (${reps} ops)`);
  return us;
}

const work = mkdtempSync(join(tmpdir(), 'ldap3ts-bench-'));
try {
  const ldifPath = join(work, 'data.ldif');
  writeFileSync(ldifPath, generateLdif(N));
  const total = N + 2;

  // --- LDIF load
  const before = heap();
  const dir = new Directory({ uuid: 1, clock: () => new Date(0), substringIndexes: ['cn'] });
  let t0 = performance.now();
  await dir.loadLdif(ldifPath);
  const loadMs = performance.now() - t0;
  const ours = total / (loadMs / 1000);
  const after = heap();
  console.log(`LDIF load ${total} entries: ${fmt(loadMs, 0)} ms, ${fmt(ours, 0)} entries/s`);

  // the `ldif` package (parse only, no directory): same file
  try {
    const pkg = 'ldif'; // untyped CommonJS package, a benchmark peer only
    const mod = (await import(pkg)) as unknown as {
      parse?: (s: string) => unknown;
      default?: { parse: (s: string) => unknown };
    };
    const ldifPkg = { parse: (mod.parse ?? mod.default?.parse) as (s: string) => unknown };
    const text = readFileSync(ldifPath, 'utf8');
    t0 = performance.now();
    ldifPkg.parse(text);
    const pkgMs = performance.now() - t0;
    console.log(
      `  ldif package parse only: ${fmt(pkgMs, 0)} ms, ${fmt(total / (pkgMs / 1000), 0)} entries/s; ratio ours/ldif = ${fmt(ours / (total / (pkgMs / 1000)), 2)}x`,
    );
  } catch (err) {
    console.log(`  ldif package failed on this file: ${(err as Error).message.slice(0, 80)}`);
  }
  // slapadd into a throwaway mdb
  try {
    const conf = join(work, 'slapd.conf');
    writeFileSync(
      conf,
      [
        ...['core', 'cosine', 'inetorgperson', 'nis'].map((s) => `include /etc/ldap/schema/${s}.schema`),
        'modulepath /usr/lib/ldap',
        'moduleload back_mdb',
        'database mdb',
        `directory ${work}`,
        'suffix "dc=example,dc=com"',
        'maxsize 4294967296',
        'index objectClass eq',
        'index cn,sn,uid,mail eq,sub',
      ].join('\n'),
    );
    t0 = performance.now();
    execFileSync('/usr/sbin/slapadd', ['-q', '-f', conf, '-l', ldifPath], { stdio: 'ignore' });
    const sMs = performance.now() - t0;
    console.log(
      `  slapadd -q: ${fmt(sMs, 0)} ms, ${fmt(total / (sMs / 1000), 0)} entries/s; ratio ours/slapadd = ${fmt(ours / (total / (sMs / 1000)), 2)}x`,
    );
  } catch (err) {
    console.log(`  slapadd unavailable: ${(err as Error).message.slice(0, 80)}`);
  }
  console.log(
    `memory: ${fmt((after - before) / total, 0)} bytes/entry (heap delta ${fmt((after - before) / 2 ** 20, 0)} MiB${gc ? '' : ', run with --expose-gc for an exact number'})`,
  );

  // --- searches
  const base = 'dc=example,dc=com';
  const eqReqs = Array.from({ length: 20000 }, (_, i) => request(base, `(uid=user${(i * 7919) % N})`));
  const eq = timeIt(`indexed equality (uid=userK) at ${total}`, 20000, (i) => {
    if (search(dir, base, eqReqs[i]!) !== 1) throw new Error('miss');
  });
  const scan = timeIt(`unindexed equality scan (employeeNumber=K) at ${total}`, 5, (i) => {
    if (search(dir, base, `(employeeNumber=${(i * 7919) % N})`) !== 1) throw new Error('miss');
  });
  console.log(`  ratio scan/indexed = ${fmt(scan / eq, 0)}x (target: indexed < 20 µs)`);
  const subReq = request(base, '(cn=*ser 4242*)');
  const subCount = search(dir, base, subReq);
  const subIdx = timeIt(`substring (cn=*ser 4242*) at ${total}, trigram index`, 200, () => {
    if (search(dir, base, subReq) !== subCount) throw new Error('substring count');
  });
  // below the suffix the trigram index is not used (slapd's order is the tree walk there)
  const subScanReq = request('ou=people,dc=example,dc=com', '(cn=*ser 4242*)');
  const subScan = timeIt(`substring (cn=*ser 4242*) at ${total}, scan`, 3, () => {
    if (search(dir, base, subScanReq) !== subCount) throw new Error('substring count');
  });
  console.log(`  ratio scan/trigram = ${fmt(subScan / subIdx, 0)}x`);
  const andReqs = Array.from({ length: 20000 }, (_, i) =>
    request(base, `(&(objectClass=person)(uid=user${(i * 31) % N}))`),
  );
  timeIt(`indexed AND (&(objectClass=person)(uid=userK)) at ${total}`, 20000, (i) => {
    search(dir, base, andReqs[i]!);
  });

  // --- snapshot/restore
  const small = new Directory({ profile: 'none', uuid: 1 });
  small.addEntry('dc=s', { objectClass: 'top', dc: 's' });
  for (let i = 0; i < 10_000; i++) small.addEntry(`cn=u${i},dc=s`, { objectClass: 'top', cn: `u${i}` });
  const cases: Array<[string, Directory, string, Record<string, string>]> = [
    ['10k', small, 'cn=extra,dc=s', { objectClass: 'top', cn: 'extra' }],
    [
      `${fmt(total / 1000, 0)}k`,
      dir,
      'cn=extra,ou=people,dc=example,dc=com',
      { objectClass: 'person', cn: 'extra', sn: 'x' },
    ],
  ];
  for (const [label, d, dn, attrs] of cases) {
    const before = d.snapshot();
    d.addEntry(dn, attrs);
    const after = d.snapshot();
    // alternate between two different states: each restore really switches the whole directory
    timeIt(`snapshot+restore at ${label}`, 10000, (i) => {
      d.snapshot();
      d.restore(i % 2 ? before : after);
    });
    d.restore(before);
    if (d.engine.lookup(d.engine.name(dn).ndn)) throw new Error('restore did not switch states');
  }

  // --- one million inetOrgPerson
  if (args.includes('--million')) {
    const m = 1_000_000;
    const path = join(work, 'million.ldif');
    writeFileSync(path, generateLdif(m));
    const h0 = heap();
    const big = new Directory({ uuid: 1, clock: () => new Date(0) });
    t0 = performance.now();
    await big.loadLdif(path);
    const ms = performance.now() - t0;
    const h1 = heap();
    console.log(
      `1M inetOrgPerson: load ${fmt(ms / 1000, 1)} s (${fmt(m / (ms / 1000), 0)} entries/s), heap ${fmt((h1 - h0) / 2 ** 30, 2)} GiB (${fmt((h1 - h0) / m, 0)} bytes/entry; target < 2 GiB)`,
    );
    const bigBefore = big.snapshot();
    big.addEntry('cn=extra,ou=people,dc=example,dc=com', { objectClass: 'person', cn: 'extra', sn: 'x' });
    const bigAfter = big.snapshot();
    timeIt('snapshot+restore at 1M', 10000, (i) => {
      big.snapshot();
      big.restore(i % 2 ? bigBefore : bigAfter);
    });
    const bigReqs = Array.from({ length: 20000 }, (_, i) => request(base, `(uid=user${(i * 7919) % m})`));
    timeIt('indexed equality at 1M', 20000, (i) => {
      search(big, base, bigReqs[i]!);
    });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
