/**
 * The schema (RFC 4512 section 4): look-up of attribute types, object classes, matching rules
 * and syntaxes by any name or OID, case-insensitively; supertype sets for filters; attribute
 * descriptions; DN normalisation; the subschema subentry; and the object class rules the engine
 * checks. Construction from definitions is in `registry.ts`.
 */
import { berStringValue, normalizeDn as dnNormalize, type DnNormalizer } from '../dn/index.js';
import { toHex, utf8 } from '../util/index.js';
import { parseDefinition, type DefinitionKind, type ParsedDefinition } from './definitions.js';
import { makeMatchingRule, SYN } from './matching-rules/index.js';
import { SCHEMALESS_RULES } from './matching-rules/schemaless.js';
import { BINARY_SYNTAXES } from './syntaxes.js';
import type {
  AttributeType,
  DitContentRule,
  DitStructureRule,
  MatchingRule,
  MatchingRuleUse,
  NameForm,
  ObjectClass,
  ResolvedDescription,
  Syntax,
} from './types.js';
import { ClassRules } from './class-rules.js';
import { DEFINITION_KINDS, key, Registry } from './registry.js';

export type SchemaDefinitions = { [K in DefinitionKind]?: readonly string[] };

export interface SchemaOptions {
  /** Accept real servers' deviations and skip dangling references. @defaultValue false */
  lenient?: boolean;
  /**
   * Give attribute types without EQUALITY/ORDERING/SUBSTR the rules of their syntax, as Active
   * Directory does (its subschema names no rules). @defaultValue false
   */
  rulesFromSyntax?: boolean;
  /**
   * Apply the DIT content rules of the structural class's superclasses too, as Active Directory
   * does with system auxiliary classes (a computer is a user, so sAMAccountName is allowed).
   * @defaultValue false
   */
  inheritContentRules?: boolean;
  /** Accept any attribute description: unknown types compare text case-insensitively, binary exactly. */
  schemaless?: boolean;
  /**
   * Values of a user attribute whose syntax the schema's ldapSyntaxes do not declare are
   * invalid, as slapd refuses them (searchGuide, teletexTerminalIdentifier, photo, ...: slapd
   * implements no Guide, Teletex or G3 Fax syntax). @defaultValue false
   */
  declaredSyntaxesOnly?: boolean;
  /**
   * RFC 4518 Unicode preparation (map, NFKC, prohibit) in the string rules; false leaves case
   * folding and space handling only, as 389 DS does. @defaultValue true
   */
  unicodeNormalization?: boolean;
  /**
   * Give types without an ORDERING rule one made from their equality rule (plain comparison of
   * normalised values), as 389 DS orders them. @defaultValue false
   */
  orderingFromEquality?: boolean;
  /**
   * Whether `subtypes()` includes the subtypes (RFC 4512 section 2.5.1: a filter on `name`
   * matches cn and sn). 389 DS does not. @defaultValue true
   */
  filterSupertypes?: boolean;
  /**
   * Definitions the server knows but does not publish in its subschema subentry (slapd hides
   * subtreeSpecification and the RFC 4512 rule attributes): usable, absent from `toSubschemaEntry`.
   */
  hidden?: SchemaDefinitions;
}

const SCHEMALESS = SCHEMALESS_RULES.map((r) => makeMatchingRule(r));
/** Thrown inside the DN normaliser's callbacks to reject a DN (no stack trace to build). */
const INVALID_DN = Symbol('invalid DN');
const DN_MEMO_SIZE = 8192;

export class Schema {
  readonly options: Readonly<SchemaOptions>;
  private readonly reg: Registry;
  private readonly texts = new Map<DefinitionKind, string[]>();
  private readonly synthesized = new Map<string, AttributeType>();
  private readonly appliesCache = new Map<MatchingRule, AttributeType[]>();
  private readonly dnMemo = new Map<string, string | null>();
  private readonly avaMemo = new Map<string, string | null>();
  /** Object class rules: closures, MUST/MAY, structural chain, content rules. */
  readonly classRules: ClassRules;

  private constructor(options: SchemaOptions) {
    this.options = options;
    this.reg = new Registry(options, (dn) => this.normalizeDn(dn));
    this.classRules = new ClassRules(this, options.inheritContentRules ?? false);
  }

  /** Build a schema from RFC 4512 definition strings, by attribute of the subschema subentry. */
  static fromDefinitions(defs: SchemaDefinitions, options: SchemaOptions = {}): Schema {
    const schema = new Schema(options);
    const parsed = new Map<DefinitionKind, ParsedDefinition[]>();
    for (const kind of DEFINITION_KINDS) {
      const list: ParsedDefinition[] = [];
      for (const text of [...(defs[kind] ?? []), ...(options.hidden?.[kind] ?? [])]) {
        list.push(parseDefinition(kind, text, { lenient: options.lenient ?? false }));
      }
      parsed.set(kind, list);
      schema.texts.set(kind, [...(defs[kind] ?? [])]);
    }
    schema.reg.build(parsed);
    return schema;
  }

