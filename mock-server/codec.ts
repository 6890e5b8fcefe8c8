/**
 * The few codec entry points the server uses, gathered in one place: the framer (whole PDUs out
 * of any chunking, bounded by the maximum message size), request decoding, response encoding, the
 * Notice of Disconnection (RFC 4511 section 4.4.1) and the Cancel request value (RFC 3909).
 */
import {
  MessageFramer,
  decodeCancelRequestValue,
  decodeMessage,
  encodeMessage,
  noticeOfDisconnection as notice,
  type LdapMessage,
} from '../src/protocol/index.js';

export interface Framer {
  /** Whole PDUs completed by `chunk`; throws on malformed framing or an oversized message. */
  push(chunk: Uint8Array): Uint8Array[];
}

export function createFramer(maxMessageSize: number): Framer {
  return new MessageFramer({ maxMessageSize });
}

export function decodeRequest(pdu: Uint8Array, maxMessageSize: number): LdapMessage {
  return decodeMessage(pdu, { maxLength: maxMessageSize });
}

export function encodeResponse(message: LdapMessage): Uint8Array {
  return encodeMessage(message);
}

export function noticeOfDisconnection(resultCode: number, diagnosticMessage: string): Uint8Array {
  return encodeMessage(notice(resultCode, diagnosticMessage));
}

/** The cancelID of a Cancel request value, undefined when the value is missing or malformed. */
export function decodeCancelId(value: Uint8Array | undefined): number | undefined {
  if (value === undefined) return undefined;
  try {
    return decodeCancelRequestValue(value);
  } catch {
    return undefined;
  }
}
