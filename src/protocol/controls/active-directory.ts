/**
 * Active Directory controls with a value (MS-ADTS section 3.1.1.3.4.1). Flag words are 32-bit
 * unsigned; AD sends and expects them as a 4-byte signed INTEGER, so 0x80000000 goes out as
 * -2147483648 and comes back as 0x80000000.
 *
 *   DirSync request (3.1.1.3.4.1.3): SEQUENCE { Flags INTEGER, MaxBytes INTEGER, Cookie OCTET STRING }
 *   DirSync response:                SEQUENCE { MoreResults INTEGER, unused INTEGER, CookieServer OCTET STRING }
 *   SD flags (3.1.1.3.4.1.11):       SEQUENCE { Flags INTEGER }
 *   Extended DN (3.1.1.3.4.1.5):     SEQUENCE { ValueType INTEGER } -- value optional; 0 hex, 1 string
 */
import { Tag } from '../../ber/index.js';
import { need, readBounded } from '../ops/common.js';
import { decodeValue, encodeValue, toInt32, toUint32 } from '../value.js';

const I32 = [-0x80000000, 0xffffffff] as const;

/** DirSync flags (MS-ADTS 3.1.1.3.4.1.3). */
export const DirSyncFlag = {
  objectSecurity: 0x1,
  ancestorsFirstOrder: 0x800,
  publicDataOnly: 0x2000,
  incrementalValues: 0x80000000,
} as const;

export interface DirSyncRequestValue {
  readonly flags: number;
  readonly maxBytes: number;
  readonly cookie: Uint8Array;
}

export function encodeDirSyncRequestValue(v: DirSyncRequestValue): Uint8Array {
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    w.writeInteger(toInt32(v.flags));
    w.writeInteger(v.maxBytes);
    w.writeOctetString(v.cookie);
    w.endSequence();
  });
}

export function decodeDirSyncRequestValue(bytes: Uint8Array | undefined): DirSyncRequestValue {
  return decodeValue(bytes, 'DirSync control', (r) => {
    r.enter(Tag.sequence);
    need(r, 'Flags');
    const flags = toUint32(readBounded(r, 'Flags', I32[0], I32[1]));
    need(r, 'MaxBytes');
    const maxBytes = readBounded(r, 'MaxBytes', I32[0], I32[1]);
    need(r, 'Cookie');
    const cookie = r.readOctetString();
    r.leave();
    return { flags, maxBytes, cookie };
  });
}

export interface DirSyncResponseValue {
  /** Non-zero when more changes are waiting. */
  readonly moreResults: number;
  readonly unused: number;
  readonly cookie: Uint8Array;
}

export function encodeDirSyncResponseValue(v: DirSyncResponseValue): Uint8Array {
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    w.writeInteger(v.moreResults);
    w.writeInteger(v.unused);
    w.writeOctetString(v.cookie);
    w.endSequence();
  });
}

export function decodeDirSyncResponseValue(bytes: Uint8Array | undefined): DirSyncResponseValue {
  return decodeValue(bytes, 'DirSync response control', (r) => {
    r.enter(Tag.sequence);
    need(r, 'MoreResults');
    const moreResults = readBounded(r, 'MoreResults', I32[0], I32[1]);
    need(r, 'unused');
    const unused = readBounded(r, 'unused', I32[0], I32[1]);
    need(r, 'CookieServer');
    const cookie = r.readOctetString();
    r.leave();
    return { moreResults, unused, cookie };
  });
}

/** SD flags bits: owner, group, DACL, SACL (MS-ADTS 3.1.1.3.4.1.11). */
export const SdFlag = { owner: 0x1, group: 0x2, dacl: 0x4, sacl: 0x8 } as const;

export function encodeSdFlagsValue(flags: number): Uint8Array {
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    w.writeInteger(toInt32(flags));
    w.endSequence();
  });
}

export function decodeSdFlagsValue(bytes: Uint8Array | undefined): number {
  return decodeValue(bytes, 'SD flags control', (r) => {
    r.enter(Tag.sequence);
    need(r, 'Flags');
    const flags = toUint32(readBounded(r, 'Flags', I32[0], I32[1]));
    r.leave();
    return flags;
  });
}

/** Extended DN: 0 shows GUID and SID in hex, 1 as strings; undefined sends no value (hex). */
export function encodeExtendedDnValue(option: number | undefined): Uint8Array | undefined {
  if (option === undefined) return undefined;
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    w.writeInteger(option);
    w.endSequence();
  });
}

export function decodeExtendedDnValue(bytes: Uint8Array | undefined): number | undefined {
  if (bytes === undefined || bytes.length === 0) return undefined;
  return decodeValue(bytes, 'extended DN control', (r) => {
    r.enter(Tag.sequence);
    need(r, 'ValueType');
    const option = readBounded(r, 'ValueType', 0, 1);
    r.leave();
    return option;
  });
}
