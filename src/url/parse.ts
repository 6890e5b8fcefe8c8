/**
 * RFC 4516 LDAP URL parser. Each part is percent-decoded (RFC 3986 section 2.1) into UTF-8
 * text; the DN and filter must then parse as RFC 4514 and RFC 4515 strings. Errors carry the
 * position in the URL as written.
 */
import { isIPv6 } from 'node:net';
import { DnSyntaxError, FilterSyntaxError, UrlSyntaxError } from '../errors.js';
import { parseDn } from '../dn/index.js';
import { parseFilter } from '../filter/index.js';
import { fromUtf8Strict } from '../util/index.js';
import {
  DEFAULT_PORTS,
  DEFAULT_URL_FILTER,
  type LdapUrl,
  type LdapUrlExtension,
  type LdapUrlScheme,
  type LdapUrlScope,
} from './types.js';

const SCHEMES: ReadonlySet<string> = new Set(['ldap', 'ldaps', 'ldapi']);
const SCOPES: ReadonlySet<string> = new Set(['base', 'one', 'sub']);
/** attributeselector: an attribute description (RFC 4512 s2.5) or `*`, `+`, `1.1` (RFC 4511 s4.5.1.8, RFC 3673). */
const ATTRIBUTE_RE =
  /^(?:\*|\+|(?:[A-Za-z][A-Za-z0-9-]*|(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))+)(?:;[A-Za-z0-9-]+)*)$/;
/** extype = oid (RFC 4516 s2); descriptors such as `bindname` or `x-bindname`, or a numeric OID. */
const EXTYPE_RE = /^(?:[A-Za-z][A-Za-z0-9-]*|(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))+)$/;

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** The reason of a nested syntax error, without its own position and input. */
function reason(message: string): string {
  return message.replace(/ at position \d+ in (?:DN|filter) [\s\S]*$/, '');
}

/** A percent-decoded part and, for each UTF-16 unit of the result, its offset in the URL. */
interface Decoded {
  readonly text: string;
  readonly offsets: readonly number[];
}

class UrlParser {
  constructor(private readonly url: string) {}

  fail(message: string, at: number): never {
    throw new UrlSyntaxError(message, this.url, at);
  }

  /** Percent-decode url[start, end): every `%` needs two hex digits and the bytes must be UTF-8. */
  decode(start: number, end: number): Decoded {
    const raw = this.url.slice(start, end);
    if (!raw.includes('%')) {
      const offsets: number[] = [];
      for (let i = start; i < end; i++) offsets.push(i);
      return { text: raw, offsets };
    }
    let text = '';
    const offsets: number[] = [];
    let i = start;
    while (i < end) {
      if (this.url[i] !== '%') {
        text += this.url[i];
        offsets.push(i);
        i++;
        continue;
      }
      const runStart = i;
      const bytes: number[] = [];
      while (i < end && this.url[i] === '%') {
        const hi = i + 1 < end ? hexValue(this.url.charCodeAt(i + 1)) : -1;
        const lo = i + 2 < end ? hexValue(this.url.charCodeAt(i + 2)) : -1;
        if (hi < 0 || lo < 0) this.fail('"%" must be followed by two hex digits', i);
        bytes.push(hi * 16 + lo);
        i += 3;
      }
      const decoded = fromUtf8Strict(Uint8Array.from(bytes));
      if (decoded === undefined) this.fail('percent-encoded bytes are not valid UTF-8', runStart);
      text += decoded;
      for (let k = 0; k < decoded.length; k++) offsets.push(runStart);
    }
    return { text, offsets };
  }

  parse(): LdapUrl {
    const url = this.url;
    // RFC 3986 s2: control characters must be percent-encoded; a lone surrogate is no character.
    for (let i = 0; i < url.length; i++) {
      const c = url.charCodeAt(i);
      if (c < 0x20 || c === 0x7f) this.fail('control characters must be percent-encoded', i);
      if (c >= 0xd800 && c <= 0xdfff) {
        const low = url.charCodeAt(i + 1);
        if (c > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) this.fail('lone UTF-16 surrogate', i);
        i++;
      }
    }
    const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url);
    if (m === null) this.fail('expected a URL scheme', 0);
    const scheme = m[1]!.toLowerCase();
    if (!SCHEMES.has(scheme)) this.fail(`unsupported scheme ${JSON.stringify(m[1])}`, 0);
    let pos = m[0].length;
    if (!url.startsWith('//', pos)) this.fail('expected "//" after the scheme', pos);
    pos += 2;

    // hostport ends at "/" (or the end); RFC 4516 needs the "/" before "?".
    let hostEnd = pos;
    while (hostEnd < url.length && url[hostEnd] !== '/' && url[hostEnd] !== '?') hostEnd++;
    if (url[hostEnd] === '?') this.fail('expected "/" before "?"', hostEnd);
    const { host, port } = this.parseHostPort(scheme as LdapUrlScheme, pos, hostEnd);

    const result = {
      scheme: scheme as LdapUrlScheme,
      host,
      ...(port !== undefined ? { port } : {}),
      dn: '',
      attributes: [] as string[],
      scope: 'base' as LdapUrlScope,
      filter: DEFAULT_URL_FILTER,
      extensions: [] as LdapUrlExtension[],
    };
    if (hostEnd >= url.length) return result;

    // The four "?"-separated parts after the DN; a fifth "?" is an error.
    const bounds: number[] = [hostEnd + 1];
    for (let i = hostEnd + 1; i < url.length; i++) {
      if (url[i] !== '?') continue;
      if (bounds.length === 5) this.fail('too many "?" separators', i);
      bounds.push(i + 1);
    }
    const part = (k: number): [number, number] | undefined => {
      const s = bounds[k];
      if (s === undefined) return undefined;
      const next = bounds[k + 1];
      return [s, next === undefined ? url.length : next - 1];
    };

