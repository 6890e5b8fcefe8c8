/**
 * A compact, read-only map from attribute storage keys to attributes, for stored entries: two
 * parallel arrays instead of a hash table (an entry has a handful of attributes; a linear scan
 * beats hashing and costs a quarter of the memory of a `Map`). It is still keyed by strings
 * from the wire without ever touching object properties.
 */
import type { Attribute } from './store.js';

export class AttrMap implements ReadonlyMap<string, Attribute> {
  private readonly keyList: string[];
  private readonly valueList: Attribute[];

  constructor(source: Iterable<readonly [string, Attribute]>) {
    this.keyList = [];
    this.valueList = [];
    for (const [k, v] of source) {
      this.keyList.push(k);
      this.valueList.push(v);
    }
  }

  get size(): number {
    return this.keyList.length;
  }

  get(key: string): Attribute | undefined {
    const i = this.keyList.indexOf(key);
    return i < 0 ? undefined : this.valueList[i];
  }

  has(key: string): boolean {
    return this.keyList.includes(key);
  }

  forEach(fn: (value: Attribute, key: string, map: ReadonlyMap<string, Attribute>) => void): void {
    for (let i = 0; i < this.keyList.length; i++)
      fn(this.valueList[i] as Attribute, this.keyList[i] as string, this);
  }

  *entries(): MapIterator<[string, Attribute]> {
    for (let i = 0; i < this.keyList.length; i++)
      yield [this.keyList[i] as string, this.valueList[i] as Attribute];
  }

  keys(): MapIterator<string> {
    return this.keyList.values();
  }

  values(): MapIterator<Attribute> {
    return this.valueList.values();
  }

  [Symbol.iterator](): MapIterator<[string, Attribute]> {
    return this.entries();
  }
}
