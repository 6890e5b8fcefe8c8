/**
 * DN handling inside the engine: a DN string is parsed once (src/dn), every AVA value is
 * normalised with its attribute's equality rule (so `CN=Foo  Bar` and `cn=foo bar` name the
 * same entry, and `2.5.4.3=x` equals `cn=x`), AVAs of a multi-valued RDN are sorted, and the
 * result is the store key. Parent keys are suffixes of it.
 */
import { textBytes } from './text-bytes.js';
import {
  type Ava,
  berStringValue,
  type Dn,
  escapeRdnValue,
  formatDn,
  parseDn,
  type ParseDnOptions,
  parseRdn,
  type Rdn,
} from '../dn/index.js';
import { normKey, type SchemaView } from './schema-view.js';
import { prettyDnOf } from './slapd-forms.js';

const DN_SYNTAX = '1.3.6.1.4.1.1466.115.121.1.12';
/** caseExactIA5Match, caseIgnoreIA5Match. */
const IA5_RULES = new Set(['1.3.6.1.4.1.1466.109.114.1', '1.3.6.1.4.1.1466.109.114.2']);

export interface Name {
  /** The DN in RFC 4514 form as the client wrote it (spaces around separators removed). */
  readonly dn: string;
  /** Normalised store key. */
  readonly ndn: string;
  readonly rdns: Dn;
  /** Normalised key of each RDN, leftmost first. */
  readonly rdnKeys: readonly string[];
}

export type NameResult =
  { readonly ok: true; readonly name: Name } | { readonly ok: false; readonly reason: string };

const escapeKey = (s: string): string => s.replace(/[\\,+=]/g, (c) => '\\' + c);

/**
 * How request DNs are read: slapd (libldap outside pedantic mode) drops attribute options from
 * DN types (`uid;x-foo=bob` names `uid=bob`); RFC 4514 section 3 lets an implementation
 * recognise other forms, and where it is silent the openldap profile answers as slapd.
 */
const SLAPD_PARSE: ParseDnOptions = { typeOptions: 'drop' };
export const dnParseOptions = (view: SchemaView): ParseDnOptions | undefined =>
  view.dnStyle === 'openldap' ? SLAPD_PARSE : undefined;

/** Normalise one AVA: `typeKey=value` with the value under the type's equality rule. */
export function avaKey(view: SchemaView, ava: Ava): string | undefined {
  const info = view.type(ava.type);
  if (info === undefined) return undefined;
  const bytes = avaBytes(ava);
  if (bytes === undefined) return undefined;
  // an AVA value must be valid for its syntax (`cn=` is not a DN: RFC 4514 section 3)
  if (!view.validate(info, bytes)) return undefined;
  // slapd refuses an RDN naming an object class its schema lacks (invalidDNSyntax, measured)
  if (
    info.key === 'objectclass' &&
    view.dnStyle === 'openldap' &&
    view.checking &&
    !view.objectClass(ava.value)
  )
    return undefined;
  const rule = view.equality(info);
  const n = rule?.normalize(bytes);
  const value = n === undefined ? ava.value : normKey(n);
  // slapd refuses an AVA whose value is empty, or made of spaces under its IA5 rules (they drop
  // them: `mail=\ `), whatever the syntax allows in an attribute (measured)
  if (view.dnStyle === 'openldap' && (bytes.length === 0 || (value === '' && IA5_RULES.has(rule?.oid ?? ''))))
    return undefined;
  return `${info.key}=${escapeKey(value)}`;
}

/**
 * The value an AVA names. A `#hex` value (RFC 4514 section 2.4) is the BER encoding of the
 * value: a primitive string type gives its contents (`cn=#0c03416e6e` is `cn=Ann`); anything
 * else is no value of an LDAP string syntax (undefined: invalidDNSyntax). slapd refuses every
 * hex value: a listed deviation (RFC 4514 section 3 allows the form for any type).
 */
export function avaBytes(ava: Ava): Uint8Array | undefined {
  if (ava.binary === undefined) return textBytes(ava.value);
  const text = berStringValue(ava.binary);
  return text === undefined ? undefined : textBytes(text);
}

