/**
 * Differential test against OpenLDAP's libldap `ldap_pvt_put_filter` (what ldapsearch sends),
 * whose BER output test/dn/libldap-oracle.py decodes into our AST shape. Skips, saying so, when
 * python3 or libldap is missing.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { parseFilter } from '../../src/filter/index.js';
import { toHex } from '../../src/util/index.js';
import { mutate, prng } from '../dn/fuzz-support.js';
import { runOracle, type OracleFilter } from '../dn/libldap-oracle.js';

const vectors = (
  JSON.parse(readFileSync(new URL('../../fixtures/filter/vectors.json', import.meta.url), 'utf8')) as {
    input: string;
  }[]
).map((c) => c.input);

/**
 * Where we knowingly part from libldap: it rejects the forms without outer parentheses (ldapsearch
 * adds them itself) and whitespace around the filter or inside `!`; it accepts the RFC 2254 `\*`
 * escape, numeric OIDs RFC 4512 forbids, an empty matching rule, and any nesting depth.
 */
const KNOWN_DIFFERENCES = new Set([
  '&(a=b)(c=d)',
  '!(a=b)',
  '&',
  '  (cn=x)  ',
  '(! (a=b) )',
  '(&\n  (objectClass=person)\n\t(|(cn=a)\r\n    (sn=b))\n)\n',
  '(cn=\\*)',
  '(2=x)',
  '(2.05=x)',
  '(cn::=x)',
  '(cn:1.02:=x)',
  '(!'.repeat(1001) + '(a=b)' + ')'.repeat(1001),
]);

/** Canonical JSON: bytes as hex, object keys sorted. */
function canon(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof Uint8Array) return toHex(v);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
    return v;
  });
}

function ours(text: string): string | null {
  try {
    return canon(parseFilter(text));
  } catch {
    return null;
  }
}

const comparable = (s: string): boolean => !s.includes('\u0000') && s.trim() !== '';

test('filter vectors parse like libldap, except the documented differences', (t) => {
  const inputs = vectors.filter(comparable);
  const theirs = runOracle<OracleFilter>('filter', inputs);
  if (theirs === undefined) {
    t.log('SKIPPED: /usr/bin/python3 with libldap-2.5 not available, differential test not run');
    t.pass();
    return;
  }
  const problems: string[] = [];
  for (const [i, input] of inputs.entries()) {
    const o = theirs[i]!;
    const expected = o.ok ? canon(o.filter) : null;
    const mine = ours(input);
    if ((mine === expected) === KNOWN_DIFFERENCES.has(input)) {
      problems.push(
        `${JSON.stringify(input).slice(0, 80)}: ours ${mine?.slice(0, 100)} libldap ${expected?.slice(0, 100)}`,
      );
    }
  }
  t.deepEqual(problems, []);
});

test('mutated filters: whenever both parsers accept, they agree', (t) => {
  const rand = prng(4515);
  const base = vectors.filter((v) => v.length < 200);
  const inputs: string[] = [];
  for (let i = 0; i < 3000; i++) inputs.push(mutate(rand, base[i % base.length]!));
  const filtered = inputs.filter(comparable);
  const theirs = runOracle<OracleFilter>('filter', filtered);
  if (theirs === undefined) {
    t.log('SKIPPED: libldap oracle not available');
    t.pass();
    return;
  }
  let both = 0;
  let onlyOurs = 0;
  let onlyTheirs = 0;
  const problems: string[] = [];
  for (const [i, input] of filtered.entries()) {
    const o = theirs[i]!;
    const mine = ours(input);
    if (mine !== null && o.ok) {
      both++;
      if (mine !== canon(o.filter)) problems.push(`${JSON.stringify(input)}: ${mine} vs ${canon(o.filter)}`);
    } else if (mine !== null) {
      onlyOurs++;
      if (onlyOurs <= 10) t.log(`only ours: ${JSON.stringify(input)}`);
    } else if (o.ok) onlyTheirs++;
  }
  t.log(`${filtered.length} mutants: both accept ${both}, only ours ${onlyOurs}, only libldap ${onlyTheirs}`);
  t.true(both > 500);
  t.deepEqual(problems.slice(0, 20), []);
});
