/**
 * The Cancel extended operation (RFC 3909). The cancelled operation ends with `canceled` (118)
 * first, then the Cancel request answers success; noSuchOperation (119) when the ID names no
 * outstanding operation, tooLate (120) when it already sent its result or was already
 * abandoned, cannotCancel (121) for Bind, StartTLS and Cancel (section 2).
 */
import { ExtendedOid, ResultCode } from '../src/protocol/index.js';
import type { ExtendedRequest, LdapMessage } from '../src/protocol/index.js';
import { decodeCancelId } from './codec.js';
import { START_TLS_OID } from './handlers/start-tls.js';
import type { RunningOp } from './session.js';

export const CANCEL_OID = ExtendedOid.cancel;

export async function handleCancel(
  request: LdapMessage<ExtendedRequest>,
  ops: ReadonlyMap<number, RunningOp>,
  respond: (m: LdapMessage) => void,
): Promise<void> {
  const answer = (resultCode: number, diagnosticMessage = ''): void =>
    respond({
      messageID: request.messageID,
      protocolOp: { type: 'ExtendedResponse', resultCode, matchedDN: '', diagnosticMessage },
    });
  const cancelId = decodeCancelId(request.protocolOp.requestValue);
  if (cancelId === undefined) return answer(ResultCode.protocolError, 'malformed cancel request value');
  const target = ops.get(cancelId);
  if (!target || target.messageID === request.messageID)
    return answer(ResultCode.noSuchOperation, 'no such operation');
  if (target.type === 'BindRequest' || isUncancelableExtended(target)) {
    return answer(ResultCode.cannotCancel, 'operation cannot be canceled');
  }
  if (target.finished || target.canceled || target.controller.signal.aborted)
    return answer(ResultCode.tooLate, 'too late');
  target.canceled = true;
  target.controller.abort();
  await target.done;
  answer(ResultCode.success);
}

function isUncancelableExtended(op: RunningOp): boolean {
  return op.type === 'ExtendedRequest' && (op.requestName === START_TLS_OID || op.requestName === CANCEL_OID);
}
