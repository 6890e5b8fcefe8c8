/**
 * LDAP messages as immutable data (RFC 4511 section 4). Field names follow the ASN.1 of the RFC.
 * The codec (encode/decode per PDU under ops/) turns these into bytes and back; the client,
 * the directory engine and the mock server all speak these types.
 *
 *   LDAPMessage ::= SEQUENCE { messageID MessageID, protocolOp CHOICE {...}, controls [0] Controls OPTIONAL }
 */
import type { Filter } from '../filter/index.js';

/** Control ::= SEQUENCE { controlType LDAPOID, criticality BOOLEAN DEFAULT FALSE, controlValue OCTET STRING OPTIONAL } */
export interface Control {
  readonly oid: string;
  readonly critical: boolean;
  readonly value?: Uint8Array;
}

/** PartialAttribute ::= SEQUENCE { type AttributeDescription, vals SET OF value AttributeValue } */
export interface PartialAttribute {
  readonly type: string;
  readonly vals: readonly Uint8Array[];
}

/** LDAPResult (section 4.1.9). */
export interface LdapResult {
  readonly resultCode: number;
  readonly matchedDN: string;
  readonly diagnosticMessage: string;
  /** Referral [3] URIs; present only when the server sent the field. */
  readonly referral?: readonly string[];
}

/** Search scope (section 4.5.1.2); 3 is subordinateSubtree (draft-sermersheim-ldap-subordinate-scope). */
export type SearchScope = 0 | 1 | 2 | 3;
/** derefAliases (section 4.5.1.3): never, inSearching, finding, always. */
export type DerefAliases = 0 | 1 | 2 | 3;

export type BindAuthentication =
  | { readonly type: 'simple'; readonly password: Uint8Array }
  | { readonly type: 'sasl'; readonly mechanism: string; readonly credentials?: Uint8Array };

/** ModifyRequest change operation (section 4.6); 3 is increment (RFC 4525). */
export type ModifyOperation = 0 | 1 | 2 | 3;

export interface Change {
  readonly operation: ModifyOperation;
  readonly modification: PartialAttribute;
}

export type BindRequest = {
  readonly type: 'BindRequest';
  readonly version: number;
  readonly name: string;
  readonly authentication: BindAuthentication;
};
export type BindResponse = {
  readonly type: 'BindResponse';
  readonly serverSaslCreds?: Uint8Array;
} & LdapResult;
export type UnbindRequest = { readonly type: 'UnbindRequest' };
export type SearchRequest = {
  readonly type: 'SearchRequest';
  readonly baseObject: string;
  readonly scope: SearchScope;
  readonly derefAliases: DerefAliases;
  readonly sizeLimit: number;
  readonly timeLimit: number;
  readonly typesOnly: boolean;
  readonly filter: Filter;
  readonly attributes: readonly string[];
};
export type SearchResultEntry = {
  readonly type: 'SearchResultEntry';
  readonly objectName: string;
  readonly attributes: readonly PartialAttribute[];
};
export type SearchResultReference = {
  readonly type: 'SearchResultReference';
  readonly uris: readonly string[];
};
export type SearchResultDone = { readonly type: 'SearchResultDone' } & LdapResult;
export type ModifyRequest = {
  readonly type: 'ModifyRequest';
  readonly object: string;
  readonly changes: readonly Change[];
};
export type ModifyResponse = { readonly type: 'ModifyResponse' } & LdapResult;
export type AddRequest = {
  readonly type: 'AddRequest';
  readonly entry: string;
  readonly attributes: readonly PartialAttribute[];
};
export type AddResponse = { readonly type: 'AddResponse' } & LdapResult;
export type DelRequest = { readonly type: 'DelRequest'; readonly dn: string };
export type DelResponse = { readonly type: 'DelResponse' } & LdapResult;
export type ModifyDNRequest = {
  readonly type: 'ModifyDNRequest';
  readonly entry: string;
  readonly newrdn: string;
  readonly deleteoldrdn: boolean;
  readonly newSuperior?: string;
};
export type ModifyDNResponse = { readonly type: 'ModifyDNResponse' } & LdapResult;
export type CompareRequest = {
  readonly type: 'CompareRequest';
  readonly entry: string;
  readonly attributeDesc: string;
  readonly assertionValue: Uint8Array;
};
export type CompareResponse = { readonly type: 'CompareResponse' } & LdapResult;
export type AbandonRequest = { readonly type: 'AbandonRequest'; readonly messageID: number };
export type ExtendedRequest = {
  readonly type: 'ExtendedRequest';
  readonly requestName: string;
  readonly requestValue?: Uint8Array;
};
export type ExtendedResponse = {
  readonly type: 'ExtendedResponse';
  readonly responseName?: string;
  readonly responseValue?: Uint8Array;
} & LdapResult;
export type IntermediateResponse = {
  readonly type: 'IntermediateResponse';
  readonly responseName?: string;
  readonly responseValue?: Uint8Array;
};

export type ProtocolOp =
  | BindRequest
  | BindResponse
  | UnbindRequest
  | SearchRequest
  | SearchResultEntry
  | SearchResultReference
  | SearchResultDone
  | ModifyRequest
  | ModifyResponse
  | AddRequest
  | AddResponse
  | DelRequest
  | DelResponse
  | ModifyDNRequest
  | ModifyDNResponse
  | CompareRequest
  | CompareResponse
  | AbandonRequest
  | ExtendedRequest
  | ExtendedResponse
  | IntermediateResponse;

export type ProtocolOpType = ProtocolOp['type'];

export type RequestOp =
  | BindRequest
  | UnbindRequest
  | SearchRequest
  | ModifyRequest
  | AddRequest
  | DelRequest
  | ModifyDNRequest
  | CompareRequest
  | AbandonRequest
  | ExtendedRequest;

export type ResponseOp = Exclude<ProtocolOp, RequestOp>;

/** The LDAPMessage envelope. messageID 0 is reserved for unsolicited notifications (section 4.4). */
export interface LdapMessage<Op extends ProtocolOp = ProtocolOp> {
  readonly messageID: number;
  readonly protocolOp: Op;
  readonly controls?: readonly Control[];
}
