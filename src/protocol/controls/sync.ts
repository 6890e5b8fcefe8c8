/**
 * Content synchronization controls and intermediate message (RFC 4533 section 2).
 *
 *   syncRequestValue ::= SEQUENCE { mode ENUMERATED { refreshOnly (1), refreshAndPersist (3) },
 *     cookie syncCookie OPTIONAL, reloadHint BOOLEAN DEFAULT FALSE }
 *   syncStateValue ::= SEQUENCE { state ENUMERATED { present (0), add (1), modify (2), delete (3) },
 *     entryUUID syncUUID, cookie syncCookie OPTIONAL }
 *   syncDoneValue ::= SEQUENCE { cookie syncCookie OPTIONAL, refreshDeletes BOOLEAN DEFAULT FALSE }
 *   syncInfoValue ::= CHOICE { newcookie [0] syncCookie,
 *     refreshDelete [1] SEQUENCE { cookie syncCookie OPTIONAL, refreshDone BOOLEAN DEFAULT TRUE },
 *     refreshPresent [2] SEQUENCE { cookie syncCookie OPTIONAL, refreshDone BOOLEAN DEFAULT TRUE },
 *     syncIdSet [3] SEQUENCE { cookie syncCookie OPTIONAL, refreshDeletes BOOLEAN DEFAULT FALSE,
 *       syncUUIDs SET OF syncUUID } }
 *   syncUUID ::= OCTET STRING (SIZE(16)); syncCookie ::= OCTET STRING
 */
import { BerReader, Tag, describeTag } from '../../ber/index.js';
import { ProtocolError } from '../../errors.js';
import { need, readBounded } from '../ops/common.js';
import { decodeValue, encodeValue } from '../value.js';

export const SyncMode = { refreshOnly: 1, refreshAndPersist: 3 } as const;
export const SyncState = { present: 0, add: 1, modify: 2, delete: 3 } as const;

export interface SyncRequestValue {
  readonly mode: number;
  readonly cookie?: Uint8Array;
  readonly reloadHint?: boolean;
}

export function encodeSyncRequestValue(v: SyncRequestValue): Uint8Array {
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    w.writeEnumerated(v.mode);
    if (v.cookie !== undefined) w.writeOctetString(v.cookie);
    if (v.reloadHint) w.writeBoolean(true);
    w.endSequence();
  });
}

export function decodeSyncRequestValue(bytes: Uint8Array | undefined): SyncRequestValue {
  return decodeValue(bytes, 'sync request control', (r) => {
    r.enter(Tag.sequence);
    need(r, 'mode');
    const at = r.pos;
    const mode = readBounded(r, 'mode', 1, 3, Tag.enumerated);
    if (mode === 2) throw new ProtocolError('sync mode 2 is not defined', at);
    const cookie = r.peekTag() === Tag.octetString ? r.readOctetString() : undefined;
    const reloadHint = r.peekTag() === Tag.boolean ? r.readBoolean() : false;
    r.leave();
    return cookie === undefined ? { mode, reloadHint } : { mode, cookie, reloadHint };
  });
}

export interface SyncStateValue {
  readonly state: number;
  readonly entryUUID: Uint8Array;
  readonly cookie?: Uint8Array;
}

export function encodeSyncStateValue(v: SyncStateValue): Uint8Array {
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    w.writeEnumerated(v.state);
    w.writeOctetString(v.entryUUID);
    if (v.cookie !== undefined) w.writeOctetString(v.cookie);
    w.endSequence();
  });
}

function readUuid(r: BerReader, tag: number = Tag.octetString): Uint8Array {
  const at = r.pos;
  const u = r.readOctetString(tag);
  if (u.length !== 16) throw new ProtocolError(`syncUUID must be 16 bytes, got ${u.length}`, at);
  return u;
}

export function decodeSyncStateValue(bytes: Uint8Array | undefined): SyncStateValue {
  return decodeValue(bytes, 'sync state control', (r) => {
    r.enter(Tag.sequence);
    need(r, 'state');
    const state = readBounded(r, 'state', 0, 3, Tag.enumerated);
    need(r, 'entryUUID');
    const entryUUID = readUuid(r);
    const cookie = r.peekTag() === Tag.octetString ? r.readOctetString() : undefined;
    r.leave();
    return cookie === undefined ? { state, entryUUID } : { state, entryUUID, cookie };
  });
}