export function parseName(view: SchemaView, text: string): NameResult {
  // siblings share their parent: parse only the first RDN and reuse the parent's parsed name
  const cut = firstSeparator(text);
  if (cut > 0) {
    const parent = cachedParent(view, text.slice(cut + 1));
    if (parent) {
      let rdn: Rdn;
      try {
        rdn = parseRdn(text.slice(0, cut), dnParseOptions(view));
      } catch {
        return parseWhole(view, text);
      }
      const first = nameOf(view, [rdn]);
      if (!first.ok) return first;
      const rdns = [rdn, ...parent.rdns];
      const rdnKeys = [first.name.ndn, ...parent.rdnKeys];
      return {
        ok: true,
        name: { dn: `${first.name.dn},${parent.dn}`, ndn: `${first.name.ndn},${parent.ndn}`, rdns, rdnKeys },
      };
    }
  }
  return parseWhole(view, text);
}

/**
 * Only the normalised key of a DN (undefined when it is invalid): the same key as
 * `parseName(...).name.ndn`, without building the display form and RDN lists (first pass of
 * bulk loads, which only needs to know which DNs a file holds).
 */
export function ndnOf(view: SchemaView, text: string): string | undefined {
  const cut = firstSeparator(text);
  if (cut > 0) {
    const parent = cachedParent(view, text.slice(cut + 1));
    if (parent) {
      let rdn: Rdn | undefined;
      try {
        rdn = parseRdn(text.slice(0, cut), dnParseOptions(view));
      } catch {
        rdn = undefined;
      }
      if (rdn !== undefined) {
        const key = rdnKey(view, rdn);
        return key === undefined ? undefined : `${key},${parent.ndn}`;
      }
    }
  }
  const r = parseWhole(view, text);
  return r.ok ? r.name.ndn : undefined;
}

/** The normalised key of one RDN: its AVAs' keys sorted, joined by `+`. */
function rdnKey(view: SchemaView, rdn: Rdn): string | undefined {
  if (rdn.length === 1) return avaKey(view, rdn[0] as Ava);
  const parts: string[] = [];
  for (const ava of rdn) {
    const k = avaKey(view, ava);
    if (k === undefined) return undefined;
    parts.push(k);
  }
  return repeatsType(parts) ? undefined : parts.sort().join('+');
}

/**
 * Two AVAs of one type in an RDN (`cn=a+cn=b`, `cn=a+2.5.4.3=b`): RFC 4512 section 2.2 names an
 * entry with one and only one value of each naming attribute; slapd answers invalidDNSyntax.
 */
function repeatsType(keys: readonly string[]): boolean {
  if (keys.length < 2) return false;
  const types = keys.map((k) => k.slice(0, k.indexOf('=')));
  return new Set(types).size !== types.length;
}

function parseWhole(view: SchemaView, text: string): NameResult {
  let rdns: Dn;
  try {
    rdns = parseDn(text, dnParseOptions(view));
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
  return nameOf(view, rdns);
}

/** Index of the first unescaped `,` of a plain DN string; -1 when there is none or the DN is unusual. */
function firstSeparator(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"' || c === ';')
      return -1; // legacy forms: let the full parser decide
    else if (c === ',') return text[i - 1] === ' ' || text[i + 1] === ' ' ? -1 : i;
  }
  return -1;
}

const parents = new WeakMap<SchemaView, Map<string, Name>>();

/** Parsed parent names, cached per schema (bulk loads add thousands of siblings). */
function cachedParent(view: SchemaView, text: string): Name | undefined {
  let cache = parents.get(view);
  if (!cache) parents.set(view, (cache = new Map()));
  const hit = cache.get(text);
  if (hit) return hit;
  const r = parseWhole(view, text);
  if (!r.ok || r.name.rdns.length === 0) return undefined;
  if (cache.size >= 10_000) cache.clear();
  cache.set(text, r.name);
  return r.name;
}

export function nameOf(view: SchemaView, rdns: Dn): NameResult {
  const rdnKeys: string[] = [];
  for (const rdn of rdns) {
    const parts: string[] = [];
    for (const ava of rdn) {
      const k = avaKey(view, ava);
      if (k === undefined)
        return { ok: false, reason: `invalid DN: attribute type ${ava.type} undefined or value invalid` };
      parts.push(k);
    }
    if (repeatsType(parts))
      return { ok: false, reason: 'invalid DN: an attribute type named twice in one RDN' };
    parts.sort();
    rdnKeys.push(parts.join('+'));
  }
  return { ok: true, name: { dn: writeDn(view, rdns), ndn: rdnKeys.join(','), rdns, rdnKeys } };
}

/** The parent of a name (undefined for the root DN). */
export function parentName(name: Name): Name | undefined {
  if (name.rdns.length === 0) return undefined;
  const rdns = name.rdns.slice(1);
  const rdnKeys = name.rdnKeys.slice(1);
  // (the parent's display form is never sent: callers use the stored entry's DN)
  return { dn: formatDn(rdns), ndn: rdnKeys.join(','), rdns, rdnKeys };
}

