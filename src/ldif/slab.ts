/**
 * Decoded values are carved out of shared 64 KiB slabs instead of one ArrayBuffer per value:
 * a parse of 100k entries makes about a million values, and a backing store each made the
 * garbage collector, not the parser, the bottleneck. Views are read-only by convention; a slab
 * lives as long as any value cut from it.
 */
const SLAB_SIZE = 64 * 1024;
const EMPTY = new Uint8Array(0);

/** base64 alphabet (RFC 4648 section 4) to 6-bit values; 64 marks '=', 255 anything else. */
const DECODE = new Uint8Array(256).fill(255);
{
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < 64; i++) DECODE[A.charCodeAt(i)] = i;
  DECODE[61] = 64;
}

export class Slab {
  private buf = new Uint8Array(SLAB_SIZE);
  private off = 0;

  private take(n: number): Uint8Array {
    if (n > SLAB_SIZE / 4) return new Uint8Array(n);
    if (this.off + n > SLAB_SIZE) {
      this.buf = new Uint8Array(SLAB_SIZE);
      this.off = 0;
    }
    const v = this.buf.subarray(this.off, this.off + n);
    this.off += n;
    return v;
  }

  /**
   * Decode strict base64 (RFC 2849 BASE64-STRING: padded, no whitespace) from `src[start, end)`;
   * undefined when it is not valid base64.
   */
  base64(src: Uint8Array, start: number, end: number): Uint8Array | undefined {
    const len = end - start;
    if (len === 0) return EMPTY;
    if (len % 4 !== 0) return undefined;
    let pad = 0;
    if (src[end - 1] === 61) pad = src[end - 2] === 61 ? 2 : 1;
    const n = (len / 4) * 3 - pad;
    const out = this.take(n);
    let o = 0;
    const full = end - (pad > 0 ? 4 : 0);
    for (let i = start; i < full; i += 4) {
      const a = DECODE[src[i] as number] as number;
      const b = DECODE[src[i + 1] as number] as number;
      const c = DECODE[src[i + 2] as number] as number;
      const d = DECODE[src[i + 3] as number] as number;
      if ((a | b | c | d) >= 64) return undefined;
      out[o++] = (a << 2) | (b >> 4);
      out[o++] = ((b & 15) << 4) | (c >> 2);
      out[o++] = ((c & 3) << 6) | d;
    }
    if (pad > 0) {
      const a = DECODE[src[full] as number] as number;
      const b = DECODE[src[full + 1] as number] as number;
      const c = pad === 1 ? (DECODE[src[full + 2] as number] as number) : 0;
      if ((a | b | c) >= 64) return undefined;
      out[o++] = (a << 2) | (b >> 4);
      if (pad === 1) out[o++] = ((b & 15) << 4) | (c >> 2);
    }
    return out;
  }
}
