/**
 * ObjectDef: the attributes an LDAP object is expected to have (ldap3's ObjectDef). Built from
 * the schema (MUST and MAY of the object classes, their superclasses and the auxiliary classes,
 * RFC 4512 section 2.4) or by hand with AttrDefs. Lookup is case-insensitive and whitespace-
 * insensitive by key, attribute name or alias.
 *
 * The type parameter `T` maps attribute keys to value types; it only drives the types of the
 * entries a Reader or Writer returns.
 */
import { AttrDef, compactKey } from './attr-def.js';
import type { Validator } from './attr-def.js';
import { LdapAttributeError, LdapObjectDefError } from './errors.js';
import { isOperational, schemaViewOf } from './schema-view.js';
import type { SchemaView } from './schema-view.js';
import { validatorForSyntax } from './validators.js';

/** Where a schema can come from: a SchemaView, a Schema, or a Server/Connection carrying one. */
export type SchemaSource = unknown;

export interface ObjectDefOptions {
  /** Auxiliary object classes whose MUST/MAY attributes are added too. */
  auxiliaryClass?: string | readonly string[];
  /** Replaces the syntax-derived validator of schema attributes: called with (value, attribute name). */
  customValidator?: (value: unknown, attribute: string) => boolean | unknown;
}

/** Extracts a schema from a Connection (`server.schema`), a Server (`schema`) or a Schema. */
export function resolveSchema(source: SchemaSource): SchemaView | undefined {
  if (source === undefined || source === null) return undefined;
  const direct = schemaViewOf(source);
  if (direct) return direct;
  if (typeof source === 'object') {
    const o = source as { server?: { schema?: unknown }; schema?: unknown };
    const fromServer = o.server && typeof o.server === 'object' ? o.server.schema : undefined;
    const candidate = fromServer ?? o.schema;
    if (candidate !== undefined && candidate !== null) {
      const view = schemaViewOf(candidate);
      if (view) return view;
      throw new LdapObjectDefError('unable to read schema');
    }
  }
  throw new LdapObjectDefError('schema not present: bind the connection (or use getInfo SCHEMA/ALL) first');
}

function toList(v: string | readonly string[] | undefined): string[] {
  return v === undefined ? [] : typeof v === 'string' ? [v] : [...v];
}

const lc = (s: string): string => compactKey(s).toLowerCase();

export class ObjectDef<T extends object = Record<string, unknown>> implements Iterable<AttrDef> {
  /** Phantom member carrying `T` so that Readers and Writers can infer entry types. */
  declare readonly __entryType?: T;
  /** Structural (and abstract) object classes, spelled as in the schema. */
  readonly objectClass: string[];
  /** Auxiliary classes; a Reader adds the ones it meets in entries (ldap3 behaviour). */
  readonly auxiliaryClass: string[] = [];
  readonly schema: SchemaView | undefined;
  /** OID and kind of every class visited, for display. */
  readonly oidInfo: string[] = [];
  private readonly byKey = new Map<string, AttrDef>();
  private readonly aliases = new Map<string, string>();
  private readonly customValidator: ObjectDefOptions['customValidator'];

  constructor(
    objectClass?: string | readonly string[],
    schema?: SchemaSource,
    options: ObjectDefOptions = {},
  ) {
    this.schema = resolveSchema(schema);
    this.customValidator = options.customValidator;
    const classes = toList(objectClass);
    const aux = toList(options.auxiliaryClass);
    if (this.schema) {
      this.objectClass = classes.map((c) => this.canonicalClass(c));
      for (const c of this.objectClass) this.populate(c, new Set());
      for (const c of aux) this.addAuxiliaryClass(c);
    } else {
      this.objectClass = classes;
      this.auxiliaryClass.push(...aux);
    }
  }

  /** The SchemaView of a schema object, undefined when it cannot be read. */
  static schemaOf(schema: unknown): SchemaView | undefined {
    return schemaViewOf(schema);
  }

  private canonicalClass(name: string): string {
    const oc = this.schema?.objectClass(name);
    if (!oc) throw new LdapObjectDefError(`object class '${name}' not defined in schema`);
    return oc.names[0] ?? name;
  }

  /** Adds the MUST and MAY attributes of `name` and of its superclasses. */
  private populate(name: string, seen: Set<string>, mustIsOptional = false): void {
    const oc = this.schema?.objectClass(name);
    if (!oc) throw new LdapObjectDefError(`object class '${name}' not defined in schema`);
    const canonical = (oc.names[0] ?? name).toLowerCase();
    if (seen.has(canonical)) return;
    seen.add(canonical);
    this.oidInfo.push(`${oc.names[0] ?? name} (${oc.kind}) ${oc.oid ?? ''}`.trim());
    for (const sup of oc.sup) this.populate(sup, seen, mustIsOptional);
    for (const attr of oc.must) this.addFromSchema(attr, !mustIsOptional);
    for (const attr of oc.may) if (!this.has(attr)) this.addFromSchema(attr, false);
  }

  /**
   * Adds an auxiliary class and its attributes. Readers call it with `learned` for the classes
   * they meet in entries: then the class's MUST attributes are added as optional, since they
   * bind only the entries that carry the class (ldap3 would make every new entry need them).
   */
  addAuxiliaryClass(name: string, learned = false): void {
    if (!this.schema) {
      if (!this.auxiliaryClass.some((c) => c.toLowerCase() === name.toLowerCase()))
        this.auxiliaryClass.push(name);
      return;
    }
    const canonical = this.canonicalClass(name);
    if (this.auxiliaryClass.some((c) => c.toLowerCase() === canonical.toLowerCase())) return;
    this.auxiliaryClass.push(canonical);
    this.populate(canonical, new Set(), learned);
  }