    const dnPart = part(0)!;
    const dn = this.decode(dnPart[0], dnPart[1]);
    try {
      parseDn(dn.text);
    } catch (e) {
      if (!(e instanceof DnSyntaxError)) throw e;
      this.fail(`invalid DN: ${reason(e.message)}`, dn.offsets[e.position] ?? dnPart[1]);
    }
    result.dn = dn.text;

    const attrPart = part(1);
    if (attrPart !== undefined && attrPart[1] > attrPart[0]) {
      for (const [s, e] of this.split(attrPart[0], attrPart[1])) {
        const attr = this.decode(s, e).text;
        if (!ATTRIBUTE_RE.test(attr)) this.fail(`invalid attribute description ${JSON.stringify(attr)}`, s);
        result.attributes.push(attr);
      }
    }

    const scopePart = part(2);
    if (scopePart !== undefined && scopePart[1] > scopePart[0]) {
      const scope = this.decode(scopePart[0], scopePart[1]).text.toLowerCase();
      if (!SCOPES.has(scope)) this.fail('scope must be "base", "one" or "sub"', scopePart[0]);
      result.scope = scope as LdapUrlScope;
    }

    const filterPart = part(3);
    if (filterPart !== undefined && filterPart[1] > filterPart[0]) {
      const filter = this.decode(filterPart[0], filterPart[1]);
      try {
        parseFilter(filter.text);
      } catch (e) {
        if (!(e instanceof FilterSyntaxError)) throw e;
        this.fail(`invalid filter: ${reason(e.message)}`, filter.offsets[e.position] ?? filterPart[1]);
      }
      result.filter = filter.text;
    }

    const extPart = part(4);
    if (extPart !== undefined && extPart[1] > extPart[0]) {
      const seen = new Set<string>();
      for (const [s, e] of this.split(extPart[0], extPart[1])) {
        result.extensions.push(this.parseExtension(s, e, seen));
      }
    }
    return result;
  }

  /** Comma-separated items of url[start, end); an empty item is an error. */
  private split(start: number, end: number): [number, number][] {
    const items: [number, number][] = [];
    let s = start;
    for (let i = start; i <= end; i++) {
      if (i < end && this.url[i] !== ',') continue;
      if (i === s) this.fail('empty list element', i);
      items.push([s, i]);
      s = i + 1;
    }
    return items;
  }

  private parseExtension(start: number, end: number, seen: Set<string>): LdapUrlExtension {
    let s = start;
    const critical = this.url[s] === '!';
    if (critical) s++;
    const eq = this.url.indexOf('=', s);
    const typeEnd = eq === -1 || eq > end ? end : eq;
    const type = this.decode(s, typeEnd).text;
    if (!EXTYPE_RE.test(type)) this.fail(`invalid extension type ${JSON.stringify(type)}`, s);
    // RFC 4516 s2: an extension type must not occur more than once.
    const key = type.toLowerCase();
    if (seen.has(key)) this.fail(`duplicate extension ${JSON.stringify(type)}`, start);
    seen.add(key);
    if (typeEnd === end) return { type, critical };
    return { type, value: this.decode(typeEnd + 1, end).text, critical };
  }

  private parseHostPort(
    scheme: LdapUrlScheme,
    start: number,
    end: number,
  ): { host: string; port: number | undefined } {
    const url = this.url;
    let hostEnd = end;
    let host: string;
    if (url[start] === '[') {
      // IP-literal (RFC 3986 s3.2.2)
      const close = url.indexOf(']', start);
      if (close === -1 || close > end) this.fail('unterminated IPv6 address', start);
      host = url.slice(start + 1, close);
      if (!isIPv6(host)) this.fail(`invalid IPv6 address ${JSON.stringify(host)}`, start + 1);
      hostEnd = close + 1;
      if (hostEnd < end && url[hostEnd] !== ':') this.fail('expected ":" or "/" after "]"', hostEnd);
    } else {
      const colon = url.indexOf(':', start);
      if (colon !== -1 && colon < end) hostEnd = colon;
      // reg-name = *( unreserved / pct-encoded / sub-delims ) (RFC 3986 s3.2.2)
      const bad = /[^A-Za-z0-9\-._~%!$&'()*+,;=]/.exec(url.slice(start, hostEnd));
      if (bad !== null)
        this.fail(`${JSON.stringify(bad[0])} is not allowed in a host name`, start + bad.index);
      host = this.decode(start, hostEnd).text;
    }
    let port: number | undefined;
    if (hostEnd < end) {
      // url[hostEnd] is ":"; an empty port means the default (RFC 3986 s3.2.3).
      const digits = url.slice(hostEnd + 1, end);
      if (digits !== '') {
        if (!/^[0-9]{1,5}$/.test(digits) || Number(digits) > 65535) this.fail('invalid port', hostEnd + 1);
        port = Number(digits);
      }
      if (scheme === 'ldapi') this.fail('an ldapi URL has no port', hostEnd);
    }
    if (scheme !== 'ldapi') port ??= DEFAULT_PORTS[scheme];
    return { host, port };
  }
}

/**
 * Parse an LDAP URL (RFC 4516), also `ldaps://` and `ldapi://`. Missing parts take their
 * defaults (scope `base`, filter `(objectClass=*)`). Throws `UrlSyntaxError` with the position.
 */
export function parseLdapUrl(text: string): LdapUrl {
  return new UrlParser(text).parse();
}
