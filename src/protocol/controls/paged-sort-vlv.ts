/**
 * Values of the result-shaping controls.
 *
 * Paged results, RFC 2696 section 2:
 *   realSearchControlValue ::= SEQUENCE { size INTEGER (0..maxInt), cookie OCTET STRING }
 * Server-side sort, RFC 2891 sections 1.1 and 1.2:
 *   SortKeyList ::= SEQUENCE OF SEQUENCE { attributeType AttributeDescription,
 *     orderingRule [0] MatchingRuleId OPTIONAL, reverseOrder [1] BOOLEAN DEFAULT FALSE }
 *   SortResult ::= SEQUENCE { sortResult ENUMERATED {...}, attributeType [0] AttributeDescription OPTIONAL }
 * Virtual list view, draft-ietf-ldapext-ldapv3-vlv-09 sections 6.1 and 6.2:
 *   VirtualListViewRequest ::= SEQUENCE { beforeCount INTEGER (0..maxInt),
 *     afterCount INTEGER (0..maxInt), target CHOICE { byOffset [0] SEQUENCE {
 *       offset INTEGER (0 .. maxInt), contentCount INTEGER (0 .. maxInt) },
 *       greaterThanOrEqual [1] AssertionValue, ... }, contextID OCTET STRING OPTIONAL }
 *   VirtualListViewResponse ::= SEQUENCE { targetPosition INTEGER (0 .. maxInt),
 *     contentCount INTEGER (0 .. maxInt), virtualListViewResult ENUMERATED {...},
 *     contextID OCTET STRING OPTIONAL }
 */
import { Tag, describeTag } from '../../ber/index.js';
import { ProtocolError } from '../../errors.js';
import { MAX_INT } from '../app-tags.js';
import { need, readBounded, readText } from '../ops/common.js';
import { decodeValue, encodeValue } from '../value.js';

export interface PagedResultsValue {
  readonly size: number;
  readonly cookie: Uint8Array;
}

export function encodePagedResultsValue(v: PagedResultsValue): Uint8Array {
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    w.writeInteger(v.size);
    w.writeOctetString(v.cookie);
    w.endSequence();
  });
}

export function decodePagedResultsValue(bytes: Uint8Array | undefined): PagedResultsValue {
  return decodeValue(bytes, 'paged results control', (r) => {
    r.enter(Tag.sequence);
    need(r, 'size');
    const size = readBounded(r, 'size', 0, MAX_INT);
    need(r, 'cookie');
    const cookie = r.readOctetString();
    r.leave();
    return { size, cookie };
  });
}

export interface SortKey {
  readonly attributeType: string;
  readonly orderingRule?: string;
  readonly reverseOrder?: boolean;
}

export function encodeSortRequestValue(keys: readonly SortKey[]): Uint8Array {
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    for (const k of keys) {
      w.startSequence(Tag.sequence);
      w.writeString(k.attributeType);
      if (k.orderingRule !== undefined) w.writeString(k.orderingRule, 0x80);
      if (k.reverseOrder) w.writeBoolean(true, 0x81);
      w.endSequence();
    }
    w.endSequence();
  });
}

export function decodeSortRequestValue(bytes: Uint8Array | undefined): SortKey[] {
  return decodeValue(bytes, 'sort request control', (r) => {
    const keys: SortKey[] = [];
    r.enter(Tag.sequence);
    while (r.more()) {
      r.enter(Tag.sequence);
      need(r, 'attributeType');
      const attributeType = readText(r, 'attributeType');
      const orderingRule = r.peekTag() === 0x80 ? readText(r, 'orderingRule', 0x80) : undefined;
      const reverseOrder = r.peekTag() === 0x81 ? r.readBoolean(0x81) : false;
      r.leave();
      keys.push(
        orderingRule === undefined
          ? { attributeType, reverseOrder }
          : { attributeType, orderingRule, reverseOrder },
      );
    }
    r.leave();
    return keys;
  });
}

export interface SortResponseValue {
  /** A result code: success, operationsError, timeLimitExceeded, ..., other (RFC 2891 section 1.2). */
  readonly sortResult: number;
  readonly attributeType?: string;
}

export function encodeSortResponseValue(v: SortResponseValue): Uint8Array {
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    w.writeEnumerated(v.sortResult);
    if (v.attributeType !== undefined) w.writeString(v.attributeType, 0x80);
    w.endSequence();
  });
}

