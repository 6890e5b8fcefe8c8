/**
 * Helpers for control and extended-operation values: each is a complete BER value on its own
 * (an OCTET STRING's contents), decoded with a reader that treats running out of bytes as
 * malformed, never as "need more".
 */
import { BerReader, BerWriter } from '../ber/index.js';
import { ProtocolError } from '../errors.js';

/** Decode a value that must fill `bytes` exactly; `what` names it in errors. */
export function decodeValue<T>(bytes: Uint8Array | undefined, what: string, read: (r: BerReader) => T): T {
  if (bytes === undefined) throw new ProtocolError(`${what}: value missing`);
  const r = new BerReader(bytes, { partial: false });
  const v = read(r);
  if (r.more()) throw new ProtocolError(`${what}: trailing bytes after the value`, r.pos);
  return v;
}

/** Encode a value with a fresh small writer. */
export function encodeValue(write: (w: BerWriter) => void): Uint8Array {
  const w = new BerWriter(64);
  write(w);
  return w.toBytes();
}

/** AD flag words are 32-bit unsigned on the wire as a signed INTEGER (MS-ADTS 3.1.1.3.4.1). */
export function toInt32(flags: number): number {
  return flags | 0;
}

export function toUint32(v: number): number {
  return v >>> 0;
}
