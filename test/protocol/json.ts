/**
 * JSON form of codec values for the vector files: bytes are `{"hex": "..."}` (or
 * `{"utf8": "..."}` for readability), big integers `{"bigint": "..."}`. `toJson` always
 * writes hex, so decoded values compare with `deepEqual` after normalising both sides.
 */
import { fromHex, toHex, utf8 } from '../../src/util/index.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function fromJson(v: unknown): any {
  if (Array.isArray(v)) return v.map(fromJson);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1) {
      if (typeof o.hex === 'string') {
        const b = fromHex(o.hex.replace(/\s+/g, ''));
        if (!b) throw new Error(`bad hex in fixture: ${o.hex}`);
        return b;
      }
      if (typeof o.utf8 === 'string') return utf8(o.utf8);
      if (typeof o.bigint === 'string') return BigInt(o.bigint);
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = fromJson(o[k]);
    return out;
  }
  return v;
}

export function toJson(v: unknown): Json {
  if (v instanceof Uint8Array) return { hex: toHex(v) };
  if (typeof v === 'bigint') return { bigint: v.toString() };
  if (Array.isArray(v)) return v.map(toJson);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toJson(x);
    return out;
  }
  return v as Json;
}

/** Hex with spaces/newlines allowed in fixtures. */
export function hex(s: string): Uint8Array {
  const b = fromHex(s.replace(/\s+/g, ''));
  if (!b) throw new Error(`bad hex in fixture: ${s}`);
  return b;
}

/** Cut positions to try: all of them for ordinary PDUs, a sample for the huge ones. */
export function cuts(n: number): number[] {
  if (n <= 2048) return [...Array(n).keys()];
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (i < 64 || i > n - 64 || i % 997 === 0) out.push(i);
  return out;
}

export { toHex };
