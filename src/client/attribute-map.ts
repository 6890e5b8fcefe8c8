/**
 * A Map keyed by attribute description that finds keys case-insensitively (attribute names
 * are case-insensitive, RFC 4512 section 2.5) while keeping them as the server wrote them.
 * A Map, never a plain object: `__proto__` is a valid attribute name on the wire.
 */
export class AttributeMap<V> extends Map<string, V> {
  readonly #lower = new Map<string, string>();

  constructor(entries?: Iterable<readonly [string, V]>) {
    super(); // Map's own constructor would call set() before #lower exists
    if (entries) for (const [k, v] of entries) this.set(k, v);
  }

  override set(key: string, value: V): this {
    const lower = key.toLowerCase();
    const existing = this.#lower.get(lower);
    if (existing !== undefined && existing !== key) super.delete(existing);
    this.#lower.set(lower, key);
    return super.set(existing ?? key, value);
  }

  override get(key: string): V | undefined {
    const direct = super.get(key);
    if (direct !== undefined) return direct;
    const actual = this.#lower.get(key.toLowerCase());
    return actual === undefined ? undefined : super.get(actual);
  }

  override has(key: string): boolean {
    return super.has(key) || this.#lower.has(key.toLowerCase());
  }

  override delete(key: string): boolean {
    const actual = this.#lower.get(key.toLowerCase());
    if (actual === undefined) return false;
    this.#lower.delete(key.toLowerCase());
    return super.delete(actual);
  }

  override clear(): void {
    this.#lower.clear();
    super.clear();
  }

  /** The key as stored for `key` (the server's spelling), if present. */
  keyOf(key: string): string | undefined {
    return this.#lower.get(key.toLowerCase());
  }

  toJSON(): Record<string, V> {
    const out = Object.create(null) as Record<string, V>;
    for (const [k, v] of this) out[k] = v;
    return out;
  }
}