  /** Matching rules named by attribute types but not defined (nor built in). */
  get danglingRules(): readonly string[] {
    return this.reg.danglingRules;
  }

  /** References a lenient build skipped (`kind oid: what`), for diagnostics. */
  get dangling(): readonly string[] {
    return this.reg.dangling;
  }

  /**
   * A new schema with these definitions added to this one's (same options): custom attribute
   * types and classes for a mock directory on top of a server profile. A definition whose OID
   * this schema already has replaces it.
   */
  extend(defs: SchemaDefinitions): Schema {
    const merged: SchemaDefinitions = {};
    for (const kind of DEFINITION_KINDS) {
      const extra = defs[kind] ?? [];
      const replaced = new Set(extra.map((text) => parseDefinition(kind, text, { lenient: true }).oid));
      const kept = (this.texts.get(kind) ?? []).filter(
        (text) => !replaced.has(parseDefinition(kind, text, { lenient: true }).oid),
      );
      if (kept.length + extra.length > 0) merged[kind] = [...kept, ...extra];
    }
    return Schema.fromDefinitions(merged, this.options);
  }

  /** A schema that knows no definitions and accepts every attribute (the `none` profile). */
  static schemaless(): Schema {
    return Schema.fromDefinitions({}, { schemaless: true });
  }

  // ---- look-ups -------------------------------------------------------------------------

  /** Attribute type by name, alias or OID, case-insensitive (options are not accepted here). */
  attributeType(nameOrOid: string): AttributeType | undefined {
    const t = this.reg.types.get(key(nameOrOid));
    if (t || !this.options.schemaless) return t;
    return this.synthesize(nameOrOid);
  }

  objectClass(nameOrOid: string): ObjectClass | undefined {
    return this.reg.classes.get(key(nameOrOid));
  }

  matchingRule(nameOrOid: string): MatchingRule | undefined {
    return this.reg.rules.get(key(nameOrOid));
  }

  syntax(oid: string): Syntax | undefined {
    return this.reg.syntaxMap.get(oid);
  }

  matchingRuleUse(nameOrOid: string): MatchingRuleUse | undefined {
    return this.reg.ruleUses.get(key(nameOrOid));
  }

  /** The DIT content rule governing a structural object class (RFC 4512 section 4.1.6). */
  contentRule(structural: ObjectClass): DitContentRule | undefined {
    return this.reg.contentRules.get(structural.oid);
  }

  nameForm(nameOrOid: string): NameForm | undefined {
    return this.reg.forms.get(key(nameOrOid));
  }

  structureRule(ruleId: string): DitStructureRule | undefined {
    return this.reg.structureRules.get(ruleId);
  }

  /** Every distinct attribute type, in definition order. */
  allAttributeTypes(): AttributeType[] {
    return [...new Set(this.reg.types.values())];
  }

  allObjectClasses(): ObjectClass[] {
    return [...new Set(this.reg.classes.values())];
  }

  allMatchingRules(): MatchingRule[] {
    return [...new Set(this.reg.rules.values())];
  }

  /** Resolve an attribute description `type *( ";" option )` (RFC 4512 section 2.5). */
  resolveDescription(desc: string): ResolvedDescription {
    const parts = desc.split(';');
    const written = parts[0] ?? '';
    const options = parts.slice(1).filter((o) => o.length > 0);
    const type = this.attributeType(written);
    return { type, name: type ? type.name : written, options };
  }

  /** The type itself and all its transitive subtypes (RFC 4512 section 2.5.1: `name` covers cn, sn, ...). */
  subtypes(type: AttributeType): AttributeType[] {
    const out: AttributeType[] = [type];
    if (this.options.filterSupertypes === false) return out;
    for (let i = 0; i < out.length; i++) {
      for (const c of this.reg.children.get(out[i]!) ?? []) if (!out.includes(c)) out.push(c);
    }
    return out;
  }

  /** True when `type` is `ancestor` or one of its transitive subtypes. */
  isSubtypeOf(type: AttributeType, ancestor: AttributeType): boolean {
    for (let t: AttributeType | undefined = type; t; t = t.sup) if (t === ancestor) return true;
    return false;
  }

  /**
   * The attribute types an extensible match with this rule and no attribute applies to
   * (RFC 4511 section 4.5.1.7.7): the rule's matchingRuleUse when the schema has one (RFC 4512
   * section 4.1.4), else every type using the rule or whose syntax is the rule's assertion
   * syntax (AD's Integer8 counts as Integer for the bitwise rules).
   */
  appliesTo(rule: MatchingRule): AttributeType[] {
    const cached = this.appliesCache.get(rule);
    if (cached) return cached;
    const use = this.reg.ruleUses.get(key(rule.oid));
    let out: AttributeType[];
    if (use) {
      out = [...new Set(use.applies.flatMap((t) => this.subtypes(t)))];
    } else {
      const syntaxes = rule.syntax === SYN + '27' ? [rule.syntax, '1.2.840.113556.1.4.906'] : [rule.syntax];
      out = this.allAttributeTypes().filter(
        (t) => t.equality === rule || t.ordering === rule || t.substr === rule || syntaxes.includes(t.syntax),
      );
    }
    this.appliesCache.set(rule, out);
    return out;
  }

