/**
 * LdapUrl to string (RFC 4516 section 2.1): only unreserved and reserved characters of RFC 3986
 * appear literally; `?` is encoded in every part, `,` in attribute and extension lists, and
 * anything else outside those sets (space, `%`, `#`, `\`, non-ASCII) as UTF-8 percent-encoding.
 * Trailing parts equal to their defaults are left out, as ldap_url_desc2str does.
 */
import { utf8 } from '../util/index.js';
import { DEFAULT_PORTS, DEFAULT_URL_FILTER, type LdapUrl } from './types.js';

const UNRESERVED = /[A-Za-z0-9\-._~]/;
/** Sub-delims and ":" "@" "/" stay literal in DN and filter parts. */
const PART_SAFE = /[!$&'()*+,;=:@/]/;

function encode(text: string, safe: RegExp | undefined): string {
  let out = '';
  for (const ch of text) {
    if (UNRESERVED.test(ch) || (safe !== undefined && safe.test(ch))) {
      out += ch;
      continue;
    }
    for (const b of utf8(ch)) out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** `[!$&'()*+;=:@/]`: a list item also encodes `,`. */
const ITEM_SAFE = /[!$&'()*+;=:@/]/;

function formatHost(url: LdapUrl): string {
  if (url.scheme === 'ldapi') return encode(url.host, undefined);
  if (url.host.includes(':')) return `[${url.host}]`;
  return encode(url.host, /[!$&'()*+,;=]/);
}

/** The string form of an LDAP URL; `parseLdapUrl(formatLdapUrl(u))` equals `u`. */
export function formatLdapUrl(url: LdapUrl): string {
  let s = `${url.scheme}://${formatHost(url)}`;
  if (url.scheme !== 'ldapi' && url.port !== undefined && url.port !== DEFAULT_PORTS[url.scheme]) {
    s += `:${url.port}`;
  }
  const parts = [
    encode(url.dn, PART_SAFE),
    url.attributes.map((a) => encode(a, ITEM_SAFE)).join(','),
    url.scope === 'base' ? '' : url.scope,
    url.filter === DEFAULT_URL_FILTER ? '' : encode(url.filter, PART_SAFE),
    url.extensions
      .map((e) => {
        const head = (e.critical ? '!' : '') + encode(e.type, undefined);
        return e.value === undefined ? head : `${head}=${encode(e.value, ITEM_SAFE)}`;
      })
      .join(','),
  ];
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return `${s}/${parts.join('?')}`;
}
