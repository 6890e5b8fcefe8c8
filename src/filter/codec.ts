/**
 * BER encoding of the Filter AST (RFC 4511 section 4.5.1.7):
 *
 *   Filter ::= CHOICE {
 *     and [0] SET SIZE (1..MAX) OF filter Filter,   -- empty allowed by RFC 4526 (absolute true)
 *     or  [1] SET SIZE (1..MAX) OF filter Filter,   -- empty allowed by RFC 4526 (absolute false)
 *     not [2] Filter,
 *     equalityMatch [3] AttributeValueAssertion,
 *     substrings [4] SubstringFilter,
 *     greaterOrEqual [5] AttributeValueAssertion,
 *     lessOrEqual [6] AttributeValueAssertion,
 *     present [7] AttributeDescription,
 *     approxMatch [8] AttributeValueAssertion,
 *     extensibleMatch [9] MatchingRuleAssertion, ... }
 *   SubstringFilter ::= SEQUENCE { type AttributeDescription,
 *     substrings SEQUENCE SIZE (1..MAX) OF substring CHOICE {
 *       initial [0] AssertionValue, -- can occur at most once, first
 *       any [1] AssertionValue,
 *       final [2] AssertionValue } -- can occur at most once, last }
 *   MatchingRuleAssertion ::= SEQUENCE { matchingRule [1] MatchingRuleId OPTIONAL,
 *     type [2] AttributeDescription OPTIONAL, matchValue [3] AssertionValue,
 *     dnAttributes [4] BOOLEAN DEFAULT FALSE }
 */
import { BerReader, BerWriter, Tag, describeTag } from '../ber/index.js';
import type { BerReaderOptions } from '../ber/index.js';
import { LdapOptionError, ProtocolError } from '../errors.js';
import type { Filter } from './ast.js';

/** Context tags of the Filter CHOICE, as identifier octets. */
export const FilterTag = {
  and: 0xa0,
  or: 0xa1,
  not: 0xa2,
  equalityMatch: 0xa3,
  substrings: 0xa4,
  greaterOrEqual: 0xa5,
  lessOrEqual: 0xa6,
  present: 0x87,
  approxMatch: 0xa8,
  extensibleMatch: 0xa9,
} as const;

type AvaType = 'equalityMatch' | 'greaterOrEqual' | 'lessOrEqual' | 'approxMatch';
/** AVA choices by context number minus 3: [3] equality, [5] >=, [6] <=, [8] approx. */
const AVA_TYPES: (AvaType | undefined)[] = [
  'equalityMatch',
  undefined,
  'greaterOrEqual',
  'lessOrEqual',
  undefined,
  'approxMatch',
];

/** Append the BER of `filter` to a writer (used inside SearchRequest and the assertion control). */
export function writeFilter(w: BerWriter, filter: Filter): void {
  switch (filter.type) {
    case 'and':
    case 'or':
      w.startSequence(FilterTag[filter.type]);
      for (const f of filter.filters) writeFilter(w, f);
      w.endSequence();
      return;
    case 'not':
      w.startSequence(FilterTag.not);
      writeFilter(w, filter.filter);
      w.endSequence();
      return;
    case 'equalityMatch':
    case 'greaterOrEqual':
    case 'lessOrEqual':
    case 'approxMatch':
      w.startSequence(FilterTag[filter.type]);
      w.writeString(filter.attribute);
      w.writeOctetString(filter.value);
      w.endSequence();
      return;
    case 'present':
      w.writeString(filter.attribute, FilterTag.present);
      return;
    case 'substrings': {
      if (filter.initial === undefined && filter.final === undefined && filter.any.length === 0) {
        throw new LdapOptionError('a substrings filter needs at least one initial, any or final part');
      }
      w.startSequence(FilterTag.substrings);
      w.writeString(filter.attribute);
      w.startSequence(Tag.sequence);
      if (filter.initial !== undefined) w.writeOctetString(filter.initial, 0x80);
      for (const a of filter.any) w.writeOctetString(a, 0x81);
      if (filter.final !== undefined) w.writeOctetString(filter.final, 0x82);
      w.endSequence();
      w.endSequence();
      return;
    }
    case 'extensibleMatch':
      if (filter.matchingRule === undefined && filter.attribute === undefined) {
        // Section 4.5.1.7.7: without a matchingRule the type must be present.
        throw new LdapOptionError('an extensible match needs a matching rule, an attribute or both');
      }
      w.startSequence(FilterTag.extensibleMatch);
      if (filter.matchingRule !== undefined) w.writeString(filter.matchingRule, 0x81);
      if (filter.attribute !== undefined) w.writeString(filter.attribute, 0x82);
      w.writeOctetString(filter.value, 0x83);
      // DEFAULT FALSE: omitted when false, as DER and every LDAP peer do.
      if (filter.dnAttributes) w.writeBoolean(true, 0x84);
      w.endSequence();
      return;
    default: {
      const never: never = filter;
      throw new LdapOptionError(`unknown filter type ${String((never as { type?: unknown }).type)}`);
    }
  }
}

