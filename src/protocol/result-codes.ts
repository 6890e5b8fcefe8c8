/**
 * LDAP result codes: RFC 4511 section 4.1.9 and appendix A, plus codes registered later
 * (RFC 4520 section 3.6 registry). Names are those of the RFC ASN.1 (`noSuchObject`).
 */

export const ResultCode = {
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
  // RFC 3928 (LCUP)
  lcupResourcesExhausted: 113,
  lcupSecurityViolation: 114,
  lcupInvalidData: 115,
  lcupUnsupportedScheme: 116,
  lcupReloadRequired: 117,
  // RFC 3909 (Cancel)
  canceled: 118,
  noSuchOperation: 119,
  tooLate: 120,
  cannotCancel: 121,
  // RFC 4528 (Assertion control)
  assertionFailed: 122,
  // RFC 4370 (Proxied Authorization control)
  authorizationDenied: 123,
  // RFC 4533 (Content Synchronization)
  'e-syncRefreshRequired': 4096,
  // draft-zeilenga-ldap-noop (OpenLDAP's LDAP_X_NO_OPERATION)
  noOperation: 16654,
  // RFC 5805 transactions as OpenLDAP 2.5 answers them (LDAP_TXN_SPECIFY_OKAY, LDAP_TXN_ID_INVALID)
  txnSpecifyOkay: 16672,
  txnIdInvalid: 16673,
} as const;
export type ResultCodeName = keyof typeof ResultCode;
export type ResultCodeValue = (typeof ResultCode)[ResultCodeName];

/** Short human descriptions, after the RFC text that defines each code. */
const DESCRIPTIONS: Record<ResultCodeName, string> = {
  success: 'the operation completed successfully',
  operationsError: 'the operation is not properly sequenced with relation to other operations',
  protocolError: 'the server received data that is not well-formed',
  timeLimitExceeded: 'the time limit specified by the client was exceeded before the operation completed',
  sizeLimitExceeded: 'the size limit specified by the client was exceeded before the operation completed',
  compareFalse: 'the Compare operation completed and the assertion evaluated to FALSE or Undefined',
  compareTrue: 'the Compare operation completed and the assertion evaluated to TRUE',
  authMethodNotSupported: 'the authentication method or mechanism is not supported',
  strongerAuthRequired: 'the server requires stronger authentication to complete the operation',
  referral: 'a referral needs to be chased to complete the operation',
  adminLimitExceeded: 'an administrative limit has been exceeded',
  unavailableCriticalExtension: 'a critical control is unrecognized',
  confidentialityRequired: 'data confidentiality protections are required',
  saslBindInProgress: 'the server requires the client to send a new bind request to continue SASL',
  noSuchAttribute: 'the named entry does not contain the specified attribute or attribute value',
  undefinedAttributeType: 'an attribute description is not recognized',
  inappropriateMatching: 'a matching rule was used with an attribute that does not support it',
  constraintViolation: 'a value does not conform to a constraint imposed by the data model',
  attributeOrValueExists: 'the attribute or value already exists',
  invalidAttributeSyntax: 'a purported attribute value does not conform to the syntax of the attribute',
  noSuchObject: 'the object does not exist in the DIT',
  aliasProblem: 'an alias problem has occurred',
  invalidDNSyntax: 'an LDAPDN or RelativeLDAPDN field does not conform to the required syntax',
  aliasDereferencingProblem: 'a problem occurred while dereferencing an alias',
  inappropriateAuthentication: 'the client cannot authenticate with the method or credentials given',
  invalidCredentials: 'the provided credentials are invalid',
  insufficientAccessRights: 'the client does not have sufficient access rights to perform the operation',
  busy: 'the server is too busy to service the operation',
  unavailable: 'the server is shutting down or a subsystem needed to complete the operation is offline',
  unwillingToPerform: 'the server is unwilling to perform the operation',
  loopDetect: 'the server has detected an internal loop',
  namingViolation: 'the entry name violates naming restrictions',
  objectClassViolation: 'the entry violates object class restrictions',
  notAllowedOnNonLeaf: 'the operation is inappropriately acting upon a non-leaf entry',
  notAllowedOnRDN: 'the operation is inappropriately attempting to remove a value that forms the RDN',
  entryAlreadyExists: 'the entry already exists',
  objectClassModsProhibited: 'modifying the object class of the entry is not allowed',
  affectsMultipleDSAs: 'the operation cannot be performed as it would affect multiple servers',
  other: 'the server has encountered an internal error',
  lcupResourcesExhausted: 'the server is running out of resources (LCUP)',
  lcupSecurityViolation: 'the client is suspected of malicious actions (LCUP)',
  lcupInvalidData: 'invalid scheme or cookie was supplied (LCUP)',
  lcupUnsupportedScheme: 'the cookie scheme is a valid OID but is not supported (LCUP)',
  lcupReloadRequired: 'the client must reload its content (LCUP)',
  canceled: 'the operation was canceled',
  noSuchOperation: 'the server has no knowledge of the operation requested for cancellation',
  tooLate: 'it is too late to cancel the outstanding operation',
  cannotCancel: 'the identified operation does not support cancellation',
  assertionFailed: 'the assertion control evaluated to FALSE or Undefined',
  authorizationDenied: 'the client is not allowed to assume the requested authorization identity',
  'e-syncRefreshRequired': 'the server requires the client to refresh its content (sync)',
  noOperation: 'the operation succeeded but was not applied (no-op control)',
  txnSpecifyOkay: 'the operation was accepted into the transaction',
  txnIdInvalid: 'the transaction identifier is invalid',
};

export interface ResultCodeInfo {
  readonly code: number;
  readonly name: ResultCodeName;
  readonly description: string;
}

const BY_CODE = new Map<number, ResultCodeInfo>();
for (const name of Object.keys(ResultCode) as ResultCodeName[]) {
  const code = ResultCode[name];
  BY_CODE.set(code, { code, name, description: DESCRIPTIONS[name] });
}

/** Name and description of a code; undefined for a code no RFC assigns. */
export function resultCodeInfo(code: number): ResultCodeInfo | undefined {
  return BY_CODE.get(code);
}

/** The RFC name of a result code (`'noSuchObject'`), or `'unknown (N)'`. */
export function resultCodeName(code: number): string {
  return BY_CODE.get(code)?.name ?? `unknown (${code})`;
}

/** All known codes, ascending. */
export function allResultCodes(): ResultCodeInfo[] {
  return [...BY_CODE.values()].sort((a, b) => a.code - b.code);
}
