/**
 * An LDAP URL (RFC 4516 section 2):
 *
 *   ldapurl = scheme COLON SLASH SLASH [host [COLON port]]
 *             [SLASH dn [QUESTION [attributes] [QUESTION [scope] [QUESTION [filter] [QUESTION extensions]]]]]
 *
 * plus the `ldaps` (LDAP over TLS) and `ldapi` (LDAP over a Unix socket, the socket path
 * percent-encoded as the host) schemes that OpenLDAP and ldap3 use.
 */

export type LdapUrlScheme = 'ldap' | 'ldaps' | 'ldapi';
export type LdapUrlScope = 'base' | 'one' | 'sub';

/** extension = [EXCLAMATION] extype [EQUALS exvalue] (RFC 4516 section 2). */
export interface LdapUrlExtension {
  /** Extension type as written, e.g. `bindname` or an OID. */
  readonly type: string;
  /** Percent-decoded value; absent when the URL gave none. */
  readonly value?: string;
  /** `!` prefix: a client that does not support the extension must not process the URL. */
  readonly critical: boolean;
}

export interface LdapUrl {
  readonly scheme: LdapUrlScheme;
  /**
   * Host name or address as decoded: IPv6 without its brackets, the socket path for `ldapi`.
   * Empty when the URL names no host (the client's default applies).
   */
  readonly host: string;
  /**
   * The port given, else the scheme's default (389 for `ldap`, 636 for `ldaps`); undefined for `ldapi`.
   */
  readonly port?: number;
  /** Base DN, percent-decoded. @defaultValue `''` */
  readonly dn: string;
  /** Attribute descriptions to return. @defaultValue `[]` (all user attributes) */
  readonly attributes: readonly string[];
  /** @defaultValue `'base'` */
  readonly scope: LdapUrlScope;
  /** @defaultValue `'(objectClass=*)'` */
  readonly filter: string;
  readonly extensions: readonly LdapUrlExtension[];
}

/** Default ports of RFC 4516 section 2 and RFC 4513 (ldaps). */
export const DEFAULT_PORTS = { ldap: 389, ldaps: 636 } as const;

/** RFC 4516 section 2: the filter an LDAP URL without one stands for. */
export const DEFAULT_URL_FILTER = '(objectClass=*)';
