/**
 * The stored form of an entry's attributes, built for memory: a million entries must fit in a
 * couple of gigabytes, and a JavaScript object, array or Uint8Array view per value costs more
 * than the value itself.
 *
 * - A `Shape` holds what entries loaded from the same template have in common: the storage keys,
 *   descriptions and display names of their attributes in order, and the attribute objects
 *   shared between entries (interned server values such as timestamps and creatorsName). Shapes
 *   are interned per store, so a hundred thousand entries of one objectClass share one.
 * - An entry's own values are packed in one byte run (`buf` from `start`): per own attribute
 *   a varint value count, then per value a varint length and the bytes.
 *
 * `get`/`values` build `Attribute` objects (views into the buffer) on demand; they are read-only
 * snapshots of the stored entry. Still a `ReadonlyMap` keyed by strings from the wire, never by
 * object properties.
 */
import type { Description } from './schema-view.js';
import type { Attribute } from './store.js';

export interface Shape {
  readonly keys: readonly string[];
  readonly descs: readonly Description[];
  readonly names: readonly string[];
  /** Attribute objects shared by many entries; undefined where the entry holds its own values. */
  readonly shared: ReadonlyArray<Attribute | undefined>;
}

interface ShapeNode {
  readonly next: Map<unknown, ShapeNode>;
  shape?: Shape;
}

const OWN = Symbol('own values');

/**
 * Interns shapes (one table per store: descriptions belong to one schema view). A trie keyed
 * by storage key, display name and shared attribute object, step by step: the strings are the
 * schema's own (their hashes are cached), so finding the shape of an entry builds nothing.
 */
export class ShapeTable {
  private root: ShapeNode = { next: new Map() };
  private nodes = 0;

  private step(node: ShapeNode, token: unknown): ShapeNode {
    let n = node.next.get(token);
    if (n === undefined) {
      n = { next: new Map() };
      node.next.set(token, n);
      this.nodes++;
    }
    return n;
  }

  shapeOf(attrs: ReadonlyMap<string, Attribute>, isShared: (a: Attribute) => boolean): Shape {
    // entries keep their shapes alive; the trie only serves to share them
    if (this.nodes > 50_000) {
      this.root = { next: new Map() };
      this.nodes = 0;
    }
    let node = this.root;
    for (const [k, a] of attrs) {
      node = this.step(this.step(this.step(node, k), a.name), isShared(a) ? a : OWN);
    }
    if (node.shape) return node.shape;
    const keys: string[] = [];
    const descs: Description[] = [];
    const names: string[] = [];
    const shared: Array<Attribute | undefined> = [];
    for (const [k, a] of attrs) {
      keys.push(k);
      descs.push(a.desc);
      names.push(a.name);
      shared.push(isShared(a) ? a : undefined);
    }
    node.shape = { keys, descs, names, shared };
    return node.shape;
  }
}

/** Bytes needed to pack the own values of `attrs` (those `shape` does not share). */
export function packedSize(shape: Shape, attrs: ReadonlyArray<Attribute>): number {
  let n = 0;
  for (let i = 0; i < attrs.length; i++) {
    if (shape.shared[i] !== undefined) continue;
    const values = (attrs[i] as Attribute).values;
    n += varintSize(values.length);
    for (const v of values) n += varintSize(v.length) + v.length;
  }
  return n;
}

/** Write the own values of `attrs` into `buf` at `start` (exactly `packedSize` bytes). */
export function pack(shape: Shape, attrs: ReadonlyArray<Attribute>, buf: Uint8Array, start: number): void {
  let off = start;
  for (let i = 0; i < attrs.length; i++) {
    if (shape.shared[i] !== undefined) continue;
    const values = (attrs[i] as Attribute).values;
    off = writeVarint(buf, off, values.length);
    for (const v of values) {
      off = writeVarint(buf, off, v.length);
      buf.set(v, off);
      off += v.length;
    }
  }
}

