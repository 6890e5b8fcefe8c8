/**
 * DN handling inside the engine: a DN string is parsed once (src/dn), every AVA value is
 * normalised with its attribute's equality rule (so `CN=Foo  Bar` and `cn=foo bar` name the
 * same entry, and `2.5.4.3=x` equals `cn=x`), AVAs of a multi-valued RDN are sorted, and the
 * result is the store key. Parent keys are suffixes of it.
 */
import { textBytes } from './text-bytes.js';
import { type Ava, type Dn, formatDn, parseDn, parseRdn, type Rdn } from '../dn/index.js';
import { normKey, type SchemaView } from './schema-view.js';

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

/** Normalise one AVA: `typeKey=value` with the value under the type's equality rule. */
export function avaKey(view: SchemaView, ava: Ava): string | undefined {
  const info = view.type(ava.type);
  if (info === undefined) return undefined;
  const bytes = ava.binary ?? textBytes(ava.value);
  // an AVA value must be valid for its syntax (`cn=` is not a DN: RFC 4514 section 3)
  if (!view.validate(info, bytes)) return undefined;
  const rule = view.equality(info);
  const n = rule?.normalize(bytes);
  const value = n === undefined ? ava.value : normKey(n);
  return `${info.key}=${escapeKey(value)}`;
}

export function parseName(view: SchemaView, text: string): NameResult {
  // siblings share their parent: parse only the first RDN and reuse the parent's parsed name
  const cut = firstSeparator(text);
  if (cut > 0) {
    const parent = cachedParent(view, text.slice(cut + 1));
    if (parent) {
      let rdn: Rdn;
      try {
        rdn = parseRdn(text.slice(0, cut));
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
        rdn = parseRdn(text.slice(0, cut));
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
    rdns = parseDn(text);
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
 * escaping, and `=`, as `\\XX` hex pairs; a leading `#` and leading or trailing spaces too.
 */
const NEEDS_ESCAPE = /[,+;<>"\\=\u0000]|^[ #]| $/;

function slapdValue(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value; // the common case: nothing to escape
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    const edge = (i === 0 && (ch === ' ' || ch === '#')) || (i === value.length - 1 && ch === ' ');
    if (edge || ',+;<>"\\=\u0000'.includes(ch))
      out += '\\' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
    else out += ch;
  }
  return out;
}

function writeDn(view: SchemaView, rdns: Dn): string {
  if (view.dnStyle !== 'openldap') return formatDn(rdns);
  return rdns
    .map((rdn) => rdn.map((a) => (a.binary ? formatDn([[a]]) : `${a.type}=${slapdValue(a.value)}`)).join('+'))
    .join(',');
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
