/**
 * Password policy response (draft-behera-ldap-password-policy-11 section 6.2) and persistent
 * search with entry change notification (draft-ietf-ldapext-psearch-03 sections 4 and 5).
 *
 *   PasswordPolicyResponseValue ::= SEQUENCE {
 *     warning [0] CHOICE { timeBeforeExpiration [0] INTEGER (0 .. maxInt),
 *                          graceAuthNsRemaining [1] INTEGER (0 .. maxInt) } OPTIONAL,
 *     error   [1] ENUMERATED { passwordExpired (0), accountLocked (1), changeAfterReset (2),
 *       passwordModNotAllowed (3), mustSupplyOldPassword (4), insufficientPasswordQuality (5),
 *       passwordTooShort (6), passwordTooYoung (7), passwordInHistory (8) } OPTIONAL }
 *   PersistentSearch ::= SEQUENCE { changeTypes INTEGER, changesOnly BOOLEAN, returnECs BOOLEAN }
 *   EntryChangeNotification ::= SEQUENCE { changeType ENUMERATED { add (1), delete (2),
 *     modify (4), modDN (8) }, previousDN LDAPDN OPTIONAL, changeNumber INTEGER OPTIONAL }
 */
import { Tag, describeTag } from '../../ber/index.js';
import { ProtocolError } from '../../errors.js';
import { MAX_INT } from '../app-tags.js';
import { need, readBounded, readText } from '../ops/common.js';
import { decodeValue, encodeValue } from '../value.js';

export const PasswordPolicyError = {
  passwordExpired: 0,
  accountLocked: 1,
  changeAfterReset: 2,
  passwordModNotAllowed: 3,
  mustSupplyOldPassword: 4,
  insufficientPasswordQuality: 5,
  passwordTooShort: 6,
  passwordTooYoung: 7,
  passwordInHistory: 8,
} as const;
export type PasswordPolicyErrorName = keyof typeof PasswordPolicyError;

export interface PasswordPolicyResponseValue {
  readonly timeBeforeExpiration?: number;
  readonly graceAuthNsRemaining?: number;
  readonly error?: number;
}

export function encodePasswordPolicyResponseValue(v: PasswordPolicyResponseValue): Uint8Array {
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    if (v.timeBeforeExpiration !== undefined || v.graceAuthNsRemaining !== undefined) {
      // [0] CHOICE: a tagged CHOICE is always explicit (X.680 section 31.2.7), so constructed.
      w.startSequence(0xa0);
      if (v.timeBeforeExpiration !== undefined) w.writeInteger(v.timeBeforeExpiration, 0x80);
      else w.writeInteger(v.graceAuthNsRemaining as number, 0x81);
      w.endSequence();
    }
    if (v.error !== undefined) w.writeEnumerated(v.error, 0x81);
    w.endSequence();
  });
}

export function decodePasswordPolicyResponseValue(
  bytes: Uint8Array | undefined,
): PasswordPolicyResponseValue {
  return decodeValue(bytes, 'password policy control', (r) => {
    const out: { timeBeforeExpiration?: number; graceAuthNsRemaining?: number; error?: number } = {};
    r.enter(Tag.sequence);
    if (r.peekTag() === 0xa0) {
      r.enter(0xa0);
      const at = r.pos;
      const t = r.peekTag();
      if (t === 0x80) out.timeBeforeExpiration = readBounded(r, 'timeBeforeExpiration', 0, MAX_INT, 0x80);
      else if (t === 0x81)
        out.graceAuthNsRemaining = readBounded(r, 'graceAuthNsRemaining', 0, MAX_INT, 0x81);
      else throw new ProtocolError(`unknown password policy warning ${describeTag(t)}`, at);
      r.leave();
    }
    if (r.peekTag() === 0x81) out.error = readBounded(r, 'password policy error', 0, MAX_INT, 0x81);
    r.leave();
    return out;
  });
}

/** changeTypes bits (draft-ietf-ldapext-psearch section 4). */
export const PersistentSearchChange = { add: 1, delete: 2, modify: 4, modDN: 8 } as const;

export interface PersistentSearchValue {
  readonly changeTypes: number;
  readonly changesOnly: boolean;
  readonly returnECs: boolean;
}

export function encodePersistentSearchValue(v: PersistentSearchValue): Uint8Array {
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    w.writeInteger(v.changeTypes);
    w.writeBoolean(v.changesOnly);
    w.writeBoolean(v.returnECs);
    w.endSequence();
  });
}

export function decodePersistentSearchValue(bytes: Uint8Array | undefined): PersistentSearchValue {
  return decodeValue(bytes, 'persistent search control', (r) => {
    r.enter(Tag.sequence);
    need(r, 'changeTypes');
    const changeTypes = readBounded(r, 'changeTypes', 0, MAX_INT);
    need(r, 'changesOnly');
    const changesOnly = r.readBoolean();
    need(r, 'returnECs');
    const returnECs = r.readBoolean();
    r.leave();
    return { changeTypes, changesOnly, returnECs };
  });
}

export interface EntryChangeNotificationValue {
  readonly changeType: number;
  readonly previousDN?: string;
  readonly changeNumber?: number | bigint;
}

export function encodeEntryChangeNotificationValue(v: EntryChangeNotificationValue): Uint8Array {
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    w.writeEnumerated(v.changeType);
    if (v.previousDN !== undefined) w.writeString(v.previousDN);
    if (v.changeNumber !== undefined) w.writeInteger(v.changeNumber);
    w.endSequence();
  });
}

export function decodeEntryChangeNotificationValue(
  bytes: Uint8Array | undefined,
): EntryChangeNotificationValue {
  return decodeValue(bytes, 'entry change notification control', (r) => {
    const out: { changeType: number; previousDN?: string; changeNumber?: number | bigint } = {
      changeType: 0,
    };
    r.enter(Tag.sequence);
    need(r, 'changeType');
    out.changeType = readBounded(r, 'changeType', 0, MAX_INT, Tag.enumerated);
    if (r.peekTag() === Tag.octetString) out.previousDN = readText(r, 'previousDN');
    if (r.peekTag() === Tag.integer) out.changeNumber = r.readIntegerValue();
    r.leave();
    return out;
  });
}
