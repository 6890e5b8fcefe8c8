/**
 * Password Modify extended operation (RFC 3062 section 2).
 *
 *   PasswdModifyRequestValue ::= SEQUENCE { userIdentity [0] OCTET STRING OPTIONAL,
 *     oldPasswd [1] OCTET STRING OPTIONAL, newPasswd [2] OCTET STRING OPTIONAL }
 *   PasswdModifyResponseValue ::= SEQUENCE { genPasswd [0] OCTET STRING OPTIONAL }
 *
 * Passwords stay bytes and never appear in error messages.
 */
import { Tag } from '../../ber/index.js';
import type { ExtendedRequest } from '../messages.js';
import { ExtendedOid } from '../oids.js';
import { readText } from '../ops/common.js';
import { decodeValue, encodeValue } from '../value.js';

export interface PasswordModifyRequestValue {
  readonly userIdentity?: string;
  readonly oldPasswd?: Uint8Array;
  readonly newPasswd?: Uint8Array;
}

export function encodePasswordModifyRequestValue(v: PasswordModifyRequestValue): Uint8Array {
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    if (v.userIdentity !== undefined) w.writeString(v.userIdentity, 0x80);
    if (v.oldPasswd !== undefined) w.writeOctetString(v.oldPasswd, 0x81);
    if (v.newPasswd !== undefined) w.writeOctetString(v.newPasswd, 0x82);
    w.endSequence();
  });
}

export function decodePasswordModifyRequestValue(bytes: Uint8Array | undefined): PasswordModifyRequestValue {
  // Section 2: the requestValue is optional; absent means "change my password, generate one".
  if (bytes === undefined) return {};
  return decodeValue(bytes, 'password modify request', (r) => {
    const out: { userIdentity?: string; oldPasswd?: Uint8Array; newPasswd?: Uint8Array } = {};
    r.enter(Tag.sequence);
    if (r.peekTag() === 0x80) out.userIdentity = readText(r, 'userIdentity', 0x80);
    if (r.peekTag() === 0x81) out.oldPasswd = r.readOctetString(0x81);
    if (r.peekTag() === 0x82) out.newPasswd = r.readOctetString(0x82);
    r.leave();
    return out;
  });
}

export function passwordModifyRequest(v: PasswordModifyRequestValue): ExtendedRequest {
  return {
    type: 'ExtendedRequest',
    requestName: ExtendedOid.passwordModify,
    requestValue: encodePasswordModifyRequestValue(v),
  };
}

export interface PasswordModifyResponseValue {
  readonly genPasswd?: Uint8Array;
}

export function encodePasswordModifyResponseValue(v: PasswordModifyResponseValue): Uint8Array {
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    if (v.genPasswd !== undefined) w.writeOctetString(v.genPasswd, 0x80);
    w.endSequence();
  });
}

export function decodePasswordModifyResponseValue(
  bytes: Uint8Array | undefined,
): PasswordModifyResponseValue {
  if (bytes === undefined) return {};
  return decodeValue(bytes, 'password modify response', (r) => {
    r.enter(Tag.sequence);
    const genPasswd = r.peekTag() === 0x80 ? r.readOctetString(0x80) : undefined;
    r.leave();
    return genPasswd === undefined ? {} : { genPasswd };
  });
}
