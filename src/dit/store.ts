/**
 * The entry store: entries by id and by normalised DN, the parent/child tree, and the equality
 * and presence indexes, all in persistent maps. The whole state is one immutable `DitState`
 * value; a snapshot is a reference to it (O(1)), and a search keeps the state it started on.
 *
 * Writes are validated completely before the store is touched (operations compute the new
 * entries first), so an update never has to be rolled back half way.
 */
import { type Edit, hashOf, newEdit, PMap } from './pmap.js';
import { type IdSet, idSetAdd, idSetDelete } from './id-set.js';
import { PendingPostings, post } from './pending-postings.js';
import { pack, PackedAttrs, packedSize, ShapeTable } from './attr-map.js';
import { type Description, type Normalized, normKey, type SchemaView } from './schema-view.js';

/** One attribute of an entry: a type with its options and its values (bytes, never text). */
export interface Attribute {
  readonly desc: Description;
  /** The description as returned to clients: the type name plus options as first written. */
  readonly name: string;
  readonly values: readonly Uint8Array[];
  /** Equality-normalised index keys of `values`, computed once (null: not valid for the rule). */
  norms?: Array<string | null>;
  /** Keys equality filters match (normalised values, superclasses for objectClass), computed once. */
  keys?: string[];
}

export interface Entry {
  /** Allocation order; slapd returns entries in entry-id order and so do we. */
  readonly id: number;
  /** The DN as added (escaped RFC 4514 form). */
  readonly dn: string;
  /** Normalised DN: schema-normalised AVA values, sorted AVAs; the store key. */
  readonly ndn: string;
  /** Parent entry id; 0 for a naming context (no superior in this DIT). */
  readonly parentId: number;
  readonly attrs: ReadonlyMap<string, Attribute>;
}

export interface DitState {
  readonly byId: PMap<number, Entry>;
  readonly byDn: PMap<string, number>;
  /** Child ids per parent id; key 0 holds the naming contexts. */
  readonly children: PMap<number, IdSet>;
  /**
   * Equality indexes by type key (trigram indexes by `typeKey \u0002`), each from the normalised
   * value (or trigram) to ids. The inner keys are the very strings cached on the attributes.
   */
  readonly eq: PMap<string, PMap<string, IdSet>>;
  /** Presence index: `typeKey` to ids. */
  readonly pres: PMap<string, IdSet>;
  readonly nextId: number;
}

export const EMPTY_STATE: DitState = {
  byId: PMap.empty(),
  byDn: PMap.empty(),
  children: PMap.empty(),
  eq: PMap.empty(),
  pres: PMap.empty(),
  nextId: 1,
};

/**
 * The attribute types whose equality index searches use unless the caller chooses others: the
 * same as the reference slapd configuration (`index objectClass eq`, `index cn,sn,uid,mail
 * eq,sub`), because which candidates come from an index decides slapd's result order.
 */
export const DEFAULT_INDEXED = ['objectClass', 'cn', 'sn', 'uid', 'mail'];

/** Always indexed, for memberOf and referential integrity (not used to plan searches). */
export const INTERNAL_INDEXED = ['member', 'uniqueMember', 'ref'];

/** Normalised-value cache of an attribute under its equality rule (computed lazily, once). */
export function attributeNorms(attr: Attribute, view: SchemaView): Array<string | null> {
  if (attr.norms) return attr.norms;
  const rule = view.equality(attr.desc.info);
  const norms = attr.values.map((v) => {
    if (rule === undefined) return null;
    const n: Normalized | undefined = rule.normalize(v);
    return n === undefined ? null : normKey(n);
  });
  attr.norms = norms;
  return norms;
}

/**
 * The keys an attribute matches under equality filters: its normalised values, and for
 * objectClass also every superclass of each value, as slapd matches `(objectClass=person)` on
 * an inetOrgPerson entry (RFC 4512 section 2.4.1: an entry belongs to the superclasses).
 */
export function equalityKeys(attr: Attribute, view: SchemaView): string[] {
  if (attr.keys) return attr.keys;
  attr.keys = computeKeys(attr, view);
  return attr.keys;
}

