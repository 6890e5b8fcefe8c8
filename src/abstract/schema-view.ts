/**
 * The few schema facts the abstraction layer needs (RFC 4512 section 4.1): object classes with
 * their superclasses, kind and MUST/MAY lists, attribute types with their names, syntax,
 * SINGLE-VALUE and usage. `SchemaView` is that narrow seam; `schemaViewOf` adapts a Schema
 * from the schema layer (or anything shaped like it) to it.
 */

export type ObjectClassKind = 'ABSTRACT' | 'STRUCTURAL' | 'AUXILIARY';

export interface ObjectClassInfo {
  /** NAMEs, the first being the canonical spelling. */
  readonly names: readonly string[];
  readonly oid?: string;
  readonly sup: readonly string[];
  readonly must: readonly string[];
  readonly may: readonly string[];
  readonly kind: ObjectClassKind;
}

export interface AttributeTypeInfo {
  readonly names: readonly string[];
  readonly oid?: string;
  readonly syntax?: string;
  readonly singleValue: boolean;
  readonly noUserModification: boolean;
  /** RFC 4512 USAGE: userApplications or one of the three operational usages. */
  readonly usage: string;
}

export interface SchemaView {
  objectClass(name: string): ObjectClassInfo | undefined;
  attributeType(name: string): AttributeTypeInfo | undefined;
}

/** A SchemaView over plain lists of definitions (captured JSON, tests, hand-made schemas). */
export class ListSchemaView implements SchemaView {
  private readonly classes = new Map<string, ObjectClassInfo>();
  private readonly types = new Map<string, AttributeTypeInfo>();

  constructor(definitions: {
    objectClasses: readonly ObjectClassInfo[];
    attributeTypes: readonly AttributeTypeInfo[];
  }) {
    for (const oc of definitions.objectClasses) {
      for (const n of oc.names) this.classes.set(n.toLowerCase(), oc);
      if (oc.oid) this.classes.set(oc.oid, oc);
    }
    for (const at of definitions.attributeTypes) {
      for (const n of at.names) this.types.set(n.toLowerCase(), at);
      if (at.oid) this.types.set(at.oid, at);
    }
  }

  objectClass(name: string): ObjectClassInfo | undefined {
    return this.classes.get(name.toLowerCase());
  }

  attributeType(name: string): AttributeTypeInfo | undefined {
    return this.types.get(name.toLowerCase());
  }
}

/** RFC 4512 section 4.1.2: the usages that make an attribute type operational. */
const OPERATIONAL_USAGES = new Set(['directoryoperation', 'distributedoperation', 'dsaoperation']);

/** True when the schema says the attribute is operational; attributes it does not know count as operational (ldap3). */
export function isOperational(schema: SchemaView | undefined, name: string): boolean {
  if (!schema) return false; // without a schema nothing tells them apart: keep every attribute plain
  const at = schema.attributeType(name);
  if (!at) return true;
  return at.noUserModification || OPERATIONAL_USAGES.has(String(at.usage).toLowerCase());
}

type Lookup = (name: string) => unknown;

/** Names from a list of names or of resolved definitions (objects with a `name`). */
function asStrings(v: unknown): string[] {
  if (Array.isArray(v)) {
    return v.map((x: unknown) =>
      x && typeof x === 'object' && 'name' in x ? String((x as { name: unknown }).name) : String(x),
    );
  }
  if (typeof v === 'string') return [v];
  return [];
}

function field(o: Record<string, unknown>, ...names: string[]): unknown {
  for (const n of names) if (o[n] !== undefined) return o[n];
  return undefined;
}

/** Finds a lookup function on a schema object, trying the usual spellings. */
function lookupOf(schema: Record<string, unknown>, methods: string[], maps: string[]): Lookup | undefined {
  for (const m of methods) {
    const f = schema[m];
    if (typeof f === 'function') return (name) => (f as (n: string) => unknown).call(schema, name);
  }
  for (const m of maps) {
    const map = schema[m];
    if (map instanceof Map) {
      return (name) => map.get(name) ?? map.get(name.toLowerCase());
    }
  }
  return undefined;
}

function normaliseClass(raw: unknown): ObjectClassInfo | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const o = raw as Record<string, unknown>;
  const kindRaw = String(field(o, 'kind') ?? 'STRUCTURAL').toUpperCase();
  const kind: ObjectClassKind = kindRaw === 'ABSTRACT' || kindRaw === 'AUXILIARY' ? kindRaw : 'STRUCTURAL';
  const oid = field(o, 'oid', 'numericoid');
  return {
    names: asStrings(field(o, 'names', 'name')),
    ...(typeof oid === 'string' ? { oid } : {}),
    sup: asStrings(field(o, 'sup', 'superior', 'superiors')),
    must: asStrings(field(o, 'must', 'mustContain')),
    may: asStrings(field(o, 'may', 'mayContain')),
    kind,
  };
}

function normaliseType(raw: unknown): AttributeTypeInfo | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const o = raw as Record<string, unknown>;
  const oid = field(o, 'oid', 'numericoid');
  const syntax = field(o, 'syntax', 'syntaxOid');
  return {
    names: asStrings(field(o, 'names', 'name')),
    ...(typeof oid === 'string' ? { oid } : {}),
    ...(typeof syntax === 'string' ? { syntax: syntax.replace(/\{\d+\}$/, '') } : {}),
    singleValue: Boolean(field(o, 'singleValue', 'single_value')),
    noUserModification: Boolean(field(o, 'noUserModification', 'no_user_modification')),
    usage: String(field(o, 'usage') ?? 'userApplications'),
  };
}

/**
 * Adapts a schema object to a SchemaView: a SchemaView is returned as is; otherwise the object
 * must offer `objectClass(name)`/`getObjectClass(name)` (or an `objectClasses` Map) and
 * `attributeType(name)`/`getAttributeType(name)` (or an `attributeTypes` Map).
 */
export function schemaViewOf(schema: unknown): SchemaView | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  if (schema instanceof ListSchemaView) return schema;
  const s = schema as Record<string, unknown>;
  const oc = lookupOf(s, ['objectClass', 'getObjectClass'], ['objectClasses']);
  const at = lookupOf(s, ['attributeType', 'getAttributeType'], ['attributeTypes']);
  if (!oc || !at) return undefined;
  return {
    objectClass: (name) => normaliseClass(oc(name)),
    attributeType: (name) => normaliseType(at(name)),
  };
}

/**
 * True when object class `className` (or one of its superclasses, RFC 4512 section 2.4.1)
 * lists `attribute` in MUST or MAY; attribute names are compared through the schema's names.
 */
export function classAllows(schema: SchemaView, className: string, attribute: string): boolean {
  const at = schema.attributeType(attribute);
  const wanted = new Set((at ? at.names : [attribute]).map((n) => n.toLowerCase()));
  const seen = new Set<string>();
  const visit = (name: string): boolean => {
    const oc = schema.objectClass(name);
    if (!oc || seen.has(name.toLowerCase())) return false;
    seen.add(name.toLowerCase());
    if ([...oc.must, ...oc.may].some((n) => wanted.has(n.toLowerCase()))) return true;
    return oc.sup.some(visit);
  };
  return visit(className);
}
