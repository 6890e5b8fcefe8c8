/**
 * The string matching rules of RFC 4517 section 4.2 with RFC 4518 preparation: caseIgnore,
 * caseExact, their IA5 variants, numericString, telephoneNumber, caseIgnoreList and
 * directoryStringFirstComponent.
 */
import type { SubstringsAssertion } from '../types.js';
import {
  collapseSpaces,
  handleInsignificant,
  matchPreparedSubstrings,
  prepare,
  prepareBytes,
  rfcSpaceForm,
  rfcSubstringSpaceForm,
  type InsignificantHandling,
  type SubstringPart,
} from './prep.js';
import { SYNTAX_OIDS, type RuleFactory, type RuleImpl } from './rule.js';

function isIa5(value: Uint8Array): boolean {
  for (const b of value) if (b > 0x7f) return false;
  return true;
}

function isNumericString(value: Uint8Array): boolean {
  for (let i = 0; i < value.length; i++) {
    const b = value[i] as number;
    if (b !== 0x20 && (b < 0x30 || b > 0x39)) return false;
  }
  return true;
}

/**
 * No ASCII character outside PrintableCharacter (RFC 4517 section 3.2: letters, digits and
 * ' ( ) + , - . / : ? space =); bytes above 0x7f pass.
 */
function isPrintableAscii(value: Uint8Array): boolean {
  for (let i = 0; i < value.length; i++) {
    const b = value[i] as number;
    const ok =
      b > 0x7f ||
      (b >= 0x30 && b <= 0x39) ||
      (b >= 0x41 && b <= 0x5a) ||
      (b >= 0x61 && b <= 0x7a) ||
      b === 0x20 ||
      (b >= 0x27 && b <= 0x2f && b !== 0x2a) ||
      b === 0x3a ||
      b === 0x3d ||
      b === 0x3f;
    if (!ok) return false;
  }
  return true;
}

interface TextRuleSpec {
  fold: boolean;
  ia5?: boolean;
  handling?: InsignificantHandling;
  /**
   * Substring parts trimmed like whole values instead of the RFC 4518 section 2.6.1 substring
   * form: slapd's own caseExactIA5SubstringsMatch (an OpenLDAP rule, in no RFC) does this.
   */
  trimParts?: boolean;
  /** RFC 4518 Unicode steps (see `PrepOptions.unicode`). */
  unicode?: boolean;
}

function prepValue(value: Uint8Array, spec: TextRuleSpec): string | undefined {
  if (spec.ia5 && !isIa5(value)) return undefined;
  // a NumericString holds digits and spaces only (RFC 4517 section 3.3.23): slapd rejects
  // `1234 5678z` as an assertion of numericStringMatch
  if (spec.handling === 'numeric' && !isNumericString(value)) return undefined;
  // and a TelephoneNumber is a PrintableString (RFC 4517 section 3.3.31): slapd rejects `\\`;
  // non-ASCII characters are left to RFC 4518 preparation (U+2010 hyphens are insignificant)
  if (spec.handling === 'telephone' && !isPrintableAscii(value)) return undefined;
  return prepare(value, {
    fold: spec.fold,
    handling: spec.handling ?? 'space',
    unicode: spec.unicode ?? true,
  });
}

function prepSubstringPart(value: Uint8Array, spec: TextRuleSpec, part: SubstringPart): string | undefined {
  if (spec.ia5 && !isIa5(value)) return undefined;
  const s = prepareBytes(value, spec.fold, spec.unicode ?? true);
  if (s === undefined) return undefined;
  const handling = spec.handling ?? 'space';
  if (spec.trimParts) return collapseSpaces(s);
  return handling === 'space' ? rfcSubstringSpaceForm(s, part) : handleInsignificant(s, handling);
}