/**
 * The DN as slapd writes it back (its dnPretty): the characters RFC 4514 section 2.4 requires
 * escaping, and `=`, as `\\XX` hex pairs; a leading `#`, and spaces, TAB, LF or CR at either
 * end too (libldap would read those as layout).
 */
const NEEDS_ESCAPE = /[,+;<>"\\=\u0000]|^[ #\t\n\r]|[ \t\n\r]$/;

function slapdValue(value: string): string {
  return NEEDS_ESCAPE.test(value) ? escapeRdnValue(value, SLAPD_FORMAT) : value; // mostly nothing to escape
}
const SLAPD_FORMAT = { style: 'slapd' } as const;

/**
 * slapd's dnPretty (measured on 2.5): types by their schema name (`CN`, `commonName` and
 * `2.5.4.3` are written `cn`), the AVAs of an RDN sorted by that name, slapd's escapes.
 */
export function writeDn(view: SchemaView, rdns: Dn): string {
  if (view.dnStyle !== 'openldap') return formatDn(rdns);
  return rdns
    .map((rdn) => (rdn.length === 1 ? writeAva(view, rdn[0] as Ava) : writeRdn(view, rdn)))
    .join(',');
}

function writeAva(view: SchemaView, a: Ava): string {
  const info = view.type(a.type);
  const type = info?.name ?? a.type;
  if (a.binary) return formatDn([[{ ...a, type }]]);
  // an object class is written by its schema name too (`PERSON`, `2.5.6.6`: `person`)
  let value = a.value;
  if (info?.key === 'objectclass') value = view.objectClass(value)?.name ?? value;
  else if (info?.syntax === DN_SYNTAX) value = prettyDnOf(view, value); // a DN as a value: its pretty form
  return `${type}=${slapdValue(value)}`;
}

function writeRdn(view: SchemaView, rdn: Rdn): string {
  const avas = rdn.map((a) => writeAva(view, a));
  // slapd's AVA sort compares the names only; "=" ends a name
  const name = (s: string): string => s.slice(0, s.indexOf('='));
  return avas.sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0)).join('+');
}

/** True when `ndn` is `base` or below it (normalised keys). */
export function inSubtree(ndn: string, base: string): boolean {
  if (base === '') return true;
  if (ndn === base) return true;
  if (ndn.length <= base.length || !ndn.endsWith(base)) return false;
  let i = ndn.length - base.length - 1;
  if (ndn[i] !== ',') return false;
  // the separator must not be an escaped comma: count the backslashes before it
  let slashes = 0;
  while (--i >= 0 && ndn[i] === '\\') slashes++;
  return slashes % 2 === 0;
}

/** UTF-8 length of a string (its length when it is ASCII). */
export function byteLength(s: string): number {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return Buffer.byteLength(s, 'utf8');
  return s.length;
}

/**
 * Our normalised RDN (minimal escaping: `\,` `\+` `\=` `\\`) in slapd's normalised form, whose
 * length orders dn2id: `,+"\<>;=` become `\2c`-style escapes, as do a leading `#` or space and
 * a trailing space (measured: `cn=smith\2c john` sorts with 16-byte keys).
 */
export function slapdRdnKey(key: string): string {
  if (!/[\\,+"<>;=# ]/.test(key.slice(key.indexOf('=') + 1))) return key;
  const avas: string[] = [];
  let cur = '';
  for (let i = 0; i < key.length; i++) {
    const c = key[i] as string;
    if (c === '\\' && i + 1 < key.length) {
      cur += c + key[++i];
      continue;
    }
    if (c === '+') {
      avas.push(cur);
      cur = '';
    } else cur += c;
  }
  avas.push(cur);
  return avas
    .map((ava) => {
      const eq = ava.indexOf('=');
      const raw = ava.slice(eq + 1).replace(/\\(.)/g, '$1');
      let out = '';
      for (let i = 0; i < raw.length; i++) {
        const c = raw[i] as string;
        const edge = (i === 0 && (c === '#' || c === ' ')) || (i === raw.length - 1 && c === ' ');
        out += edge || ',+"\\<>;='.includes(c) ? '\\' + c.charCodeAt(0).toString(16).padStart(2, '0') : c;
      }
      return `${ava.slice(0, eq)}=${out}`;
    })
    .join('+');
}
