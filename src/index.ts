/**
 * ldap3ts public surface. Every exported name is listed explicitly (pinned by
 * test/exports.test.ts).
 */
export {
  LdapError,
  LdapResultError,
  BerError,
  ProtocolError,
  FilterSyntaxError,
  DnSyntaxError,
  UrlSyntaxError,
  LdifError,
  SchemaError,
  LdapOptionError,
  LdapConnectionError,
  LdapTimeoutError,
  LdapAbortError,
} from './errors.js';
export type { LdapResultInfo } from './errors.js';
