/**
 * What the engine needs from a schema, in one place: resolving attribute descriptions (names,
 * OIDs, aliases, options, supertypes) and the matching rules that compare values. It adapts the
 * schema layer (src/schema) and supplies the schemaless behaviour of the `none` profile: every
 * attribute accepted, text compared case-insensitively with insignificant spaces collapsed,
 * binary compared exactly.
 */

/** A normalised value: text or bytes; `undefined` means "not a valid value for the rule". */
export type Normalized = string | Uint8Array;

/** A substrings assertion, values as bytes (RFC 4511 section 4.5.1.7.2). */
export interface SubstringsAssertion {
  readonly initial?: Uint8Array | undefined;
  readonly any: readonly Uint8Array[];
  readonly final?: Uint8Array | undefined;
}

/** The parts of a matching rule the engine calls (src/schema's MatchingRule has this shape). */
export interface RuleLike {
  readonly oid: string;
  readonly names: readonly string[];
  readonly kind?: 'equality' | 'ordering' | 'substrings';
  normalize(value: Uint8Array): Normalized | undefined;
  normalizeAssertion?(value: Uint8Array): Normalized | undefined;
  equal?(a: Normalized, b: Normalized): boolean;
  compare?(a: Normalized, b: Normalized): number;
  matchSubstrings?(value: Uint8Array, assertion: SubstringsAssertion): boolean | undefined;
  matches?(value: Uint8Array, assertion: Uint8Array): boolean | undefined;
  readonly needsDit?: boolean;
}

/** Resolved attribute type as the engine sees it. */
export interface AttrInfo {
  /** Map key: the lower-cased primary name (or OID when unnamed, or the text as written when unknown). */
  readonly key: string;
  /** Name used when returning the attribute (schema's primary name, else as first written). */
  readonly name: string;
  readonly oid: string | undefined;
  /** The schema defines it (always true in the schemaless profile). */
  readonly known: boolean;
  readonly singleValue: boolean;
  readonly noUserModification: boolean;
  /** USAGE other than userApplications (RFC 4512 section 2.5.1): returned only by name or `+`. */
  readonly operational: boolean;
  readonly syntax: string | undefined;
  readonly equality: RuleLike | undefined;
  readonly ordering: RuleLike | undefined;
  readonly substr: RuleLike | undefined;
  /** Approximate rule (`~=`), when the schema layer supplies one. */
  readonly approx?: RuleLike | undefined;
  /** Keys of this type and every transitive subtype (filters on `name` match cn, sn, ...). */
  readonly withSubtypes: readonly string[];
  /** Raw schema object, when there is one. */
  readonly raw?: unknown;
}

/** An object class as the engine's schema checks see it (RFC 4512 section 2.4). */
export interface ClassInfo {
  readonly key: string;
  readonly name: string;
  readonly oid: string;
  readonly kind: 'ABSTRACT' | 'STRUCTURAL' | 'AUXILIARY';
  /** Direct superclasses. */
  readonly sup: readonly ClassInfo[];
  /** MUST and MAY attribute keys, including those inherited from superclasses. */
  readonly must: readonly string[];
  readonly may: readonly string[];
}

/** A DIT content rule (RFC 4512 section 4.1.6) by keys: lower-cased class and type names. */
export interface ContentRuleInfo {
  readonly name: string;
  /** Auxiliary classes entries may list. */
  readonly aux: readonly string[];
  readonly must: readonly string[];
  readonly may: readonly string[];
  /** Types entries may not hold. */
  readonly not: readonly string[];
}

/** An attribute description split into type and options (RFC 4512 section 2.5). */
export interface Description {
  readonly info: AttrInfo;
  /** Options lower-cased and sorted (`lang-fr`, `binary`); order is insignificant. */
  readonly options: readonly string[];
  /** Storage key within an entry: type key plus options. */
  readonly storeKey: string;
}

/**
 * Do the options a description asks for cover an attribute's options? Each asked option must be
 * among them, except a language range (RFC 3866 section 3.3, slapd's feature
 * 1.3.6.1.4.1.4203.1.5.5): `lang-` covers every language tag, `lang-fr-` covers `lang-fr` and
 * `lang-fr-ca`.
 */
