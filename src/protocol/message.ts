/**
 * The LDAPMessage envelope (RFC 4511 section 4.1.1) and the protocolOp dispatch.
 *
 *   LDAPMessage ::= SEQUENCE { messageID MessageID, protocolOp CHOICE { bindRequest BindRequest,
 *     ..., intermediateResponse IntermediateResponse }, controls [0] Controls OPTIONAL }
 *
 * decodeMessage throws BerError for bytes that are not BER (with `incomplete` when more input
 * could complete them) and ProtocolError for BER that is not an LDAPMessage.
 */
import { BerReader, BerWriter, describeTag, Tag } from '../ber/index.js';
import type { BerReaderOptions } from '../ber/index.js';
import { LdapOptionError, ProtocolError } from '../errors.js';
import type { LdapMessage, ProtocolOp, ProtocolOpType } from './messages.js';
import { ApplicationTag, MAX_INT } from './app-tags.js';
import { CONTROLS_TAG, readControls, writeControls } from './controls/envelope.js';
import { need, readBounded } from './ops/common.js';
import { readAbandonRequest, writeAbandonRequest } from './ops/abandon.js';
import { readAddRequest, readAddResponse, writeAddRequest, writeAddResponse } from './ops/add.js';
import {
  readBindRequest,
  readBindResponse,
  readUnbindRequest,
  writeBindRequest,
  writeBindResponse,
  writeUnbindRequest,
} from './ops/bind.js';
import {
  readCompareRequest,
  readCompareResponse,
  writeCompareRequest,
  writeCompareResponse,
} from './ops/compare.js';
import { readDelRequest, readDelResponse, writeDelRequest, writeDelResponse } from './ops/delete.js';
import {
  readExtendedRequest,
  readExtendedResponse,
  readIntermediateResponse,
  writeExtendedRequest,
  writeExtendedResponse,
  writeIntermediateResponse,
} from './ops/extended.js';
import {
  readModifyDNRequest,
  readModifyDNResponse,
  writeModifyDNRequest,
  writeModifyDNResponse,
} from './ops/modify-dn.js';
import {
  readModifyRequest,
  readModifyResponse,
  writeModifyRequest,
  writeModifyResponse,
} from './ops/modify.js';
import {
  readSearchRequest,
  readSearchResultDone,
  readSearchResultEntry,
  readSearchResultReference,
  writeSearchRequest,
  writeSearchResultDone,
  writeSearchResultEntry,
  writeSearchResultReference,
} from './ops/search.js';

/** Limits applied while decoding. */
export type DecodeOptions = Pick<BerReaderOptions, 'maxLength' | 'maxDepth'>;

/** Append one LDAPMessage to a writer. */
export function writeMessage(w: BerWriter, msg: LdapMessage): void {
  const id = msg.messageID;
  if (!Number.isInteger(id) || id < 0 || id > MAX_INT) {
    throw new LdapOptionError(`messageID ${id} out of range 0..${MAX_INT}`);
  }
  w.startSequence(Tag.sequence);
  w.writeInteger(id);
  writeProtocolOp(w, msg.protocolOp);
  if (msg.controls !== undefined && msg.controls.length > 0) writeControls(w, msg.controls, CONTROLS_TAG);
  w.endSequence();
}

export function writeProtocolOp(w: BerWriter, op: ProtocolOp): void {
  switch (op.type) {
    case 'BindRequest':
      return writeBindRequest(w, op);
    case 'BindResponse':
      return writeBindResponse(w, op);
    case 'UnbindRequest':
      return writeUnbindRequest(w, op);
    case 'SearchRequest':
      return writeSearchRequest(w, op);
    case 'SearchResultEntry':
      return writeSearchResultEntry(w, op);
    case 'SearchResultReference':
      return writeSearchResultReference(w, op);
    case 'SearchResultDone':
      return writeSearchResultDone(w, op);
    case 'ModifyRequest':
      return writeModifyRequest(w, op);
    case 'ModifyResponse':
      return writeModifyResponse(w, op);
    case 'AddRequest':
      return writeAddRequest(w, op);
    case 'AddResponse':
      return writeAddResponse(w, op);
    case 'DelRequest':
      return writeDelRequest(w, op);
    case 'DelResponse':
      return writeDelResponse(w, op);
    case 'ModifyDNRequest':
      return writeModifyDNRequest(w, op);
    case 'ModifyDNResponse':
      return writeModifyDNResponse(w, op);
    case 'CompareRequest':
      return writeCompareRequest(w, op);
    case 'CompareResponse':
      return writeCompareResponse(w, op);
    case 'AbandonRequest':
      return writeAbandonRequest(w, op);
    case 'ExtendedRequest':
      return writeExtendedRequest(w, op);
    case 'ExtendedResponse':
      return writeExtendedResponse(w, op);
    case 'IntermediateResponse':
      return writeIntermediateResponse(w, op);
    default: {
      const never: never = op;
      throw new LdapOptionError(`unknown protocolOp ${String((never as { type?: unknown }).type)}`);
    }
  }
}

