/**
 * BER writer: one growing buffer, definite lengths (RFC 4511 section 5.1), minimal length and
 * INTEGER encodings (what every LDAP peer sends). Constructed elements reserve one length
 * octet and are back-patched by `endSequence`; when the contents turn out to need the long
 * form the contents are moved up in place (`copyWithin`), so no element allocates.
 */
import { copyBytes } from './alloc.js';
import { Tag } from './tags.js';

const encoder = new TextEncoder();
const INT31 = 0x7fffffff;

export class BerWriter {
  private buf: Uint8Array;
  /** Offset of the next byte to write (= bytes written so far). */
  pos = 0;
  private readonly starts: number[] = [];

  constructor(initialSize = 1024) {
    this.buf = new Uint8Array(Math.max(16, initialSize));
  }

  /** Forget everything written (keeps the buffer). */
  reset(): void {
    this.pos = 0;
    this.starts.length = 0;
  }

  /**
   * A copy of the bytes written (pooled memory for small outputs, see alloc.ts). Throws when a
   * sequence is still open.
   */
  toBytes(): Uint8Array {
    if (this.starts.length !== 0) throw new Error('BerWriter: unclosed sequence');
    return copyBytes(this.buf, 0, this.pos);
  }

  /** Size of the internal buffer (it only grows; reset() keeps it). */
  get capacity(): number {
    return this.buf.length;
  }

  private ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** Identifier octets; see tags.ts for the number form of multi-byte tags. */
  writeTag(tag: number): void {
    if (tag < 256) {
      this.ensure(1);
      this.buf[this.pos++] = tag;
      return;
    }
    const bits = tag % 256;
    let n = Math.floor(tag / 256);
    const digits: number[] = [];
    do {
      digits.push(n & 0x7f);
      n = Math.floor(n / 128);
    } while (n > 0);
    this.ensure(1 + digits.length);
    this.buf[this.pos++] = bits | 0x1f;
    for (let i = digits.length - 1; i >= 0; i--)
      this.buf[this.pos++] = (digits[i] as number) | (i > 0 ? 0x80 : 0);
  }

  /** Definite length, short form below 128, minimal long form above (X.690 section 8.1.3). */
  writeLength(len: number): void {
    this.ensure(5);
    const buf = this.buf;
    if (len < 0x80) {
      buf[this.pos++] = len;
    } else if (len < 0x100) {
      buf[this.pos++] = 0x81;
      buf[this.pos++] = len;
    } else if (len < 0x10000) {
      buf[this.pos++] = 0x82;
      buf[this.pos++] = len >>> 8;
      buf[this.pos++] = len & 0xff;
    } else if (len < 0x1000000) {
      buf[this.pos++] = 0x83;
      buf[this.pos++] = len >>> 16;
      buf[this.pos++] = (len >>> 8) & 0xff;
      buf[this.pos++] = len & 0xff;
    } else {
      buf[this.pos++] = 0x84;
      buf[this.pos++] = len >>> 24;
      buf[this.pos++] = (len >>> 16) & 0xff;
      buf[this.pos++] = (len >>> 8) & 0xff;
      buf[this.pos++] = len & 0xff;
    }
  }

  /** Open a constructed element; close it with `endSequence`. */
  startSequence(tag: number = Tag.sequence): void {
    this.writeTag(tag);
    this.ensure(1);
    this.starts.push(this.pos);
    this.pos++;
  }

  /** Close the element last opened and back-patch its length. */
  endSequence(): void {
    const start = this.starts.pop();
    if (start === undefined) throw new Error('BerWriter: endSequence() without startSequence()');
    this.patch(start);
  }

  /** Write the length of the contents that follow the reserved octet at `at`. */
  private patch(at: number): void {
    const len = this.pos - at - 1;
    if (len < 0x80) {
      this.buf[at] = len;
      return;
    }
    const extra = len < 0x100 ? 1 : len < 0x10000 ? 2 : len < 0x1000000 ? 3 : 4;
    this.ensure(extra);
    const buf = this.buf;
    buf.copyWithin(at + 1 + extra, at + 1, this.pos);
    this.pos += extra;
    buf[at] = 0x80 | extra;
    for (let i = extra; i >= 1; i--) {
      buf[at + i] = len >>> ((extra - i) * 8);
    }
  }

  /** OCTET STRING (or any primitive tag) with the given contents. */
  writeOctetString(bytes: Uint8Array, tag: number = Tag.octetString): void {
    this.writeTag(tag);
    this.writeLength(bytes.length);
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** OCTET STRING holding `text` as UTF-8, encoded straight into the buffer. */
  writeString(text: string, tag: number = Tag.octetString): void {
    this.writeTag(tag);
    const n = text.length;
    this.ensure(n * 3 + 1);
    const at = this.pos++;
    const buf = this.buf;
    let p = this.pos;
    let i = 0;
    if (n <= 256) {
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c >= 0x80) break;
        buf[p++] = c;
      }
    }
    if (i < n) {
      const r = encoder.encodeInto(i === 0 ? text : text.slice(i), buf.subarray(p));
      p += r.written;
    }
    this.pos = p;
    this.patch(at);
  }

  /** Pre-encoded bytes, copied as they are (a whole TLV, or contents). */
  writeRaw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** BOOLEAN: TRUE is encoded 0xFF (X.690 section 11.1, what LDAP peers send). */
  writeBoolean(value: boolean, tag: number = Tag.boolean): void {
    this.writeTag(tag);
    this.ensure(2);
    this.buf[this.pos++] = 1;
    this.buf[this.pos++] = value ? 0xff : 0x00;
  }

  writeNull(tag: number = Tag.null): void {
    this.writeTag(tag);
    this.ensure(1);
    this.buf[this.pos++] = 0;
  }

  writeEnumerated(value: number, tag: number = Tag.enumerated): void {
    this.writeInteger(value, tag);
  }

  /** INTEGER in the minimal two's-complement form (X.690 section 8.3.2). */
  writeInteger(value: number | bigint, tag: number = Tag.integer): void {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
      if (value >= -0x80000000 && value <= INT31) {
        this.writeInt32(value, tag);
        return;
      }
      value = BigInt(value);
    }
    let n = 1;
    while (value < -(1n << BigInt(8 * n - 1)) || value >= 1n << BigInt(8 * n - 1)) n++;
    let u = BigInt.asUintN(n * 8, value);
    this.writeTag(tag);
    this.writeLength(n);
    this.ensure(n);
    for (let i = n - 1; i >= 0; i--) {
      this.buf[this.pos + i] = Number(u & 0xffn);
      u >>= 8n;
    }
    this.pos += n;
  }

  private writeInt32(v: number, tag: number): void {
    this.writeTag(tag);
    this.ensure(5);
    const buf = this.buf;
    let n: number;
    if (v >= -0x80 && v < 0x80) n = 1;
    else if (v >= -0x8000 && v < 0x8000) n = 2;
    else if (v >= -0x800000 && v < 0x800000) n = 3;
    else n = 4;
    buf[this.pos++] = n;
    for (let i = n - 1; i >= 0; i--) buf[this.pos++] = (v >> (i * 8)) & 0xff;
  }
}
