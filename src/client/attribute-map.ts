/**
 * A Map keyed by attribute description that finds keys case-insensitively (attribute names
 * are case-insensitive, RFC 4512 section 2.5) while keeping them as the server wrote them.
 * A Map, never a plain object: `__proto__` is a valid attribute name on the wire. The
 * lower-case index is built on the first lookup that misses, so entries that are only iterated
 * never pay for it.
 */
export class AttributeMap<V> extends Map<string, V> {
  #lower: Map<string, string> | undefined;

  constructor(entries?: Iterable<readonly [string, V]>) {
    super(); // Map's own constructor would call set() before the private field exists
    if (entries) for (const [k, v] of entries) this.set(k, v);
  }

  #index(): Map<string, string> {
    if (!this.#lower) {
      this.#lower = new Map();
      for (const k of super.keys()) this.#lower.set(k.toLowerCase(), k);
    }
    return this.#lower;
  }

  override set(key: string, value: V): this {
    if (super.has(key)) return super.set(key, value);
    const existing = this.#lower
      ? this.#lower.get(key.toLowerCase())
      : this.size > 0
        ? this.keyOf(key)
        : undefined;
    if (existing !== undefined) return super.set(existing, value);
    this.#lower?.set(key.toLowerCase(), key);
    return super.set(key, value);
  }

  override get(key: string): V | undefined {
    const direct = super.get(key);
    if (direct !== undefined || this.size === 0) return direct;
    const actual = this.#index().get(key.toLowerCase());
    return actual === undefined ? undefined : super.get(actual);
  }

  override has(key: string): boolean {
    return super.has(key) || (this.size > 0 && this.#index().has(key.toLowerCase()));
  }

  override delete(key: string): boolean {
    const actual = super.has(key) ? key : this.size > 0 ? this.#index().get(key.toLowerCase()) : undefined;
    if (actual === undefined) return false;
    this.#lower?.delete(actual.toLowerCase());
    return super.delete(actual);
  }

  override clear(): void {
    this.#lower = undefined;
    super.clear();
  }

  /** Append values under exactly `key` (decoder fast path: no case-insensitive lookup). */
  appendExact(key: string, values: readonly Uint8Array[]): void {
    const existing = super.get(key) as Uint8Array[] | undefined;
    if (existing) existing.push(...values);
    else {
      this.#lower?.set(key.toLowerCase(), key);
      super.set(key, values as unknown as V);
    }
  }

  /** The key as stored for `key` (the server's spelling), if present. */
  keyOf(key: string): string | undefined {
    if (super.has(key)) return key;
    return this.size > 0 ? this.#index().get(key.toLowerCase()) : undefined;
  }

  toJSON(): Record<string, V> {
    const out = Object.create(null) as Record<string, V>;
    for (const [k, v] of this) out[k] = v;
    return out;
  }
}