/** Read one LDAPMessage at the reader's position. */
export function readMessage(r: BerReader): LdapMessage {
  const at = r.pos;
  const tag = r.peekTag();
  if (tag !== Tag.sequence && tag !== -1) {
    throw new ProtocolError(`LDAPMessage must be a SEQUENCE, found ${describeTag(tag)}`, at);
  }
  r.enter(Tag.sequence);
  need(r, 'messageID');
  const messageID = readBounded(r, 'messageID', 0, MAX_INT);
  need(r, 'protocolOp');
  const protocolOp = readProtocolOp(r);
  const controls = r.peekTag() === CONTROLS_TAG ? readControls(r, CONTROLS_TAG) : undefined;
  r.leave();
  return controls === undefined ? { messageID, protocolOp } : { messageID, protocolOp, controls };
}

export function readProtocolOp(r: BerReader): ProtocolOp {
  const tag = r.peekTag();
  switch (tag) {
    case ApplicationTag.BindRequest:
      return readBindRequest(r);
    case ApplicationTag.BindResponse:
      return readBindResponse(r);
    case ApplicationTag.UnbindRequest:
      return readUnbindRequest(r);
    case ApplicationTag.SearchRequest:
      return readSearchRequest(r);
    case ApplicationTag.SearchResultEntry:
      return readSearchResultEntry(r);
    case ApplicationTag.SearchResultReference:
      return readSearchResultReference(r);
    case ApplicationTag.SearchResultDone:
      return readSearchResultDone(r);
    case ApplicationTag.ModifyRequest:
      return readModifyRequest(r);
    case ApplicationTag.ModifyResponse:
      return readModifyResponse(r);
    case ApplicationTag.AddRequest:
      return readAddRequest(r);
    case ApplicationTag.AddResponse:
      return readAddResponse(r);
    case ApplicationTag.DelRequest:
      return readDelRequest(r);
    case ApplicationTag.DelResponse:
      return readDelResponse(r);
    case ApplicationTag.ModifyDNRequest:
      return readModifyDNRequest(r);
    case ApplicationTag.ModifyDNResponse:
      return readModifyDNResponse(r);
    case ApplicationTag.CompareRequest:
      return readCompareRequest(r);
    case ApplicationTag.CompareResponse:
      return readCompareResponse(r);
    case ApplicationTag.AbandonRequest:
      return readAbandonRequest(r);
    case ApplicationTag.ExtendedRequest:
      return readExtendedRequest(r);
    case ApplicationTag.ExtendedResponse:
      return readExtendedResponse(r);
    case ApplicationTag.IntermediateResponse:
      return readIntermediateResponse(r);
    default:
      throw new ProtocolError(`unknown protocolOp ${describeTag(tag)}`, r.pos);
  }
}

// One writer reused across calls: encodeMessage is synchronous and never re-entered while the
// spare is taken, except by nested encoders, which then get their own writer.
let spare: BerWriter | undefined = new BerWriter(4096);

/**
 * BER of one LDAPMessage. Small results live in Node's shared Buffer pool (see ber/alloc.ts):
 * copy before transferring the underlying ArrayBuffer.
 */
export function encodeMessage(msg: LdapMessage): Uint8Array {
  const w = spare ?? new BerWriter(1024);
  spare = undefined;
  try {
    w.reset();
    writeMessage(w, msg);
    return w.toBytes();
  } finally {
    w.reset();
    // Keep the writer for next time unless one huge message made it huge.
    if (w.capacity <= 1 << 20) spare = w;
  }
}

/**
 * Decode one LDAPMessage that fills `bytes` exactly. Values (attribute values, control values)
 * are views of `bytes`: copy them if the buffer is reused.
 */
export function decodeMessage(bytes: Uint8Array, options?: DecodeOptions): LdapMessage {
  const r = new BerReader(bytes, options);
  const msg = readMessage(r);
  if (r.pos !== bytes.length) throw new ProtocolError('trailing bytes after the LDAPMessage', r.pos);
  return msg;
}

/** What can be read of a PDU's envelope even when the PDU as a whole does not decode. */
export interface MessageHeader {
  readonly messageID: number;
  /** Identifier octet of the protocolOp (an ApplicationTag value when it is one). */
  readonly protocolOpTag: number;
  /** The operation, when the tag is one RFC 4511 defines. */
  readonly type?: ProtocolOpType;
}

const TYPE_OF_TAG = new Map<number, ProtocolOpType>(
  (Object.entries(ApplicationTag) as [ProtocolOpType, number][]).map(([k, v]) => [v, k]),
);

/**
 * Read only the messageID and the protocolOp tag of a framed PDU; undefined when even those do
 * not parse. A server uses it after decodeMessage failed (RFC 4511 section 4.1.1): with a known
 * request it can answer protocolError under that messageID, otherwise it sends a Notice of
 * Disconnection and closes.
 */
export function readMessageHeader(bytes: Uint8Array): MessageHeader | undefined {
  try {
    const r = new BerReader(bytes, { partial: false });
    r.enter(Tag.sequence);
    const id = r.readIntegerValue();
    if (typeof id !== 'number' || id < 0 || id > MAX_INT || !r.more()) return undefined;
    const tag = r.peekTag();
    const type = TYPE_OF_TAG.get(tag);
    return type === undefined
      ? { messageID: id, protocolOpTag: tag }
      : { messageID: id, protocolOpTag: tag, type };
  } catch {
    return undefined;
  }
}
