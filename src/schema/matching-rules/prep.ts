/**
 * LDAP string preparation (RFC 4518): transcode, map, normalise (NFKC), prohibit, bidi
 * (nothing to do), insignificant character handling. A value that fails any step is not
 * valid for the rule: the caller gets undefined (a filter item over it is Undefined).
 */
import { fromUtf8Strict } from '../../util/index.js';

export type InsignificantHandling = 'space' | 'numeric' | 'telephone';

export interface PrepOptions {
  /** Case folding in the map step (the caseIgnore rules). */
  fold: boolean;
  /**
   * RFC 4518 map, NFKC and prohibit steps; false leaves only case folding and the
   * insignificant character handling (389 DS does no Unicode normalisation). @defaultValue true
   */
  unicode?: boolean;
  /** Insignificant character handling (RFC 4518 section 2.6). @defaultValue 'space' */
  handling?: InsignificantHandling;
}

// RFC 4518 section 2.2: mapped to nothing (soft hyphens, joiners, variation selectors,
// object replacement, zero width space) and every other control code point.
// The class holds combining code points on purpose (variation selectors are mapped away).
const TO_NOTHING =
  // eslint-disable-next-line no-misleading-character-class
  /[\u00AD\u1806\u180B-\u180D\uFE00-\uFE0F\uFFFC\u200B\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F\u06DD\u070F\u180E\u200C-\u200F\u202A-\u202E\u2060-\u2063\u206A-\u206F\uFEFF\uFFF9-\uFFFB]|\u034F|\u{1D173}|\u{1D174}|\u{1D175}|\u{1D176}|\u{1D177}|\u{1D178}|\u{1D179}|\u{1D17A}|\u{E0001}|[\u{E0020}-\u{E007F}]/gu;
// Tab, LF, VT, FF, CR, NEL and every separator (Zs, Zl, Zp) map to SPACE.
const TO_SPACE = /[\u0009-\u000D\u0085\p{Zs}\p{Zl}\p{Zp}]/gu;
// Section 2.4: private use, non-characters, surrogates (lone ones survive UTF-16),
// change display properties (RFC 3454 C.8) and the REPLACEMENT CHARACTER.
const PROHIBITED =
  /[\uE000-\uF8FF\u{F0000}-\u{FFFFD}\u{100000}-\u{10FFFD}\uFDD0-\uFDEF\uFFFE\uFFFF\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{4FFFE}\u{4FFFF}\u{5FFFE}\u{5FFFF}\u{6FFFE}\u{6FFFF}\u{7FFFE}\u{7FFFF}\u{8FFFE}\u{8FFFF}\u{9FFFE}\u{9FFFF}\u{AFFFE}\u{AFFFF}\u{BFFFE}\u{BFFFF}\u{CFFFE}\u{CFFFF}\u{DFFFE}\u{DFFFF}\u{EFFFE}\u{EFFFF}\u{FFFFE}\u{FFFFF}\u{10FFFE}\u{10FFFF}\u200E\u200F\u202A-\u202E\u206A-\u206F\uFFFD]|\u0340|\u0341|\p{Cs}/u;
// Hyphens removed by the telephoneNumber handling (section 2.6.3).
const HYPHENS = /[\u002D\u058A\u2010\u2011\u2212\uFE63\uFF0D]/g;

/**
 * Steps 1 to 5 of RFC 4518 on a decoded string: map, NFKC, prohibit. Undefined when a
 * prohibited code point remains.
 */
export function prepareText(text: string, fold: boolean, unicode = true): string | undefined {
  if (!unicode || /^[\x20-\x7e]*$/.test(text)) return fold ? text.toLowerCase() : text;
  let s = text.replace(TO_NOTHING, '').replace(TO_SPACE, ' ');
  // Case folding (RFC 3454 table B.2) is designed to be followed by NFKC; the simple
  // lower-case mapping matches what slapd does (no ß -> ss expansion).
  if (fold) s = s.toLowerCase();
  s = s.normalize('NFKC');
  if (fold) s = s.toLowerCase().normalize('NFKC');
  if (PROHIBITED.test(s)) return undefined;
  return s;
}

