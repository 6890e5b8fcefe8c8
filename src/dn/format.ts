/**
 * RFC 4514 section 2: the canonical string form of a DN. Strict: no spaces around separators,
 * and a value escapes exactly what section 2.4 requires.
 */
import { toHex } from '../util/index.js';
import type { Ava, Dn, Rdn } from './types.js';

/**
 * Escape an attribute value for use in a DN string (RFC 4514 section 2.4): `"` `+` `,` `;`
 * `<` `>` `\` anywhere, a space or `#` at the start, a space at the end, and NUL as `\00`.
 * Everything else, including non-ASCII characters, stays literal.
 */
export function escapeRdnValue(value: string): string {
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
      case '#':
        out += i === 0 ? '\\#' : '#';
        break;
      default:
        out += ch;
    }
  }
  return out;
}

/** `type=value`, or `type=#hex` when the AVA carries the BER encoding of its value. */
export function formatAva(ava: Ava): string {
  if (ava.binary !== undefined) return `${ava.type}=#${toHex(ava.binary)}`;
  return `${ava.type}=${escapeRdnValue(ava.value)}`;
}

/** AVAs joined by `+` in the order given. */
export function formatRdn(rdn: Rdn): string {
  return rdn.map(formatAva).join('+');
}

/** RDNs joined by `,`; the root DN is the empty string. */
export function formatDn(dn: Dn): string {
  return dn.map(formatRdn).join(',');
}