/** Substrings match of one raw value under a text rule (RFC 4518 section 2.6 substring forms). */
function textSubstrings(value: Uint8Array, a: SubstringsAssertion, spec: TextRuleSpec): boolean | undefined {
  if (spec.ia5 && !isIa5(value)) return undefined;
  const s = prepareBytes(value, spec.fold, spec.unicode ?? true);
  if (s === undefined) return undefined;
  const handling = spec.handling ?? 'space';
  const v = spec.trimParts
    ? collapseSpaces(s)
    : handling === 'space'
      ? rfcSpaceForm(s)
      : handleInsignificant(s, handling);
  const initial = a.initial === undefined ? undefined : prepSubstringPart(a.initial, spec, 'initial');
  const final = a.final === undefined ? undefined : prepSubstringPart(a.final, spec, 'final');
  const any: string[] = [];
  for (const x of a.any) {
    const p = prepSubstringPart(x, spec, 'any');
    if (p === undefined) return undefined;
    any.push(p);
  }
  if ((a.initial !== undefined && initial === undefined) || (a.final !== undefined && final === undefined)) {
    return undefined;
  }
  return matchPreparedSubstrings(v, initial, any, final);
}

function textRule(
  oid: string,
  name: string,
  kind: RuleImpl['kind'],
  syntax: string,
  base: TextRuleSpec,
): RuleFactory {
  return (ctx) => {
    const spec = { ...base, unicode: ctx.unicodeNormalization ?? true };
    return {
      oid,
      names: [name],
      syntax,
      kind,
      normalize: (v) => prepValue(v, spec),
      ...(kind === 'substrings' ? { matchSubstrings: (v, a) => textSubstrings(v, a, spec) } : {}),
    };
  };
}

const DS = SYNTAX_OIDS.directoryString;
const IA5 = SYNTAX_OIDS.ia5String;
const CI = { fold: true };
const CE = { fold: false };
const CI5 = { fold: true, ia5: true };
const CE5 = { fold: false, ia5: true };
const CE5_SLAPD = { fold: false, ia5: true, trimParts: true };
const NUM = { fold: false, handling: 'numeric' as const };
const TEL = { fold: true, handling: 'telephone' as const };

/** Split a Postal Address value into its lines (RFC 4517 section 3.3.28: `$` separated, `\24` `\5C` escapes). */
export function splitPostalAddress(value: Uint8Array): Uint8Array[] | undefined {
  const enc = new TextEncoder();
  const text = new TextDecoder('utf-8', { fatal: true });
  let s: string;
  try {
    s = text.decode(value);
  } catch {
    return undefined;
  }
  return s
    .split('$')
    .map((line) => enc.encode(line.replace(/\\(24|5c)/gi, (_m, h: string) => (h === '24' ? '$' : '\\'))));
}

const caseIgnoreList: RuleFactory = () => ({
  oid: '2.5.13.11',
  names: ['caseIgnoreListMatch'],
  syntax: SYNTAX_OIDS.postalAddress,
  kind: 'equality',
  normalize(value) {
    const lines = splitPostalAddress(value);
    if (!lines) return undefined;
    const out: string[] = [];
    for (const l of lines) {
      const p = prepValue(l, CI);
      if (p === undefined) return undefined;
      out.push(p.replace(/\$/g, '\\24'));
    }
    return out.join('$');
  },
});

const caseIgnoreListSubstrings: RuleFactory = () => ({
  oid: '2.5.13.12',
  names: ['caseIgnoreListSubstringsMatch'],
  syntax: SYNTAX_OIDS.substringAssertion,
  kind: 'substrings',
  normalize: (v) => prepValue(v, CI),
  // RFC 4517 section 4.2.10: as caseIgnoreSubstringsMatch over the lines, no component may
  // span two lines: lines are joined with U+0000, which preparation has removed from parts.
  matchSubstrings(value, a) {
    const lines = splitPostalAddress(value);
    if (!lines) return undefined;
    const prepared: string[] = [];
    for (const l of lines) {
      const p = prepareBytes(l, true);
      if (p === undefined) return undefined;
      prepared.push(rfcSpaceForm(p));
    }
    const joined = prepared.join('\u0000');
    const part = (x: Uint8Array, p: SubstringPart): string | undefined => prepSubstringPart(x, CI, p);
    const initial = a.initial === undefined ? undefined : part(a.initial, 'initial');
    const final = a.final === undefined ? undefined : part(a.final, 'final');
    const any = a.any.map((x) => part(x, 'any'));
    if (any.some((x) => x === undefined)) return undefined;
    if (
      (a.initial !== undefined && initial === undefined) ||
      (a.final !== undefined && final === undefined)
    ) {
      return undefined;
    }
    return matchPreparedSubstrings(joined, initial, any as string[], final);
  },
});

