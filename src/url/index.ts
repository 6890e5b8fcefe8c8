/** RFC 4516 LDAP URLs (with ldaps and ldapi). */
export { parseLdapUrl } from './parse.js';
export { formatLdapUrl } from './format.js';
export {
  DEFAULT_PORTS,
  DEFAULT_URL_FILTER,
  type LdapUrl,
  type LdapUrlExtension,
  type LdapUrlScheme,
  type LdapUrlScope,
} from './types.js';
