/**
 * Persistent sets of entry ids for the indexes and the parent/child tree. Ids are allocated in
 * insertion order, so a set is a persistent map from `id >>> 5` to a 32-bit word: dense runs of
 * ids (every `person`) cost one word per 32 entries, and iteration in id order (slapd's entry
 * order) only sorts the words. A set of one id is stored as the bare number.
 */
import { type Edit, PMap } from './pmap.js';

export type IdSet = number | PMap<number, number> | undefined;

export function idSetAdd(set: IdSet, id: number, edit: Edit | null): IdSet {
  if (set === undefined) return id;
  let map: PMap<number, number>;
  if (typeof set === 'number') {
    if (set === id) return set;
    map = PMap.empty<number, number>().set(set >>> 5, 1 << (set & 31), edit);
  } else map = set;
  const w = id >>> 5;
  const word = map.get(w) ?? 0;
  const next = (word | (1 << (id & 31))) >>> 0;
  return next === word ? map : map.set(w, next, edit);
}

/**
 * Add ascending ids (a bare number for one) in one pass: one map update per 32-id word
 * instead of one per id (the merge step of bulk loads).
 */
export function idSetAddSorted(set: IdSet, ids: number | readonly number[], edit: Edit | null): IdSet {
  if (typeof ids === 'number') return idSetAdd(set, ids, edit);
  let map: PMap<number, number>;
  if (set === undefined) map = PMap.empty<number, number>();
  else if (typeof set === 'number') map = PMap.empty<number, number>().set(set >>> 5, 1 << (set & 31), edit);
  else map = set;
  let i = 0;
  while (i < ids.length) {
    const w = (ids[i] as number) >>> 5;
    let bits = 0;
    for (; i < ids.length && (ids[i] as number) >>> 5 === w; i++) bits |= 1 << ((ids[i] as number) & 31);
    const word = map.get(w) ?? 0;
    const next = (word | bits) >>> 0;
    if (next !== word >>> 0) map = map.set(w, next, edit);
  }
  return map;
}

export function idSetDelete(set: IdSet, id: number, edit: Edit | null): IdSet {
  if (set === undefined) return undefined;
  if (typeof set === 'number') return set === id ? undefined : set;
  const w = id >>> 5;
  const word = set.get(w);
  if (word === undefined) return set;
  const next = (word & ~(1 << (id & 31))) >>> 0;
  if (next === word >>> 0) return set;
  const map = next === 0 ? set.delete(w, edit) : set.set(w, next, edit);
  if (map.size === 0) return undefined;
  return map;
}

export function idSetHas(set: IdSet, id: number): boolean {
  if (set === undefined) return false;
  if (typeof set === 'number') return set === id;
  const word = set.get(id >>> 5);
  return word !== undefined && (word & (1 << (id & 31))) !== 0;
}

export function idSetSize(set: IdSet): number {
  if (set === undefined) return 0;
  if (typeof set === 'number') return 1;
  let n = 0;
  set.forEach((word) => {
    let x = word >>> 0;
    while (x !== 0) {
      x &= x - 1;
      n++;
    }
  });
  return n;
}

/** The ids in ascending order. */
export function idSetToArray(set: IdSet): number[] {
  if (set === undefined) return [];
  if (typeof set === 'number') return [set];
  const words: number[] = [];
  set.forEach((_w, k) => words.push(k));
  words.sort((a, b) => a - b);
  const out: number[] = [];
  for (const k of words) {
    const word = (set.get(k) as number) >>> 0;
    for (let b = 0; b < 32; b++) if ((word & (1 << b)) !== 0) out.push(k * 32 + b);
  }
  return out;
}
