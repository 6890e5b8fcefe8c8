/**
 * Pieces shared by the PDU codecs (RFC 4511 section 4.1): LDAPString and LDAPDN as UTF-8 text,
 * bounded INTEGER fields, LDAPResult with its referral, attribute lists.
 *
 *   LDAPResult ::= SEQUENCE { resultCode ENUMERATED {...}, matchedDN LDAPDN,
 *     diagnosticMessage LDAPString, referral [3] Referral OPTIONAL }
 *   Referral ::= SEQUENCE SIZE (1..MAX) OF uri URI
 *   PartialAttribute ::= SEQUENCE { type AttributeDescription, vals SET OF value AttributeValue }
 *   Attribute ::= PartialAttribute(WITH COMPONENTS { ..., vals (SIZE(1..MAX))})
 */
import { BerReader, BerWriter, Tag } from '../../ber/index.js';
import { ProtocolError, RequestValueError } from '../../errors.js';
import type { LdapResult, PartialAttribute } from '../messages.js';
import { MAX_INT } from '../app-tags.js';

/** Read an OCTET STRING holding UTF-8 text (LDAPString, LDAPDN, LDAPOID: section 4.1.2-4.1.3). */
export function readText(r: BerReader, what: string, tag: number = Tag.octetString): string {
  const at = r.pos;
  const s = r.readUtf8(tag);
  if (s === undefined) throw new ProtocolError(`${what} is not valid UTF-8`, at);
  return s;
}

/** Read an INTEGER or ENUMERATED that must lie in [min, max]. */
export function readBounded(
  r: BerReader,
  what: string,
  min: number,
  max: number,
  tag: number = Tag.integer,
  answerable = false,
): number {
  const at = r.pos;
  const v = r.readIntegerValue(tag);
  if (typeof v !== 'number' || v < min || v > max) {
    const message = `${what} ${String(v)} out of range ${min}..${max}`;
    throw answerable ? new RequestValueError(message, at) : new ProtocolError(message, at);
  }
  return v;
}

/** Fail when the element being read has ended (a mandatory field is missing). */
export function need(r: BerReader, what: string): void {
  if (!r.more()) throw new ProtocolError(`missing ${what}`, r.pos);
}

export function readResultFields(r: BerReader): {
  resultCode: number;
  matchedDN: string;
  diagnosticMessage: string;
  referral?: string[];
} {
  need(r, 'resultCode');
  const resultCode = readBounded(r, 'resultCode', 0, MAX_INT, Tag.enumerated);
  need(r, 'matchedDN');
  const matchedDN = readText(r, 'matchedDN');
  need(r, 'diagnosticMessage');
  const diagnosticMessage = readText(r, 'diagnosticMessage');
  if (r.peekTag() === 0xa3) {
    const at = r.pos;
    r.enter(0xa3);
    const referral: string[] = [];
    while (r.more()) referral.push(readText(r, 'referral URI'));
    r.leave();
    if (referral.length === 0) throw new ProtocolError('empty referral (SIZE (1..MAX))', at);
    return { resultCode, matchedDN, diagnosticMessage, referral };
  }
  return { resultCode, matchedDN, diagnosticMessage };
}

export function writeResultFields(w: BerWriter, res: LdapResult): void {
  w.writeEnumerated(res.resultCode);
  w.writeString(res.matchedDN);
  w.writeString(res.diagnosticMessage);
  if (res.referral !== undefined && res.referral.length > 0) {
    w.startSequence(0xa3);
    for (const uri of res.referral) w.writeString(uri);
    w.endSequence();
  }
}

/** Read a SEQUENCE OF PartialAttribute; `nonEmpty` enforces Attribute's SIZE(1..MAX) vals. */
export function readAttributeList(r: BerReader, nonEmpty: boolean): PartialAttribute[] {
  r.enter(Tag.sequence);
  const list: PartialAttribute[] = [];
  while (r.more()) list.push(readPartialAttribute(r, nonEmpty));
  r.leave();
  return list;
}

export function readPartialAttribute(r: BerReader, nonEmpty: boolean): PartialAttribute {
  const at = r.pos;
  r.enter(Tag.sequence);
  need(r, 'attribute type');
  const type = readText(r, 'attribute description');
  need(r, 'attribute values');
  r.enter(Tag.set);
  const vals: Uint8Array[] = [];
  while (r.more()) vals.push(r.readOctetString());
  r.leave();
  r.leave();
  if (nonEmpty && vals.length === 0) throw new ProtocolError(`attribute ${type} has no values`, at);
  return { type, vals };
}

export function writeAttributeList(w: BerWriter, list: readonly PartialAttribute[]): void {
  w.startSequence(Tag.sequence);
  for (const a of list) writePartialAttribute(w, a);
  w.endSequence();
}

export function writePartialAttribute(w: BerWriter, a: PartialAttribute): void {
  w.startSequence(Tag.sequence);
  w.writeString(a.type);
  w.startSequence(Tag.set);
  for (const v of a.vals) w.writeOctetString(v);
  w.endSequence();
  w.endSequence();
}

/** A response that is nothing but an LDAPResult under its application tag. */
export function writeResultOp(w: BerWriter, tag: number, res: LdapResult): void {
  w.startSequence(tag);
  writeResultFields(w, res);
  w.endSequence();
}

export function readResultOp<T extends string>(r: BerReader, tag: number, type: T): { type: T } & LdapResult {
  r.enter(tag);
  const res = readResultFields(r);
  r.leave();
  return { type, ...res };
}
