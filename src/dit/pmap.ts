/**
 * A persistent (immutable, structurally shared) hash map: a hash array mapped trie (Bagwell)
 * with 32-way bitmap nodes. Every update returns a new map sharing all untouched nodes, so a
 * snapshot of the whole directory is one pointer copy: O(1) whatever the size.
 *
 * Bulk loading would copy a path of nodes per insert; an `Edit` token avoids that (Clojure's
 * transients): nodes created under the current token are mutated in place by later updates
 * under the same token. Whoever keeps a map beyond the current write (a snapshot, a paged
 * search) must first call `freeze()` on the owner so the token changes and nothing it can
 * see is ever mutated again.
 */

/** Ownership token for in-place updates; a fresh object after every freeze. */
export type Edit = { readonly token: true };
export const newEdit = (): Edit => ({ token: true });

type Key = string | number;

function hashString(s: string): number {
  // FNV-1a over UTF-16 code units, then a final avalanche (murmur3 fmix32).
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashNumber(n: number): number {
  let h = n | 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The 32-bit hash of a key (exported for tests that need colliding keys). */
export const hashOf = (k: Key): number => (typeof k === 'number' ? hashNumber(k) : hashString(k));

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
}

/** A leaf holds one binding; a collision node the bindings whose full 32-bit hashes are equal. */
interface Leaf<K, V> {
  readonly kind: 0;
  readonly hash: number;
  readonly key: K;
  val: V;
  edit: Edit | null;
}
interface Collision<K, V> {
  readonly kind: 2;
  readonly hash: number;
  keys: K[];
  vals: V[];
  edit: Edit | null;
}
interface Branch<K, V> {
  readonly kind: 1;
  bitmap: number;
  children: Array<Node<K, V>>;
  edit: Edit | null;
}
type Node<K, V> = Leaf<K, V> | Collision<K, V> | Branch<K, V>;
type Terminal<K, V> = Leaf<K, V> | Collision<K, V>;

const MAX_SHIFT = 30;

function makeBranch<K, V>(
  edit: Edit | null,
  a: Terminal<K, V>,
  b: Terminal<K, V>,
  shift: number,
): Node<K, V> {
  if (shift > MAX_SHIFT) throw new Error('pmap: unreachable hash depth');
  const ia = (a.hash >>> shift) & 31;
  const ib = (b.hash >>> shift) & 31;
  if (ia === ib) {
    return { kind: 1, bitmap: 1 << ia, children: [makeBranch(edit, a, b, shift + 5)], edit };
  }
  const children = ia < ib ? [a, b] : [b, a];
  return { kind: 1, bitmap: (1 << ia) | (1 << ib), children, edit };
}

export class PMap<K extends Key, V> {
  private constructor(
    private readonly root: Node<K, V> | null,
    readonly size: number,
  ) {}

  private static readonly EMPTY = new PMap<never, never>(null, 0);
  static empty<K extends Key, V>(): PMap<K, V> {
    return PMap.EMPTY as unknown as PMap<K, V>;
  }

  get(key: K): V | undefined {
    return this.getHashed(key, hashOf(key));
  }

  /** `get` with the key's `hashOf` already computed (a get then set of one key hashes once). */
  getHashed(key: K, h: number): V | undefined {
    let node = this.root;
    if (node === null) return undefined;
    let shift = 0;
    while (node.kind === 1) {
      const bit = 1 << ((h >>> shift) & 31);
      if ((node.bitmap & bit) === 0) return undefined;
      node = node.children[popcount(node.bitmap & (bit - 1))] as Node<K, V>;
      shift += 5;
    }
    if (node.hash !== h) return undefined;
    if (node.kind === 0) return node.key === key ? node.val : undefined;
    const i = node.keys.indexOf(key);
    return i < 0 ? undefined : node.vals[i];
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  /** A map with `key` bound to `value` (`value` must not be undefined). */
  set(key: K, value: V, edit: Edit | null = null): PMap<K, V> {
    return this.setHashed(key, hashOf(key), value, edit);
  }

  /** `set` with `h === hashOf(key)` already computed. */
  setHashed(key: K, h: number, value: V, edit: Edit | null = null): PMap<K, V> {
    if (this.root === null) return new PMap(newLeaf(edit, h, key, value), 1);
    // one shared flag instead of an object per call: setIn never re-enters set()
    setAdded = false;
    const root = setIn(this.root, edit, h, key, value, 0);
    const added = setAdded;
    if (root === this.root && !added) return this;
    return new PMap(root, this.size + (added ? 1 : 0));
  }

  delete(key: K, edit: Edit | null = null): PMap<K, V> {
    if (this.root === null) return this;
    const box = { removed: false };
    const root = deleteIn(this.root, edit, hashOf(key), key, 0, box);
    if (!box.removed) return this;
    return new PMap(root, this.size - 1);
  }

  *entries(): IterableIterator<[K, V]> {
    if (this.root === null) return;
    const stack: Array<Node<K, V>> = [this.root];
    while (stack.length > 0) {
      const node = stack.pop() as Node<K, V>;
      if (node.kind === 0) yield [node.key, node.val];
      else if (node.kind === 2) {
        for (let i = 0; i < node.keys.length; i++) yield [node.keys[i] as K, node.vals[i] as V];
      } else {
        for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Node<K, V>);
      }
    }
  }

  *keys(): IterableIterator<K> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): IterableIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  /** Visit every binding without allocating an iterator per element (hot path of scans). */
  forEach(fn: (value: V, key: K) => void): void {
    if (this.root !== null) visit(this.root, fn);
  }
}