function computeKeys(attr: Attribute, view: SchemaView): string[] {
  const norms = attributeNorms(attr, view);
  // slapd matches structuralObjectClass by class inheritance too (its structuralObjectClassMatch
  // is objectClassMatch): (structuralObjectClass=person) finds inetOrgPerson entries
  const isClass = CLASS_VALUED.has(attr.desc.info.key) && view.checking;
  // the common case shares the norms array itself
  if (!isClass && !norms.includes(null)) return norms as string[];
  const out: string[] = [];
  for (const n of norms) if (n !== null) out.push(n);
  if (!isClass) return out;
  // the same class lists repeat entry after entry: share the computed key list
  const cacheKey = out.join('\u0000');
  let byView = classKeyCache.get(view);
  if (!byView) classKeyCache.set(view, (byView = new Map()));
  const hit = byView.get(cacheKey);
  if (hit) return hit;
  const rule = view.equality(attr.desc.info);
  const seen = new Set(out);
  const visit = (name: string) => {
    const c = view.objectClass(name);
    if (!c) return;
    for (const sup of c.sup) {
      const n = rule?.normalize(new TextEncoder().encode(sup.name));
      if (n === undefined) continue;
      const k = normKey(n);
      if (!seen.has(k)) {
        seen.add(k);
        out.push(k);
      }
      visit(sup.name);
    }
  };
  for (const v of attr.values) visit(new TextDecoder().decode(v));
  if (byView.size < 1000) byView.set(cacheKey, out);
  return out;
}

/** Attribute types whose values are object classes, matched with their superclasses. */
export const CLASS_VALUED: ReadonlySet<string> = new Set(['objectclass', 'structuralobjectclass']);

const classKeyCache = new WeakMap<SchemaView, Map<string, string[]>>();

// During bulk loads entry buffers are carved from shared slabs (an ArrayBuffer of its own per
// entry costs a few hundred bytes of bookkeeping). A slab lives as long as one of its entries
// does, so later writes, which would strand old copies in slabs, get buffers of their own.
const SLAB = 256 * 1024;
let slab = new Uint8Array(0);
let slabUsed = 0;

/**
 * The stored form of an entry: its attributes as `PackedAttrs` (an interned shape plus the own
 * values packed in one byte run; see attr-map.ts). Already packed entries are kept as they are.
 */
export function compact(
  entry: Entry,
  shapes: ShapeTable,
  shared: (a: Attribute) => boolean = (a) => a.desc.info.operational,
  bulk = false,
): Entry {
  if (entry.attrs instanceof PackedAttrs) return entry;
  const shape = shapes.shapeOf(entry.attrs, shared);
  const list = [...entry.attrs.values()];
  const n = packedSize(shape, list);
  let buf: Uint8Array;
  let start = 0;
  if (bulk && n <= SLAB / 4) {
    if (slabUsed + n > slab.length) {
      slab = new Uint8Array(SLAB);
      slabUsed = 0;
    }
    buf = slab;
    start = slabUsed;
    slabUsed += n;
  } else buf = new Uint8Array(n);
  pack(shape, list, buf, start);
  return {
    id: entry.id,
    dn: entry.dn,
    ndn: entry.ndn,
    parentId: entry.parentId,
    attrs: new PackedAttrs(shape, buf, start),
  };
}

/**
 * Equality rules whose normalised values can stand in for substring matching: the string rules,
 * whose substring preparation (RFC 4518 section 2.6) agrees with the equality one inside a value.
 */
export const TRIGRAM_RULES = new Set([
  '2.5.13.2', // caseIgnoreMatch
  '2.5.13.5', // caseExactMatch
  '1.3.6.1.4.1.1466.109.114.1', // caseExactIA5Match
  '1.3.6.1.4.1.1466.109.114.2', // caseIgnoreIA5Match
]);

/** The distinct three-character windows of a string (none when shorter). */
export function trigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 3 <= s.length; i++) out.add(s.slice(i, i + 3));
  return out;
}

/** The ids under one key of one index (`index`: a type key, or `typeKey \u0002` for trigrams). */
export function postings(state: DitState, index: string, value: string): IdSet {
  return state.eq.get(index)?.get(value);
}

export class Store {
  private current: DitState = EMPTY_STATE;
  private edit: Edit = newEdit();
  /** Every maintained index (type keys). */
  readonly indexed: Set<string>;
  /** The indexes searches plan with. */
  readonly plannable: Set<string>;
  /** Set while fixtures load: entry buffers come from shared slabs. */
  bulk = false;
  /** Attributes shared between entries (interned server values): never copied into an entry's buffer. */
  shared: (a: Attribute) => boolean = (a) => a.desc.info.operational;
  /** Types with a trigram substring index (also equality-indexed). */
  readonly substring: Set<string>;
  /** Interned attribute shapes of the stored entries. */
  private readonly shapes = new ShapeTable();

  constructor(
    readonly view: SchemaView,
    indexed: readonly string[] = DEFAULT_INDEXED,
    substring: readonly string[] = [],
  ) {
    this.indexed = new Set();
    this.plannable = new Set();
    this.substring = new Set();
    for (const name of [...indexed, ...substring, ...INTERNAL_INDEXED]) {
      const info = view.type(name);
      if (!info) continue;
      this.indexed.add(info.key);
      if (indexed.includes(name) || substring.includes(name)) this.plannable.add(info.key);
      if (substring.includes(name) && info.equality && TRIGRAM_RULES.has(info.equality.oid))
        this.substring.add(info.key);
    }
  }

