/**
 * BER reader over a Uint8Array: the X.690 subset LDAP allows (RFC 4511 section 5.1): definite
 * lengths only, any tag class, multi-byte tag numbers. A cursor walks the buffer; `enter` /
 * `leave` bracket constructed elements. Values are views (`subarray`) of the input, never
 * copies, and nothing is allocated in proportion to a declared length: a length is trusted
 * only once the bytes it covers are present.
 *
 * Errors: `BerError` with the offset of the offending byte; an element of another tag than the
 * one asked for is a `ProtocolError` (well-formed BER, wrong structure). `incomplete` is set only when the
 * bytes end inside a top-level element that more input could complete; an element that overruns
 * its enclosing element, an indefinite length, or a length above `maxLength` is malformed.
 */
import { BerError, ProtocolError } from '../errors.js';
import { Tag, describeTag, MAX_TAG_NUMBER } from './tags.js';

export interface BerReaderOptions {
  /**
   * Largest element length accepted, in bytes.
   * @defaultValue 16 MiB
   */
  maxLength?: number;
  /**
   * Deepest nesting of constructed elements `enter` accepts.
   * @defaultValue 128
   */
  maxDepth?: number;
  /**
   * Whether running out of input at top level is "need more bytes" (`incomplete: true`) rather
   * than malformed. False for readers over a complete value (a control value, a framed PDU).
   * @defaultValue true
   */
  partial?: boolean;
}

export const DEFAULT_MAX_LENGTH = 16 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 128;

const asciiChunk = 4096;
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

const CACHE_SIZE = 1024;
const CACHED_MAX = 24;
const stringCache: (string | undefined)[] = new Array<string | undefined>(CACHE_SIZE);

/** Node's native string slicers (undocumented on the type, present since Node 0.x). */
interface NodeSlicer {
  readonly length: number;
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}
const NodeBuffer = (globalThis as { Buffer?: { from(b: ArrayBufferLike, o: number, l: number): unknown } })
  .Buffer;
let slicer: NodeSlicer | undefined;
let slicerOf: ArrayBufferLike | undefined;

export class BerReader {
  readonly buf: Uint8Array;
  /** Offset of the next byte to read. */
  pos: number;
  /** End (exclusive) of the innermost element entered, or of the input. */
  end: number;
  /** Number of constructed elements currently entered. */
  depth = 0;
  readonly maxLength: number;
  readonly maxDepth: number;
  private readonly inputEnd: number;
  private readonly partial: boolean;
  /** buf.buffer and buf.byteOffset, read once (the getters are not free). */
  private readonly ab: ArrayBufferLike;
  private readonly base: number;
  private readonly ends: number[] = [];

  constructor(buf: Uint8Array, options?: BerReaderOptions, start = 0, end = buf.length) {
    this.buf = buf;
    this.ab = buf.buffer;
    this.base = buf.byteOffset;
    this.pos = start;
    this.end = end;
    this.inputEnd = end;
    this.maxLength = options?.maxLength ?? DEFAULT_MAX_LENGTH;
    this.maxDepth = options?.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.partial = options?.partial ?? true;
  }

  /** True while the current element (or the input) has bytes left. */
  more(): boolean {
    return this.pos < this.end;
  }

  /** The tag of the next element without consuming it; -1 at the end of the current element. */
  peekTag(): number {
    if (this.pos >= this.end) return -1;
    const b = this.buf[this.pos] as number;
    if ((b & 0x1f) !== 0x1f) return b;
    const save = this.pos;
    const tag = this.readTag();
    this.pos = save;
    return tag;
  }

  /** Read an identifier (X.690 section 8.1.2), including the multi-byte form. */
  readTag(): number {
    const start = this.pos;
    if (start >= this.end) this.truncated(start, 'tag');
    const b = this.buf[start] as number;
    this.pos = start + 1;
    if ((b & 0x1f) !== 0x1f) return b;
    // High tag number form (section 8.1.2.4): base-128 digits, bit 8 set on all but the last.
    let n = 0;
    let first = true;
    for (;;) {
      if (this.pos >= this.end) this.truncated(this.pos, 'tag number');
      const d = this.buf[this.pos] as number;
      if (first && d === 0x80) throw new BerError('tag number has a leading zero digit', this.pos);
      first = false;
      this.pos++;
      n = n * 128 + (d & 0x7f);
      if (n > MAX_TAG_NUMBER) throw new BerError('tag number too large', start);
      if ((d & 0x80) === 0) break;
    }
    // Section 8.1.2.2: tag numbers 0 to 30 must use the single-octet form.
    if (n < 31) throw new BerError(`tag number ${n} in the multi-byte form`, start);
    return n * 256 + (b & 0xe0);
  }