  /** Adds one attribute as the schema defines it; `mandatory` comes from the object class. */
  addFromSchema(name: string, mandatory = false): AttrDef {
    const existing = this.find(name);
    if (existing) {
      if (mandatory) existing.mandatory = true;
      return existing;
    }
    const def = new AttrDef(name, { mandatory });
    this.decorate(def);
    this.insert(def);
    return def;
  }

  /** Fills in what the schema knows: syntax, SINGLE-VALUE, other names, default validator. */
  private decorate(def: AttrDef): void {
    const at = this.schema?.attributeType(def.name);
    if (at) {
      def.syntax ??= at.syntax;
      def.singleValue ??= at.singleValue;
      def.operational = isOperational(this.schema, def.name);
      for (const n of at.names) if (lc(n) !== lc(def.key)) def.otherNames.add(n);
    }
    if (!def.validate) def.validate = this.defaultValidator(def);
  }

  private defaultValidator(def: AttrDef): Validator | undefined {
    const custom = this.customValidator;
    if (custom) return (v) => custom(v, def.name);
    return validatorForSyntax(def.syntax);
  }

  private insert(def: AttrDef): void {
    this.byKey.set(lc(def.key), def);
    for (const n of [def.name, ...def.otherNames]) {
      const k = lc(n);
      if (!this.byKey.has(k)) this.aliases.set(k, lc(def.key));
    }
  }

  /**
   * Adds AttrDefs, attribute names (looked up in the schema) or lists of both. An AttrDef for an
   * attribute already defined replaces it, keeping what the schema said about it (MUST,
   * SINGLE-VALUE, syntax); this is how a schema attribute gets a friendly key or a validator.
   */
  add(definition: AttrDef | string | ReadonlyArray<AttrDef | string>): this {
    if (typeof definition === 'string') {
      this.addFromSchema(definition);
    } else if (definition instanceof AttrDef) {
      const previous = this.find(definition.name) ?? this.find(definition.key);
      if (previous && previous !== definition) {
        definition.mandatory ||= previous.mandatory;
        definition.singleValue ??= previous.singleValue;
        definition.syntax ??= previous.syntax;
        for (const n of previous.otherNames) if (lc(n) !== lc(definition.key)) definition.otherNames.add(n);
        this.remove(previous);
      }
      if (definition.name !== definition.key) definition.otherNames.add(definition.name);
      this.decorate(definition);
      this.insert(definition);
    } else if (Array.isArray(definition)) {
      for (const d of definition as ReadonlyArray<AttrDef | string>) this.add(d);
    } else {
      throw new LdapObjectDefError('unable to add element to object definition');
    }
    return this;
  }

  /** ldap3's add_attribute. */
  addAttribute(definition: AttrDef | string | ReadonlyArray<AttrDef | string>): this {
    return this.add(definition);
  }

  /** Removes a definition by AttrDef or by key/name/alias; throws when absent. */
  remove(item: AttrDef | string): this {
    const def = typeof item === 'string' ? this.find(item) : this.find(item.key);
    if (!def) throw new LdapAttributeError(`key '${typeof item === 'string' ? item : item.key}' not present`);
    const key = lc(def.key);
    this.byKey.delete(key);
    for (const [alias, target] of [...this.aliases]) if (target === key) this.aliases.delete(alias);
    return this;
  }

  /** ldap3's remove_attribute. */
  removeAttribute(item: AttrDef | string): this {
    return this.remove(item);
  }

  /** Removes every AttrDef. */
  clear(): void {
    this.byKey.clear();
    this.aliases.clear();
  }

  /** The AttrDef for a key, name or alias (case- and whitespace-insensitive), or undefined. */
  find(name: string): AttrDef | undefined {
    const k = lc(name);
    const direct = this.byKey.get(k);
    if (direct) return direct;
    const target = this.aliases.get(k);
    return target === undefined ? undefined : this.byKey.get(target);
  }

  /** The AttrDef for a key, name or alias; throws `LdapAttributeError` when unknown. */
  get(name: string): AttrDef {
    const def = this.find(name);
    if (!def) throw new LdapAttributeError(`key '${name}' not present in object definition`);
    return def;
  }

  has(name: string): boolean {
    return this.find(name) !== undefined;
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Keys of the definitions, in insertion order. */
  get keys(): string[] {
    return [...this.byKey.values()].map((d) => d.key);
  }

  /** Keys of the MUST attributes. */
  get mandatory(): string[] {
    return [...this.byKey.values()].filter((d) => d.mandatory).map((d) => d.key);
  }

  [Symbol.iterator](): Iterator<AttrDef> {
    return this.byKey.values();
  }

  toString(): string {
    const defs = [...this.byKey.values()];
    return [
      `OBJ : ${this.objectClass.join(', ') || '<None>'}`,
      `AUX : ${this.auxiliaryClass.join(', ') || '<None>'}`,
      `OID: ${this.oidInfo.join(', ')}`,
      `MUST: ${defs
        .filter((d) => d.mandatory)
        .map((d) => d.key)
        .sort()
        .join(', ')}`,
      `MAY : ${defs
        .filter((d) => !d.mandatory)
        .map((d) => d.key)
        .sort()
        .join(', ')}`,
    ].join('\n');
  }
}