function visit<K, V>(node: Node<K, V>, fn: (value: V, key: K) => void): void {
  if (node.kind === 0) fn(node.val, node.key);
  else if (node.kind === 2) {
    for (let i = 0; i < node.keys.length; i++) fn(node.vals[i] as V, node.keys[i] as K);
  } else {
    for (const c of node.children) visit(c, fn);
  }
}

function newLeaf<K, V>(edit: Edit | null, hash: number, key: K, val: V): Leaf<K, V> {
  return { kind: 0, hash, key, val, edit };
}

/** Whether the running setIn added a binding (reset by set() before each call). */
let setAdded = false;

const owned = (node: { edit: Edit | null }, edit: Edit | null): boolean =>
  edit !== null && node.edit === edit;

function setIn<K, V>(
  node: Node<K, V>,
  edit: Edit | null,
  h: number,
  key: K,
  value: V,
  shift: number,
): Node<K, V> {
  if (node.kind === 0) {
    if (node.hash === h) {
      if (node.key === key) {
        if (node.val === value) return node;
        if (owned(node, edit)) {
          node.val = value;
          return node;
        }
        return newLeaf(edit, h, key, value);
      }
      setAdded = true;
      return { kind: 2, hash: h, keys: [node.key, key], vals: [node.val, value], edit };
    }
    setAdded = true;
    return makeBranch(edit, node, newLeaf(edit, h, key, value), shift);
  }
  if (node.kind === 2) {
    if (node.hash !== h) {
      setAdded = true;
      return makeBranch(edit, node, newLeaf(edit, h, key, value), shift);
    }
    const i = node.keys.indexOf(key);
    if (i >= 0 && node.vals[i] === value) return node;
    const target = owned(node, edit)
      ? node
      : { ...node, keys: node.keys.slice(), vals: node.vals.slice(), edit };
    if (i >= 0) target.vals[i] = value;
    else {
      target.keys.push(key);
      target.vals.push(value);
      setAdded = true;
    }
    return target;
  }
  const bit = 1 << ((h >>> shift) & 31);
  const idx = popcount(node.bitmap & (bit - 1));
  if ((node.bitmap & bit) === 0) {
    setAdded = true;
    const leaf = newLeaf(edit, h, key, value);
    if (owned(node, edit)) {
      node.children.splice(idx, 0, leaf);
      node.bitmap |= bit;
      return node;
    }
    const children = node.children.slice();
    children.splice(idx, 0, leaf);
    return { kind: 1, bitmap: node.bitmap | bit, children, edit };
  }
  const child = node.children[idx] as Node<K, V>;
  const updated = setIn(child, edit, h, key, value, shift + 5);
  if (updated === child) return node;
  if (owned(node, edit)) {
    node.children[idx] = updated;
    return node;
  }
  const children = node.children.slice();
  children[idx] = updated;
  return { kind: 1, bitmap: node.bitmap, children, edit };
}

function deleteIn<K, V>(
  node: Node<K, V>,
  edit: Edit | null,
  h: number,
  key: K,
  shift: number,
  box: { removed: boolean },
): Node<K, V> | null {
  if (node.kind === 0) {
    if (node.hash !== h || node.key !== key) return node;
    box.removed = true;
    return null;
  }
  if (node.kind === 2) {
    if (node.hash !== h) return node;
    const i = node.keys.indexOf(key);
    if (i < 0) return node;
    box.removed = true;
    const keys = node.keys.slice();
    const vals = node.vals.slice();
    keys.splice(i, 1);
    vals.splice(i, 1);
    if (keys.length === 1) return newLeaf(edit, h, keys[0] as K, vals[0] as V);
    return { kind: 2, hash: h, keys, vals, edit };
  }
  const bit = 1 << ((h >>> shift) & 31);
  if ((node.bitmap & bit) === 0) return node;
  const idx = popcount(node.bitmap & (bit - 1));
  const child = node.children[idx] as Node<K, V>;
  const updated = deleteIn(child, edit, h, key, shift + 5, box);
  if (!box.removed) return node;
  if (updated === null) {
    if (node.children.length === 1) return null;
    // collapse a branch left with one terminal so lookups stay short
    if (node.children.length === 2) {
      const other = node.children[idx === 0 ? 1 : 0] as Node<K, V>;
      if (other.kind !== 1) return other;
    }
    const children = node.children.slice();
    children.splice(idx, 1);
    return { kind: 1, bitmap: node.bitmap & ~bit, children, edit };
  }
  if (updated.kind !== 1 && node.children.length === 1) return updated;
  if (owned(node, edit)) {
    node.children[idx] = updated;
    return node;
  }
  const children = node.children.slice();
  children[idx] = updated;
  return { kind: 1, bitmap: node.bitmap, children, edit };
}