  /** Read a definite length (X.690 section 8.1.3) and check it fits the enclosing element. */
  readLength(): number {
    const start = this.pos;
    if (start >= this.end) this.truncated(start, 'length');
    const b = this.buf[start] as number;
    this.pos = start + 1;
    let len: number;
    if (b < 0x80) {
      len = b;
    } else {
      // RFC 4511 section 5.1: only the definite form is allowed.
      if (b === 0x80) throw new BerError('indefinite length is not allowed in LDAP', start);
      if (b === 0xff) throw new BerError('reserved length octet 0xff', start);
      const n = b & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) {
        if (this.pos >= this.end) this.truncated(this.pos, 'length');
        len = len * 256 + (this.buf[this.pos++] as number);
        if (len > this.maxLength) {
          throw new BerError(`length exceeds the maximum of ${this.maxLength} bytes`, start);
        }
      }
    }
    if (len > this.maxLength)
      throw new BerError(`length exceeds the maximum of ${this.maxLength} bytes`, start);
    if (this.pos + len > this.end) {
      if (this.canWait()) {
        throw new BerError(`need ${this.pos + len - this.end} more bytes`, this.end, true);
      }
      throw new BerError(`length ${len} overruns the enclosing element`, start);
    }
    return len;
  }

  /**
   * Enter a constructed element (SEQUENCE, SET, constructed context or application tag),
   * checking its tag when `tag` is given. Returns the tag read.
   */
  enter(tag?: number): number {
    const at = this.pos;
    const t = this.readTag();
    if (tag !== undefined && t !== tag) this.wrongTag(at, tag, t);
    const len = this.readLength();
    if (this.depth >= this.maxDepth) throw new BerError(`nesting deeper than ${this.maxDepth}`, at);
    this.ends.push(this.end);
    this.end = this.pos + len;
    this.depth++;
    return t;
  }

  /**
   * Leave the element last entered. Elements not read are skipped: RFC 4511 section 4 requires
   * ignoring trailing SEQUENCE components a receiver does not recognise.
   */
  leave(): void {
    while (this.pos < this.end) this.skip();
    const outer = this.ends.pop();
    if (outer === undefined) throw new Error('BerReader.leave() without enter()');
    this.end = outer;
    this.depth--;
  }

  /** Skip one whole element of any tag. */
  skip(): void {
    this.readTag();
    const len = this.readLength();
    this.pos += len;
  }

  /** The whole next element (tag, length and contents) as a view. */
  readRaw(): Uint8Array {
    const start = this.pos;
    this.skip();
    return this.buf.subarray(start, this.pos);
  }

  /**
   * Read the tag and length of a primitive element and return the offset of its contents;
   * `pos` is left after the contents.
   */
  private primitive(tag: number): number {
    const at = this.pos;
    const t = this.readTag();
    if (t !== tag) this.wrongTag(at, tag, t);
    const len = this.readLength();
    const content = this.pos;
    this.pos = content + len;
    return content;
  }

  /** OCTET STRING (or any primitive tag) contents as a view of the input. */
  readOctetString(tag: number = Tag.octetString): Uint8Array {
    const content = this.primitive(tag);
    // A direct view is about twice as fast as subarray(), which looks up the species constructor.
    return new Uint8Array(this.ab, this.base + content, this.pos - content);
  }

  /** OCTET STRING holding UTF-8 text; undefined when the bytes are not valid UTF-8. */
  readUtf8(tag: number = Tag.octetString): string | undefined {
    const content = this.primitive(tag);
    return this.text(content, this.pos);
  }

  /** BOOLEAN (X.690 section 8.2): exactly one content octet, any non-zero value is TRUE. */
  readBoolean(tag: number = Tag.boolean): boolean {
    const at = this.pos;
    const content = this.primitive(tag);
    if (this.pos - content !== 1) throw new BerError('BOOLEAN must have exactly one content octet', at);
    return this.buf[content] !== 0;
  }

  /** NULL (X.690 section 8.8): no content octets. */
  readNull(tag: number = Tag.null): null {
    const at = this.pos;
    const content = this.primitive(tag);
    if (this.pos !== content) throw new BerError('NULL must have no content octets', at);
    return null;
  }

  /** INTEGER as a number; throws when it is beyond the safe-integer range (use readBigInt). */
  readInteger(tag: number = Tag.integer): number {
    const at = this.pos;
    const v = this.readIntegerValue(tag);
    if (typeof v === 'bigint') throw new BerError('INTEGER beyond 2^53, read it as a bigint', at);
    return v;
  }

  /** ENUMERATED (X.690 section 8.4): encoded as an INTEGER. */
  readEnumerated(tag: number = Tag.enumerated): number {
    return this.readInteger(tag);
  }

  /** INTEGER as a bigint, whatever its size. */
  readBigInt(tag: number = Tag.integer): bigint {
    const v = this.readIntegerValue(tag);
    return typeof v === 'bigint' ? v : BigInt(v);
  }

  /**
   * INTEGER (X.690 section 8.3, two's complement): a number when it is a safe integer, a
   * bigint beyond that.
   */
  readIntegerValue(tag: number = Tag.integer): number | bigint {
    const at = this.pos;
    const content = this.primitive(tag);
    const n = this.pos - content;
    if (n === 0) throw new BerError('INTEGER with no content octets', at);
    const buf = this.buf;
    if (n <= 6) {
      const b0 = buf[content] as number;
      let v = b0 & 0x80 ? b0 - 256 : b0;
      for (let i = content + 1; i < this.pos; i++) v = v * 256 + (buf[i] as number);
      return v;
    }
    let v = 0n;
    for (let i = content; i < this.pos; i++) v = (v << 8n) | BigInt(buf[i] as number);
    v = BigInt.asIntN(n * 8, v);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }

  private canWait(): boolean {
    return this.partial && this.depth === 0 && this.end === this.inputEnd;
  }

  private truncated(offset: number, what: string): never {
    if (this.canWait()) throw new BerError(`input ends inside the ${what}`, offset, true);
    throw new BerError(`${what} overruns the enclosing element`, offset);
  }

  /**
   * A well-formed element of the wrong type is a schema mismatch, not bad BER: it is reported
   * as a ProtocolError (RFC 4511 protocolError) so callers can tell the two apart.
   */
  private wrongTag(offset: number, expected: number, got: number): never {
    throw new ProtocolError(`expected ${describeTag(expected)}, found ${describeTag(got)}`, offset);
  }
  /**
   * UTF-8 text of `buf[start, end)`: ASCII (the common case for DNs, attribute names and OIDs)
   * through Node's native latin1 slicer, other text through its UTF-8 slicer, confirmed by a
   * strict decoder only when a replacement character shows up (never lossy).
   */
  private text(start: number, end: number): string | undefined {
    const n = end - start;
    if (n === 0) return '';
    const buf = this.buf;
    let i = start;
    let h = n;
    for (; i < end; i++) {
      const c = buf[i] as number;
      if (c >= 0x80) break;
      h = (Math.imul(h, 31) + c) | 0;
    }
    const ascii = i === end;
    // Attribute descriptions, OIDs and short values repeat from PDU to PDU: a small cache of
    // short ASCII strings, checked byte for byte, saves allocating the same string again.
    let slot = -1;
    if (ascii && n <= CACHED_MAX) {
      slot = h & (CACHE_SIZE - 1);
      const hit = stringCache[slot];
      if (hit !== undefined && hit.length === n) {
        let j = 0;
        while (j < n && hit.charCodeAt(j) === buf[start + j]) j++;
        if (j === n) return hit;
      }
    }
    if (NodeBuffer === undefined) return decodeUtf8(buf, start, end);
    // One Node Buffer per ArrayBuffer, reused while PDUs keep coming from the same memory
    // (the framer's pooled copies share a slab).
    const ab = this.ab;
    const o = this.base;
    if (ab !== slicerOf || slicer!.length < o + end) {
      slicer = NodeBuffer.from(ab, 0, ab.byteLength) as NodeSlicer;
      // Remember small buffers only: never keep a large message alive after its decode.
      slicerOf = ab.byteLength <= 65536 ? ab : undefined;
    }
    if (ascii) {
      const s = slicer!.latin1Slice(o + start, o + end);
      if (slot >= 0) stringCache[slot] = s;
      return s;
    }
    const s = slicer!.utf8Slice(o + start, o + end);
    return s.includes('\ufffd') ? decodeUtf8(buf, start, end) : s;
  }
}

/** Decode UTF-8 with an ASCII fast path; undefined for invalid UTF-8 (never lossy). */
export function decodeUtf8(buf: Uint8Array, start: number, end: number): string | undefined {
  const n = end - start;
  if (n === 0) return '';
  if (n <= asciiChunk) {
    let ascii = true;
    for (let i = start; i < end; i++) {
      if ((buf[i] as number) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      if (n <= 64) {
        let s = '';
        for (let i = start; i < end; i++) s += String.fromCharCode(buf[i] as number);
        return s;
      }
      return String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
    }
  }
  try {
    return utf8Decoder.decode(buf.subarray(start, end));
  } catch {
    return undefined;
  }
}
