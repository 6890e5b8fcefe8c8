/**
 * RFC 4514 section 2: the string form of a DN. Strict: no spaces around separators. Two
 * escaping styles, both valid RFC 4514:
 * - `rfc4514` (default): escape exactly what section 2.4 requires, as `\,` `\+` ... pairs, plus
 *   TAB, LF and CR at either end (as `\09` `\0A` `\0D`), which the liberal parser takes for layout;
 * - `slapd`: what OpenLDAP's slapd prints (libldap `ldap_dn2str` with LDAP_DN_FORMAT_LDAPV3 |
 *   LDAP_DN_PRETTY, measured on slapd 2.5): specials and `=` as upper-case `\XX` hex pairs, also
 *   TAB, LF and CR at either end, `#` at the start; hex strings in upper case.
 * `prettyDn` adds slapd's other two rewrites: schema names for types and AVAs sorted by name.
 */
import { toHex } from '../util/index.js';
import { parseDn } from './parse.js';
import type { Ava, Dn, Rdn } from './types.js';

/** How `formatDn` and its helpers write a DN. */
export interface FormatDnOptions {
  /**
   * `rfc4514`: minimal `\c` escapes; `slapd`: OpenLDAP's `\XX` form, so a mock answers byte for byte like slapd.
   * @defaultValue 'rfc4514'
   */
  readonly style?: 'rfc4514' | 'slapd';
  /**
   * Name to print for an attribute type (slapd prints the schema's first NAME: `CN`, `commonName`
   * and `2.5.4.3` all become `cn`); `undefined` keeps the type as written.
   */
  readonly typeName?: (type: string) => string | undefined;
  /**
   * Sort the AVAs of each RDN by printed type name (byte order), as slapd stores and prints them.
   * @defaultValue false
   */
  readonly sortAvas?: boolean;
}

function escapeRfc4514(value: string): string {
  let out = '';
  const last = value.length - 1;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    switch (ch) {
      case '"':
      case '+':
      case ',':
      case ';':
      case '<':
      case '>':
      case '\\':
        out += '\\' + ch;
        break;
      case '\0':
        out += '\\00';
        break;
      case ' ':
        out += i === 0 || i === last ? '\\ ' : ' ';
        break;
      case '\t':
      case '\n':
      case '\r':
        // Not required by RFC 4514, but our parser (like libldap) takes them for layout at the ends.
        out += i === 0 || i === last ? '\\0' + ch.charCodeAt(0).toString(16).toUpperCase() : ch;
        break;
      case '#':
        out += i === 0 ? '\\#' : '#';
        break;
      default:
        out += ch;
    }
  }
  return out;
}

/** Characters slapd escapes anywhere in a value: NUL `"` `+` `,` `;` `<` `=` `>` `\`. */
const SLAPD_ALWAYS = new Set([0x00, 0x22, 0x2b, 0x2c, 0x3b, 0x3c, 0x3d, 0x3e, 0x5c]);
/** Also escaped at either end: TAB, LF, CR, SPACE (and `#` at the start only). */
const SLAPD_ENDS = new Set([0x09, 0x0a, 0x0d, 0x20]);

function escapeSlapd(value: string): string {
  let out = '';
  const last = value.length - 1;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const escape =
      SLAPD_ALWAYS.has(c) || ((i === 0 || i === last) && SLAPD_ENDS.has(c)) || (i === 0 && c === 0x23);
    out += escape ? '\\' + c.toString(16).toUpperCase().padStart(2, '0') : value[i];
  }
  return out;
}

/**
 * Escape an attribute value for use in a DN string. By default (RFC 4514 section 2.4): `"` `+`
 * `,` `;` `<` `>` `\` anywhere, a space or `#` at the start, a space at the end, and NUL as
 * `\00`; everything else, including non-ASCII characters, stays literal.
 */
export function escapeRdnValue(value: string, options?: FormatDnOptions): string {
  return options?.style === 'slapd' ? escapeSlapd(value) : escapeRfc4514(value);
}

/** `type=value`, or `type=#hex` when the AVA carries the BER encoding of its value. */
export function formatAva(ava: Ava, options?: FormatDnOptions): string {
  const type = options?.typeName?.(ava.type) ?? ava.type;
  if (ava.binary !== undefined) {
    const hex = toHex(ava.binary);
    return `${type}=#${options?.style === 'slapd' ? hex.toUpperCase() : hex}`;
  }
  return `${type}=${escapeRdnValue(ava.value, options)}`;
}

/** AVAs joined by `+`, in the order given unless `sortAvas`. */
export function formatRdn(rdn: Rdn, options?: FormatDnOptions): string {
  const avas = rdn.map((ava) => formatAva(ava, options));
  if (options?.sortAvas === true && avas.length > 1) {
    // slapd's AVA_Sort orders by attribute name only (strcmp); "=" ends the name.
    const name = (s: string): string => s.slice(0, s.indexOf('='));
    avas.sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  }
  return avas.join('+');
}

/** RDNs joined by `,`; the root DN is the empty string. */
export function formatDn(dn: Dn, options?: FormatDnOptions): string {
  return dn.map((rdn) => formatRdn(rdn, options)).join(',');
}

/**
 * The DN as slapd prints it (its `dnPretty`): schema names for types (through `typeName`), AVAs
 * sorted by name, values in slapd's `\XX` escaping. Throws `DnSyntaxError` for a bad string.
 */
export function prettyDn(dn: Dn | string, typeName?: (type: string) => string | undefined): string {
  const parsed = typeof dn === 'string' ? parseDn(dn) : dn;
  return formatDn(parsed, { style: 'slapd', sortAvas: true, ...(typeName ? { typeName } : {}) });
}
