/**
 * DN and filter string parsing, ours against ldapjs 3's @ldapjs/dn and @ldapjs/filter (installed
 * with ldapjs), in one process, printing operations per second and the ratio.
 * Run: npx tsx bench/dn-filter.ts
 */
import { createRequire } from 'node:module';
import { formatDn, normalizeDn, parseDn } from '../src/dn/index.js';
import { formatFilter, parseFilter } from '../src/filter/index.js';

const DN = 'cn=John Smith\\, Jr.+uid=jsmith,ou=People,dc=example,dc=com';
const FILTER = '(&(objectClass=inetOrgPerson)(|(cn=John*)(mail=*@example.com))(!(uid=admin)))';

function opsPerSecond(fn: () => unknown, iterations = 200000): number {
  for (let i = 0; i < iterations / 10; i++) fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  return iterations / (Number(process.hrtime.bigint() - start) / 1e9);
}

function row(name: string, ours: number, theirs?: number): void {
  const ratio = theirs === undefined ? '' : `  ${(ours / theirs).toFixed(1)}x ldapjs`;
  console.log(`${name.padEnd(16)} ${Math.round(ours).toLocaleString('en').padStart(11)} ops/s${ratio}`);
}

// ldapjs's own packages ship no type declarations: load them untyped.
const require = createRequire(import.meta.url);
const { DN: LdapjsDN } = require('@ldapjs/dn') as { DN: { fromString(s: string): { toString(): string } } };
const { parseString } = require('@ldapjs/filter') as { parseString(s: string): { toString(): string } };
const parsedDn = parseDn(DN);
const parsedFilter = parseFilter(FILTER);
const theirDn = LdapjsDN.fromString(DN);
const theirFilter = parseString(FILTER);

row(
  'parseDn',
  opsPerSecond(() => parseDn(DN)),
  opsPerSecond(() => LdapjsDN.fromString(DN)),
);
row(
  'formatDn',
  opsPerSecond(() => formatDn(parsedDn)),
  opsPerSecond(() => theirDn.toString()),
);
row(
  'normalizeDn',
  opsPerSecond(() => normalizeDn(DN)),
);
row(
  'parseFilter',
  opsPerSecond(() => parseFilter(FILTER)),
  opsPerSecond(() => parseString(FILTER)),
);
row(
  'formatFilter',
  opsPerSecond(() => formatFilter(parsedFilter)),
  opsPerSecond(() => theirFilter.toString()),
);
