/**
 * Matching rules over non-string syntaxes (RFC 4517 section 4.2, RFC 4530, MS-ADTS 3.1.1.3.4.4):
 * integer, boolean, bitString, octetString, UUID, generalizedTime, objectIdentifier and the
 * first-component rules, and Active Directory's bitwise and in-chain rules.
 */
import { bytesEqual, compareBytes, fromUtf8Strict } from '../../util/index.js';
import type { Normalized } from '../types.js';
import { firstComponent } from './string-rules.js';
import { SYNTAX_OIDS, type RuleContext, type RuleFactory } from './rule.js';

const INTEGER = /^(0|-?[1-9][0-9]*)$/;
const NUMERICOID = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+$/;
const DESCR = /^[A-Za-z][A-Za-z0-9-]*$/;

function ascii(value: Uint8Array): string | undefined {
  for (const b of value) if (b > 0x7f) return undefined;
  return String.fromCharCode(...value);
}

/** Parse an RFC 4517 section 3.3.16 Integer (no leading zeros, no `+`, no `-0`). */
export function parseInteger(value: Uint8Array): bigint | undefined {
  const s = value.length > 4096 ? undefined : ascii(value);
  return s !== undefined && INTEGER.test(s) ? BigInt(s) : undefined;
}

// Integers normalise to their canonical decimal text; order compares them as numbers.
function compareIntegerText(a: Normalized, b: Normalized): number {
  const x = BigInt(a as string);
  const y = BigInt(b as string);
  return x < y ? -1 : x > y ? 1 : 0;
}

const normalizeInteger = (v: Uint8Array): string | undefined => parseInteger(v)?.toString();

function bitwise(oid: string, name: string, test: (a: bigint, b: bigint) => boolean): RuleFactory {
  return () => ({
    oid,
    names: [name],
    syntax: SYNTAX_OIDS.integer,
    kind: 'equality',
    normalize: normalizeInteger,
    // MS-ADTS 3.1.1.3.4.4: applied to the attribute value and the assertion, not symmetric
    matches(value, assertion) {
      const a = parseInteger(value);
      const b = parseInteger(assertion);
      return a === undefined || b === undefined ? undefined : test(a, b);
    },
  });
}

/**
 * Parse RFC 4517 section 3.3.13 GeneralizedTime into nanoseconds since the epoch, exactly
 * (integer arithmetic: `2026112612.1Z` and `20261126120600Z` are the same instant).
 */
export function parseGeneralizedTimeNs(text: string): bigint | undefined {
  const m =
    /^([0-9]{4})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})?([0-9]{2})?([.,][0-9]{1,18})?(Z|[+-][0-9]{2}(?:[0-9]{2})?)$/.exec(
      text,
    );
  if (!m) return undefined;
  const [, y, mo, d, h, mi, se, frac, tz] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = se === undefined ? 0 : Number(se);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), month - 1, day);
  if (date.getUTCDate() !== day) return undefined;
  const S = 1_000_000_000n;
  let ns = BigInt(date.getTime()) * 1_000_000n + BigInt(hour * 3600 + minute * 60 + second) * S;
  if (frac !== undefined) {
    // a fraction applies to the last element given (RFC 4517 section 3.3.13)
    const unit = se !== undefined ? S : mi !== undefined ? 60n * S : 3600n * S;
    ns += (BigInt(frac.slice(1)) * unit) / 10n ** BigInt(frac.length - 1);
  }
  if (tz !== 'Z') {
    const oh = Number(tz!.slice(1, 3));
    const om = tz!.length > 3 ? Number(tz!.slice(3, 5)) : 0;
    if (oh > 23 || om > 59) return undefined;
    const offset = BigInt(oh * 3600 + om * 60) * S;
    ns += tz![0] === '-' ? offset : -offset;
  }
  return ns;
}

/** GeneralizedTime as milliseconds since the epoch (sub-millisecond digits kept as a fraction). */
export function parseGeneralizedTime(text: string): number | undefined {
  const ns = parseGeneralizedTimeNs(text);
  return ns === undefined ? undefined : Number(ns) / 1e6;
}

// 62.4e12 ms before the epoch is before 0000-01-01 minus a day: every key is positive
const TIME_KEY_OFFSET = 62_400_000_000_000n * 1_000_000n;

