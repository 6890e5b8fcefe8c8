/**
 * The schema registry (RFC 4512 section 4): definitions resolved into linked objects, with
 * case-insensitive look-up by any name or OID, SUP inheritance of matching rules and syntax
 * (section 4.1.2), supertype sets for filters, and the object class rules the engine checks.
 */
import { SchemaError } from '../errors.js';
import { berStringValue, normalizeDn as dnNormalize } from '../dn/index.js';
import { toHex, utf8 } from '../util/index.js';
import {
  parseDefinition,
  type DefinitionKind,
  type ParsedAttributeType,
  type ParsedContentRule,
  type ParsedDefinition,
  type ParsedNameForm,
  type ParsedObjectClass,
  type ParsedStructureRule,
} from './definitions.js';
import {
  APPROX_FOR_EQUALITY,
  builtinRules,
  makeMatchingRule,
  makeUnimplementedRule,
  SYN,
  type RuleContext,
  type RuleImpl,
} from './matching-rules/index.js';
import { SCHEMALESS_RULES } from './matching-rules/schemaless.js';
import { BINARY_SYNTAXES, SYNTAX_DESCRIPTIONS, VALIDATORS } from './syntaxes.js';
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
   * Definitions the server knows but does not publish in its subschema subentry (slapd hides
   * subtreeSpecification and the RFC 4512 rule attributes): usable, absent from `toSubschemaEntry`.
   */
  hidden?: SchemaDefinitions;
}

const DEFINITION_KINDS: readonly DefinitionKind[] = [
  'ldapSyntaxes',
  'matchingRules',
  'attributeTypes',
  'objectClasses',
  'matchingRuleUse',
  'dITContentRules',
  'nameForms',
  'dITStructureRules',
];

// Rules Active Directory applies by syntax (MS-ADTS 3.1.1.3.1.3).
const RULES_BY_SYNTAX: ReadonlyMap<string, readonly [string?, string?, string?]> = new Map([
  [SYN + '15', ['2.5.13.2', '2.5.13.3', '2.5.13.4']],
  [SYN + '44', ['2.5.13.2', '2.5.13.3', '2.5.13.4']],
  [SYN + '26', ['1.3.6.1.4.1.1466.109.114.2', '2.5.13.3', '1.3.6.1.4.1.1466.109.114.3']],
  [SYN + '36', ['2.5.13.8', '2.5.13.9', '2.5.13.10']],
  [SYN + '27', ['2.5.13.14', '2.5.13.15']],
  ['1.2.840.113556.1.4.906', ['2.5.13.14', '2.5.13.15']],
  [SYN + '7', ['2.5.13.13']],
  [SYN + '12', ['2.5.13.1']],
  [SYN + '24', ['2.5.13.27', '2.5.13.28']],
  [SYN + '53', ['2.5.13.27', '2.5.13.28']],
  [SYN + '40', ['2.5.13.17', '2.5.13.18']],
  [SYN + '38', ['2.5.13.0']],
  [SYN + '50', ['2.5.13.20', undefined, '2.5.13.21']],
  ['1.2.840.113556.1.4.905', ['2.5.13.5', '2.5.13.6', '2.5.13.7']],
]);

const SCHEMALESS = SCHEMALESS_RULES.map((r) => makeMatchingRule(r));

const key = (s: string): string => s.toLowerCase();

export class Schema {
  readonly options: Readonly<SchemaOptions>;
  private readonly types = new Map<string, AttributeType>();
  private readonly classes = new Map<string, ObjectClass>();
  private readonly rules = new Map<string, MatchingRule>();
  private readonly syntaxMap = new Map<string, Syntax>();
  private readonly ruleUses = new Map<string, MatchingRuleUse>();
  private readonly contentRules = new Map<string, DitContentRule>();
  private readonly forms = new Map<string, NameForm>();
  private readonly structureRules = new Map<string, DitStructureRule>();
  private readonly children = new Map<AttributeType, AttributeType[]>();
  private readonly texts = new Map<DefinitionKind, string[]>();
  private readonly synthesized = new Map<string, AttributeType>();
  private readonly appliesCache = new Map<MatchingRule, AttributeType[]>();
  /** Matching rules named by attribute types but not defined (nor built in). */
  readonly danglingRules: string[] = [];
  /** References a lenient build skipped (`kind oid: what`), for diagnostics. */
  readonly dangling: string[] = [];
  /** Object class rules: closures, MUST/MAY, structural chain, content rules. */
  readonly classRules: ClassRules;

  private constructor(options: SchemaOptions) {
    this.options = options;
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
    schema.build(parsed);
    return schema;
  }

