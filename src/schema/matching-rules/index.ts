/**
 * Every matching rule ldap3ts implements, by OID, and the wrapper that turns an
 * implementation plus a server's definition into the public `MatchingRule`.
 */
import type { MatchingRule, Normalized } from '../types.js';
import { DN_RULES } from './dn-rules.js';
import {
  normalizedCompare,
  normalizedEqual,
  type RuleContext,
  type RuleFactory,
  type RuleImpl,
} from './rule.js';
import { STRING_RULES } from './string-rules.js';
import { VALUE_RULES } from './value-rules.js';
import { APPROX_RULES } from './approx.js';

export {
  SYN,
  SYNTAX_OIDS,
  normalizedCompare,
  normalizedEqual,
  type RuleContext,
  type RuleImpl,
} from './rule.js';
export {
  prepare,
  prepareText,
  prepareBytes,
  compareCodePoints,
  collapseSpaces,
  rfcSpaceForm,
  rfcSubstringSpaceForm,
} from './prep.js';
export { parseGeneralizedTime, parseInteger } from './value-rules.js';
export { approximateMatch, metaphone, APPROX_FOR_EQUALITY } from './approx.js';
export { splitPostalAddress, firstComponent } from './string-rules.js';

export const BUILTIN_RULES: readonly RuleFactory[] = [
  ...STRING_RULES,
  ...VALUE_RULES,
  ...DN_RULES,
  ...APPROX_RULES,
];

export interface RuleDefinitionInfo {
  /** The server's OID for the rule, when it differs from the implementation's. */
  oid?: string;
  names?: readonly string[];
  description?: string | undefined;
  obsolete?: boolean;
  syntax?: string;
  extensions?: ReadonlyMap<string, readonly string[]>;
}

/** Build the public rule from an implementation, overlaid with what a server's definition says. */
export function makeMatchingRule(impl: RuleImpl, def: RuleDefinitionInfo = {}): MatchingRule {
  const names = def.names && def.names.length > 0 ? def.names : impl.names;
  const equal = impl.equal ?? normalizedEqual;
  const compare = impl.kind === 'ordering' ? (impl.compare ?? normalizedCompare) : undefined;
  const normalizeAssertion = impl.normalizeAssertion ?? impl.normalize;
  const rule: MatchingRule = {
    oid: def.oid ?? impl.oid,
    names,
    name: names[0] ?? impl.oid,
    description: def.description,
    obsolete: def.obsolete ?? false,
    syntax: def.syntax ?? impl.syntax,
    kind: impl.kind,
    implemented: true,
    extensions: def.extensions ?? new Map(),
    normalize: impl.normalize,
    normalizeAssertion,
    needsDit: impl.needsDit ?? false,
    matches:
      impl.matches ??
      ((value: Uint8Array, assertion: Uint8Array): boolean | undefined => {
        if (impl.kind === 'substrings') return undefined;
        const a = impl.normalize(value);
        const b = normalizeAssertion(assertion);
        if (a === undefined || b === undefined) return undefined;
        return compare ? compare(a, b) < 0 : equal(a, b);
      }),
    ...(impl.kind === 'equality' ? { equal } : {}),
    ...(compare ? { compare, equal: (a: Normalized, b: Normalized) => compare(a, b) === 0 } : {}),
    ...(impl.matchSubstrings ? { matchSubstrings: impl.matchSubstrings } : {}),
  };
  return rule;
}

/** A rule a server declares but ldap3ts cannot evaluate: every use of it is Undefined. */
export function makeUnimplementedRule(
  oid: string,
  def: RuleDefinitionInfo,
  kind: MatchingRule['kind'] = 'equality',
): MatchingRule {
  const names = def.names ?? [];
  return {
    oid,
    names,
    name: names[0] ?? oid,
    description: def.description,
    obsolete: def.obsolete ?? false,
    syntax: def.syntax ?? '',
    kind,
    implemented: false,
    extensions: def.extensions ?? new Map(),
    normalize: () => undefined,
    normalizeAssertion: () => undefined,
    matches: () => undefined,
    needsDit: false,
  };
}

/** Instantiate every built-in rule for one schema. */
export function builtinRules(ctx: RuleContext): RuleImpl[] {
  return BUILTIN_RULES.map((f) => f(ctx));
}

/**
 * An ordering rule made of an equality rule's normalisation and a plain comparison of the
 * normalised values, for servers that order attributes without an ORDERING rule (389 DS
 * compares `uidNumber` values as strings: "10" < "9").
 */
export function orderingFromEquality(equality: MatchingRule): MatchingRule {
  const compare = normalizedCompare;
  return {
    ...equality,
    kind: 'ordering',
    compare,
    equal: (a: Normalized, b: Normalized) => compare(a, b) === 0,
    matches(value: Uint8Array, assertion: Uint8Array): boolean | undefined {
      const a = equality.normalize(value);
      const b = equality.normalizeAssertion(assertion);
      return a === undefined || b === undefined ? undefined : compare(a, b) < 0;
    },
  };
}