export function optionsCover(asked: readonly string[], held: readonly string[]): boolean {
  return asked.every((o) =>
    o.startsWith('lang-') && o.endsWith('-')
      ? held.some((h) => h.startsWith(o) || h === o.slice(0, -1))
      : held.includes(o),
  );
}

const enc = new TextEncoder();
const strictDec = new TextDecoder('utf-8', { fatal: true });

/** The schemaless default: case-insensitive, insignificant space collapsed; non-UTF-8 exact. */
export const CASE_IGNORE_FALLBACK: RuleLike = {
  oid: '2.5.13.2',
  names: ['caseIgnoreMatch'],
  normalize(value: Uint8Array): Normalized | undefined {
    let text: string;
    try {
      text = strictDec.decode(value);
    } catch {
      return value;
    }
    return text.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
  },
  compare(a, b) {
    return compareNormalized(a, b);
  },
  matchSubstrings(value, a) {
    const norm = (v: Uint8Array | undefined): string | undefined => {
      if (v === undefined) return undefined;
      const n = CASE_IGNORE_FALLBACK.normalize(v);
      return typeof n === 'string' ? n : undefined;
    };
    const v = norm(value);
    if (v === undefined) return undefined;
    return matchStringSubstrings(v, {
      initial: norm(a.initial),
      any: a.any.map((x) => norm(x) ?? ''),
      final: norm(a.final),
    });
  },
};

export function compareNormalized(a: Normalized, b: Normalized): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const x = typeof a === 'string' ? enc.encode(a) : a;
  const y = typeof b === 'string' ? enc.encode(b) : b;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return (x[i] as number) < (y[i] as number) ? -1 : 1;
  return x.length - y.length;
}

/** Anchored substring match on prepared strings (RFC 4511 section 4.5.1.7.2). */
export function matchStringSubstrings(
  value: string,
  a: { initial?: string | undefined; any: readonly string[]; final?: string | undefined },
): boolean {
  let pos = 0;
  let end = value.length;
  if (a.initial !== undefined) {
    if (!value.startsWith(a.initial)) return false;
    pos = a.initial.length;
  }
  if (a.final !== undefined) {
    if (value.length - a.final.length < pos || !value.endsWith(a.final)) return false;
    end = value.length - a.final.length;
  }
  for (const part of a.any) {
    const i = value.indexOf(part, pos);
    if (i < 0 || i + part.length > end) return false;
    pos = i + part.length;
  }
  return true;
}

/** Index/set key of a normalised value. */
export function normKey(n: Normalized): string {
  if (typeof n === 'string') return n;
  let s = '\u0000';
  for (const b of n) s += String.fromCharCode(b);
  return s;
}

/**
 * The structural view of src/schema the engine adapts. Kept as an interface so the engine
 * works with any schema object offering these methods.
 */
export interface SchemaSource {
  resolveType(nameOrOid: string): AttrInfo | undefined;
  objectClass(nameOrOid: string): ClassInfo | undefined;
  /** The DIT content rules governing entries of a structural class (none when absent). */
  contentRules?(structural: ClassInfo): readonly ContentRuleInfo[];
  /** Syntax check of a value (invalidAttributeSyntax when false). */
  validate(info: AttrInfo, value: Uint8Array): boolean;
  /** Does an extensible-match rule apply to the type (matchingRuleUse, RFC 4512 section 4.1.4)? */
  ruleApplies?(rule: RuleLike, info: AttrInfo): boolean;
  matchingRule(nameOrOid: string): RuleLike | undefined;
  /** Every known attribute type (for rule-only extensible match and the subschema entry). */
  allTypes(): Iterable<AttrInfo>;
}

export class SchemaView {
  private readonly cache = new Map<string, AttrInfo>();
  private readonly descCache = new Map<string, Description>();

  constructor(
    readonly source: SchemaSource | undefined,
    /** Schemaless: unknown attribute types are accepted and compared case-insensitively. */
    readonly schemaless: boolean,
    /** How entry DNs are written back: RFC 4514 escapes, or slapd's hex escapes (`\\2C`). */
    readonly dnStyle: 'rfc4514' | 'openldap' = 'rfc4514',
  ) {}

  /** Add a type the schema lacks (memberOf of slapd's memberof overlay, for instance). */
  define(info: AttrInfo, ...aliases: string[]): void {
    for (const n of [info.name, ...aliases]) this.cache.set(n.toLowerCase(), info);
  }

