/**
 * Candidate selection: which entries a search must evaluate. Equality and presence items on
 * indexed types give their posting sets; AND intersects (the smallest set wins), OR unites
 * when every branch is indexed. Anything else falls back to the scope (the parent/child tree).
 * The candidates are a superset of the matches: each is still evaluated against the filter.
 */
import type { Filter } from '../filter/index.js';
import { type IdSet, idSetHas, idSetSize, idSetToArray } from './id-set.js';
import { normKey, type SchemaView } from './schema-view.js';
import { type DitState, trigrams } from './store.js';

/** Sorted candidate ids, or undefined when the filter cannot use an index. */
export function indexedCandidates(
  view: SchemaView,
  indexed: ReadonlySet<string>,
  state: DitState,
  filter: Filter,
  /** Trigram-indexed types, when their candidates may be used (they come in id order). */
  substring: ReadonlySet<string> = new Set(),
): number[] | undefined {
  return plan(view, indexed, state, filter, substring);
}

function plan(
  view: SchemaView,
  indexed: ReadonlySet<string>,
  state: DitState,
  f: Filter,
  substring: ReadonlySet<string>,
): number[] | undefined {
  switch (f.type) {
    case 'substrings': {
      const d = view.describe(f.attribute);
      if (!d || d.options.length > 0) return undefined;
      const rule = view.equality(d.info);
      if (!rule) return undefined;
      // trigrams of every part: a matching value contains all of them
      const grams = new Set<string>();
      for (const part of [f.initial, ...f.any, f.final]) {
        if (part === undefined) continue;
        const n = rule.normalize(part);
        if (typeof n !== 'string') return undefined;
        for (const g of trigrams(n)) grams.add(g);
      }
      if (grams.size === 0) return undefined;
      const out = new Set<number>();
      for (const key of d.info.withSubtypes) {
        if (!substring.has(key) || view.type(key)?.equality?.oid !== rule.oid) return undefined;
        let acc: number[] | undefined;
        for (const g of grams) {
          const ids = idSetToArray(state.eq.get(`${key}\u0002${g}`));
          if (acc === undefined) acc = ids;
          else {
            const have = new Set(ids);
            acc = acc.filter((id) => have.has(id));
          }
          if (acc.length === 0) break;
        }
        for (const id of acc ?? []) out.add(id);
      }
      return [...out].sort((a, b) => a - b);
    }
    case 'equalityMatch': {
      const d = view.describe(f.attribute);
      if (!d || d.options.length > 0) return undefined;
      const rule = view.equality(d.info);
      if (!rule) return undefined;
      const a = rule.normalizeAssertion ? rule.normalizeAssertion(f.value) : rule.normalize(f.value);
      if (a === undefined) return [];
      const sets: IdSet[] = [];
      for (const key of d.info.withSubtypes) {
        if (!indexed.has(key)) return undefined;
        const sub = view.type(key);
        if (!sub || view.equality(sub)?.oid !== rule.oid) return undefined;
        sets.push(state.eq.get(`${key}\u0001${normKey(a)}`));
      }
      return union(sets);
    }
    // presence: slapd's reference configuration has no presence index, so it scans the scope
    case 'and': {
      // plan every branch, intersect the smallest with membership tests on the others
      const planned: number[][] = [];
      for (const sub of f.filters) {
        const p = plan(view, indexed, state, sub, substring);
        if (p !== undefined) planned.push(p);
      }
      if (planned.length === 0) return undefined;
      planned.sort((a, b) => a.length - b.length);
      let acc = planned[0] as number[];
      for (let i = 1; i < planned.length && acc.length > 0; i++) {
        const other = new Set(planned[i]);
        acc = acc.filter((id) => other.has(id));
      }
      return acc;
    }
    case 'or': {
      if (f.filters.length === 0) return [];
      const all = new Set<number>();
      for (const sub of f.filters) {
        const p = plan(view, indexed, state, sub, substring);
        if (p === undefined) return undefined;
        for (const id of p) all.add(id);
      }
      return [...all].sort((a, b) => a - b);
    }
    default:
      return undefined;
  }
}

function union(sets: IdSet[]): number[] {
  if (sets.length === 1) return idSetToArray(sets[0]);
  const out = new Set<number>();
  for (const s of sets) for (const id of idSetToArray(s)) out.add(id);
  return [...out].sort((a, b) => a - b);
}

export { idSetHas, idSetSize };
