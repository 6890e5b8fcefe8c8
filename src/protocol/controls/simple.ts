/**
 * Controls whose value is no BER structure of its own:
 * - pre-read / post-read (RFC 4527 section 3): request value `AttributeSelection` (SEQUENCE OF
 *   LDAPString), response value a whole `SearchResultEntry` PDU;
 * - assertion (RFC 4528 section 3): the value is a `Filter`;
 * - proxied authorization v2 (RFC 4370 section 3): the value is the authzId itself as UTF-8
 *   (`dn:...`, `u:...`, or empty for anonymous), not wrapped in BER;
 * - transaction specification (RFC 5805 section 2.2): the value is the transaction identifier;
 * - ManageDsaIT (RFC 3296), subtree delete, permissive modify, don't-use-copy (RFC 6171), AD
 *   show deleted and change notification, password policy request: no value.
 */
import { Tag } from '../../ber/index.js';
import { ProtocolError } from '../../errors.js';
import { readFilter, writeFilter, type Filter } from '../../filter/index.js';
import { fromUtf8Strict, utf8 } from '../../util/index.js';
import type { SearchResultEntry } from '../messages.js';
import { readText } from '../ops/common.js';
import { readSearchResultEntry, writeSearchResultEntry } from '../ops/search.js';
import { decodeValue, encodeValue } from '../value.js';

export function encodeReadEntryRequestValue(attributes: readonly string[]): Uint8Array {
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    for (const a of attributes) w.writeString(a);
    w.endSequence();
  });
}

export function decodeReadEntryRequestValue(bytes: Uint8Array | undefined): string[] {
  return decodeValue(bytes, 'read entry control', (r) => {
    const list: string[] = [];
    r.enter(Tag.sequence);
    while (r.more()) list.push(readText(r, 'attribute selector'));
    r.leave();
    return list;
  });
}

/** The entry as it was before (pre-read) or after (post-read) the update. */
export type ReadEntryValue = Omit<SearchResultEntry, 'type'>;

export function encodeReadEntryResponseValue(entry: ReadEntryValue): Uint8Array {
  return encodeValue((w) => writeSearchResultEntry(w, { type: 'SearchResultEntry', ...entry }));
}

export function decodeReadEntryResponseValue(bytes: Uint8Array | undefined): ReadEntryValue {
  return decodeValue(bytes, 'read entry response control', (r) => {
    const e = readSearchResultEntry(r);
    return { objectName: e.objectName, attributes: e.attributes };
  });
}

export function encodeAssertionValue(filter: Filter): Uint8Array {
  return encodeValue((w) => writeFilter(w, filter));
}

export function decodeAssertionValue(bytes: Uint8Array | undefined): Filter {
  return decodeValue(bytes, 'assertion control', readFilter);
}

export function encodeProxiedAuthorizationValue(authzId: string): Uint8Array {
  return utf8(authzId);
}

export function decodeProxiedAuthorizationValue(bytes: Uint8Array | undefined): string {
  // RFC 4370 section 3: the controlValue MUST be present (empty means anonymous).
  if (bytes === undefined) throw new ProtocolError('proxied authorization control: value missing');
  const s = fromUtf8Strict(bytes);
  if (s === undefined)
    throw new ProtocolError('proxied authorization control: authzId is not valid UTF-8', 0);
  return s;
}

export function encodeTransactionSpecificationValue(txnId: Uint8Array): Uint8Array {
  return txnId;
}

export function decodeTransactionSpecificationValue(bytes: Uint8Array | undefined): Uint8Array {
  if (bytes === undefined) throw new ProtocolError('transaction specification control: value missing');
  return bytes;
}

/** For controls that take no value: a present value is a protocol error. */
export function decodeNoValue(bytes: Uint8Array | undefined, what = 'control'): null {
  if (bytes !== undefined) throw new ProtocolError(`${what} must not have a value`, 0);
  return null;
}
