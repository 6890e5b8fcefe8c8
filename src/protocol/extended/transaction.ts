/**
 * LDAP transactions (RFC 5805 sections 2 and 3).
 *
 *   Start Transaction: requestName 1.3.6.1.1.21.1, no requestValue; the response value is
 *     the transaction identifier (an OCTET STRING's contents, not BER).
 *   txnEndReq ::= SEQUENCE { commit BOOLEAN DEFAULT TRUE, identifier OCTET STRING }
 *   txnEndRes ::= SEQUENCE { messageID MessageID OPTIONAL, -- msgid of the failed operation
 *     updatesControls SEQUENCE OF updateControls SEQUENCE { messageID MessageID,
 *       controls Controls } OPTIONAL }
 */
import { Tag } from '../../ber/index.js';
import type { Control, ExtendedRequest } from '../messages.js';
import { MAX_INT } from '../app-tags.js';
import { readControls, writeControls } from '../controls/envelope.js';
import { ExtendedOid } from '../oids.js';
import { need, readBounded } from '../ops/common.js';
import { decodeValue, encodeValue } from '../value.js';

export function startTransactionRequest(): ExtendedRequest {
  return { type: 'ExtendedRequest', requestName: ExtendedOid.startTransaction };
}

export interface EndTransactionRequestValue {
  /** @defaultValue true */
  readonly commit?: boolean;
  readonly identifier: Uint8Array;
}

export function encodeEndTransactionRequestValue(v: EndTransactionRequestValue): Uint8Array {
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    if (v.commit === false) w.writeBoolean(false); // DEFAULT TRUE
    w.writeOctetString(v.identifier);
    w.endSequence();
  });
}

export function decodeEndTransactionRequestValue(
  bytes: Uint8Array | undefined,
): Required<EndTransactionRequestValue> {
  return decodeValue(bytes, 'end transaction request', (r) => {
    r.enter(Tag.sequence);
    const commit = r.peekTag() === Tag.boolean ? r.readBoolean() : true;
    need(r, 'identifier');
    const identifier = r.readOctetString();
    r.leave();
    return { commit, identifier };
  });
}

export function endTransactionRequest(identifier: Uint8Array, commit = true): ExtendedRequest {
  return {
    type: 'ExtendedRequest',
    requestName: ExtendedOid.endTransaction,
    requestValue: encodeEndTransactionRequestValue({ commit, identifier }),
  };
}

export interface EndTransactionResponseValue {
  /** The messageID of the update that failed, when one did. */
  readonly messageID?: number;
  readonly updatesControls?: readonly { readonly messageID: number; readonly controls: readonly Control[] }[];
}

export function encodeEndTransactionResponseValue(v: EndTransactionResponseValue): Uint8Array {
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    if (v.messageID !== undefined) w.writeInteger(v.messageID);
    if (v.updatesControls !== undefined) {
      w.startSequence(Tag.sequence);
      for (const u of v.updatesControls) {
        w.startSequence(Tag.sequence);
        w.writeInteger(u.messageID);
        writeControls(w, u.controls, Tag.sequence);
        w.endSequence();
      }
      w.endSequence();
    }
    w.endSequence();
  });
}

export function decodeEndTransactionResponseValue(
  bytes: Uint8Array | undefined,
): EndTransactionResponseValue {
  if (bytes === undefined) return {};
  return decodeValue(bytes, 'end transaction response', (r) => {
    const out: {
      messageID?: number;
      updatesControls?: { messageID: number; controls: Control[] }[];
    } = {};
    r.enter(Tag.sequence);
    if (r.peekTag() === Tag.integer) out.messageID = readBounded(r, 'messageID', 0, MAX_INT);
    if (r.peekTag() === Tag.sequence) {
      const list: { messageID: number; controls: Control[] }[] = [];
      r.enter(Tag.sequence);
      while (r.more()) {
        r.enter(Tag.sequence);
        need(r, 'messageID');
        const messageID = readBounded(r, 'messageID', 0, MAX_INT);
        need(r, 'controls');
        const controls = readControls(r, Tag.sequence);
        r.leave();
        list.push({ messageID, controls });
      }
      r.leave();
      out.updatesControls = list;
    }
    r.leave();
    return out;
  });
}