  /** Check one value against the attribute's syntax (invalidAttributeSyntax when false). */
  validateValue(type: AttributeType, value: Uint8Array): boolean {
    if (type.syntaxLength !== undefined && type.syntaxLength > 0 && value.length > type.syntaxLength * 4) {
      return false;
    }
    if (this.options.declaredSyntaxesOnly && !type.operational && !this.reg.declaredSyntaxes.has(type.syntax))
      return false;
    const syn = this.reg.syntaxMap.get(type.syntax);
    return syn ? syn.validate(value) : true;
  }

  /** True when values of the type are bytes rather than text. */
  isBinary(type: AttributeType): boolean {
    if (BINARY_SYNTAXES.has(type.syntax)) return true;
    const syn = this.reg.syntaxMap.get(type.syntax);
    return syn !== undefined && !syn.humanReadable;
  }

  /**
   * Normalise a DN by this schema's equality rules (RFC 4517 section 4.2.15). Undefined when it
   * does not parse, names an attribute type the schema does not know, or holds a value its
   * type's equality rule rejects: slapd refuses such DNs as invalid syntax.
   */
  normalizeDn(dn: string): string | undefined {
    // the same DNs come back again and again (parents, bases): a bounded memo
    const hit = this.dnMemo.get(dn);
    if (hit !== undefined) return hit === null ? undefined : hit;
    const n = this.normalizeDnUncached(dn);
    if (this.dnMemo.size >= DN_MEMO_SIZE) this.dnMemo.clear();
    this.dnMemo.set(dn, n ?? null);
    return n;
  }

  /** The DN module's hooks, made once (closures per call cost more than the work). */
  private readonly dnNormalizer: DnNormalizer = {
    type: (t) => {
      const at = this.attributeType(t);
      if (!at) throw INVALID_DN;
      return key(at.name);
    },
    value: (t, value, ava) => {
      if (ava.binary) return this.normalizeBinaryAva(t, ava.binary);
      const memoKey = t + '\u0000' + value;
      const hit = this.avaMemo.get(memoKey);
      if (hit !== undefined) return hit === null ? undefined : hit;
      const n = this.normalizeAvaValue(t, utf8(value));
      if (this.avaMemo.size >= DN_MEMO_SIZE) this.avaMemo.clear();
      this.avaMemo.set(memoKey, n ?? null);
      return n;
    },
  };

  private normalizeDnUncached(dn: string): string | undefined {
    try {
      return dnNormalize(dn, this.dnNormalizer);
    } catch {
      return undefined;
    }
  }

  /** An AVA value by its type's equality rule; undefined keeps the DN module's default. */
  private normalizeAvaValue(type: string, raw: Uint8Array): string | undefined {
    const at = this.attributeType(type);
    // the value must be one of its type (`cn=` holds no Directory String): slapd's DN syntax
    // check refuses it with invalidAttributeSyntax
    if (at && !this.validateValue(at, raw)) throw INVALID_DN;
    const rule = at?.equality;
    if (!rule?.implemented || rule.oid === '2.5.13.1') return undefined;
    const n = rule.normalize(raw);
    if (n === undefined) throw INVALID_DN;
    return typeof n === 'string' ? n : '#' + toHex(n);
  }

  /** `#hex` holds the BER encoding: compare the string inside when it is one. */
  private normalizeBinaryAva(type: string, binary: Uint8Array): string | undefined {
    const text = berStringValue(binary);
    if (text === undefined) return '#' + toHex(binary);
    return this.normalizeAvaValue(type, utf8(text));
  }

  /** The subschema subentry attributes (RFC 4512 section 4.2), definitions as this schema was given them. */
  toSubschemaEntry(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const kind of DEFINITION_KINDS) {
      const list = this.texts.get(kind) ?? [];
      if (list.length > 0) out.set(kind, [...list]);
    }
    return out;
  }

  private synthesize(name: string): AttributeType | undefined {
    // a descriptor or numeric OID, without options (as for known types)
    const written = name;
    if (!/^([A-Za-z][A-Za-z0-9-]*|[0-9]+(\.[0-9]+)*)$/.test(written)) return undefined;
    const k = key(written);
    let t = this.synthesized.get(k);
    if (!t) {
      t = {
        oid: written,
        names: [written],
        name: written,
        obsolete: false,
        equality: SCHEMALESS[0],
        approx: SCHEMALESS[0],
        ordering: SCHEMALESS[1],
        substr: SCHEMALESS[2],
        syntax: SYN + '15',
        singleValue: false,
        collective: false,
        noUserModification: false,
        usage: 'userApplications',
        extensions: new Map(),
        operational: false,
        definition: '',
      };
      this.synthesized.set(k, t);
    }
    return t;
  }
}
