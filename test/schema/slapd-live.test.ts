/**
 * Re-asks a throwaway slapd a sample of the recorded filters (fixtures/schema/matching-slapd.json)
 * so a stale fixture cannot hide a difference: slapd's live answer must equal the recording,
 * and ldap3ts must give it too (or the RFC answer listed as a deviation). Skipped, with the
 * reason, when slapd or ldap-utils are not installed.
 */
import test from 'ava';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getProfile } from '../../src/schema/index.js';
import { utf8 } from '../../src/util/index.js';

const SLAPD = ['/usr/sbin/slapd', '/usr/local/libexec/slapd'].find((p) => existsSync(p));
const TOOLS = ['/usr/bin/ldapsearch', '/usr/sbin/slapadd'].every((p) => existsSync(p));
const recorded = JSON.parse(
  readFileSync(new URL('../../fixtures/schema/matching-slapd.json', import.meta.url), 'utf8'),
);
const deviations = JSON.parse(
  readFileSync(new URL('../../fixtures/schema/slapd-deviations.json', import.meta.url), 'utf8'),
);
const deviating = new Set((deviations.deviations as any[]).map((d) => d.filter));

/** A port nobody listens on now (a random one can collide with another test's server). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const live = SLAPD && TOOLS ? test : test.skip;
live(
  `slapd still answers the recorded filters, and so does ldap3ts${live === test ? '' : ' (skipped: slapd or ldap-utils not installed)'}`,
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'ldap3ts-schema-live-'));
    const url = `ldap://127.0.0.1:${await freePort()}/`;
    writeFileSync(
      join(dir, 'slapd.conf'),
      [
        ...['core', 'cosine', 'inetorgperson', 'nis'].map((s) => `include /etc/ldap/schema/${s}.schema`),
        `pidfile ${join(dir, 'slapd.pid')}`,
        'modulepath /usr/lib/ldap',
        'moduleload back_mdb',
        'database mdb',
        `directory ${dir}`,
        'suffix "dc=example,dc=com"',
      ].join('\n') + '\n',
    );
    // every third group, every case of it: a sample that still crosses the rule families
    const groups = (recorded.groups as any[]).filter((_, i) => i % 3 === 0);
    const ldif = [
      'dn: dc=example,dc=com\nobjectClass: dcObject\nobjectClass: organization\no: x\ndc: example\n',
    ];
    groups.forEach((g, gi) =>
      (g.values as string[]).forEach((v, vi) =>
        ldif.push(
          `dn: cn=g${gi}v${vi},dc=example,dc=com\nobjectClass: device\nobjectClass: extensibleObject\n` +
            `cn: g${gi}v${vi}\nou: g${gi}\n${g.attribute}:: ${Buffer.from(v).toString('base64')}\n`,
        ),
      ),
    );
    writeFileSync(join(dir, 'data.ldif'), ldif.join('\n'));
    execFileSync('slapadd', ['-f', join(dir, 'slapd.conf'), '-q', '-l', join(dir, 'data.ldif')]);
    const slapd = spawn(SLAPD!, ['-f', join(dir, 'slapd.conf'), '-h', url, '-d', '0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let slapdErr = '';
    slapd.stderr!.on('data', (d: Buffer) => (slapdErr += d.toString()));
    try {
      // Poll for up to 30 s: a loaded CI machine can be slow to start slapd.
      for (let i = 0; ; i++) {
        if (slapd.exitCode !== null)
          throw new Error(`slapd exited with ${slapd.exitCode}: ${slapdErr.slice(-500)}`);
        try {
          execFileSync('ldapsearch', ['-x', '-LLL', '-H', url, '-b', '', '-s', 'base', '1.1'], {
            stdio: 'ignore',
          });
          break;
        } catch {
          if (i > 600) throw new Error(`slapd did not start: ${slapdErr.slice(-500)}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      const schema = getProfile('openldap').schema;
      let asked = 0;
      for (const [gi, g] of groups.entries()) {
        const type = schema.attributeType(g.attribute)!;
        for (const c of g.cases) {
          const out = execFileSync('ldapsearch', [
            '-x',
            '-LLL',
            '-H',
            url,
            '-b',
            'dc=example,dc=com',
            `(&(ou=g${gi})${c.filter})`,
            '1.1',
          ]);
          const got = [...out.toString().matchAll(/^dn: cn=g[0-9]+v([0-9]+),/gm)]
            .map((m) => Number(m[1]))
            .sort((a, b) => a - b);
          t.deepEqual(got, c.matches, `slapd now answers ${c.filter} differently from the recording`);
          if (deviating.has(c.filter)) continue;
          const a = c.assertion;
          const ours = (g.values as string[]).flatMap((v, i) => {
            const raw = utf8(v);
            let r: boolean | undefined;
            if (a.type === 'substrings') {
              r = type.substr?.matchSubstrings!(raw, {
                initial: a.initial === undefined ? undefined : utf8(a.initial),
                any: a.any.map(utf8),
                final: a.final === undefined ? undefined : utf8(a.final),
              });
            } else {
              const rule = a.type === 'equality' ? type.equality : type.ordering;
              const x = rule?.normalize(raw);
              const y = rule?.normalizeAssertion(utf8(a.value));
              if (rule && x !== undefined && y !== undefined) {
                r =
                  a.type === 'equality'
                    ? rule.equal!(x, y)
                    : a.type === 'greaterOrEqual'
                      ? rule.compare!(x, y) >= 0
                      : rule.compare!(x, y) <= 0;
              }
            }
            return r === true ? [i] : [];
          });
          t.deepEqual(ours, got, `ldap3ts differs from slapd on ${c.filter}`);
          asked++;
        }
      }
      t.log(`${asked} filters asked of slapd at ${url}`);
    } finally {
      if (slapd.exitCode === null && slapd.signalCode === null) {
        const exited = new Promise((r) => slapd.once('exit', r));
        slapd.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
