/**
 * ldap3-style arguments to RFC 4511 request PDUs: search options, add attributes, modify
 * changes, values to bytes (autoEncode), names checked against the schema (checkNames).
 */
import { LdapError, LdapOptionError } from '../errors.js';
import type { Filter } from '../filter/index.js';
import { parseFilter } from '../filter/index.js';
import type {
  AddRequest,
  Change,
  CompareRequest,
  Control,
  ModifyDNRequest,
  ModifyRequest,
  PartialAttribute,
  SearchRequest,
} from '../protocol/index.js';
import type { Schema } from '../schema/index.js';
import { utf8 } from '../util/index.js';
import { DEREF_CODES, MODIFY_CODES, SCOPE_CODES } from './constants.js';
import type { Deref, ModifyOp, Scope } from './constants.js';

export type AttributeValue = string | number | boolean | bigint | Date | Uint8Array;
export type AttributeValues = AttributeValue | readonly AttributeValue[];
export type AttributesInput =
  Readonly<Record<string, AttributeValues>> | ReadonlyMap<string, AttributeValues>;
/** A control as an object or as ldap3's `[oid, criticality, value]` tuple. */
export type ControlInput =
  Control | readonly [oid: string, criticality: boolean, value?: Uint8Array | string | null];
export type ModifyChange = readonly [ModifyOp | 0 | 1 | 2 | 3, AttributeValues?];
export type ModifyChanges =
  | Readonly<Record<string, ModifyChange | readonly ModifyChange[]>>
  | ReadonlyMap<string, ModifyChange | readonly ModifyChange[]>;

export interface SearchOptions {
  /** @defaultValue `'SUBTREE'` */
  scope?: Scope;
  /** @defaultValue `'DEREF_ALWAYS'` */
  dereferenceAliases?: Deref;
  /** Attributes to return; `'*'`, `'+'`, `'1.1'` allowed. Default: none (ldap3), i.e. `['1.1']`. */
  attributes?: string | readonly string[];
  sizeLimit?: number;
  /** Seconds. */
  timeLimit?: number;
  typesOnly?: boolean;
  getOperationalAttributes?: boolean;
  controls?: readonly ControlInput[];
  pagedSize?: number;
  pagedCriticality?: boolean;
  pagedCookie?: Uint8Array | null;
  signal?: AbortSignal;
  /** Milliseconds for this search only (overrides the connection's receiveTimeout); abandons on expiry. */
  timeout?: number;
}

/** RFC 4517 section 3.3.13 GeneralizedTime in UTC. */
function generalizedTime(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

/** One value to bytes (ldap3's autoEncode): text UTF-8, numbers decimal, booleans TRUE/FALSE (RFC 4517 3.3.3). */
export function encodeValue(value: AttributeValue): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'boolean') return utf8(value ? 'TRUE' : 'FALSE');
  if (typeof value === 'number' || typeof value === 'bigint') return utf8(String(value));
  if (value instanceof Date) return utf8(generalizedTime(value));
  throw new LdapOptionError(`cannot encode attribute value of type ${typeof value}`);
}

export function encodeValues(values: AttributeValues | undefined): Uint8Array[] {
  if (values === undefined) return [];
  if (Array.isArray(values)) return (values as readonly AttributeValue[]).map(encodeValue);
  return [encodeValue(values as AttributeValue)];
}

function entriesOf<V>(input: Readonly<Record<string, V>> | ReadonlyMap<string, V>): Array<[string, V]> {
  return input instanceof Map ? [...(input as ReadonlyMap<string, V>)] : Object.entries(input);
}

export function toControl(input: ControlInput): Control {
  if (!Array.isArray(input)) return input as Control;
  const [oid, critical, value] = input as readonly [string, boolean, (Uint8Array | string | null)?];
  if (value === undefined || value === null) return { oid, critical };
  return { oid, critical, value: typeof value === 'string' ? utf8(value) : value };
}

export function toControls(inputs: readonly ControlInput[] | undefined): Control[] | undefined {
  return inputs && inputs.length > 0 ? inputs.map(toControl) : undefined;
}

/** Names checked against a loaded schema (ldap3's check_names). */
export class NameChecker {
  constructor(
    private readonly schema: Schema | null,
    /** ldap3's auto_encode: off, only text and bytes are accepted as values. */
    private readonly autoEncode = true,
  ) {}

  /** With autoEncode off, numbers, booleans and dates are refused instead of converted. */
  values(name: string, values: AttributeValues | undefined): void {
    if (this.autoEncode || values === undefined) return;
    for (const v of Array.isArray(values)
      ? (values as readonly AttributeValue[])
      : [values as AttributeValue]) {
      if (typeof v !== 'string' && !(v instanceof Uint8Array)) {
        throw new LdapOptionError(
          `value of ${name} is a ${typeof v}: with autoEncode off give text or bytes`,
        );
      }
    }
  }

  attribute(description: string): void {
    if (!this.schema) return;
    const name = description.split(';')[0] ?? description;
    if (name === '*' || name === '+' || name === '1.1' || /^[\d.]+$/.test(name)) return;
    if (name.startsWith('@')) return; // RFC 4529 object class selector
    if (!this.schema.attributeType(name)) {
      throw new LdapError(
        'LDAP_INVALID_ATTRIBUTE',
        `invalid attribute type ${JSON.stringify(name)}: not in the server schema`,
      );
    }
  }

  objectClass(name: string): void {
    if (!this.schema || /^[\d.]+$/.test(name)) return;
    if (!this.schema.objectClass(name)) {
      throw new LdapError(
        'LDAP_INVALID_OBJECT_CLASS',
        `invalid object class ${JSON.stringify(name)}: not in the server schema`,
      );
    }
  }
}