  /** Resolve a type name/OID; undefined when unknown and the profile has a schema. */
  type(nameOrOid: string): AttrInfo | undefined {
    const lower = nameOrOid.toLowerCase();
    const hit = this.cache.get(lower);
    if (hit !== undefined) return hit;
    let info = this.source?.resolveType(nameOrOid);
    if (info === undefined && (this.schemaless || this.source === undefined))
      info = schemalessType(nameOrOid);
    if (info !== undefined) this.cache.set(lower, info);
    return info;
  }

  /** Split and resolve `cn;lang-fr`; undefined when the type is unknown. */
  describe(desc: string): Description | undefined {
    const hit = this.descCache.get(desc);
    if (hit !== undefined) return hit;
    const parts = desc.split(';');
    const info = this.type(parts[0] ?? '');
    if (info === undefined) return undefined;
    // RFC 4512 section 2.5: option = 1*keychar; `cn;` names no attribute (slapd ignores it)
    if (parts.some((o, i) => i > 0 && o === '')) return undefined;
    const options = parts
      .slice(1)
      .map((o) => o.toLowerCase())
      .sort();
    const d: Description = {
      info,
      options,
      storeKey: options.length ? `${info.key};${options.join(';')}` : info.key,
    };
    if (this.descCache.size < 10000) this.descCache.set(desc, d);
    return d;
  }

  objectClass(nameOrOid: string): ClassInfo | undefined {
    return this.source?.objectClass(nameOrOid);
  }

  contentRules(structural: ClassInfo): readonly ContentRuleInfo[] {
    return this.source?.contentRules?.(structural) ?? [];
  }

  /** True when schema checks apply (a schema is loaded and the profile is not schemaless). */
  get checking(): boolean {
    return this.source !== undefined && !this.schemaless;
  }

  ruleApplies(rule: RuleLike, info: AttrInfo): boolean {
    return this.source?.ruleApplies ? this.source.ruleApplies(rule, info) : true;
  }

  validate(info: AttrInfo, value: Uint8Array): boolean {
    return this.source === undefined || !info.known ? true : this.source.validate(info, value);
  }

  matchingRule(nameOrOid: string): RuleLike | undefined {
    const r = this.source?.matchingRule(nameOrOid);
    if (r) return r;
    const l = nameOrOid.toLowerCase();
    if (l === '2.5.13.2' || l === 'caseignorematch') return CASE_IGNORE_FALLBACK;
    return undefined;
  }

  allTypes(): Iterable<AttrInfo> {
    return this.source?.allTypes() ?? [];
  }

  /** Equality rule of a type; the schemaless fallback when the schema gives none and we are schemaless. */
  equality(info: AttrInfo): RuleLike | undefined {
    return info.equality ?? (this.schemaless && !info.known ? CASE_IGNORE_FALLBACK : undefined);
  }
}

const OPERATIONAL_FALLBACK = new Set([
  'createtimestamp',
  'modifytimestamp',
  'creatorsname',
  'modifiersname',
  'entryuuid',
  'entrydn',
  'structuralobjectclass',
  'subschemasubentry',
  'hassubordinates',
  'numsubordinates',
  'memberof',
  'entrycsn',
  'contextcsn',
  'pwdchangedtime',
]);

function schemalessType(written: string): AttrInfo {
  const key = written.toLowerCase();
  const octet =
    key === 'userpassword' || key.endsWith(';binary') || key === 'jpegphoto' || key === 'objectguid';
  return {
    key,
    name: written,
    oid: /^\d+(\.\d+)*$/.test(written) ? written : undefined,
    known: true,
    singleValue: false,
    noUserModification: false,
    operational: OPERATIONAL_FALLBACK.has(key),
    syntax: undefined,
    equality: octet ? OCTET_EXACT : CASE_IGNORE_FALLBACK,
    ordering: octet ? OCTET_EXACT : CASE_IGNORE_FALLBACK,
    substr: octet ? undefined : CASE_IGNORE_FALLBACK,
    withSubtypes: [key],
  };
}

/** octetStringMatch (RFC 4517 section 4.2.27). */
export const OCTET_EXACT: RuleLike = {
  oid: '2.5.13.17',
  names: ['octetStringMatch'],
  normalize: (v) => v,
  compare: compareNormalized,
};
