/**
 * DN normalisation and equality (RFC 4517 section 4.2.15 distinguishedNameMatch): two DNs are
 * equal when they have the same number of RDNs and each RDN holds the same set of AVAs, each
 * value compared by its attribute's equality rule. Without a schema the value rule is
 * caseIgnoreMatch (RFC 4518 string preparation, simplified) and attribute type names compare
 * case-insensitively; the schema layer supplies the real rules through a `DnNormalizer`.
 */
import { fromUtf8Strict, toHex } from '../util/index.js';
import { escapeRdnValue } from './format.js';
import { parseDn, parseRdn } from './parse.js';
import type { Ava, Dn, Rdn } from './types.js';

/**
 * Normalises one AVA value to the string its equality rule compares; `undefined` falls back to
 * the default (caseIgnoreMatch). `value` is the unescaped value (`#hex` text for BER values, whose
 * bytes are in `ava.binary`).
 */
export type DnValueNormalizer = (type: string, value: string, ava: Ava) => string | undefined;

/** Schema hooks for normalisation: map type names (aliases, OIDs) and values to canonical form. */
export interface DnNormalizer {
  /** Canonical attribute type (e.g. `2.5.4.3` and `commonName` to `cn`); `undefined` keeps the default. */
  readonly type?: (type: string) => string | undefined;
  /** Canonical value by the attribute's equality rule; `undefined` keeps the default. */
  readonly value?: DnValueNormalizer;
}

export type DnNormalizerOption = DnValueNormalizer | DnNormalizer;

// RFC 4518 section 2.2: characters mapped to nothing, and characters mapped to SPACE.
function mappedToNothing(c: number): boolean {
  return (
    c <= 0x08 ||
    (c >= 0x0e && c <= 0x1f) ||
    (c >= 0x7f && c <= 0x84) ||
    (c >= 0x86 && c <= 0x9f) ||
    c === 0xad ||
    c === 0x34f ||
    c === 0x1806 ||
    (c >= 0x180b && c <= 0x180d) ||
    c === 0x200b ||
    (c >= 0xfe00 && c <= 0xfe0f) ||
    c === 0xfffc
  );
}
const MAP_TO_SPACE = /[\t\n\v\f\r\u0085\p{Zs}\u2028\u2029]/u;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function mapChars(value: string): string {
  let out = '';
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (mappedToNothing(c)) continue;
    out += MAP_TO_SPACE.test(ch) ? ' ' : ch;
  }
  return out;
}

/**
 * caseIgnoreMatch preparation (RFC 4518): map, case fold, NFKC, then insignificant space
 * handling (leading and trailing spaces removed, inner runs collapsed to one space).
 */
export function caseIgnoreNormalize(value: string): string {
  // Printable ASCII needs no mapping and is its own NFKC form.
  if (PRINTABLE_ASCII.test(value)) return value.toLowerCase().trim().replace(/ {2,}/g, ' ');
  const mapped = mapChars(value);
  const folded = mapped.normalize('NFKC').toLowerCase().normalize('NFKC');
  return folded.trim().replace(/ {2,}/g, ' ');
}

const STRING_TAGS = new Set([0x04, 0x0c, 0x13, 0x14, 0x16, 0x1a]);

/**
 * The text inside a `#hexstring` value when it is the BER encoding of a primitive string type
 * (OCTET STRING, UTF8String, PrintableString, T61String, IA5String, VisibleString) holding
 * UTF-8: `cn=#0403616263` then equals `cn=abc`.
 */
export function berStringValue(bytes: Uint8Array): string | undefined {
  if (bytes.length < 2 || !STRING_TAGS.has(bytes[0]!)) return undefined;
  let len = bytes[1]!;
  let off = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || bytes.length < 2 + n) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + bytes[2 + i]!;
    off = 2 + n;
  }
  if (off + len !== bytes.length) return undefined;
  return fromUtf8Strict(bytes.subarray(off));
}

function resolve(normalizer: DnNormalizerOption | undefined): DnNormalizer {
  if (normalizer === undefined) return {};
  if (typeof normalizer === 'function') return { value: normalizer };
  return normalizer;
}

function normalizeType(type: string, n: DnNormalizer): string {
  const t = n.type?.(type);
  if (t !== undefined) return t;
  return type.toLowerCase(); // descriptors are case-insensitive (RFC 4512 s1.4); OIDs have no case
}

function normalizeAva(ava: Ava, n: DnNormalizer): string {
  const type = normalizeType(ava.type, n);
  const custom = n.value?.(type, ava.value, ava);
  if (custom !== undefined) return `${type}=${escapeRdnValue(custom)}`;
  if (ava.binary !== undefined) {
    const text = berStringValue(ava.binary);
    if (text === undefined) return `${type}=#${toHex(ava.binary)}`;
    return `${type}=${escapeRdnValue(caseIgnoreNormalize(text))}`;
  }
  return `${type}=${escapeRdnValue(caseIgnoreNormalize(ava.value))}`;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Canonical string of an RDN: AVAs normalised and sorted, so `CN=A+sn=B` equals `sn=b+cn=a`. */
export function normalizeRdn(rdn: Rdn | string, normalizer?: DnNormalizerOption): string {
  const n = resolve(normalizer);
  const parsed = typeof rdn === 'string' ? parseRdn(rdn) : rdn;
  const avas = parsed.map((ava) => normalizeAva(ava, n));
  // Duplicate AVAs in one RDN denote the same set element (RFC 4512 s2.3.1: an RDN is a set).
  return [...new Set(avas)].sort(compareStrings).join('+');
}

/**
 * Canonical string form of a DN for comparison and indexing: attribute types lower-cased (or
 * mapped by the normalizer), values prepared by their equality rule, multi-valued RDNs sorted.
 * Throws `DnSyntaxError` when `dn` is a string that does not parse.
 */
export function normalizeDn(dn: Dn | string, normalizer?: DnNormalizerOption): string {
  const n = resolve(normalizer);
  const parsed = typeof dn === 'string' ? parseDn(dn) : dn;
  return parsed.map((rdn) => normalizeRdn(rdn, n)).join(',');
}

/** distinguishedNameMatch: true when both DNs normalise to the same string. */
export function dnEquals(a: Dn | string, b: Dn | string, normalizer?: DnNormalizerOption): boolean {
  return normalizeDn(a, normalizer) === normalizeDn(b, normalizer);
}

/** RDN equality by the same rules as `dnEquals`. */
export function rdnEquals(a: Rdn | string, b: Rdn | string, normalizer?: DnNormalizerOption): boolean {
  return normalizeRdn(a, normalizer) === normalizeRdn(b, normalizer);
}