export function decodeSortResponseValue(bytes: Uint8Array | undefined): SortResponseValue {
  return decodeValue(bytes, 'sort response control', (r) => {
    r.enter(Tag.sequence);
    need(r, 'sortResult');
    const sortResult = readBounded(r, 'sortResult', 0, MAX_INT, Tag.enumerated);
    const attributeType = r.peekTag() === 0x80 ? readText(r, 'attributeType', 0x80) : undefined;
    r.leave();
    return attributeType === undefined ? { sortResult } : { sortResult, attributeType };
  });
}

export type VlvTarget =
  | { readonly type: 'byOffset'; readonly offset: number; readonly contentCount: number }
  | { readonly type: 'greaterThanOrEqual'; readonly assertionValue: Uint8Array };

export interface VlvRequestValue {
  readonly beforeCount: number;
  readonly afterCount: number;
  readonly target: VlvTarget;
  readonly contextID?: Uint8Array;
}

export function encodeVlvRequestValue(v: VlvRequestValue): Uint8Array {
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    w.writeInteger(v.beforeCount);
    w.writeInteger(v.afterCount);
    if (v.target.type === 'byOffset') {
      w.startSequence(0xa0);
      w.writeInteger(v.target.offset);
      w.writeInteger(v.target.contentCount);
      w.endSequence();
    } else {
      w.writeOctetString(v.target.assertionValue, 0x81);
    }
    if (v.contextID !== undefined) w.writeOctetString(v.contextID);
    w.endSequence();
  });
}

export function decodeVlvRequestValue(bytes: Uint8Array | undefined): VlvRequestValue {
  return decodeValue(bytes, 'VLV request control', (r) => {
    r.enter(Tag.sequence);
    need(r, 'beforeCount');
    const beforeCount = readBounded(r, 'beforeCount', 0, MAX_INT);
    need(r, 'afterCount');
    const afterCount = readBounded(r, 'afterCount', 0, MAX_INT);
    need(r, 'target');
    const at = r.pos;
    const t = r.peekTag();
    let target: VlvTarget;
    if (t === 0xa0) {
      r.enter(0xa0);
      need(r, 'offset');
      const offset = readBounded(r, 'offset', 0, MAX_INT);
      need(r, 'contentCount');
      const contentCount = readBounded(r, 'contentCount', 0, MAX_INT);
      r.leave();
      target = { type: 'byOffset', offset, contentCount };
    } else if (t === 0x81) {
      target = { type: 'greaterThanOrEqual', assertionValue: r.readOctetString(0x81) };
    } else {
      throw new ProtocolError(`unknown VLV target ${describeTag(t)}`, at);
    }
    const contextID = r.peekTag() === Tag.octetString ? r.readOctetString() : undefined;
    r.leave();
    return contextID === undefined
      ? { beforeCount, afterCount, target }
      : { beforeCount, afterCount, target, contextID };
  });
}

export interface VlvResponseValue {
  readonly targetPosition: number;
  readonly contentCount: number;
  readonly virtualListViewResult: number;
  readonly contextID?: Uint8Array;
}

export function encodeVlvResponseValue(v: VlvResponseValue): Uint8Array {
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    w.writeInteger(v.targetPosition);
    w.writeInteger(v.contentCount);
    w.writeEnumerated(v.virtualListViewResult);
    if (v.contextID !== undefined) w.writeOctetString(v.contextID);
    w.endSequence();
  });
}

export function decodeVlvResponseValue(bytes: Uint8Array | undefined): VlvResponseValue {
  return decodeValue(bytes, 'VLV response control', (r) => {
    r.enter(Tag.sequence);
    need(r, 'targetPosition');
    const targetPosition = readBounded(r, 'targetPosition', 0, MAX_INT);
    need(r, 'contentCount');
    const contentCount = readBounded(r, 'contentCount', 0, MAX_INT);
    need(r, 'virtualListViewResult');
    const virtualListViewResult = readBounded(r, 'virtualListViewResult', 0, MAX_INT, Tag.enumerated);
    const contextID = r.peekTag() === Tag.octetString ? r.readOctetString() : undefined;
    r.leave();
    return contextID === undefined
      ? { targetPosition, contentCount, virtualListViewResult }
      : { targetPosition, contentCount, virtualListViewResult, contextID };
  });
}