function varintSize(n: number): number {
  let s = 1;
  while (n >= 0x80) {
    n >>>= 7;
    s++;
  }
  return s;
}

function writeVarint(buf: Uint8Array, off: number, n: number): number {
  while (n >= 0x80) {
    buf[off++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  buf[off++] = n;
  return off;
}

/** The entry decoded last, with its attributes (a one-entry cache: decoded objects are immutable). */
const last: { owner: PackedAttrs | undefined; attrs: Attribute[] } = { owner: undefined, attrs: [] };

export class PackedAttrs implements ReadonlyMap<string, Attribute> {
  constructor(
    readonly shape: Shape,
    private readonly buf: Uint8Array,
    private readonly start: number,
  ) {}

  get size(): number {
    return this.shape.keys.length;
  }

  get(key: string): Attribute | undefined {
    const i = this.shape.keys.indexOf(key);
    if (i < 0) return undefined;
    return last.owner === this ? last.attrs[i] : this.at(i);
  }

  has(key: string): boolean {
    return this.shape.keys.includes(key);
  }

  /** The attribute at position `i` of the shape. */
  private at(i: number): Attribute {
    const shape = this.shape;
    const shared = shape.shared[i];
    if (shared !== undefined) return shared;
    // skip the own attributes before i
    const buf = this.buf;
    pos = this.start;
    let count = 0;
    for (let j = 0; ; j++) {
      if (shape.shared[j] !== undefined) continue;
      count = readVarint(buf);
      if (j === i) break;
      for (let v = 0; v < count; v++) {
        const len = readVarint(buf); // read before adding: `pos += f()` would use the old pos
        pos += len;
      }
    }
    return {
      desc: shape.descs[i] as Description,
      name: shape.names[i] as string,
      values: readValues(buf, count),
    };
  }

  /** Every attribute in order, decoding the buffer once. */
  private all(): Attribute[] {
    // a search reads the same entry several times in a row (filter, then attribute selection)
    if (last.owner === this) return last.attrs;
    const shape = this.shape;
    const buf = this.buf;
    pos = this.start;
    const out: Attribute[] = [];
    for (let i = 0; i < shape.keys.length; i++) {
      const shared = shape.shared[i];
      if (shared !== undefined) {
        out.push(shared);
        continue;
      }
      const values = readValues(buf, readVarint(buf));
      out.push({ desc: shape.descs[i] as Description, name: shape.names[i] as string, values });
    }
    last.owner = this;
    last.attrs = out;
    return out;
  }

  forEach(fn: (value: Attribute, key: string, map: ReadonlyMap<string, Attribute>) => void): void {
    const all = this.all();
    for (let i = 0; i < all.length; i++) fn(all[i] as Attribute, this.shape.keys[i] as string, this);
  }

  *entries(): MapIterator<[string, Attribute]> {
    const all = this.all();
    for (let i = 0; i < all.length; i++) yield [this.shape.keys[i] as string, all[i] as Attribute];
  }

  keys(): MapIterator<string> {
    return this.shape.keys.values();
  }

  values(): MapIterator<Attribute> {
    return this.all().values();
  }

  [Symbol.iterator](): MapIterator<[string, Attribute]> {
    return this.entries();
  }
}

/** Read cursor of `readVarint` (decoding is synchronous: one module-level cursor suffices). */
let pos = 0;
function readVarint(buf: Uint8Array): number {
  let b = buf[pos++] as number;
  if (b < 0x80) return b;
  let n = b & 0x7f;
  let scale = 0x80;
  for (;;) {
    b = buf[pos++] as number;
    n += (b & 0x7f) * scale;
    if (b < 0x80) return n;
    scale *= 0x80;
  }
}

function readValues(buf: Uint8Array, count: number): Uint8Array[] {
  const values: Uint8Array[] = [];
  for (let v = 0; v < count; v++) {
    const len = readVarint(buf);
    values.push(buf.subarray(pos, pos + len));
    pos += len;
  }
  return values;
}
