/**
 * Value bytes are carved out of shared 64 KiB slabs instead of one ArrayBuffer per value:
 * a parse of 100k entries makes about a million values, and a backing store each made the
 * garbage collector, not the parser, the bottleneck. Views are read-only by convention; a slab
 * lives as long as any value cut from it.
 */
const SLAB_SIZE = 64 * 1024;
const EMPTY = new Uint8Array(0);

export class Slab {
  private buf: Buffer = Buffer.allocUnsafeSlow(SLAB_SIZE);
  private off = 0;

  private room(max: number): Buffer | undefined {
    if (max > SLAB_SIZE / 4) return undefined;
    if (this.off + max > this.buf.length) {
      this.buf = Buffer.allocUnsafeSlow(SLAB_SIZE);
      this.off = 0;
    }
    return this.buf;
  }

  private cut(buf: Buffer, n: number): Uint8Array {
    const v = new Uint8Array(buf.buffer, buf.byteOffset + this.off, n);
    // Keep the next value 8-byte aligned; cheap and friendlier to typed-array consumers.
    this.off = (this.off + n + 7) & ~7;
    return v;
  }

  /** UTF-8 bytes of `text`. */
  utf8(text: string): Uint8Array {
    if (text.length === 0) return EMPTY;
    const buf = this.room(text.length * 3);
    if (buf === undefined) {
      const b = Buffer.from(text, 'utf8');
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    }
    return this.cut(buf, buf.write(text, this.off, 'utf8'));
  }

  /** Bytes of a validated base64 string. */
  base64(text: string): Uint8Array {
    if (text.length === 0) return EMPTY;
    const buf = this.room(Math.ceil(text.length / 4) * 3);
    if (buf === undefined) {
      const b = Buffer.from(text, 'base64');
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    }
    return this.cut(buf, buf.write(text, this.off, 'base64'));
  }
}
