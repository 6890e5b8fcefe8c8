/**
 * Seeded random write steps over the conformance fixtures: modify (add/delete/replace/increment,
 * one to three changes, values taken from the data and mutated), modify DN, compare, add (a
 * copy of an entry under a new name) and delete. The same seed always gives the same steps.
 */
import { readFileSync } from 'node:fs';
import { escapeFilterValue } from '../../src/filter/index.js';
import { parseLdif } from '../../src/ldif/index.js';
import { FIXTURES } from './corpus.js';
import { seeded } from './live-setup.js';
import type { Step, StepControls } from './scenarios.js';

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
  // a fifth of the other updates carry a read or an assertion control as well
  const withControls = (step: Step & StepControls): Step & StepControls => {
    const c = rnd();
    if (c < 0.05) return { ...step, preRead: ['*'] };
    if (c < 0.1) return { ...step, postRead: ['cn', 'entryDN'] };
    if (c < 0.15) return { ...step, assertion: '(objectClass=*)' };
    if (c < 0.2) return { ...step, assertion: pick(['(cn=*)', '(!(uid=*))', '(objectClass=person)']) };
    return step;
  };
  const step = (): Step => {
    const picked = pick(entries);
    // now and then a target that does not exist, below an entry (below a referral object, the
    // answer is a referral)
    const e = rnd() < 0.05 ? { dn: `cn=nosuch,${picked.dn}`, attrs: picked.attrs } : picked;
    const own = [...e.attrs.keys()];
    const rdnAttr = e.dn.slice(0, e.dn.indexOf('='));
    const r = rnd();
    if (r < 0.55) {
      const changes: Array<[ModOp, string, string[]]> = [];
      const n = 1 + Math.floor(rnd() * 3);
      for (let i = 0; i < n; i++) {
        const t0 = rnd() < 0.7 && own.length > 0 ? pick(own) : pick(types);
        // now and then an option slapd does not know, or binary on a text type
        const t = rnd() < 0.05 ? `${t0};${pick(['x-foo', 'binary', 'lang-de', 'LANG-FR'])}` : t0;
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
      const step: Step & StepControls = { op: 'modify', dn: e.dn, changes };
      // controls: an assertion (RFC 4528) on a value the entry may hold, permissive modify,
      // pre- and post-read (RFC 4527)
      const c = rnd();
      if (c < 0.15) step.assertion = `(${pick(own)}=${escapeFilterValue(pick(pick([...e.attrs.values()])))})`;
      else if (c < 0.25) step.assertion = `(!(${pick(own)}=*))`;
      else if (c < 0.35) step.controls = ['1.2.840.113556.1.4.1413'];
      else if (c < 0.45) step.preRead = [pick(own), '1.1', '*'].slice(0, 1 + Math.floor(rnd() * 2));
      else if (c < 0.55) step.postRead = [pick(own), 'entryDN', '+'].slice(0, 1 + Math.floor(rnd() * 2));
      return step;
    }
    if (r < 0.7) {
      const cur = e.attrs.get(rdnAttr) ?? ['x'];
      const value = rnd() < 0.5 ? pick(cur) + 'z' : mutate(pick(cur));
      const step: Step = { op: 'moddn', dn: e.dn, newrdn: `${rdnAttr}=${value}`, deleteoldrdn: rnd() < 0.5 };
      // a third of them also move the entry, below any entry (itself and its subtree included)
      return withControls(rnd() < 0.33 ? { ...step, newSuperior: pick(entries).dn } : step);
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
      return withControls({ op: 'add', dn: `${rdnAttr}=${value},${parent}`, attributes });
    }
    return withControls({ op: 'delete', dn: e.dn });
  };
  return Array.from({ length: count }, step);
}
