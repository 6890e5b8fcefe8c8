/**
 * Construction of a schema from parsed definitions (RFC 4512 section 4.1): the maps of resolved
 * objects by lower-cased name and OID, SUP chains resolved with cycle detection, rules attached
 * to types (inherited through SUP, section 4.1.2), dangling references refused or recorded.
 */
import { SchemaError } from '../errors.js';
import type {
  DefinitionKind,
  ParsedAttributeType,
  ParsedContentRule,
  ParsedDefinition,
  ParsedNameForm,
  ParsedObjectClass,
  ParsedStructureRule,
} from './definitions.js';
import {
  APPROX_FOR_EQUALITY,
  builtinRules,
  makeMatchingRule,
  makeUnimplementedRule,
  orderingFromEquality,
  SYN,
  type RuleContext,
  type RuleImpl,
} from './matching-rules/index.js';
import { BINARY_SYNTAXES, SYNTAX_DESCRIPTIONS, VALIDATORS } from './syntaxes.js';
import type {
  AttributeType,
  DitContentRule,
  DitStructureRule,
  MatchingRule,
  MatchingRuleUse,
  NameForm,
  ObjectClass,
  Syntax,
} from './types.js';

export interface RegistryOptions {
  lenient?: boolean;
  rulesFromSyntax?: boolean;
  unicodeNormalization?: boolean;
  orderingFromEquality?: boolean;
}

export const DEFINITION_KINDS: readonly DefinitionKind[] = [
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
export const RULES_BY_SYNTAX: ReadonlyMap<string, readonly [string?, string?, string?]> = new Map([
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

export const key = (s: string): string => s.toLowerCase();

/** The maps a `Schema` answers from, filled once by `build`. */
export class Registry {
  readonly types = new Map<string, AttributeType>();
  readonly classes = new Map<string, ObjectClass>();
  readonly rules = new Map<string, MatchingRule>();
  readonly syntaxMap = new Map<string, Syntax>();
  /** The syntaxes the definitions' ldapSyntaxes declare (the server's own list). */
  readonly declaredSyntaxes = new Set<string>();
  readonly ruleUses = new Map<string, MatchingRuleUse>();
  readonly contentRules = new Map<string, DitContentRule>();
  readonly forms = new Map<string, NameForm>();
  readonly structureRules = new Map<string, DitStructureRule>();
  /** Direct subtypes of each type. */
  readonly children = new Map<AttributeType, AttributeType[]>();
  readonly danglingRules: string[] = [];
  readonly dangling: string[] = [];

  constructor(
    private readonly options: RegistryOptions,
    /** The owning schema's DN normaliser (DN rules and the DN syntax validator use it). */
    private readonly normalizeDn: (dn: string) => string | undefined,
  ) {}

  build(parsed: Map<DefinitionKind, ParsedDefinition[]>): void {
    const lenient = this.options.lenient ?? false;
    const ctx: RuleContext = {
      // object classes first: objectClass values are the common use, and 389 DS has names
      // that are both a class and an attribute type (locality)
      resolveOid: (name) =>
        this.classes.get(key(name))?.oid ??
        this.types.get(key(name))?.oid ??
        this.rules.get(key(name))?.oid ??
        this.forms.get(key(name))?.oid,
      normalizeDn: (dn) => this.normalizeDn(dn),
      unicodeNormalization: this.options.unicodeNormalization ?? true,
    };
    // syntaxes: the known validators first, then what the server declares
    for (const oid of new Set([...SYNTAX_DESCRIPTIONS.keys(), ...VALIDATORS.keys()])) {
      this.addSyntax(oid, SYNTAX_DESCRIPTIONS.get(oid), new Map());
    }
    for (const d of parsed.get('ldapSyntaxes') ?? []) {
      this.addSyntax(d.oid, d.description, d.extensions);
      this.declaredSyntaxes.add(d.oid);
    }

    const impls = new Map<string, RuleImpl>();
    const implsByName = new Map<string, RuleImpl>();
    for (const impl of builtinRules(ctx)) {
      impls.set(impl.oid, impl);
      for (const n of impl.names) implsByName.set(key(n), impl);
      this.register(this.rules, impl.oid, impl.names, makeMatchingRule(impl));
    }
    for (const d of parsed.get('matchingRules') ?? []) {
      if (d.kind !== 'matchingRules') continue;
      // a known rule under another OID (a vendor's arc) still has its known behaviour
      const impl =
        impls.get(d.oid) ?? d.names.map((n) => implsByName.get(key(n))).find((x) => x !== undefined);
      const info = {
        oid: d.oid,
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
        ordering:
          rule(d.ordering, sup?.ordering, fromSyntax?.[1]) ??
          (this.options.orderingFromEquality && equality?.implemented
            ? this.derivedOrdering(equality)
            : undefined),
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
        const t = this.types.get(key(n));
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
        const c = this.classes.get(key(n));
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
      const oc = this.classes.get(key(d.oid));
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

  private readonly derived = new Map<MatchingRule, MatchingRule>();
  private derivedOrdering(equality: MatchingRule): MatchingRule {
    let r = this.derived.get(equality);
    if (!r) this.derived.set(equality, (r = orderingFromEquality(equality)));
    return r;
  }

  private register<T>(map: Map<string, T>, oid: string, names: readonly string[], value: T): void {
    map.set(key(oid), value);
    for (const n of names) map.set(key(n), value);
  }
}

function guessKind(names: readonly string[]): MatchingRule['kind'] {
  const n = names.join(' ').toLowerCase();
  return n.includes('substring') ? 'substrings' : n.includes('ordering') ? 'ordering' : 'equality';
}
