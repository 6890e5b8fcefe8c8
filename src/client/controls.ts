/**
 * The few control and extended-operation values the client's helpers build and read.
 * (Generic control decoding for `result.controls` is the protocol layer's `describeControl`.)
 */
import { BerReader, BerWriter, contextTag } from '../ber/index.js';
import type { Control } from '../protocol/index.js';
import { ControlOid } from '../protocol/index.js';
import { fromUtf8, utf8 } from '../util/index.js';

export const PAGED_RESULTS = '1.2.840.113556.1.4.319';
export const PERSISTENT_SEARCH = '2.16.840.1.113730.3.4.3';
export const ENTRY_CHANGE_NOTIFICATION = '2.16.840.1.113730.3.4.7';
export const DIRSYNC = '1.2.840.113556.1.4.841';

/** RFC 2696: realSearchControlValue ::= SEQUENCE { size INTEGER (0..maxInt), cookie OCTET STRING } */
export function pagedControl(size: number, cookie: Uint8Array | undefined, critical: boolean): Control {
  const w = new BerWriter(64);
  w.startSequence();
  w.writeInteger(size);
  w.writeOctetString(cookie ?? new Uint8Array(0));
  w.endSequence();
  return { oid: PAGED_RESULTS, critical, value: w.toBytes() };
}

export function readPagedValue(value: Uint8Array): { size: number; cookie: Uint8Array } {
  const r = new BerReader(value);
  r.enter();
  const size = r.readInteger();
  const cookie = r.readOctetString();
  return { size, cookie };
}

/** draft-ietf-ldapext-psearch: PersistentSearch ::= SEQUENCE { changeTypes INTEGER, changesOnly BOOLEAN, returnECs BOOLEAN } */
export function persistentSearchControl(
  changeTypes: number,
  changesOnly: boolean,
  returnEcs: boolean,
): Control {
  const w = new BerWriter(32);
  w.startSequence();
  w.writeInteger(changeTypes);
  w.writeBoolean(changesOnly);
  w.writeBoolean(returnEcs);
  w.endSequence();
  return { oid: PERSISTENT_SEARCH, critical: true, value: w.toBytes() };
}

/** EntryChangeNotification ::= SEQUENCE { changeType ENUMERATED, previousDN LDAPDN OPTIONAL, changeNumber INTEGER OPTIONAL } */
export function readEntryChange(value: Uint8Array): {
  changeType: number;
  previousDn?: string;
  changeNumber?: number;
} {
  const r = new BerReader(value);
  r.enter();
  const out: { changeType: number; previousDn?: string; changeNumber?: number } = {
    changeType: r.readEnumerated(),
  };
  if (r.more() && r.peekTag() === 0x04) out.previousDn = fromUtf8(r.readOctetString());
  if (r.more() && r.peekTag() === 0x02) out.changeNumber = r.readInteger();
  return out;
}

/** RFC 3062: PasswdModifyRequestValue ::= SEQUENCE { userIdentity [0], oldPasswd [1], newPasswd [2] } (all optional) */
export function passwordModifyValue(
  user?: string,
  oldPassword?: string | Uint8Array,
  newPassword?: string | Uint8Array,
): Uint8Array {
  const bytes = (v: string | Uint8Array): Uint8Array => (typeof v === 'string' ? utf8(v) : v);
  const w = new BerWriter(64);
  w.startSequence();
  if (user !== undefined) w.writeOctetString(utf8(user), contextTag(0));
  if (oldPassword !== undefined) w.writeOctetString(bytes(oldPassword), contextTag(1));
  if (newPassword !== undefined) w.writeOctetString(bytes(newPassword), contextTag(2));
  w.endSequence();
  return w.toBytes();
}

/** RFC 3062: PasswdModifyResponseValue ::= SEQUENCE { genPasswd [0] OCTET STRING OPTIONAL } */
export function readGeneratedPassword(value: Uint8Array | undefined): string | undefined {
  if (!value || value.length === 0) return undefined;
  const r = new BerReader(value);
  r.enter();
  if (!r.more()) return undefined;
  return fromUtf8(r.readOctetString(contextTag(0)));
}

/** MS-ADTS 3.1.1.3.4.1.3: DirSyncRequestValue ::= SEQUENCE { Flags INTEGER, MaxBytes INTEGER, Cookie OCTET STRING } */
export function dirSyncControl(
  flags: number,
  maxBytes: number,
  cookie: Uint8Array | undefined,
  critical = true,
): Control {
  const w = new BerWriter(64);
  w.startSequence();
  w.writeInteger(flags);
  w.writeInteger(maxBytes);
  w.writeOctetString(cookie ?? new Uint8Array(0));
  w.endSequence();
  return { oid: DIRSYNC, critical, value: w.toBytes() };
}

/** DirSyncResponseValue ::= SEQUENCE { MoreResults INTEGER, unused INTEGER, CookieServer OCTET STRING } */
export function readDirSync(value: Uint8Array): { moreResults: boolean; cookie: Uint8Array } {
  const r = new BerReader(value);
  r.enter();
  const more = r.readInteger();
  r.readInteger();
  return { moreResults: more !== 0, cookie: r.readOctetString() };
}

const CONTROL_NAMES = new Map<string, string>(Object.entries(ControlOid).map(([name, oid]) => [oid, name]));

/** A response control for `result.controls`: its name and, where we know the syntax, its decoded value. */
export function describeControl(control: Control): { description: string; value: unknown } {
  const description = CONTROL_NAMES.get(control.oid) ?? control.oid;
  const raw = control.value;
  if (!raw) return { description, value: null };
  try {
    if (control.oid === PAGED_RESULTS) return { description, value: readPagedValue(raw) };
    if (control.oid === ENTRY_CHANGE_NOTIFICATION) return { description, value: readEntryChange(raw) };
    if (control.oid === DIRSYNC) return { description, value: readDirSync(raw) };
  } catch {
    // an undecodable value is handed over as bytes
  }
  return { description, value: raw };
}