/** True when every octet is printable ASCII (U+0020..U+007E): no step of RFC 4518 but folding applies. */
function printableAscii(value: Uint8Array): boolean {
  for (let i = 0; i < value.length; i++) {
    const b = value[i]!;
    if (b < 0x20 || b > 0x7e) return false;
  }
  return true;
}

/** Transcode (UTF-8 to Unicode) then `prepareText`. */
export function prepareBytes(value: Uint8Array, fold: boolean, unicode = true): string | undefined {
  if (value.length <= 1024 && printableAscii(value)) {
    // fast path: nothing to map, normalise or prohibit in printable ASCII
    const s = String.fromCharCode.apply(null, value as unknown as number[]);
    return fold ? s.toLowerCase() : s;
  }
  const text = fromUtf8Strict(value);
  return text === undefined ? undefined : prepareText(text, fold, unicode);
}

/**
 * Insignificant space handling for attribute values and non-substring assertions (RFC 4518
 * section 2.6.1). The RFC form surrounds words with one space and separates them with two;
 * the trimmed single-space form used here is equivalent for equality and order.
 */
export function collapseSpaces(s: string): string {
  if (s.length > 0 && s[0] !== ' ' && s[s.length - 1] !== ' ' && !s.includes('  ')) return s;
  return s
    .split(' ')
    .filter((w) => w.length > 0)
    .join(' ');
}

/** The exact RFC 4518 section 2.6.1 form: " a  b ", or two spaces for a blank string. */
export function rfcSpaceForm(s: string): string {
  const words = s.split(' ').filter((w) => w.length > 0);
  return words.length === 0 ? '  ' : ' ' + words.join('  ') + ' ';
}

export type SubstringPart = 'initial' | 'any' | 'final';

/** Section 2.6.1, substring assertion variant: spaces kept at the edges the part may touch. */
export function rfcSubstringSpaceForm(s: string, part: SubstringPart): string {
  const words = s.split(' ').filter((w) => w.length > 0);
  if (words.length === 0) return ' ';
  let out = words.join('  ');
  if (part === 'initial' || s.startsWith(' ')) out = ' ' + out;
  if (part === 'final' || s.endsWith(' ')) out = out + ' ';
  return out;
}

/** Apply the insignificant character handling of a rule to a prepared value. */
export function handleInsignificant(s: string, handling: InsignificantHandling): string {
  switch (handling) {
    case 'space':
      return collapseSpaces(s);
    case 'numeric':
      // section 2.6.2: all spaces are insignificant
      return s.replace(/ /g, '');
    case 'telephone':
      // section 2.6.3: all spaces and hyphens are insignificant
      return s.replace(/ /g, '').replace(HYPHENS, '');
  }
}

/** Full preparation of a value for equality and ordering. */
export function prepare(value: Uint8Array, options: PrepOptions): string | undefined {
  const s = prepareBytes(value, options.fold, options.unicode ?? true);
  return s === undefined ? undefined : handleInsignificant(s, options.handling ?? 'space');
}

/** Compare two strings in Unicode code point order (RFC 4517 ordering rules). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // surrogates (astral code points) sort above every other BMP code unit
      const sx = x >= 0xd800 && x <= 0xdfff ? x + 0x10000 : x;
      const sy = y >= 0xd800 && y <= 0xdfff ? y + 0x10000 : y;
      return sx < sy ? -1 : 1;
    }
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * Substrings match over prepared strings (RFC 4511 section 4.5.1.7.2): initial anchors at the
 * start, each any is found in order without overlap, final anchors at the end after them.
 */
export function matchPreparedSubstrings(
  value: string,
  initial: string | undefined,
  any: readonly string[],
  final: string | undefined,
): boolean {
  let pos = 0;
  let end = value.length;
  if (initial !== undefined) {
    if (!value.startsWith(initial)) return false;
    pos = initial.length;
  }
  if (final !== undefined) {
    if (value.length - final.length < pos || !value.endsWith(final)) return false;
    end = value.length - final.length;
  }
  for (const a of any) {
    const i = value.indexOf(a, pos);
    if (i < 0 || i + a.length > end) return false;
    pos = i + a.length;
  }
  return true;
}
