/**
 * Index postings of a bulk load kept on the side: per index name, key to the ids (ascending,
 * a bare number while there is one). Appending to plain maps and merging whole id runs at once
 * (one persistent-map update per 32-id word) costs a fraction of one persistent update per
 * posting. The Store merges them before anything reads or rewrites its indexes.
 */
import { type IdSet, idSetAddSorted } from './id-set.js';
import { type Edit, hashOf, PMap } from './pmap.js';

type Postings = Map<string, number | number[]>;

/** Record `id` under `key` (ids come in ascending order: a repeat is always the last one). */
export function post(m: Postings, key: string, id: number): void {
  const ids = m.get(key);
  if (ids === undefined) m.set(key, id);
  else if (typeof ids === 'number') {
    if (ids !== id) m.set(key, [ids, id]);
  } else if (ids[ids.length - 1] !== id) ids.push(id);
}

export class PendingPostings {
  private readonly byIndex = new Map<string, Postings>();
  private readonly pres: Postings = new Map();
  /** Entries recorded since the last merge. */
  entries = 0;

  /** The postings of one equality (or trigram) index. */
  index(name: string): Postings {
    let m = this.byIndex.get(name);
    if (!m) this.byIndex.set(name, (m = new Map()));
    return m;
  }

  /** The entry holds the type (presence index). */
  presence(typeKey: string, id: number): void {
    post(this.pres, typeKey, id);
  }

  /** The indexes with every recorded posting added (nodes owned by `edit` updated in place). */
  mergeInto(
    eq: PMap<string, PMap<string, IdSet>>,
    pres: PMap<string, IdSet>,
    edit: Edit,
  ): { eq: PMap<string, PMap<string, IdSet>>; pres: PMap<string, IdSet> } {
    for (const [key, ids] of this.pres) {
      const h = hashOf(key);
      const had = pres.getHashed(key, h);
      const next = idSetAddSorted(had, ids, edit) as IdSet;
      if (next !== had) pres = pres.setHashed(key, h, next, edit);
    }
    for (const [index, byKey] of this.byIndex) {
      const hi = hashOf(index);
      const before = eq.getHashed(index, hi) ?? PMap.empty<string, IdSet>();
      let map = before;
      for (const [key, ids] of byKey) {
        const h = hashOf(key);
        const had = map.getHashed(key, h);
        const next = idSetAddSorted(had, ids, edit) as IdSet;
        if (next !== had) map = map.setHashed(key, h, next, edit);
      }
      if (map !== before) eq = eq.setHashed(index, hi, map, edit);
    }
    return { eq, pres };
  }
}
