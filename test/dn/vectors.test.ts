/**
 * Walks fixtures/dn/*.json in both directions: parse -> expected RDNs, format -> expected string,
 * parse(format(x)) == parse(x), normalizeDn -> expected canonical form, errors with position.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { DnSyntaxError } from '../../src/errors.js';
import { dnEquals, escapeRdnValue, formatDn, normalizeDn, parseDn, type Dn } from '../../src/dn/index.js';
import { toHex } from '../../src/util/index.js';

interface ParseCase {
  description: string;
  input: string;
  dn?: string[][][];
  format?: string;
  normalized?: string;
  /** What slapd prints for this DN (libldap LDAPV3|PRETTY form). */
  slapd?: string;
  error?: { position: number };
}

const load = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../fixtures/dn/${name}`, import.meta.url), 'utf8')) as T;

/** The JSON shape of a DN in the vectors: [[ [type, value] or [type, value, hexOfBinary] ]]. */
function toJson(dn: Dn): string[][][] {
  return dn.map((rdn) =>
    rdn.map((ava) =>
      ava.binary === undefined ? [ava.type, ava.value] : [ava.type, ava.value, toHex(ava.binary)],
    ),
  );
}

// vectors.json: hand-written cases; escape-table.json: every ASCII byte hex-escaped at each position,
// values and slapd forms confirmed by libldap when generated.
const cases = [...load<ParseCase[]>('vectors.json'), ...load<ParseCase[]>('escape-table.json')];

test('the DN vector file holds valid and error cases', (t) => {
  t.true(cases.length >= 100);
  t.true(cases.filter((c) => c.error).length >= 30);
});

for (const [i, c] of cases.entries()) {
  const title = `dn #${i} ${c.description}: ${JSON.stringify(c.input).slice(0, 60)}`;
  if (c.error) {
    test(title, (t) => {
      const e = t.throws(() => parseDn(c.input), { instanceOf: DnSyntaxError });
      t.is(e?.position, c.error!.position, e?.message);
      t.is(e?.code, 'LDAP_DN_SYNTAX');
    });
    continue;
  }
  test(title, (t) => {
    const dn = parseDn(c.input);
    t.deepEqual(toJson(dn), c.dn);
    const formatted = formatDn(dn);
    t.is(formatted, c.format ?? c.input);
    t.deepEqual(
      parseDn(formatted),
      dn.map((rdn) => rdn.map((a) => (a.binary ? { ...a, value: '#' + toHex(a.binary) } : a))),
    );
    if (c.slapd !== undefined) t.is(formatDn(dn, { style: 'slapd' }), c.slapd);
    if (c.normalized !== undefined) {
      t.is(normalizeDn(c.input), c.normalized);
      t.is(normalizeDn(dn), c.normalized);
      // The canonical form is a fixed point and still a valid DN.
      t.is(normalizeDn(c.normalized), c.normalized);
    }
  });
}

type EscapeCase = { description: string; value: string; escaped: string; slapd?: string };
for (const [i, c] of load<EscapeCase[]>('escape.json').entries()) {
  test(`escapeRdnValue #${i} ${c.description}`, (t) => {
    t.is(escapeRdnValue(c.value), c.escaped);
    t.deepEqual(parseDn(`cn=${c.escaped}`), [[{ type: 'cn', value: c.value }]]);
    if (c.slapd !== undefined) {
      t.is(escapeRdnValue(c.value, { style: 'slapd' }), c.slapd);
      t.deepEqual(parseDn(`cn=${c.slapd}`), [[{ type: 'cn', value: c.value }]]);
    }
  });
}

for (const [i, c] of load<{ description: string; a: string; b: string; equal: boolean }[]>(
  'equality.json',
).entries()) {
  test(`dnEquals #${i} ${c.description}`, (t) => {
    t.is(dnEquals(c.a, c.b), c.equal);
    t.is(dnEquals(c.b, c.a), c.equal);
  });
}