/** First component of a definition-like value `( first ... )` (the FirstComponentMatch rules, RFC 4517 4.2.14, 4.2.18, 4.2.25). */
export function firstComponent(value: Uint8Array): string | undefined {
  const s = new TextDecoder().decode(value).trim();
  if (!s.startsWith('(')) return undefined;
  const rest = s.slice(1).trimStart();
  if (rest.startsWith("'")) {
    const end = rest.indexOf("'", 1);
    return end < 0 ? undefined : rest.slice(1, end);
  }
  const m = /^[^\s()]+/.exec(rest);
  return m ? m[0] : undefined;
}

const directoryStringFirstComponent: RuleFactory = () => ({
  oid: '2.5.13.31',
  names: ['directoryStringFirstComponentMatch'],
  syntax: DS,
  kind: 'equality',
  normalize(value) {
    const first = firstComponent(value);
    return first === undefined ? undefined : prepValue(new TextEncoder().encode(first), CI);
  },
  normalizeAssertion: (v) => prepValue(v, CI),
});

export const STRING_RULES: readonly RuleFactory[] = [
  textRule('2.5.13.2', 'caseIgnoreMatch', 'equality', DS, CI),
  textRule('2.5.13.3', 'caseIgnoreOrderingMatch', 'ordering', DS, CI),
  textRule('2.5.13.4', 'caseIgnoreSubstringsMatch', 'substrings', SYNTAX_OIDS.substringAssertion, CI),
  textRule('2.5.13.5', 'caseExactMatch', 'equality', DS, CE),
  textRule('2.5.13.6', 'caseExactOrderingMatch', 'ordering', DS, CE),
  textRule('2.5.13.7', 'caseExactSubstringsMatch', 'substrings', SYNTAX_OIDS.substringAssertion, CE),
  textRule('1.3.6.1.4.1.1466.109.114.1', 'caseExactIA5Match', 'equality', IA5, CE5),
  textRule('1.3.6.1.4.1.1466.109.114.2', 'caseIgnoreIA5Match', 'equality', IA5, CI5),
  textRule(
    '1.3.6.1.4.1.1466.109.114.3',
    'caseIgnoreIA5SubstringsMatch',
    'substrings',
    SYNTAX_OIDS.substringAssertion,
    CI5,
  ),
  // 389 DS's caseExactIA5SubstringsMatch follows RFC 4518 substrings (listed before OpenLDAP's
  // so that the bare name means OpenLDAP's rule)
  textRule(
    '2.16.840.1.113730.3.3.1',
    'caseExactIA5SubstringsMatch',
    'substrings',
    SYNTAX_OIDS.substringAssertion,
    CE5,
  ),
  textRule(
    '1.3.6.1.4.1.4203.1.2.1',
    'caseExactIA5SubstringsMatch',
    'substrings',
    SYNTAX_OIDS.substringAssertion,
    CE5_SLAPD,
  ),
  textRule('2.5.13.8', 'numericStringMatch', 'equality', SYNTAX_OIDS.numericString, NUM),
  textRule('2.5.13.9', 'numericStringOrderingMatch', 'ordering', SYNTAX_OIDS.numericString, NUM),
  textRule('2.5.13.10', 'numericStringSubstringsMatch', 'substrings', SYNTAX_OIDS.substringAssertion, NUM),
  textRule('2.5.13.20', 'telephoneNumberMatch', 'equality', SYNTAX_OIDS.telephoneNumber, TEL),
  textRule('2.5.13.21', 'telephoneNumberSubstringsMatch', 'substrings', SYNTAX_OIDS.substringAssertion, TEL),
  caseIgnoreList,
  caseIgnoreListSubstrings,
  directoryStringFirstComponent,
];