export interface SyncDoneValue {
  readonly cookie?: Uint8Array;
  readonly refreshDeletes?: boolean;
}

export function encodeSyncDoneValue(v: SyncDoneValue): Uint8Array {
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    if (v.cookie !== undefined) w.writeOctetString(v.cookie);
    if (v.refreshDeletes) w.writeBoolean(true);
    w.endSequence();
  });
}

export function decodeSyncDoneValue(bytes: Uint8Array | undefined): SyncDoneValue {
  return decodeValue(bytes, 'sync done control', (r) => {
    r.enter(Tag.sequence);
    const cookie = r.peekTag() === Tag.octetString ? r.readOctetString() : undefined;
    const refreshDeletes = r.peekTag() === Tag.boolean ? r.readBoolean() : false;
    r.leave();
    return cookie === undefined ? { refreshDeletes } : { cookie, refreshDeletes };
  });
}

export type SyncInfoValue =
  | { readonly type: 'newcookie'; readonly cookie: Uint8Array }
  | {
      readonly type: 'refreshDelete' | 'refreshPresent';
      readonly cookie?: Uint8Array;
      readonly refreshDone: boolean;
    }
  | {
      readonly type: 'syncIdSet';
      readonly cookie?: Uint8Array;
      readonly refreshDeletes: boolean;
      readonly syncUUIDs: readonly Uint8Array[];
    };

export function encodeSyncInfoValue(v: SyncInfoValue): Uint8Array {
  return encodeValue((w) => {
    switch (v.type) {
      case 'newcookie':
        w.writeOctetString(v.cookie, 0x80);
        return;
      case 'refreshDelete':
      case 'refreshPresent':
        w.startSequence(v.type === 'refreshDelete' ? 0xa1 : 0xa2);
        if (v.cookie !== undefined) w.writeOctetString(v.cookie);
        if (!v.refreshDone) w.writeBoolean(false); // DEFAULT TRUE
        w.endSequence();
        return;
      case 'syncIdSet':
        w.startSequence(0xa3);
        if (v.cookie !== undefined) w.writeOctetString(v.cookie);
        if (v.refreshDeletes) w.writeBoolean(true);
        w.startSequence(Tag.set);
        for (const u of v.syncUUIDs) w.writeOctetString(u);
        w.endSequence();
        w.endSequence();
        return;
    }
  });
}

export function decodeSyncInfoValue(bytes: Uint8Array | undefined): SyncInfoValue {
  return decodeValue(bytes, 'sync info message', (r): SyncInfoValue => {
    const at = r.pos;
    const t = r.peekTag();
    if (t === 0x80) return { type: 'newcookie', cookie: r.readOctetString(0x80) };
    if (t === 0xa1 || t === 0xa2) {
      r.enter(t);
      const cookie = r.peekTag() === Tag.octetString ? r.readOctetString() : undefined;
      const refreshDone = r.peekTag() === Tag.boolean ? r.readBoolean() : true;
      r.leave();
      const type = t === 0xa1 ? 'refreshDelete' : 'refreshPresent';
      return cookie === undefined ? { type, refreshDone } : { type, cookie, refreshDone };
    }
    if (t === 0xa3) {
      r.enter(t);
      const cookie = r.peekTag() === Tag.octetString ? r.readOctetString() : undefined;
      const refreshDeletes = r.peekTag() === Tag.boolean ? r.readBoolean() : false;
      need(r, 'syncUUIDs');
      r.enter(Tag.set);
      const syncUUIDs: Uint8Array[] = [];
      while (r.more()) syncUUIDs.push(readUuid(r));
      r.leave();
      r.leave();
      return cookie === undefined
        ? { type: 'syncIdSet', refreshDeletes, syncUUIDs }
        : { type: 'syncIdSet', cookie, refreshDeletes, syncUUIDs };
    }
    throw new ProtocolError(`unknown syncInfoValue choice ${describeTag(t)}`, at);
  });
}
