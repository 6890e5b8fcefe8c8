/**
 * StartTLS (RFC 4511 section 4.14, RFC 4513 section 3). The answer goes out in the clear and the
 * connection switches to TLS right after it. Refusals follow slapd: operationsError while other
 * operations are outstanding (section 4.14.1) or TLS is already up, unavailable when the listener
 * has no certificate.
 */
import { ExtendedOid, ResultCode } from '../../src/protocol/index.js';
import type { RequestHandler } from '../../src/dit/index.js';
import { asConnection, type HandlerWrapper } from './types.js';

export const START_TLS_OID = ExtendedOid.startTls;

export function startTls(): HandlerWrapper {
  return (next: RequestHandler): RequestHandler => ({
    handle: async (request, session, respond, signal) => {
      const op = request.protocolOp;
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
      if (!conn || !conn.canStartTls) return answer(ResultCode.unavailable, 'Could not initialize TLS');
      if (session.tls) return answer(ResultCode.operationsError, 'TLS already started');
      if (conn.outstanding() > 1)
        return answer(ResultCode.operationsError, 'cannot start TLS when operations are outstanding');
      conn.upgradeAfterResponse();
      answer(0, '');
    },
  });
}
