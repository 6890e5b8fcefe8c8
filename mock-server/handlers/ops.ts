/**
 * Per-operation facts the wrappers need: a short name for logs and rules, the response type that
 * carries the final LDAPResult (RFC 4511 section 4.2 to 4.12), and the DN the request targets.
 */
import type { LdapMessage, RequestOp, ResponseOp } from '../../src/protocol/index.js';

/** Short operation names used in logs, the journal and fault/access rules. */
export const OPERATION_NAMES = {
  BindRequest: 'bind',
  UnbindRequest: 'unbind',
  SearchRequest: 'search',
  ModifyRequest: 'modify',
  AddRequest: 'add',
  DelRequest: 'delete',
  ModifyDNRequest: 'modifyDn',
  CompareRequest: 'compare',
  AbandonRequest: 'abandon',
  ExtendedRequest: 'extended',
} as const satisfies Record<RequestOp['type'], string>;

export type OperationName = (typeof OPERATION_NAMES)[keyof typeof OPERATION_NAMES];

/** The response op type that ends each request (Unbind and Abandon have none). */
const RESULT_TYPES = {
  BindRequest: 'BindResponse',
  SearchRequest: 'SearchResultDone',
  ModifyRequest: 'ModifyResponse',
  AddRequest: 'AddResponse',
  DelRequest: 'DelResponse',
  ModifyDNRequest: 'ModifyDNResponse',
  CompareRequest: 'CompareResponse',
  ExtendedRequest: 'ExtendedResponse',
} as const;

export function operationName(op: RequestOp): OperationName {
  return OPERATION_NAMES[op.type];
}

/** The DN a request names, '' when it names none. */
export function targetDn(op: RequestOp): string {
  switch (op.type) {
    case 'BindRequest':
      return op.name;
    case 'SearchRequest':
      return op.baseObject;
    case 'ModifyRequest':
      return op.object;
    case 'AddRequest':
      return op.entry;
    case 'DelRequest':
      return op.dn;
    case 'ModifyDNRequest':
      return op.entry;
    case 'CompareRequest':
      return op.entry;
    case 'UnbindRequest':
    case 'AbandonRequest':
    case 'ExtendedRequest':
      return '';
  }
}

/** True when the response is the last one for its request (it carries the LDAPResult). */
export function isFinalResponse(op: ResponseOp): boolean {
  return (
    op.type !== 'SearchResultEntry' &&
    op.type !== 'SearchResultReference' &&
    op.type !== 'IntermediateResponse'
  );
}

/**
 * Build the final response for `request` carrying only a result code and message; undefined for
 * Unbind and Abandon, which have no response.
 */
export function resultFor(
  request: LdapMessage<RequestOp>,
  resultCode: number,
  diagnosticMessage = '',
  matchedDN = '',
): LdapMessage | undefined {
  const t = request.protocolOp.type;
  if (t === 'UnbindRequest' || t === 'AbandonRequest') return undefined;
  const type = RESULT_TYPES[t];
  return {
    messageID: request.messageID,
    protocolOp: { type, resultCode, matchedDN, diagnosticMessage } as ResponseOp,
  };
}

/** The result code of a final response, undefined for entries, references and intermediates. */
export function resultCodeOf(op: ResponseOp): number | undefined {
  return isFinalResponse(op) ? (op as { resultCode: number }).resultCode : undefined;
}