/** ldap3's auto_escape: a backslash not starting a `\hh` escape is taken literally (RFC 4515 section 3). */
export function autoEscapeFilter(text: string): string {
  return text.replace(/\\(?![0-9a-fA-F]{2})/g, '\\5c');
}

export function buildSearch(
  base: string,
  filter: string | Filter,
  options: SearchOptions,
  check: NameChecker,
  autoEscape: boolean,
): SearchRequest {
  const scope = options.scope ?? 'SUBTREE';
  const deref = options.dereferenceAliases ?? 'DEREF_ALWAYS';
  if (!(scope in SCOPE_CODES)) throw new LdapOptionError(`invalid search scope ${String(scope)}`);
  if (!(deref in DEREF_CODES)) throw new LdapOptionError(`invalid dereferenceAliases ${String(deref)}`);
  let attributes: string[];
  if (
    options.attributes === undefined ||
    (Array.isArray(options.attributes) && options.attributes.length === 0)
  ) {
    attributes = ['1.1'];
  } else attributes = typeof options.attributes === 'string' ? [options.attributes] : [...options.attributes];
  for (const a of attributes) check.attribute(a);
  if (options.getOperationalAttributes && !attributes.includes('+')) attributes.push('+');
  const parsed =
    typeof filter === 'string' ? parseFilter(autoEscape ? autoEscapeFilter(filter) : filter) : filter;
  checkFilterNames(parsed, check);
  const sizeLimit = options.sizeLimit ?? 0;
  const timeLimit = options.timeLimit ?? 0;
  if (!Number.isInteger(sizeLimit) || sizeLimit < 0)
    throw new LdapOptionError('sizeLimit must be a non-negative integer');
  if (!Number.isInteger(timeLimit) || timeLimit < 0)
    throw new LdapOptionError('timeLimit must be a non-negative integer');
  return {
    type: 'SearchRequest',
    baseObject: base,
    scope: SCOPE_CODES[scope],
    derefAliases: DEREF_CODES[deref],
    sizeLimit,
    timeLimit,
    typesOnly: options.typesOnly ?? false,
    filter: parsed,
    attributes,
  };
}

function checkFilterNames(filter: Filter, check: NameChecker): void {
  switch (filter.type) {
    case 'and':
    case 'or':
      for (const f of filter.filters) checkFilterNames(f, check);
      return;
    case 'not':
      checkFilterNames(filter.filter, check);
      return;
    case 'extensibleMatch':
      if (filter.attribute !== undefined) check.attribute(filter.attribute);
      return;
    default:
      check.attribute(filter.attribute);
  }
}

export function buildAdd(
  dn: string,
  objectClass: string | readonly string[] | undefined,
  attributes: AttributesInput | undefined,
  check: NameChecker,
): AddRequest {
  const list: PartialAttribute[] = [];
  const classes =
    objectClass === undefined ? [] : typeof objectClass === 'string' ? [objectClass] : [...objectClass];
  let classIndex = -1;
  for (const [name, values] of attributes ? entriesOf(attributes) : []) {
    check.attribute(name);
    check.values(name, values);
    const vals = encodeValues(values);
    if (name.toLowerCase() === 'objectclass') {
      classIndex = list.length;
      for (const c of Array.isArray(values) ? values : [values])
        if (typeof c === 'string' && !classes.includes(c)) classes.push(c);
      continue;
    }
    list.push({ type: name, vals });
  }
  for (const c of classes) check.objectClass(c);
  if (classes.length > 0) {
    const oc: PartialAttribute = { type: 'objectClass', vals: classes.map((c) => utf8(c)) };
    if (classIndex >= 0) list.splice(classIndex, 0, oc);
    else list.unshift(oc);
  }
  return { type: 'AddRequest', entry: dn, attributes: list };
}

function opCode(op: ModifyChange[0]): Change['operation'] {
  if (typeof op === 'number') {
    if (op >= 0 && op <= 3) return op;
  } else if (op in MODIFY_CODES) return MODIFY_CODES[op];
  throw new LdapOptionError(`invalid modify operation ${String(op)}`);
}

function isChangeList(v: ModifyChange | readonly ModifyChange[]): v is readonly ModifyChange[] {
  return Array.isArray(v[0]);
}

export function buildModify(dn: string, changes: ModifyChanges, check: NameChecker): ModifyRequest {
  const out: Change[] = [];
  for (const [name, spec] of entriesOf(changes)) {
    check.attribute(name);
    if (!Array.isArray(spec) || spec.length === 0)
      throw new LdapOptionError(`invalid change for ${name}: expected [op, values]`);
    const list = isChangeList(spec) ? spec : [spec as ModifyChange];
    for (const [op, values] of list) {
      check.values(name, values);
      out.push({ operation: opCode(op), modification: { type: name, vals: encodeValues(values) } });
    }
  }
  if (out.length === 0) throw new LdapOptionError('modify needs at least one change');
  return { type: 'ModifyRequest', object: dn, changes: out };
}

export function buildModifyDn(
  dn: string,
  relativeDn: string,
  deleteOldDn: boolean,
  newSuperior: string | undefined,
): ModifyDNRequest {
  const req: ModifyDNRequest = {
    type: 'ModifyDNRequest',
    entry: dn,
    newrdn: relativeDn,
    deleteoldrdn: deleteOldDn,
  };
  return newSuperior === undefined ? req : { ...req, newSuperior };
}

export function buildCompare(
  dn: string,
  attribute: string,
  value: AttributeValue,
  check: NameChecker,
): CompareRequest {
  check.attribute(attribute);
  check.values(attribute, value);
  return { type: 'CompareRequest', entry: dn, attributeDesc: attribute, assertionValue: encodeValue(value) };
}
