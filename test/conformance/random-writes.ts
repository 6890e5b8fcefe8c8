/**
 * Seeded random write steps over the conformance fixtures: modify (add/delete/replace/increment,
 * one to three changes, values taken from the data and mutated), modify DN, compare, add (a
 * copy of an entry under a new name) and delete. The same seed always gives the same steps.
 */
import { readFileSync } from 'node:fs';
import { parseLdif } from '../../src/ldif/index.js';
import { FIXTURES } from './corpus.js';
import { seeded } from './live-setup.js';
import type { Step } from './scenarios.js';

type ModOp = 'add' | 'delete' | 'replace' | 'increment';

interface FixtureEntry {
  readonly dn: string;
  readonly attrs: ReadonlyMap<string, string[]>;
}

function fixtureEntries(): FixtureEntry[] {
  const text = new TextDecoder('utf-8', { fatal: true });
  const out: FixtureEntry[] = [];
  for (const f of FIXTURES) {
    for (const r of parseLdif(readFileSync(f))) {
      if (r.type !== 'content' && r.type !== 'add') continue;
      const attrs = new Map<string, string[]>();
      for (const a of r.attributes) {
        const vs: string[] = [];
        for (const v of a.values) {
          try {
            vs.push(text.decode(v));
          } catch {
            // binary values are left out of the steps
          }
        }
        if (vs.length > 0) attrs.set(a.type, vs);
      }
      out.push({ dn: r.dn, attrs });
    }
  }
  return out;
}

export function randomWrites(seed: number, count: number): Step[] {
  const { rnd, pick } = seeded(seed);
  const entries = fixtureEntries();
  const values = new Map<string, string[]>();
  for (const e of entries) for (const [k, v] of e.attrs) values.set(k, [...(values.get(k) ?? []), ...v]);
  const types = [...values.keys()];
  const mutate = (v: string): string => {
    const r = rnd();
    if (r < 0.2) return v.toUpperCase();
    if (r < 0.3) return ' ' + v + '  ';
    if (r < 0.4) return v + 'z';
    return v;
  };
  const step = (): Step => {
    const e = pick(entries);
    const own = [...e.attrs.keys()];
    const rdnAttr = e.dn.slice(0, e.dn.indexOf('='));
    const r = rnd();
    if (r < 0.55) {
      const changes: Array<[ModOp, string, string[]]> = [];
      const n = 1 + Math.floor(rnd() * 3);
      for (let i = 0; i < n; i++) {
        const t = rnd() < 0.7 && own.length > 0 ? pick(own) : pick(types);
        const src = e.attrs.get(t) ?? values.get(t) ?? ['x'];
        const op = pick(['add', 'delete', 'replace', 'delete', 'add', 'increment'] as const);
        const k = rnd();
        const vals =
          k < 0.2
            ? []
            : k < 0.8
              ? [mutate(pick(src))]
              : [mutate(pick(values.get(t) ?? src)), mutate(pick(src))];
        changes.push([op, t, op === 'increment' ? [pick(['1', '-2', 'x'])] : vals]);
      }
      return { op: 'modify', dn: e.dn, changes };
    }
    if (r < 0.7) {
      const cur = e.attrs.get(rdnAttr) ?? ['x'];
      const value = rnd() < 0.5 ? pick(cur) + 'z' : mutate(pick(cur));
      const step: Step = { op: 'moddn', dn: e.dn, newrdn: `${rdnAttr}=${value}`, deleteoldrdn: rnd() < 0.5 };
      // a third of them also move the entry, below any entry (itself and its subtree included)
      return rnd() < 0.33 ? { ...step, newSuperior: pick(entries).dn } : step;
    }
    if (r < 0.8) {
      const t = pick(own);
      return { op: 'compare', dn: e.dn, attribute: t, value: mutate(pick(values.get(t) ?? ['x'])) };
    }
    if (r < 0.9) {
      const parent = e.dn.slice(e.dn.indexOf(',') + 1);
      const attributes: Array<[string, string[]]> = [...e.attrs]
        .filter(() => rnd() < 0.9)
        .map(([k, v]) => [k, [...v]]);
      const value = 'fz' + Math.floor(rnd() * 1000);
      const i = attributes.findIndex(([k]) => k === rdnAttr);
      if (i >= 0 && rnd() < 0.8) attributes[i] = [rdnAttr, [value]];
      return { op: 'add', dn: `${rdnAttr}=${value},${parent}`, attributes };
    }
    return { op: 'delete', dn: e.dn };
  };
  return Array.from({ length: count }, step);
}
