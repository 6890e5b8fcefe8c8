/**
 * The schema model (RFC 4512 section 4.1): resolved attribute types, object classes, matching
 * rules and syntaxes, as the directory engine and the client use them. Definitions as parsed
 * (names only, nothing resolved) are in `definitions.ts`.
 */

/** X- extensions of a definition, in order (RFC 4512 section 4.1, `extensions`). */
export type Extensions = ReadonlyMap<string, readonly string[]>;

export type AttributeUsage =
  'userApplications' | 'directoryOperation' | 'distributedOperation' | 'dSAOperation';

export type ObjectClassKind = 'ABSTRACT' | 'STRUCTURAL' | 'AUXILIARY';

export type MatchingRuleKind = 'equality' | 'ordering' | 'substrings';

/** A substrings assertion (RFC 4511 section 4.5.1.7.2), values as bytes. */
export interface SubstringsAssertion {
  readonly initial?: Uint8Array | undefined;
  readonly any: readonly Uint8Array[];
  readonly final?: Uint8Array | undefined;
}

/** A normalised value: a string for text-like syntaxes, bytes for octet-exact ones. */
export type Normalized = string | Uint8Array;

/**
 * A matching rule with its implementation (RFC 4517 section 4). `normalize` returning
 * undefined means the value is not valid for the rule: a filter item over it is Undefined
 * (RFC 4511 section 4.5.1.7).
 */
export interface MatchingRule {
  readonly oid: string;
  readonly names: readonly string[];
  /** First name, or the OID when the rule has no name. */
  readonly name: string;
  readonly description?: string | undefined;
  readonly obsolete: boolean;
  /** OID of the assertion syntax. */
  readonly syntax: string;
  readonly kind: MatchingRuleKind;
  /** False when the server named the rule but ldap3ts has no implementation of it. */
  readonly implemented: boolean;
  readonly extensions: Extensions;
  /** Normalise an attribute value. */
  normalize(value: Uint8Array): Normalized | undefined;
  /** Normalise an assertion value (differs from `normalize` for the first-component rules). */
  normalizeAssertion(value: Uint8Array): Normalized | undefined;
  /** Equality of two normalised values (an attribute value's and an assertion's). */
  equal?(a: Normalized, b: Normalized): boolean;
  /** Order of two normalised values: negative when a < b. */
  compare?(a: Normalized, b: Normalized): number;
  /** Substrings match of a raw attribute value; undefined when the value is invalid. */
  matchSubstrings?(value: Uint8Array, assertion: SubstringsAssertion): boolean | undefined;
  /**
   * Extensible match (RFC 4511 section 4.5.1.7.7) of one raw attribute value against a raw
   * assertion value: equality rules test equality, ordering rules `value < assertion`, the
   * AD bitwise rules their bit test. Undefined when either side is invalid, or when the rule
   * needs the DIT (`needsDit`: LDAP_MATCHING_RULE_IN_CHAIN, which the engine evaluates).
   */
  matches(value: Uint8Array, assertion: Uint8Array): boolean | undefined;
  /** True for rules the engine must evaluate itself with the directory (1.2.840.113556.1.4.1941). */
  readonly needsDit: boolean;
}

/** An LDAP syntax (RFC 4517 section 3) with its validator. */
export interface Syntax {
  readonly oid: string;
  readonly description?: string | undefined;
  /** False for binary syntaxes (`X-NOT-HUMAN-READABLE 'TRUE'`, RFC 4517 section 3.1 notes). */
  readonly humanReadable: boolean;
  readonly extensions: Extensions;
  /** True when `value` is a valid encoding of the syntax (invalidAttributeSyntax otherwise). */
  validate(value: Uint8Array): boolean;
}

export interface AttributeType {
  readonly oid: string;
  readonly names: readonly string[];
  /** First name, or the OID when the type has no name. */
  readonly name: string;
  readonly description?: string | undefined;
  readonly obsolete: boolean;
  /** Direct supertype. */
  readonly sup?: AttributeType | undefined;
  /** Matching rules, inherited through SUP when not given (RFC 4512 section 4.1.2). */
  readonly equality?: MatchingRule | undefined;
  readonly ordering?: MatchingRule | undefined;
  readonly substr?: MatchingRule | undefined;
  /**
   * The rule `~=` uses: slapd's phonetic rule for caseIgnore/caseExact (IA5) types, else the
   * equality rule (RFC 4511 section 4.5.1.7.6). Evaluate with `matches(value, assertion)`.
   */
  readonly approx?: MatchingRule | undefined;
  /** Syntax OID, inherited through SUP. */
  readonly syntax: string;
  /** Upper bound from `SYNTAX oid{64}`, when given. */
  readonly syntaxLength?: number | undefined;
  readonly singleValue: boolean;
  readonly collective: boolean;
  readonly noUserModification: boolean;
  readonly usage: AttributeUsage;
  readonly extensions: Extensions;
  /** True for operational attributes (usage other than userApplications). */
  readonly operational: boolean;
  /** The definition text this type was built from ('' for synthesised types). */
  readonly definition: string;
}

export interface ObjectClass {
  readonly oid: string;
  readonly names: readonly string[];
  readonly name: string;
  readonly description?: string | undefined;
  readonly obsolete: boolean;
  readonly sup: readonly ObjectClass[];
  readonly kind: ObjectClassKind;
  /** Directly declared MUST/MAY (see `Schema.classAttributes` for the inherited sets). */
  readonly must: readonly AttributeType[];
  readonly may: readonly AttributeType[];
  readonly extensions: Extensions;
  readonly definition: string;
}

export interface MatchingRuleUse {
  readonly oid: string;
  readonly names: readonly string[];
  readonly applies: readonly AttributeType[];
  readonly definition: string;
}

export interface DitContentRule {
  /** OID of the structural object class the rule governs. */
  readonly oid: string;
  readonly names: readonly string[];
  readonly obsolete: boolean;
  readonly aux: readonly ObjectClass[];
  readonly must: readonly AttributeType[];
  readonly may: readonly AttributeType[];
  readonly not: readonly AttributeType[];
  readonly definition: string;
}

export interface NameForm {
  readonly oid: string;
  readonly names: readonly string[];
  readonly obsolete: boolean;
  readonly oc: ObjectClass;
  readonly must: readonly AttributeType[];
  readonly may: readonly AttributeType[];
  readonly definition: string;
}

export interface DitStructureRule {
  readonly ruleId: number;
  readonly names: readonly string[];
  readonly obsolete: boolean;
  readonly form: string;
  readonly sup: readonly number[];
  readonly definition: string;
}

/** An attribute description resolved against the schema (RFC 4512 section 2.5). */
export interface ResolvedDescription {
  /** The attribute type, when the schema knows it. */
  readonly type?: AttributeType | undefined;
  /** The type's canonical name when known, else the name as written. */
  readonly name: string;
  /** Options as written (`lang-fr`, `binary`, `range=0-*`), in order. */
  readonly options: readonly string[];
}
