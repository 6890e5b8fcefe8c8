/**
 * The few control and extended-operation values the client's helpers build and read, in the
 * shapes the client hands to users. The BER codecs are the protocol layer's; this file only
 * adapts them (text passwords, optional cookies, ldap3's names).
 */
import type { Control } from '../protocol/index.js';
import {
  ControlOid,
  decodeDirSyncResponseValue,
  decodeEntryChangeNotificationValue,
  decodePagedResultsValue,
  decodePasswordModifyResponseValue,
  encodeDirSyncRequestValue,
  encodePagedResultsValue,
  encodePasswordModifyRequestValue,
  encodePersistentSearchValue,
} from '../protocol/index.js';
import { fromUtf8, utf8 } from '../util/index.js';

export const PAGED_RESULTS = ControlOid.pagedResults;
export const PERSISTENT_SEARCH = ControlOid.persistentSearch;
export const ENTRY_CHANGE_NOTIFICATION = ControlOid.entryChangeNotification;
export const DIRSYNC = ControlOid.dirSync;

const NO_COOKIE = new Uint8Array(0);

/** RFC 2696 paged results request control; no cookie on the first page. */
export function pagedControl(size: number, cookie: Uint8Array | undefined, critical: boolean): Control {
  return {
    oid: PAGED_RESULTS,
    critical,
    value: encodePagedResultsValue({ size, cookie: cookie ?? NO_COOKIE }),
  };
}

export function readPagedValue(value: Uint8Array): { size: number; cookie: Uint8Array } {
  const { size, cookie } = decodePagedResultsValue(value);
  return { size, cookie };
}

/** Persistent search request control (draft-ietf-ldapext-psearch section 4), always critical. */
export function persistentSearchControl(
  changeTypes: number,
  changesOnly: boolean,
  returnEcs: boolean,
): Control {
  return {
    oid: PERSISTENT_SEARCH,
    critical: true,
    value: encodePersistentSearchValue({ changeTypes, changesOnly, returnECs: returnEcs }),
  };
}

/** Entry change notification, with ldap3's `previousDn` spelling. */
export function readEntryChange(value: Uint8Array): {
  changeType: number;
  previousDn?: string;
  changeNumber?: number;
} {
  const v = decodeEntryChangeNotificationValue(value);
  const out: { changeType: number; previousDn?: string; changeNumber?: number } = {
    changeType: v.changeType,
  };
  if (v.previousDN !== undefined) out.previousDn = v.previousDN;
  // A change number past 2^53 only exists in theory; the client's type is a number.
  if (v.changeNumber !== undefined) out.changeNumber = Number(v.changeNumber);
  return out;
}

/** RFC 3062 request value; text passwords are sent as UTF-8. */
export function passwordModifyValue(
  user?: string,
  oldPassword?: string | Uint8Array,
  newPassword?: string | Uint8Array,
): Uint8Array {
  const bytes = (v: string | Uint8Array): Uint8Array => (typeof v === 'string' ? utf8(v) : v);
  return encodePasswordModifyRequestValue({
    ...(user !== undefined ? { userIdentity: user } : {}),
    ...(oldPassword !== undefined ? { oldPasswd: bytes(oldPassword) } : {}),
    ...(newPassword !== undefined ? { newPasswd: bytes(newPassword) } : {}),
  });
}

/** RFC 3062 response: the generated password as text, when the server made one. */
export function readGeneratedPassword(value: Uint8Array | undefined): string | undefined {
  if (!value || value.length === 0) return undefined;
  const generated = decodePasswordModifyResponseValue(value).genPasswd;
  return generated === undefined ? undefined : fromUtf8(generated);
}

/** MS-ADTS 3.1.1.3.4.1.3 DirSync request control (flags are sent as a 32-bit signed INTEGER). */
export function dirSyncControl(
  flags: number,
  maxBytes: number,
  cookie: Uint8Array | undefined,
  critical = true,
): Control {
  return {
    oid: DIRSYNC,
    critical,
    value: encodeDirSyncRequestValue({ flags, maxBytes, cookie: cookie ?? NO_COOKIE }),
  };
}

/** DirSync response: whether more changes wait, and the cookie to ask for them. */
export function readDirSync(value: Uint8Array): { moreResults: boolean; cookie: Uint8Array } {
  const v = decodeDirSyncResponseValue(value);
  return { moreResults: v.moreResults !== 0, cookie: v.cookie };
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
