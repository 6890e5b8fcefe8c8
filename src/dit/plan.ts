/**
 * Candidate selection: which entries a search must evaluate. Equality items on indexed types
 * give their posting sets (and substring items the intersection of trigram postings, where
 * allowed); AND intersects starting from the smallest set, testing membership in the others
 * without materialising them; OR unites when every branch is indexed. Anything else falls back
 * to the scope (the parent/child tree). The candidates are a superset of the matches: each is
 * still evaluated against the filter.
 */
import type { Filter } from '../filter/index.js';
import { type IdSet, idSetHas, idSetToArray } from './id-set.js';
import { normKey, type SchemaView } from './schema-view.js';
import { type DitState, postings, trigrams } from './store.js';

/** A candidate set: its size, membership, and its ids in ascending order. */
interface Cand {
  readonly size: number;
  has(id: number): boolean;
  ids(): number[];
}

// the size only ranks sets for intersection: 32 per non-empty word is bound enough, and O(1)
const fromIdSet = (s: IdSet): Cand => ({
  size: s === undefined ? 0 : typeof s === 'number' ? 1 : s.size * 32,
  has: (id) => idSetHas(s, id),
  ids: () => idSetToArray(s),
});

function fromArray(ids: number[]): Cand {
  let set: Set<number> | undefined;
  return { size: ids.length, has: (id) => (set ??= new Set(ids)).has(id), ids: () => ids };
}

function unite(cands: Cand[]): Cand {
  if (cands.length === 1) return cands[0] as Cand;
  const out = new Set<number>();
  for (const c of cands) for (const id of c.ids()) out.add(id);
  return fromArray([...out].sort((a, b) => a - b));
}

function intersect(cands: Cand[]): Cand {
  if (cands.length === 1) return cands[0] as Cand;
  const sorted = [...cands].sort((a, b) => a.size - b.size);
  const [first, ...rest] = sorted as [Cand, ...Cand[]];
  return fromArray(first.ids().filter((id) => rest.every((c) => c.has(id))));
}

/** Sorted candidate ids, or undefined when the filter cannot use an index. */
export function indexedCandidates(
  view: SchemaView,
  indexed: ReadonlySet<string>,
  state: DitState,
  filter: Filter,
  /** Trigram-indexed types, when their candidates may be used (they come in id order). */
  substring: ReadonlySet<string> = new Set(),
): number[] | undefined {
  return plan(view, indexed, state, filter, substring)?.ids();
}

function plan(
  view: SchemaView,
  indexed: ReadonlySet<string>,
  state: DitState,
  f: Filter,
  substring: ReadonlySet<string>,
): Cand | undefined {
  switch (f.type) {
    case 'equalityMatch': {
      const d = view.describe(f.attribute);
      if (!d || d.options.length > 0) return undefined;
      const rule = view.equality(d.info);
      if (!rule) return undefined;
      const a = rule.normalizeAssertion ? rule.normalizeAssertion(f.value) : rule.normalize(f.value);
      if (a === undefined) return fromArray([]);
      const sets: Cand[] = [];
      for (const key of d.info.withSubtypes) {
        if (!indexed.has(key)) return undefined;
        const sub = view.type(key);
        if (!sub || view.equality(sub)?.oid !== rule.oid) return undefined;
        sets.push(fromIdSet(postings(state, key, normKey(a))));
      }
      return unite(sets);
    }
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
      const perType: Cand[] = [];
      for (const key of d.info.withSubtypes) {
        if (!substring.has(key) || view.type(key)?.equality?.oid !== rule.oid) return undefined;
        perType.push(intersect([...grams].map((g) => fromIdSet(postings(state, `${key}\u0002`, g)))));
      }
      return unite(perType);
    }
    case 'approxMatch': {
      // a type without an approximate rule is matched by equality (RFC 4511 4.5.1.7.6), and
      // slapd then uses its equality index: (objectClass~=posixAccount) comes in id order
      const d = view.describe(f.attribute);
      if (!d || (d.info.approx?.matches && d.info.approx.oid !== view.equality(d.info)?.oid))
        return undefined;
      return plan(
        view,
        indexed,
        state,
        { type: 'equalityMatch', attribute: f.attribute, value: f.value },
        substring,
      );
    }
    // presence: slapd's reference configuration has no presence index, so it scans the scope
    case 'and': {
      const planned: Cand[] = [];
      for (const sub of f.filters) {
        const p = plan(view, indexed, state, sub, substring);
        if (p !== undefined) planned.push(p);
      }
      return planned.length === 0 ? undefined : intersect(planned);
    }
    case 'or': {
      if (f.filters.length === 0) return fromArray([]);
      const all: Cand[] = [];
      for (const sub of f.filters) {
        const p = plan(view, indexed, state, sub, substring);
        if (p === undefined) return undefined;
        all.push(p);
      }
      return unite(all);
    }
    default:
      return undefined;
  }
}
