/**
 * Result codes the engine answers with (RFC 4511 appendix A, RFC 4528 assertionFailed, RFC 3909
 * canceled) and helpers to build LDAPResult values.
 */
import type { Control, LdapResult } from '../protocol/index.js';

export const RC = {
  success: 0,
  operationsError: 1,
  protocolError: 2,
  timeLimitExceeded: 3,
  sizeLimitExceeded: 4,
  compareFalse: 5,
  compareTrue: 6,
  authMethodNotSupported: 7,
  strongerAuthRequired: 8,
  referral: 10,
  adminLimitExceeded: 11,
  unavailableCriticalExtension: 12,
  confidentialityRequired: 13,
  saslBindInProgress: 14,
  noSuchAttribute: 16,
  undefinedAttributeType: 17,
  inappropriateMatching: 18,
  constraintViolation: 19,
  attributeOrValueExists: 20,
  invalidAttributeSyntax: 21,
  noSuchObject: 32,
  aliasProblem: 33,
  invalidDNSyntax: 34,
  aliasDereferencingProblem: 36,
  inappropriateAuthentication: 48,
  invalidCredentials: 49,
  insufficientAccessRights: 50,
  busy: 51,
  unavailable: 52,
  unwillingToPerform: 53,
  loopDetect: 54,
  namingViolation: 64,
  objectClassViolation: 65,
  notAllowedOnNonLeaf: 66,
  notAllowedOnRDN: 67,
  entryAlreadyExists: 68,
  objectClassModsProhibited: 69,
  affectsMultipleDSAs: 71,
  other: 80,
  canceled: 118,
  noSuchOperation: 119,
  assertionFailed: 122,
  authorizationDenied: 123,
} as const;

export type ResultCode = (typeof RC)[keyof typeof RC];

/** An LDAPResult, as the final response of an operation carries it. */
export interface Outcome extends LdapResult {
  readonly resultCode: number;
}

export function outcome(
  resultCode: number,
  diagnosticMessage = '',
  matchedDN = '',
  referral?: string[],
): Outcome {
  return referral
    ? { resultCode, matchedDN, diagnosticMessage, referral }
    : { resultCode, matchedDN, diagnosticMessage };
}

export const SUCCESS: Outcome = outcome(RC.success);

/** An operation stops early with this result (thrown inside the engine, caught by the handler). */
export class OperationFailure extends Error {
  constructor(
    readonly outcome: Outcome,
    /** Response controls that go with the failure (a VLV response, for instance). */
    readonly controls?: readonly Control[],
  ) {
    super(outcome.diagnosticMessage || `result ${outcome.resultCode}`);
  }
}

export function fail(resultCode: number, diagnosticMessage = '', matchedDN = ''): never {
  throw new OperationFailure(outcome(resultCode, diagnosticMessage, matchedDN));
}