  /** A schema that knows no definitions and accepts every attribute (the `none` profile). */
  static schemaless(): Schema {
    return Schema.fromDefinitions({}, { schemaless: true });
  }

  // ---- look-ups -------------------------------------------------------------------------

  /** Attribute type by name, alias or OID, case-insensitive (options are not accepted here). */
  attributeType(nameOrOid: string): AttributeType | undefined {
    const t = this.types.get(key(nameOrOid));
    if (t || !this.options.schemaless) return t;
    return this.synthesize(nameOrOid);
  }

  objectClass(nameOrOid: string): ObjectClass | undefined {
    return this.classes.get(key(nameOrOid));
  }

  matchingRule(nameOrOid: string): MatchingRule | undefined {
    return this.rules.get(key(nameOrOid));
  }

  syntax(oid: string): Syntax | undefined {
    return this.syntaxMap.get(oid);
  }

  matchingRuleUse(nameOrOid: string): MatchingRuleUse | undefined {
    return this.ruleUses.get(key(nameOrOid));
  }

  /** The DIT content rule governing a structural object class (RFC 4512 section 4.1.6). */
  contentRule(structural: ObjectClass): DitContentRule | undefined {
    return this.contentRules.get(structural.oid);
  }

  nameForm(nameOrOid: string): NameForm | undefined {
    return this.forms.get(key(nameOrOid));
  }

  structureRule(ruleId: string): DitStructureRule | undefined {
    return this.structureRules.get(ruleId);
  }

  /** Every distinct attribute type, in definition order. */
  allAttributeTypes(): AttributeType[] {
    return [...new Set(this.types.values())];
  }

  allObjectClasses(): ObjectClass[] {
    return [...new Set(this.classes.values())];
  }

