/**
 * Application tags of the LDAPMessage protocolOp CHOICE (RFC 4511 section 4.2 to 4.13 and
 * appendix B), as identifier octets: constructed `[APPLICATION n]` is 0x60 + n, primitive
 * (UnbindRequest NULL, DelRequest LDAPDN, AbandonRequest MessageID) is 0x40 + n.
 */
import type { ProtocolOpType } from './messages.js';

export const ApplicationTag = {
  BindRequest: 0x60, // [APPLICATION 0]  section 4.2
  BindResponse: 0x61, // [APPLICATION 1]  section 4.2.2
  UnbindRequest: 0x42, // [APPLICATION 2] NULL  section 4.3
  SearchRequest: 0x63, // [APPLICATION 3]  section 4.5.1
  SearchResultEntry: 0x64, // [APPLICATION 4]  section 4.5.2
  SearchResultDone: 0x65, // [APPLICATION 5]  section 4.5.2
  ModifyRequest: 0x66, // [APPLICATION 6]  section 4.6
  ModifyResponse: 0x67, // [APPLICATION 7]
  AddRequest: 0x68, // [APPLICATION 8]  section 4.7
  AddResponse: 0x69, // [APPLICATION 9]
  DelRequest: 0x4a, // [APPLICATION 10] LDAPDN  section 4.8
  DelResponse: 0x6b, // [APPLICATION 11]
  ModifyDNRequest: 0x6c, // [APPLICATION 12]  section 4.9
  ModifyDNResponse: 0x6d, // [APPLICATION 13]
  CompareRequest: 0x6e, // [APPLICATION 14]  section 4.10
  CompareResponse: 0x6f, // [APPLICATION 15]
  AbandonRequest: 0x50, // [APPLICATION 16] MessageID  section 4.11
  SearchResultReference: 0x73, // [APPLICATION 19]  section 4.5.3
  ExtendedRequest: 0x77, // [APPLICATION 23]  section 4.12
  ExtendedResponse: 0x78, // [APPLICATION 24]
  IntermediateResponse: 0x79, // [APPLICATION 25]  section 4.13
} as const satisfies Record<ProtocolOpType, number>;
export type ApplicationTag = (typeof ApplicationTag)[keyof typeof ApplicationTag];

/**
 * The ASN.1 CHOICE alternative names of RFC 4511 section 4.2 (`bindResponse`, `searchResEntry`,
 * `modDNResponse`, `extendedResp` ...): the `type` python-ldap3 shows in its results.
 */
export const OperationName = {
  BindRequest: 'bindRequest',
  BindResponse: 'bindResponse',
  UnbindRequest: 'unbindRequest',
  SearchRequest: 'searchRequest',
  SearchResultEntry: 'searchResEntry',
  SearchResultDone: 'searchResDone',
  SearchResultReference: 'searchResRef',
  ModifyRequest: 'modifyRequest',
  ModifyResponse: 'modifyResponse',
  AddRequest: 'addRequest',
  AddResponse: 'addResponse',
  DelRequest: 'delRequest',
  DelResponse: 'delResponse',
  ModifyDNRequest: 'modDNRequest',
  ModifyDNResponse: 'modDNResponse',
  CompareRequest: 'compareRequest',
  CompareResponse: 'compareResponse',
  AbandonRequest: 'abandonRequest',
  ExtendedRequest: 'extendedReq',
  ExtendedResponse: 'extendedResp',
  IntermediateResponse: 'intermediateResponse',
} as const satisfies Record<ProtocolOpType, string>;
export type OperationName = (typeof OperationName)[keyof typeof OperationName];

/** The response type a request is answered with (none for Unbind and Abandon). */
export const ResponseTypeOf = {
  BindRequest: 'BindResponse',
  SearchRequest: 'SearchResultDone',
  ModifyRequest: 'ModifyResponse',
  AddRequest: 'AddResponse',
  DelRequest: 'DelResponse',
  ModifyDNRequest: 'ModifyDNResponse',
  CompareRequest: 'CompareResponse',
  ExtendedRequest: 'ExtendedResponse',
} as const;

/** RFC 4511 section 4.1.1: MessageID ::= INTEGER (0 .. maxInt), maxInt INTEGER ::= 2147483647. */
export const MAX_INT = 2147483647;