function normalizeTime(value: Uint8Array): string | undefined {
  const s = ascii(value);
  const ns = s === undefined ? undefined : parseGeneralizedTimeNs(s);
  // a fixed-width decimal key, ordered like the instants
  return ns === undefined ? undefined : (ns + TIME_KEY_OFFSET).toString().padStart(24, '0');
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
function normalizeUuid(value: Uint8Array): string | undefined {
  const s = ascii(value);
  return s !== undefined && UUID.test(s) ? s.toLowerCase() : undefined;
}

/** RFC 4517 section 3.3.2: `'0101'B`. */
function normalizeBitString(value: Uint8Array): string | undefined {
  const s = ascii(value);
  return s !== undefined && /^'[01]*'B$/.test(s) ? s : undefined;
}

function oidOf(ctx: RuleContext, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (NUMERICOID.test(text)) return text;
  if (!DESCR.test(text)) return undefined;
  return ctx.resolveOid(text) ?? text.toLowerCase();
}

// OpenLDAP change sequence numbers (entryCSN, contextCSN): time#count#sid#mod
const CSN_SYNTAX = '1.3.6.1.4.1.4203.666.11.2.1';
function normalizeCsn(value: Uint8Array): string | undefined {
  const s = ascii(value);
  return s !== undefined && /^[0-9]{14}\.[0-9]{6}Z#[0-9a-f]{6}#[0-9a-f]{3}#[0-9a-f]{6}$/i.test(s)
    ? s.toLowerCase()
    : undefined;
}

export const VALUE_RULES: readonly RuleFactory[] = [
  () => ({
    oid: '1.3.6.1.4.1.4203.666.11.2.2',
    names: ['CSNMatch'],
    syntax: CSN_SYNTAX,
    kind: 'equality',
    normalize: normalizeCsn,
  }),
  () => ({
    oid: '1.3.6.1.4.1.4203.666.11.2.3',
    names: ['CSNOrderingMatch'],
    syntax: CSN_SYNTAX,
    kind: 'ordering',
    normalize: normalizeCsn,
  }),
  () => ({
    oid: '2.5.13.14',
    names: ['integerMatch'],
    syntax: SYNTAX_OIDS.integer,
    kind: 'equality',
    normalize: normalizeInteger,
  }),
  () => ({
    oid: '2.5.13.15',
    names: ['integerOrderingMatch'],
    syntax: SYNTAX_OIDS.integer,
    kind: 'ordering',
    normalize: normalizeInteger,
    compare: compareIntegerText,
  }),
  () => ({
    oid: '2.5.13.29',
    names: ['integerFirstComponentMatch'],
    syntax: SYNTAX_OIDS.integer,
    kind: 'equality',
    normalize(value) {
      const first = firstComponent(value);
      return first === undefined ? undefined : normalizeInteger(new TextEncoder().encode(first));
    },
    normalizeAssertion: normalizeInteger,
  }),
  () => ({
    oid: '2.5.13.13',
    names: ['booleanMatch'],
    syntax: SYNTAX_OIDS.boolean,
    kind: 'equality',
    // RFC 4517 section 3.3.3: exactly TRUE or FALSE
    normalize: (v) => {
      const s = ascii(v);
      return s === 'TRUE' || s === 'FALSE' ? s : undefined;
    },
  }),
  () => ({
    oid: '2.5.13.16',
    names: ['bitStringMatch'],
    syntax: SYNTAX_OIDS.bitString,
    kind: 'equality',
    normalize: normalizeBitString,
  }),
  () => ({
    oid: '2.5.13.17',
    names: ['octetStringMatch'],
    syntax: SYNTAX_OIDS.octetString,
    kind: 'equality',
    normalize: (v) => v,
    equal: (a, b) => bytesEqual(a as Uint8Array, b as Uint8Array),
  }),
  () => ({
    oid: '2.5.13.18',
    names: ['octetStringOrderingMatch'],
    syntax: SYNTAX_OIDS.octetString,
    kind: 'ordering',
    normalize: (v) => v,
    compare: (a, b) => compareBytes(a as Uint8Array, b as Uint8Array),
  }),
  () => ({
    oid: '1.3.6.1.1.16.2',
    names: ['UUIDMatch'],
    syntax: SYNTAX_OIDS.uuid,
    kind: 'equality',
    normalize: normalizeUuid,
  }),
  () => ({
    oid: '1.3.6.1.1.16.3',
    names: ['UUIDOrderingMatch'],
    syntax: SYNTAX_OIDS.uuid,
    kind: 'ordering',
    normalize: normalizeUuid,
  }),
  () => ({
    oid: '2.5.13.27',
    names: ['generalizedTimeMatch'],
    syntax: SYNTAX_OIDS.generalizedTime,
    kind: 'equality',
    normalize: normalizeTime,
  }),
  () => ({
    oid: '2.5.13.28',
    names: ['generalizedTimeOrderingMatch'],
    syntax: SYNTAX_OIDS.generalizedTime,
    kind: 'ordering',
    normalize: normalizeTime,
  }),
  (ctx) => ({
    oid: '2.5.13.0',
    names: ['objectIdentifierMatch'],
    syntax: SYNTAX_OIDS.oid,
    kind: 'equality',
    // descriptors resolve to their OID through the schema (RFC 4517 section 4.2.26)
    normalize: (v) => oidOf(ctx, fromUtf8Strict(v)?.trim()),
    // an assertion is an OID or a descriptor exactly: slapd finds nothing for `(objectClass= person )`
    normalizeAssertion: (v) => oidOf(ctx, fromUtf8Strict(v)),
  }),
  (ctx) => ({
    oid: '2.5.13.30',
    names: ['objectIdentifierFirstComponentMatch'],
    syntax: SYNTAX_OIDS.oid,
    kind: 'equality',
    normalize: (v) => oidOf(ctx, firstComponent(v)),
    normalizeAssertion: (v) => oidOf(ctx, fromUtf8Strict(v)?.trim()),
  }),
  bitwise('1.2.840.113556.1.4.803', 'integerBitAndMatch', (a, b) => (a & b) === b),
  bitwise('1.2.840.113556.1.4.804', 'integerBitOrMatch', (a, b) => (a & b) !== 0n),
  () => ({
    oid: '1.2.840.113556.1.4.1941',
    names: ['inChainMatch'],
    syntax: SYNTAX_OIDS.dn,
    kind: 'equality',
    normalize: () => undefined,
    // LDAP_MATCHING_RULE_IN_CHAIN walks DN-valued attributes transitively: the engine does it
    matches: () => undefined,
    needsDit: true,
  }),
];