/** Read one Filter at the reader's position. */
export function readFilter(r: BerReader): Filter {
  const at = r.pos;
  const tag = r.peekTag();
  switch (tag) {
    case FilterTag.and:
    case FilterTag.or: {
      r.enter();
      const filters: Filter[] = [];
      while (r.more()) filters.push(readFilter(r));
      r.leave();
      return { type: tag === FilterTag.and ? 'and' : 'or', filters };
    }
    case FilterTag.not: {
      r.enter();
      if (!r.more()) throw new ProtocolError('empty not filter', at);
      const filter = readFilter(r);
      if (r.more()) throw new ProtocolError('not filter holds more than one filter', r.pos);
      r.leave();
      return { type: 'not', filter };
    }
    case FilterTag.equalityMatch:
    case FilterTag.greaterOrEqual:
    case FilterTag.lessOrEqual:
    case FilterTag.approxMatch: {
      r.enter();
      need(r, 'attribute description');
      const attribute = readText(r, Tag.octetString, 'attribute description');
      need(r, 'assertion value');
      const value = r.readOctetString();
      r.leave();
      const type = AVA_TYPES[tag - FilterTag.equalityMatch] as AvaType;
      return { type, attribute, value };
    }
    case FilterTag.present:
      return { type: 'present', attribute: readText(r, FilterTag.present, 'attribute description') };
    case FilterTag.substrings:
      return readSubstrings(r);
    case FilterTag.extensibleMatch:
      return readExtensible(r);
    case -1:
      throw new ProtocolError('missing filter', at);
    default:
      throw new ProtocolError(`unknown filter choice ${describeTag(tag)}`, at);
  }
}

function readSubstrings(r: BerReader): Filter {
  r.enter();
  need(r, 'attribute description');
  const attribute = readText(r, Tag.octetString, 'attribute description');
  need(r, 'substrings');
  const listAt = r.pos;
  r.enter(Tag.sequence);
  let initial: Uint8Array | undefined;
  let final: Uint8Array | undefined;
  const any: Uint8Array[] = [];
  let count = 0;
  while (r.more()) {
    const at = r.pos;
    if (final !== undefined) throw new ProtocolError('substring after the final part', at);
    const t = r.peekTag();
    if (t === 0x80) {
      if (count > 0) throw new ProtocolError('initial substring is not first', at);
      initial = r.readOctetString(0x80);
    } else if (t === 0x81) {
      any.push(r.readOctetString(0x81));
    } else if (t === 0x82) {
      final = r.readOctetString(0x82);
    } else {
      throw new ProtocolError(`unknown substring choice ${describeTag(t)}`, at);
    }
    count++;
  }
  if (count === 0) throw new ProtocolError('substrings filter with no parts', listAt);
  r.leave();
  r.leave();
  const f: {
    type: 'substrings';
    attribute: string;
    any: Uint8Array[];
    initial?: Uint8Array;
    final?: Uint8Array;
  } = { type: 'substrings', attribute, any };
  if (initial !== undefined) f.initial = initial;
  if (final !== undefined) f.final = final;
  return f;
}

function readExtensible(r: BerReader): Filter {
  const at = r.pos;
  r.enter();
  let matchingRule: string | undefined;
  let attribute: string | undefined;
  if (r.peekTag() === 0x81) matchingRule = readText(r, 0x81, 'matching rule');
  if (r.peekTag() === 0x82) attribute = readText(r, 0x82, 'attribute description');
  if (r.peekTag() !== 0x83) throw new ProtocolError('extensible match without matchValue', r.pos);
  const value = r.readOctetString(0x83);
  const dnAttributes = r.peekTag() === 0x84 ? r.readBoolean(0x84) : false;
  r.leave();
  if (matchingRule === undefined && attribute === undefined) {
    throw new ProtocolError('extensible match with neither matchingRule nor type', at);
  }
  const f: {
    type: 'extensibleMatch';
    value: Uint8Array;
    dnAttributes: boolean;
    matchingRule?: string;
    attribute?: string;
  } = { type: 'extensibleMatch', value, dnAttributes };
  if (matchingRule !== undefined) f.matchingRule = matchingRule;
  if (attribute !== undefined) f.attribute = attribute;
  return f;
}

function need(r: BerReader, what: string): void {
  if (!r.more()) throw new ProtocolError(`missing ${what}`, r.pos);
}

function readText(r: BerReader, tag: number, what: string): string {
  const at = r.pos;
  const s = r.readUtf8(tag);
  if (s === undefined) throw new ProtocolError(`${what} is not valid UTF-8`, at);
  return s;
}

/** BER of a filter on its own (the assertion control's value, RFC 4528). */
export function encodeFilter(filter: Filter): Uint8Array {
  const w = new BerWriter(256);
  writeFilter(w, filter);
  return w.toBytes();
}

/** Decode a filter that fills `bytes` exactly. Throws BerError or ProtocolError with offsets. */
export function decodeFilter(bytes: Uint8Array, options?: BerReaderOptions): Filter {
  const r = new BerReader(bytes, { ...options, partial: false });
  const f = readFilter(r);
  if (r.more()) throw new ProtocolError('trailing bytes after the filter', r.pos);
  return f;
}
