/**
 * Building blocks for matching rule implementations: the implementation record each rule
 * module exports, and the context (schema look-ups) rules that resolve names need.
 */
import { bytesEqual, compareBytes } from '../../util/index.js';
import type { MatchingRuleKind, Normalized, SubstringsAssertion } from '../types.js';
import { compareCodePoints } from './prep.js';

/** What a rule implementation may ask of the schema it belongs to. */
export interface RuleContext {
  /** Numeric OID of a descriptor (attribute type, object class, rule, ...), lower-case descr if unknown. */
  resolveOid(nameOrOid: string): string | undefined;
  /** Normalised form of a DN string by the schema's rules; undefined when it does not parse. */
  normalizeDn(dn: string): string | undefined;
  /** False for servers without RFC 4518 Unicode preparation (389 DS). @defaultValue true */
  readonly unicodeNormalization?: boolean;
}

/** A matching rule's behaviour, independent of how a server names it. */
export interface RuleImpl {
  readonly oid: string;
  readonly names: readonly string[];
  readonly syntax: string;
  readonly kind: MatchingRuleKind;
  normalize(value: Uint8Array): Normalized | undefined;
  normalizeAssertion?(value: Uint8Array): Normalized | undefined;
  equal?(a: Normalized, b: Normalized): boolean;
  compare?(a: Normalized, b: Normalized): number;
  matchSubstrings?(value: Uint8Array, assertion: SubstringsAssertion): boolean | undefined;
  matches?(value: Uint8Array, assertion: Uint8Array): boolean | undefined;
  readonly needsDit?: boolean;
}

export type RuleFactory = (ctx: RuleContext) => RuleImpl;

/** Equality of normalised values of either representation. */
export function normalizedEqual(a: Normalized, b: Normalized): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return bytesEqual(a, b);
}

/** Order of normalised values: code points for strings, octets for bytes. */
export function normalizedCompare(a: Normalized, b: Normalized): number {
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a !== 'string' && typeof b !== 'string') return compareBytes(a, b);
  return typeof a === 'string' ? 1 : -1;
}

/** Prefix of the RFC 4517 syntax OIDs. */
export const SYN = '1.3.6.1.4.1.1466.115.121.1.';

export const SYNTAX_OIDS = {
  bitString: SYN + '6',
  boolean: SYN + '7',
  countryString: SYN + '11',
  dn: SYN + '12',
  directoryString: SYN + '15',
  generalizedTime: SYN + '24',
  ia5String: SYN + '26',
  integer: SYN + '27',
  jpeg: SYN + '28',
  nameAndOptionalUid: SYN + '34',
  numericString: SYN + '36',
  oid: SYN + '38',
  octetString: SYN + '40',
  postalAddress: SYN + '41',
  printableString: SYN + '44',
  telephoneNumber: SYN + '50',
  substringAssertion: SYN + '58',
  uuid: '1.3.6.1.1.16.1',
} as const;
