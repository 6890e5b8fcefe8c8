/**
 * Result codes the engine answers with (RFC 4511 appendix A, RFC 4528 assertionFailed, RFC 3909
 * canceled) and helpers to build LDAPResult values.
 */
import { ResultCode as ResultCodeTable, type Control, type LdapResult } from '../protocol/index.js';

/** The RFC 4511 result-code table of the protocol layer, under the short name the engine uses. */
export const RC = ResultCodeTable;

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
