/**
 * The ldap3-shaped values the client hands back: results, response items, requests.
 */
import type { LdapResultInfo } from '../errors.js';
import type { AttributeMap } from './attribute-map.js';

/** `conn.result`: RFC 4511 LDAPResult in ldap3's names. */
export type Result = LdapResultInfo;

export interface ControlInfo {
  description: string;
  criticality: boolean;
  value: unknown;
}

export interface SearchResEntry {
  type: 'searchResEntry';
  dn: string;
  /** Values formatted by the schema's syntaxes when known (a single value for SINGLE-VALUE attributes). */
  attributes: AttributeMap<unknown>;
  /** Always the bytes the server sent. */
  rawAttributes: AttributeMap<Uint8Array[]>;
  controls?: Record<string, ControlInfo>;
}

export interface SearchResRef {
  type: 'searchResRef';
  uri: string[];
  controls?: Record<string, ControlInfo>;
}

export interface IntermediateResponseItem {
  type: 'intermediateResponse';
  responseName?: string;
  responseValue?: Uint8Array;
}

export type ResponseItem = SearchResEntry | SearchResRef | IntermediateResponseItem;

/** `conn.request`: what was sent, for logs and error messages. */
export interface RequestInfo {
  type: string;
  messageId?: number;
  dn?: string;
  [detail: string]: unknown;
}

/** SAFE_* strategies: `[status, result, response, request]`. */
export type SafeOutcome = [status: boolean, result: Result, response: ResponseItem[], request: RequestInfo];