  /** The whole state, indexes included (postings of a bulk load are merged first). */
  get state(): DitState {
    if (this.pending) this.flushPending();
    return this.current;
  }

  /** Entries stored: the index postings of a bulk load may still be pending. */
  get size(): number {
    return this.current.byId.size;
  }

  /** Make the current state safe to keep: later writes copy instead of mutating shared nodes. */
  freeze(): DitState {
    if (this.pending) this.flushPending();
    this.edit = newEdit();
    return this.current;
  }

  /** Replace the whole state (restore of a snapshot): O(1). */
  replace(state: DitState): void {
    // postings still pending belong to entries of the state being dropped
    this.pending = undefined;
    this.edit = newEdit();
    this.current = state;
  }

  /**
   * Index postings of bulk-added entries not yet merged into `current` (pending-postings.ts).
   * Everything that reads or rewrites indexes merges them first (`state`, `freeze`, updates
   * and removals of existing entries); byId, byDn and children are never deferred.
   */
  private pending: PendingPostings | undefined;
  /** Merge after this many bulk entries, so that a million-entry load keeps little on the side. */
  static pendingMax = 65536;

  private flushPending(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    const { eq, pres } = pending.mergeInto(this.current.eq, this.current.pres, this.edit);
    this.current = { ...this.current, eq, pres };
  }

  allocateId(): number {
    const id = this.current.nextId;
    this.current = { ...this.current, nextId: id + 1 };
    return id;
  }

  get(id: number): Entry | undefined {
    return this.current.byId.get(id);
  }

  getByDn(ndn: string): Entry | undefined {
    const id = this.current.byDn.get(ndn);
    return id === undefined ? undefined : this.current.byId.get(id);
  }

  /** Insert a new entry or replace the entry with the same id (DN and attributes may change). */
  put(input: Entry): void {
    const entry = compact(input, this.shapes, this.shared, this.bulk);
    const old = this.current.byId.get(entry.id);
    const deferred = this.bulk && old === undefined;
    // index keys from the input: its attributes may already carry their normalised values.
    // Deferring may merge the pending postings into `current`: read `current` after it.
    if (deferred) this.defer(input);
    else if (this.pending) this.flushPending();
    const e = this.edit;
    let { byId, byDn, children, eq, pres } = this.current;
    if (!deferred) ({ eq, pres } = this.reindex(old, input, eq, pres));
    if (old) {
      if (old.ndn !== entry.ndn) byDn = byDn.delete(old.ndn, e);
      if (old.parentId !== entry.parentId) {
        const left = idSetDelete(children.get(old.parentId), old.id, e);
        children =
          left === undefined ? children.delete(old.parentId, e) : children.set(old.parentId, left, e);
      }
    }
    byId = byId.set(entry.id, entry, e);
    byDn = byDn.set(entry.ndn, entry.id, e);
    if (!old || old.parentId !== entry.parentId) {
      const siblings = children.get(entry.parentId);
      const next = idSetAdd(siblings, entry.id, e) as IdSet;
      if (next !== siblings) children = children.set(entry.parentId, next, e);
    }
    this.current = { ...this.current, byId, byDn, children, eq, pres };
  }

  remove(entry: Entry): void {
    if (this.pending) this.flushPending();
    const e = this.edit;
    let { byId, byDn, children, eq, pres } = this.current;
    ({ eq, pres } = this.reindex(entry, undefined, eq, pres));
    byId = byId.delete(entry.id, e);
    byDn = byDn.delete(entry.ndn, e);
    const left = idSetDelete(children.get(entry.parentId), entry.id, e);
    children =
      left === undefined ? children.delete(entry.parentId, e) : children.set(entry.parentId, left, e);
    this.current = { ...this.current, byId, byDn, children, eq, pres };
  }

  /** Index keys of an entry: presence keys are type keys; equality keys by index name. */
  private keysOf(entry: Entry | undefined): { pres: Set<string>; eq: Map<string, Set<string>> } {
    const pres = new Set<string>();
    const eq = new Map<string, Set<string>>();
    if (entry === undefined) return { pres, eq };
    const into = (index: string): Set<string> => {
      let set = eq.get(index);
      if (!set) eq.set(index, (set = new Set()));
      return set;
    };
    for (const attr of entry.attrs.values()) {
      const key = attr.desc.info.key;
      if (!this.indexed.has(key)) continue;
      pres.add(key);
      const values = into(key);
      for (const n of equalityKeys(attr, this.view)) values.add(n);
      if (this.substring.has(key)) {
        const grams = into(`${key}\u0002`);
        for (const n of attributeNorms(attr, this.view))
          if (n !== null) for (const g of trigrams(n)) grams.add(g);
      }
    }
    return { pres, eq };
  }

