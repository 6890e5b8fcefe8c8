import { utf8 } from '../util/index.js';

/**
 * UTF-8 bytes of a short string with a pure-JS ASCII path: TextEncoder's native call dominates
 * for the few-byte values the engine encodes per entry (RDN values, UUIDs, CSNs, timestamps).
 */
export function textBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) return utf8(s);
    out[i] = c;
  }
  return out;
}
