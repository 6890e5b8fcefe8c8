/**
 * StartTLS (RFC 4511 section 4.14, RFC 4513 section 3). The answer goes out in the clear and the
 * connection switches to TLS right after it. Refusals follow slapd: operationsError while other
 * operations are outstanding (section 4.14.1) or TLS is already up, unavailable when the listener
 * has no certificate. With TLS configured, the root DSE lists StartTLS first among its
 * supportedExtension values, as slapd does (RFC 4512 section 5.1).
 */
import {
  ExtendedOid,
  ResultCode,
  type LdapMessage,
  type PartialAttribute,
} from '../../src/protocol/index.js';
import type { RequestHandler } from '../../src/dit/index.js';
import { utf8 } from '../../src/util/index.js';
import { asConnection, type HandlerWrapper } from './types.js';

export const START_TLS_OID = ExtendedOid.startTls;

const SUPPORTED_EXTENSION = new Set(['supportedextension', '1.3.6.1.4.1.1466.101.120.7']);
const START_TLS_VALUE = utf8(START_TLS_OID);

export interface StartTlsOptions {
  /** A certificate is configured: the root DSE advertises StartTLS (on every listener, as slapd). */
  readonly advertise?: boolean;
}

/** The root DSE entry with StartTLS added in front of its supportedExtension values. */
function advertiseIn(message: LdapMessage): LdapMessage {
  const op = message.protocolOp;
  if (op.type !== 'SearchResultEntry' || op.objectName !== '') return message;
  let changed = false;
  const attributes = op.attributes.map((a): PartialAttribute => {
    if (!SUPPORTED_EXTENSION.has(a.type.toLowerCase())) return a;
    // typesOnly answers carry no values; an engine profile that lists it already is left alone
    if (
      a.vals.length === 0 ||
      a.vals.some((v) => v.length === START_TLS_VALUE.length && v.every((b, i) => b === START_TLS_VALUE[i]))
    )
      return a;
    changed = true;
    return { type: a.type, vals: [START_TLS_VALUE, ...a.vals] };
  });
  return changed ? { ...message, protocolOp: { ...op, attributes } } : message;
}

export function startTls(options: StartTlsOptions = {}): HandlerWrapper {
  return (next: RequestHandler): RequestHandler => ({
    handle: async (request, session, respond, signal) => {
      const op = request.protocolOp;
      if (op.type === 'SearchRequest') {
        // only a base search of the empty DN reads the root DSE
        if (!options.advertise || op.baseObject !== '' || op.scope !== 0)
          return next.handle(request, session, respond, signal);
        return next.handle(request, session, (m) => respond(advertiseIn(m)), signal);
      }
      if (op.type !== 'ExtendedRequest' || op.requestName !== START_TLS_OID) {
        return next.handle(request, session, respond, signal);
      }
      const conn = asConnection(session);
      const answer = (resultCode: number, diagnosticMessage: string): void =>
        respond({
          messageID: request.messageID,
          protocolOp: {
            type: 'ExtendedResponse',
            resultCode,
            matchedDN: '',
            diagnosticMessage,
            ...(resultCode === 0 ? { responseName: START_TLS_OID } : {}),
          },
        });
      // RFC 4511 section 4.14.1: the request has no value (slapd: protocolError, first)
      if (op.requestValue !== undefined) return answer(ResultCode.protocolError, 'no request data expected');
      if (!conn || !conn.canStartTls) return answer(ResultCode.unavailable, 'Could not initialize TLS');
      if (session.tls) return answer(ResultCode.operationsError, 'TLS already started');
      if (conn.outstanding() > 1)
        return answer(ResultCode.operationsError, 'cannot start TLS when operations are outstanding');
      conn.upgradeAfterResponse();
      answer(0, '');
    },
  });
}
