/**
 * Values and builders of the standard extended operations:
 * - StartTLS (RFC 4511 section 4.14): no request value, no response value;
 * - Who am I? (RFC 4532 section 2): no request value; the response value is the authzId
 *   itself (`dn:...`, `u:...`, empty for anonymous), not BER;
 * - Cancel (RFC 3909 section 2): cancelRequestValue ::= SEQUENCE { cancelID MessageID };
 * - Notice of Disconnection (RFC 4511 section 4.4.1): an unsolicited ExtendedResponse with
 *   messageID 0, responseName 1.3.6.1.4.1.1466.20036 and no responseValue.
 */
import { Tag } from '../../ber/index.js';
import { ProtocolError } from '../../errors.js';
import { fromUtf8Strict } from '../../util/index.js';
import type { ExtendedRequest, ExtendedResponse, LdapMessage } from '../messages.js';
import { MAX_INT } from '../app-tags.js';
import { ExtendedOid } from '../oids.js';
import { need, readBounded } from '../ops/common.js';
import { ResultCode } from '../result-codes.js';
import { decodeValue, encodeValue } from '../value.js';

export function startTlsRequest(): ExtendedRequest {
  return { type: 'ExtendedRequest', requestName: ExtendedOid.startTls };
}

export function whoAmIRequest(): ExtendedRequest {
  return { type: 'ExtendedRequest', requestName: ExtendedOid.whoAmI };
}

/** The authzId of a Who am I? response ('' when anonymous or the value is absent). */
export function decodeWhoAmIResponseValue(bytes: Uint8Array | undefined): string {
  if (bytes === undefined) return '';
  const s = fromUtf8Strict(bytes);
  if (s === undefined) throw new ProtocolError('Who am I? authzId is not valid UTF-8', 0);
  return s;
}

export function encodeCancelRequestValue(cancelID: number): Uint8Array {
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    w.writeInteger(cancelID);
    w.endSequence();
  });
}

export function decodeCancelRequestValue(bytes: Uint8Array | undefined): number {
  return decodeValue(bytes, 'cancel request', (r) => {
    r.enter(Tag.sequence);
    need(r, 'cancelID');
    const id = readBounded(r, 'cancelID', 0, MAX_INT);
    r.leave();
    return id;
  });
}

export function cancelRequest(cancelID: number): ExtendedRequest {
  return {
    type: 'ExtendedRequest',
    requestName: ExtendedOid.cancel,
    requestValue: encodeCancelRequestValue(cancelID),
  };
}

/**
 * The Notice of Disconnection a server sends before closing the connection. `resultCode`
 * is one of unavailable (52, the default: shutting down), protocolError (2) or
 * strongerAuthRequired (8) per RFC 4511 section 4.4.1.
 */
export function noticeOfDisconnection(
  resultCode: number = ResultCode.unavailable,
  diagnosticMessage = '',
): LdapMessage<ExtendedResponse> {
  return {
    messageID: 0,
    protocolOp: {
      type: 'ExtendedResponse',
      resultCode,
      matchedDN: '',
      diagnosticMessage,
      responseName: ExtendedOid.noticeOfDisconnection,
    },
  };
}

/** True for an unsolicited Notice of Disconnection (section 4.4.1). */
export function isNoticeOfDisconnection(msg: LdapMessage): boolean {
  return (
    msg.messageID === 0 &&
    msg.protocolOp.type === 'ExtendedResponse' &&
    msg.protocolOp.responseName === ExtendedOid.noticeOfDisconnection
  );
}