  allMatchingRules(): MatchingRule[] {
    return [...new Set(this.rules.values())];
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
    for (let i = 0; i < out.length; i++) {
      for (const c of this.children.get(out[i]!) ?? []) if (!out.includes(c)) out.push(c);
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
    const use = this.ruleUses.get(key(rule.oid));
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
    const syn = this.syntaxMap.get(type.syntax);
    return syn ? syn.validate(value) : true;
  }

  /** True when values of the type are bytes rather than text. */
  isBinary(type: AttributeType): boolean {
    if (BINARY_SYNTAXES.has(type.syntax)) return true;
    const syn = this.syntaxMap.get(type.syntax);
    return syn !== undefined && !syn.humanReadable;
  }

  /**
   * Normalise a DN by this schema's equality rules (RFC 4517 section 4.2.15). Undefined when it
   * does not parse, names an attribute type the schema does not know, or holds a value its
   * type's equality rule rejects: slapd refuses such DNs as invalid syntax.
   */
  normalizeDn(dn: string): string | undefined {
    const invalid = new Error('invalid DN');
    try {
      return dnNormalize(dn, {
        type: (t) => {
          const at = this.attributeType(t);
          if (!at) throw invalid;
          return key(at.name);
        },
        value: (t, value, ava) => {
          const rule = this.attributeType(t)?.equality;
          if (!rule?.implemented || rule.oid === '2.5.13.1') return undefined;
          let raw = utf8(value);
          if (ava.binary) {
            // `#hex` holds the BER encoding: compare the string inside when it is one
            const text = berStringValue(ava.binary);
            if (text === undefined) return '#' + toHex(ava.binary);
            raw = utf8(text);
          }
          const n = rule.normalize(raw);
          if (n === undefined) throw invalid;
          return typeof n === 'string' ? n : '#' + toHex(n);
        },
      });
    } catch {
      return undefined;
    }
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

  // ---- construction ---------------------------------------------------------------------

  private build(parsed: Map<DefinitionKind, ParsedDefinition[]>): void {
    const lenient = this.options.lenient ?? false;
    const ctx: RuleContext = {
      resolveOid: (name) =>
        this.types.get(key(name))?.oid ??
        this.classes.get(key(name))?.oid ??
        this.rules.get(key(name))?.oid ??
        this.forms.get(key(name))?.oid,
      normalizeDn: (dn) => this.normalizeDn(dn),
    };
    // syntaxes: the known validators first, then what the server declares
    for (const [oid, desc] of SYNTAX_DESCRIPTIONS) this.addSyntax(oid, desc, new Map());
    for (const d of parsed.get('ldapSyntaxes') ?? []) this.addSyntax(d.oid, d.description, d.extensions);

    const impls = new Map<string, RuleImpl>();
    for (const impl of builtinRules(ctx)) {
      impls.set(impl.oid, impl);
      this.register(this.rules, impl.oid, impl.names, makeMatchingRule(impl));
    }
    for (const d of parsed.get('matchingRules') ?? []) {
      if (d.kind !== 'matchingRules') continue;
      const impl = impls.get(d.oid);
      const info = {
        names: d.names,
        description: d.description,
        obsolete: d.obsolete,
        syntax: d.syntax,
        extensions: d.extensions,
      };
      const rule = impl
        ? makeMatchingRule(impl, info)
        : makeUnimplementedRule(d.oid, info, guessKind(d.names));
      this.register(this.rules, d.oid, [...d.names, ...(impl?.names ?? [])], rule);
    }

    const atDefs = new Map<string, ParsedAttributeType>();
    for (const d of parsed.get('attributeTypes') ?? []) {
      if (d.kind !== 'attributeTypes') continue;
      for (const n of [d.oid, ...d.names]) atDefs.set(key(n), d);
    }
    const building = new Set<ParsedAttributeType>();
    const built = new Map<ParsedAttributeType, AttributeType>();
    const buildType = (d: ParsedAttributeType): AttributeType | undefined => {
      const done = built.get(d);
      if (done) return done;
      if (building.has(d))
        throw new SchemaError(
          `attributeTypes definition: SUP cycle through ${d.oid} in ${JSON.stringify(d.text)}`,
        );
      building.add(d);
      let sup: AttributeType | undefined;
      if (d.sup !== undefined) {
        const sd = atDefs.get(key(d.sup));
        sup = sd ? buildType(sd) : undefined;
        if (!sup) {
          if (!lenient)
            throw new SchemaError(
              `attributeTypes definition: unknown SUP ${d.sup} in ${JSON.stringify(d.text)}`,
            );
          if (!d.syntax) return undefined;
        }
      }
      const syntax = d.syntax ?? sup!.syntax;
      const fromSyntax = this.options.rulesFromSyntax ? RULES_BY_SYNTAX.get(syntax) : undefined;
      const rule = (
        name: string | undefined,
        inherited: MatchingRule | undefined,
        dflt: string | undefined,
      ) => {
        if (name === undefined) return inherited ?? (dflt ? this.rules.get(dflt) : undefined);
        // servers name rules they do not list (slapd's CSNMatch): an unimplemented placeholder
        let r = this.rules.get(key(name));
        if (!r) {
          r = makeUnimplementedRule(name, { names: /^[0-9.]+$/.test(name) ? [] : [name] }, guessKind([name]));
          this.rules.set(key(name), r);
          this.danglingRules.push(name);
        }
        return r;
      };
      const equality = rule(d.equality, sup?.equality, fromSyntax?.[0]);
      const approxOid = equality ? APPROX_FOR_EQUALITY.get(equality.oid) : undefined;
      const t: AttributeType = {
        oid: d.oid,
        names: d.names,
        name: d.names[0] ?? d.oid,
        description: d.description,
        obsolete: d.obsolete,
        sup,
        equality,
        approx: (approxOid ? this.rules.get(approxOid) : undefined) ?? equality,
        ordering: rule(d.ordering, sup?.ordering, fromSyntax?.[1]),
        substr: rule(d.substr, sup?.substr, fromSyntax?.[2]),
        syntax,
        syntaxLength: d.syntaxLength ?? (d.syntax === undefined ? sup?.syntaxLength : undefined),
        singleValue: d.singleValue,
        collective: d.collective,
        noUserModification: d.noUserModification,
        usage: d.usage,
        extensions: d.extensions,
        operational: d.usage !== 'userApplications',
        definition: d.text,
      };
      built.set(d, t);
      building.delete(d);
      this.register(this.types, d.oid, d.names, t);
      if (sup) this.children.set(sup, [...(this.children.get(sup) ?? []), t]);
      return t;
    };
    for (const d of parsed.get('attributeTypes') ?? []) if (d.kind === 'attributeTypes') buildType(d);

    const attrs = (names: readonly string[], where: ParsedDefinition): AttributeType[] => {
      const out: AttributeType[] = [];
      for (const n of names) {
        const t = this.attributeType(n);
        if (t) out.push(t);
        else if (!lenient)
          throw new SchemaError(
            `${where.kind} definition: unknown attribute type ${n} in ${JSON.stringify(where.text)}`,
          );
        else this.dangling.push(`${where.kind} ${where.oid}: attribute type ${n}`);
      }
      return out;
    };

    const ocDefs = new Map<string, ParsedObjectClass>();
    for (const d of parsed.get('objectClasses') ?? []) {
      if (d.kind !== 'objectClasses') continue;
      for (const n of [d.oid, ...d.names]) ocDefs.set(key(n), d);
    }
    const ocBuilding = new Set<ParsedObjectClass>();
    const ocBuilt = new Map<ParsedObjectClass, ObjectClass>();
    const buildClass = (d: ParsedObjectClass): ObjectClass => {
      const done = ocBuilt.get(d);
      if (done) return done;
      if (ocBuilding.has(d))
        throw new SchemaError(
          `objectClasses definition: SUP cycle through ${d.oid} in ${JSON.stringify(d.text)}`,
        );
      ocBuilding.add(d);
      const sup: ObjectClass[] = [];
      for (const s of d.sup) {
        const sd = ocDefs.get(key(s));
        if (sd) sup.push(buildClass(sd));
        else if (!lenient)
          throw new SchemaError(`objectClasses definition: unknown SUP ${s} in ${JSON.stringify(d.text)}`);
      }
      const oc: ObjectClass = {
        oid: d.oid,
        names: d.names,
        name: d.names[0] ?? d.oid,
        description: d.description,
        obsolete: d.obsolete,
        sup,
        kind: d.classKind,
        must: attrs(d.must, d),
        may: attrs(d.may, d),
        extensions: d.extensions,
        definition: d.text,
      };
      ocBuilt.set(d, oc);
      ocBuilding.delete(d);
      this.register(this.classes, d.oid, d.names, oc);
      return oc;
    };
    for (const d of parsed.get('objectClasses') ?? []) if (d.kind === 'objectClasses') buildClass(d);

    const classesOf = (names: readonly string[], where: ParsedDefinition): ObjectClass[] => {
      const out: ObjectClass[] = [];
      for (const n of names) {
        const c = this.objectClass(n);
        if (c) out.push(c);
        else if (lenient) this.dangling.push(`${where.kind} ${where.oid}: object class ${n}`);
        else
          throw new SchemaError(
            `${where.kind} definition: unknown object class ${n} in ${JSON.stringify(where.text)}`,
          );
      }
      return out;
    };

    for (const d of parsed.get('matchingRuleUse') ?? []) {
      if (d.kind !== 'matchingRuleUse') continue;
      const use: MatchingRuleUse = {
        oid: d.oid,
        names: d.names,
        applies: attrs(d.applies, d),
        definition: d.text,
      };
      this.register(this.ruleUses, d.oid, d.names, use);
    }
    for (const d of (parsed.get('dITContentRules') ?? []) as ParsedContentRule[]) {
      const oc = this.objectClass(d.oid);
      if (!oc && !lenient)
        throw new SchemaError(
          `dITContentRules definition: unknown structural class ${d.oid} in ${JSON.stringify(d.text)}`,
        );
      const rule: DitContentRule = {
        oid: oc?.oid ?? d.oid,
        names: d.names,
        obsolete: d.obsolete,
        aux: classesOf(d.aux, d),
        must: attrs(d.must, d),
        may: attrs(d.may, d),
        not: attrs(d.not, d),
        definition: d.text,
      };
      this.contentRules.set(rule.oid, rule);
    }
    for (const d of (parsed.get('nameForms') ?? []) as ParsedNameForm[]) {
      const [oc] = classesOf([d.oc], d);
      if (!oc) continue;
      const nf: NameForm = {
        oid: d.oid,
        names: d.names,
        obsolete: d.obsolete,
        oc,
        must: attrs(d.must, d),
        may: attrs(d.may, d),
        definition: d.text,
      };
      this.register(this.forms, d.oid, d.names, nf);
    }
    for (const d of (parsed.get('dITStructureRules') ?? []) as ParsedStructureRule[]) {
      this.structureRules.set(d.oid, {
        ruleId: Number(d.oid),
        names: d.names,
        obsolete: d.obsolete,
        form: d.form,
        sup: d.sup.map(Number),
        definition: d.text,
      });
    }
  }

  private addSyntax(
    oid: string,
    description: string | undefined,
    extensions: ReadonlyMap<string, readonly string[]>,
  ): void {
    const validator = VALIDATORS.get(oid);
    const notHuman = extensions.get('X-NOT-HUMAN-READABLE')?.[0]?.toUpperCase() === 'TRUE';
    this.syntaxMap.set(oid, {
      oid,
      description,
      humanReadable: !notHuman && !BINARY_SYNTAXES.has(oid),
      extensions,
      validate: validator ? (v) => validator(v, (dn) => this.normalizeDn(dn)) : () => true,
    });
  }

  private register<T>(map: Map<string, T>, oid: string, names: readonly string[], value: T): void {
    map.set(key(oid), value);
    for (const n of names) map.set(key(n), value);
  }

  private synthesize(name: string): AttributeType | undefined {
    const written = name.split(';')[0] ?? '';
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

function guessKind(names: readonly string[]): MatchingRule['kind'] {
  const n = names.join(' ').toLowerCase();
  return n.includes('substring') ? 'substrings' : n.includes('ordering') ? 'ordering' : 'equality';
}
