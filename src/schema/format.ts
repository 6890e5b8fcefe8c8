/**
 * Presentation of attribute values by syntax, as Python ldap3's formatters do: integers as
 * numbers, booleans, generalized times as Dates, AD GUIDs as `{...}`, SIDs as `S-1-...`,
 * binary syntaxes as bytes, everything else as text (bytes when it is not valid UTF-8, so no
 * value is ever corrupted by decoding).
 */
import { fromUtf8Strict, toHex } from '../util/index.js';
import { parseGeneralizedTime, parseInteger, SYN } from './matching-rules/index.js';
import type { Schema } from './schema.js';
import type { AttributeType } from './types.js';

/** A value as `formatValue` presents it. */
export type FormattedValue = string | number | bigint | boolean | Date | Uint8Array;

// Active Directory attributes formatted by name (their syntax is plain Octet String / Integer8)
const GUID_ATTRIBUTES = new Set([
  'objectguid',
  'schemaidguid',
  'attributesecurityguid',
  'invocationid',
  'msds-generationid',
]);
const SID_ATTRIBUTES = new Set([
  'objectsid',
  'sidhistory',
  'tokengroups',
  'tokengroupsglobalanduniversal',
  'tokengroupsnogcacceptable',
  'securityidentifier',
  'ms-ds-creatorsid',
]);
// AD timestamps: 100 ns intervals since 1601-01-01 (MS-ADTS 3.1.1.4 LargeInteger times)
const AD_TIME_ATTRIBUTES = new Set([
  'accountexpires',
  'badpasswordtime',
  'lastlogoff',
  'lastlogon',
  'lastlogontimestamp',
  'lockouttime',
  'pwdlastset',
]);

/** `{aabbccdd-eeff-...}`: a GUID in Microsoft's mixed-endian byte order, as ldap3 shows objectGUID. */
export function formatGuid(raw: Uint8Array): string | undefined {
  if (raw.length !== 16) return undefined;
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  const h = toHex(Uint8Array.from(order, (i) => raw[i]!));
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}}`;
}

/** `S-1-5-21-...` from a binary SID (MS-DTYP 2.4.2.2). */
export function formatSid(raw: Uint8Array): string | undefined {
  if (raw.length < 8) return undefined;
  const count = raw[1]!;
  if (raw.length !== 8 + 4 * count) return undefined;
  let authority = 0;
  for (let i = 2; i < 8; i++) authority = authority * 256 + raw[i]!;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const parts = [`S-${raw[0]!}`, String(authority)];
  for (let i = 0; i < count; i++) parts.push(String(view.getUint32(8 + 4 * i, true)));
  return parts.join('-');
}

/**
 * The binary form of a SID written as `S-R-I-S-S...` (MS-DTYP 2.4.2.2; at most 15
 * sub-authorities); undefined when the text is not one.
 */
export function parseSid(text: string): Uint8Array | undefined {
  const m = /^S-(\d{1,3})-(\d{1,15})((?:-\d{1,10}){0,15})$/i.exec(text);
  if (!m) return undefined;
  const revision = Number(m[1]);
  const authority = Number(m[2]);
  const subs = m[3] ? m[3].slice(1).split('-').map(Number) : [];
  if (revision > 255 || authority >= 2 ** 48 || subs.some((x) => x > 0xffffffff)) return undefined;
  const out = new Uint8Array(8 + 4 * subs.length);
  out[0] = revision;
  out[1] = subs.length;
  for (let i = 7, a = authority; i >= 2; i--, a = Math.floor(a / 256)) out[i] = a % 256;
  const view = new DataView(out.buffer);
  subs.forEach((x, i) => view.setUint32(8 + 4 * i, x, true));
  return out;
}

/** A generalized time as a Date; undefined when it does not parse or is out of Date's range. */
export function generalizedTimeToDate(text: string): Date | undefined {
  const ms = parseGeneralizedTime(text);
  if (ms === undefined) return undefined;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const AD_EPOCH_MS = -11_644_473_600_000; // 1601-01-01T00:00:00Z
const AD_NEVER = 9_223_372_036_854_775_807n;

function adTime(n: bigint): Date {
  if (n >= AD_NEVER) return new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999));
  return new Date(AD_EPOCH_MS + Number(n / 10_000n));
}

function integer(raw: Uint8Array): number | bigint | undefined {
  const n = parseInteger(raw);
  if (n === undefined) return undefined;
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/**
 * Format one raw value of an attribute (a type, or a description such as `cn;lang-fr`) for
 * presentation. Unknown attributes: text when valid UTF-8, else bytes.
 */
export function formatValue(
  schema: Schema,
  attribute: AttributeType | string,
  raw: Uint8Array,
): FormattedValue {
  const type = typeof attribute === 'string' ? schema.resolveDescription(attribute).type : attribute;
  if (type && !type.definition && schema.options.schemaless) return fromUtf8Strict(raw) ?? raw;
  if (type) {
    const names = type.names.map((n) => n.toLowerCase());
    if (names.some((n) => GUID_ATTRIBUTES.has(n))) return formatGuid(raw) ?? raw;
    if (names.some((n) => SID_ATTRIBUTES.has(n))) return formatSid(raw) ?? raw;
    if (names.some((n) => AD_TIME_ATTRIBUTES.has(n))) {
      const n = parseInteger(raw);
      if (n !== undefined && n >= 0n) return adTime(n);
    }
    switch (type.syntax) {
      case SYN + '27':
      case '1.2.840.113556.1.4.906':
        return integer(raw) ?? fromUtf8Strict(raw) ?? raw;
      case SYN + '7': {
        const s = fromUtf8Strict(raw);
        return s === 'TRUE' ? true : s === 'FALSE' ? false : (s ?? raw);
      }
      case SYN + '24': {
        const s = fromUtf8Strict(raw);
        return (s !== undefined ? generalizedTimeToDate(s) : undefined) ?? s ?? raw;
      }
      case '1.3.6.1.1.16.1': {
        const s = fromUtf8Strict(raw);
        if (s !== undefined) return s.toLowerCase();
        return raw.length === 16 ? toHex(raw).replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-') : raw;
      }
    }
    if (schema.isBinary(type)) return raw;
  }
  return fromUtf8Strict(raw) ?? raw;
}
