/**
 * Cuts a byte stream into whole LDAPMessage PDUs (RFC 4511 section 5.1: each message is one
 * BER SEQUENCE with a definite length, so the header alone tells where it ends). Pure: no
 * sockets or timers; feed it any chunking, it returns the PDUs completed so far.
 *
 * The maximum message size is checked as soon as a header is readable, before the body is
 * buffered, so a peer announcing a huge message costs nothing. After an error the framer
 * stays failed: the stream position is lost, the connection must be dropped.
 */
import { BerError, ProtocolError } from '../errors.js';
import { DEFAULT_MAX_LENGTH, copyBytes } from '../ber/index.js';
import type { LdapMessage } from './messages.js';
import { decodeMessage, type DecodeOptions } from './message.js';

export interface FramerOptions {
  /**
   * Largest PDU accepted, header included, in bytes.
   * @defaultValue 16 MiB
   */
  maxMessageSize?: number;
  /**
   * Nesting limit passed to the decoder by `pushMessages`.
   * @defaultValue 128
   */
  maxDepth?: number;
}

export class MessageFramer {
  readonly maxMessageSize: number;
  private readonly decodeOptions: DecodeOptions;
  private buf = new Uint8Array(0);
  private len = 0;
  /** Stream offset of buf[0], for error offsets. */
  private streamOffset = 0;
  private failed: Error | undefined;

  constructor(options?: FramerOptions) {
    this.maxMessageSize = options?.maxMessageSize ?? DEFAULT_MAX_LENGTH;
    this.decodeOptions = { maxLength: this.maxMessageSize };
    if (options?.maxDepth !== undefined) this.decodeOptions.maxDepth = options.maxDepth;
  }

  /** Bytes held that do not yet form a whole PDU. */
  get buffered(): number {
    return this.len;
  }

  /** Drop buffered bytes and any error (e.g. after a reconnect). */
  reset(): void {
    this.buf = new Uint8Array(0);
    this.len = 0;
    this.streamOffset = 0;
    this.failed = undefined;
  }

  /**
   * Add bytes; returns each PDU completed by them, as its own copy. Throws BerError or
   * ProtocolError at the first malformed header; PDUs completed earlier in the same chunk are
   * then lost with the error: use `feed` to get them first.
   */
  push(chunk: Uint8Array): Uint8Array[] {
    const { pdus, error } = this.frame(chunk);
    if (error) throw error;
    return pdus;
  }

  /**
   * Add bytes and hand each PDU they complete to `sink`, in order. At a malformed header the
   * PDUs before it are delivered first, then the error is thrown (a peer's last good request
   * or response is not lost because garbage followed it in the same read).
   */
  feed(chunk: Uint8Array, sink: (pdu: Uint8Array) => void): void {
    const { pdus, error } = this.frame(chunk);
    for (const pdu of pdus) sink(pdu);
    if (error) throw error;
  }

  /** Add bytes; returns the decoded messages completed by them. */
  pushMessages(chunk: Uint8Array): LdapMessage[] {
    return this.push(chunk).map((pdu) => decodeMessage(pdu, this.decodeOptions));
  }

  /**
   * `feed` with each PDU decoded: messages before a malformed PDU or header are delivered,
   * then the error is thrown.
   */
  feedMessages(chunk: Uint8Array, sink: (message: LdapMessage) => void): void {
    this.feed(chunk, (pdu) => sink(decodeMessage(pdu, this.decodeOptions)));
  }

  /** Frame what the chunk completes; the state is updated before anything is delivered. */
  private frame(chunk: Uint8Array): { pdus: Uint8Array[]; error: Error | undefined } {
    if (this.failed) return { pdus: [], error: this.failed };
    const out: Uint8Array[] = [];
    if (chunk.length === 0) return { pdus: out, error: undefined };
    // Work straight on the chunk when nothing is pending (no copy of whole PDUs twice).
    let data: Uint8Array;
    if (this.len === 0) {
      data = chunk;
    } else {
      this.append(chunk);
      data = this.buf.subarray(0, this.len);
    }
    let p = 0;
    try {
      while (p < data.length) {
        const total = this.frameLength(data, p);
        if (total < 0 || p + total > data.length) break;
        out.push(copyBytes(data, p, p + total));
        p += total;
      }
    } catch (e) {
      // the stream position is lost: nothing after this point is ever framed
      this.failed = e as Error;
      this.buf = new Uint8Array(0);
      this.len = 0;
      return { pdus: out, error: this.failed };
    }
    if (data === chunk) {
      this.len = 0;
      if (p < chunk.length) this.append(chunk.subarray(p));
    } else {
      this.buf.copyWithin(0, p, this.len);
      this.len -= p;
    }
    this.streamOffset += p;
    return { pdus: out, error: undefined };
  }

  private append(bytes: Uint8Array): void {
    const need = this.len + bytes.length;
    if (need > this.buf.length) {
      let size = Math.max(256, this.buf.length * 2);
      while (size < need) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    this.buf.set(bytes, this.len);
    this.len = need;
  }

  /** Total length of the PDU starting at `p`, or -1 while its header is incomplete. */
  private frameLength(data: Uint8Array, p: number): number {
    const at = this.streamOffset + p;
    if ((data[p] as number) !== 0x30) {
      throw new ProtocolError(
        `LDAPMessage must start with a SEQUENCE tag, found 0x${(data[p] as number).toString(16)}`,
        at,
      );
    }
    if (p + 1 >= data.length) return -1;
    const b = data[p + 1] as number;
    let header = 2;
    let len = b;
    if (b >= 0x80) {
      if (b === 0x80) throw new BerError('indefinite length is not allowed in LDAP', at + 1);
      if (b === 0xff) throw new BerError('reserved length octet 0xff', at + 1);
      const n = b & 0x7f;
      header += n;
      len = 0;
      for (let i = 0; i < n; i++) {
        if (p + 2 + i >= data.length) return -1;
        len = len * 256 + (data[p + 2 + i] as number);
        // The octets still to come can only make it larger: fail on the first one that decides.
        if (len * 256 ** (n - i - 1) > this.maxMessageSize) this.tooLarge(at);
      }
    }
    const total = header + len;
    if (total > this.maxMessageSize) this.tooLarge(at);
    return total;
  }

  private tooLarge(at: number): never {
    throw new BerError(`message exceeds the maximum of ${this.maxMessageSize} bytes`, at + 1);
  }
}