  /**
   * Index a new entry of a bulk load: its postings are appended to `pending`. A key met twice
   * (`cn` and `cn;lang-en` with one value) is recorded once: ids arrive in ascending order, so a
   * repeat is always the last id of its list.
   */
  private defer(entry: Entry): void {
    const pending = (this.pending ??= new PendingPostings());
    const id = entry.id;
    for (const attr of entry.attrs.values()) {
      const key = attr.desc.info.key;
      if (!this.indexed.has(key)) continue;
      pending.presence(key, id);
      const eqKeys = pending.index(key);
      for (const n of equalityKeys(attr, this.view)) post(eqKeys, n, id);
      if (this.substring.has(key)) {
        const grams = pending.index(`${key}\u0002`);
        for (const n of attributeNorms(attr, this.view))
          if (n !== null) for (const g of trigrams(n)) post(grams, g, id);
      }
    }
    if (++pending.entries >= Store.pendingMax) this.flushPending();
  }

  /** Index a new entry directly into the persistent indexes. */
  private insertKeys(entry: Entry, eq: DitState['eq'], pres: DitState['pres']) {
    const e = this.edit;
    const id = entry.id;
    for (const attr of entry.attrs.values()) {
      const key = attr.desc.info.key;
      if (!this.indexed.has(key)) continue;
      // a posting updated in place (owned by the current edit) needs no set() walk
      const hk = hashOf(key);
      const had = pres.getHashed(key, hk);
      const posting = idSetAdd(had, id, e) as IdSet;
      if (posting !== had) pres = pres.setHashed(key, hk, posting, e);
      const before = eq.getHashed(key, hk) ?? PMap.empty<string, IdSet>();
      let map = before;
      for (const n of equalityKeys(attr, this.view)) {
        const hn = hashOf(n);
        const old = map.getHashed(n, hn);
        const next = idSetAdd(old, id, e) as IdSet;
        if (next !== old) map = map.setHashed(n, hn, next, e);
      }
      if (map !== before) eq = eq.setHashed(key, hk, map, e);
      if (this.substring.has(key)) {
        const index = `${key}\u0002`;
        const gramsBefore = eq.get(index) ?? PMap.empty<string, IdSet>();
        let grams = gramsBefore;
        for (const n of attributeNorms(attr, this.view))
          if (n !== null)
            for (const g of trigrams(n)) grams = grams.set(g, idSetAdd(grams.get(g), id, e) as IdSet, e);
        if (grams !== gramsBefore) eq = eq.set(index, grams, e);
      }
    }
    return { eq, pres };
  }

  /** Move the entry's index postings from what `old` had to what `next` has. */
  private reindex(
    old: Entry | undefined,
    next: Entry | undefined,
    eq: DitState['eq'],
    pres: DitState['pres'],
  ) {
    const e = this.edit;
    if (old === undefined && next !== undefined) return this.insertKeys(next, eq, pres);
    const a = this.keysOf(old);
    const b = this.keysOf(next);
    const sameId = old !== undefined && next !== undefined && old.id === next.id;
    const none = new Set<string>();
    const drop = (map: PMap<string, IdSet>, keys: Set<string>, keep: Set<string>, id: number) => {
      for (const k of keys) {
        if (sameId && keep.has(k)) continue;
        const s = idSetDelete(map.get(k), id, e);
        map = s === undefined ? map.delete(k, e) : map.set(k, s, e);
      }
      return map;
    };
    const add = (map: PMap<string, IdSet>, keys: Set<string>, had: Set<string>, id: number) => {
      for (const k of keys) {
        if (sameId && had.has(k)) continue;
        map = map.set(k, idSetAdd(map.get(k), id, e) as IdSet, e);
      }
      return map;
    };
    const update = (index: string, fn: (m: PMap<string, IdSet>) => PMap<string, IdSet>) => {
      const before = eq.get(index) ?? PMap.empty<string, IdSet>();
      const after = fn(before);
      if (after !== before) eq = after.size === 0 ? eq.delete(index, e) : eq.set(index, after, e);
    };
    if (old) {
      for (const [index, keys] of a.eq) update(index, (m) => drop(m, keys, b.eq.get(index) ?? none, old.id));
      pres = drop(pres, a.pres, b.pres, old.id);
    }
    if (next) {
      for (const [index, keys] of b.eq) update(index, (m) => add(m, keys, a.eq.get(index) ?? none, next.id));
      pres = add(pres, b.pres, a.pres, next.id);
    }
    return { eq, pres };
  }
}
