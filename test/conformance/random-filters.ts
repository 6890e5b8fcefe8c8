/**
 * Seeded random search filters over the conformance fixtures: every filter form, values taken
 * from the data and mutated (case, spaces, truncation), rule OIDs and names, :dn:, the
 * rule-only form, nested and/or/not. The same seed always gives the same filters.
 */
import { readFileSync } from 'node:fs';
import { escapeFilterValue, type Filter } from '../../src/filter/index.js';
import { parseLdif } from '../../src/ldif/index.js';
import { FIXTURES } from './corpus.js';
import { seeded } from './live-setup.js';

const RULES = [
  'caseExactMatch',
  'caseIgnoreMatch',
  '2.5.13.2',
  'caseIgnoreSubstringsMatch',
  'integerMatch',
  'distinguishedNameMatch',
  'octetStringMatch',
  'numericStringMatch',
  'telephoneNumberMatch',
  'caseExactIA5Match',
  'caseIgnoreIA5Match',
  'integerOrderingMatch',
  'caseIgnoreOrderingMatch',
  'objectIdentifierMatch',
  'booleanMatch',
  'generalizedTimeMatch',
  'uniqueMemberMatch',
];
const EXTRA_TYPES = [
  'name',
  'surname',
  '2.5.4.3',
  'CN',
  'nonexistent',
  'cn;lang-fr',
  'description;lang-en',
  'entryDN',
  'hasSubordinates',
  'createTimestamp',
  'structuralObjectClass',
];
const OTHER_VALUES = ['x', 'TRUE', '1000', '20240101000000Z', 'uid=alice,ou=people,dc=example,dc=com'];

/** Text values per attribute type (options dropped) in the fixtures. */
function fixtureValues(): Map<string, string[]> {
  const values = new Map<string, string[]>();
  const text = new TextDecoder('utf-8', { fatal: true });
  for (const f of FIXTURES) {
    for (const r of parseLdif(readFileSync(f))) {
      if (r.type !== 'content' && r.type !== 'add') continue;
      for (const a of r.attributes) {
        const base = a.type.split(';')[0] as string;
        const list = values.get(base) ?? [];
        for (const v of a.values) {
          try {
            list.push(text.decode(v));
          } catch {
            // binary values are not used in filters here
          }
        }
        if (list.length > 0) values.set(base, list);
      }
    }
  }
  return values;
}

export function randomFilters(seed: number, count: number): string[] {
  const { rnd, pick } = seeded(seed);
  const values = fixtureValues();
  const types = [...values.keys(), ...EXTRA_TYPES];
  const lower = new Map([...values.keys()].map((k) => [k.toLowerCase(), k]));
  const mutate = (v: string): string => {
    const r = rnd();
    if (r < 0.2) return v.toUpperCase();
    if (r < 0.3) return '  ' + v.replace(/ /g, '   ') + ' ';
    if (r < 0.4) return v.slice(0, Math.max(1, Math.floor(v.length / 2)));
    if (r < 0.45) return v + 'x';
    return v;
  };
  const valueFor = (t: string): string => {
    const base = (t.split(';')[0] as string).toLowerCase();
    const alias = base === 'surname' ? 'sn' : base === 'name' || base === '2.5.4.3' ? 'cn' : base;
    const key = lower.get(alias);
    const vs = key ? (values.get(key) ?? []) : [];
    if (vs.length === 0 || rnd() < 0.05) return pick(OTHER_VALUES);
    return mutate(pick(vs));
  };
  const item = (): string => {
    const t = pick(types);
    const raw = valueFor(t);
    const e = escapeFilterValue(raw);
    const r = rnd();
    if (r < 0.3) return `(${t}=${e})`;
    if (r < 0.4) return `(${t}=*)`;
    if (r < 0.55) {
      // cut the value before escaping it, so that no escape sequence is split
      const s = raw.length > 2 ? raw : raw + 'a';
      const cut = (x: string) => x.slice(0, Math.max(1, Math.floor(x.length * rnd())));
      const k = rnd();
      if (k < 0.33) return `(${t}=${escapeFilterValue(cut(s))}*)`;
      if (k < 0.66) return `(${t}=*${escapeFilterValue(s.slice(Math.floor(s.length / 2)))})`;
      return `(${t}=*${escapeFilterValue(cut(s).slice(-2))}*)`;
    }
    if (r < 0.65) return `(${t}>=${e})`;
    if (r < 0.75) return `(${t}<=${e})`;
    if (r < 0.82) return `(${t}~=${e})`;
    if (r < 0.92) return `(${t}:${pick(RULES)}:=${e})`;
    if (r < 0.96) return `(${t}:dn:=${e})`;
    return `(:${pick(RULES)}:=${e})`;
  };
  const filter = (depth = 0): string => {
    const r = rnd();
    if (depth > 2 || r < 0.45) return item();
    if (r < 0.65) return `(&${filter(depth + 1)}${filter(depth + 1)})`;
    if (r < 0.85) return `(|${filter(depth + 1)}${filter(depth + 1)})`;
    return `(!${filter(depth + 1)})`;
  };
  return Array.from({ length: count }, () => filter());
}

/**
 * Filters that meet a documented deviation (DEVIATIONS.md): substring components with a space
 * at either end (fz-sub-space-any: RFC 4518 2.6.1 lets them meet the space at a value's edge,
 * slapd does not), with a `$` (fz-postal-substring-dollar), Greek sigma folding (eq-greek-sigma).
 */
export function meetsDeviation(f: Filter): boolean {
  switch (f.type) {
    case 'and':
    case 'or':
      return f.filters.some(meetsDeviation);
    case 'not':
      return meetsDeviation(f.filter);
    case 'substrings': {
      const parts = [f.initial, ...f.any, f.final].filter((p) => p !== undefined);
      // and a `$` inside a component (fz-postal-substring-dollar: lines of a postalAddress)
      return (
        parts.some((p) => p[0] === 0x20 || p[p.length - 1] === 0x20 || p.includes(0x24)) ||
        parts.some(hasSigma)
      );
    }
    case 'present':
      return false;
    default:
      return f.value !== undefined && hasSigma(f.value);
  }
}
const hasSigma = (v: Uint8Array) => /[ΣσςΊί]/u.test(new TextDecoder().decode(v));
