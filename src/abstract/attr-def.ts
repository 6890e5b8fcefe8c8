/**
 * AttrDef: how one LDAP attribute appears in an ObjectDef (ldap3's AttrDef). `name` is the real
 * attribute description sent to the server; `key` the friendly name used in queries and for
 * attribute access on entries (whitespace removed, so 'Common Name' is reached as `CommonName`).
 */
import type { ObjectDef } from './object-def.js';

/**
 * Checks a value before it is used in a query or written. Returns `true` (valid), `false`
 * (invalid: the caller throws) or a replacement value to use instead (ldap3 semantics).
 */
export type Validator = (value: unknown) => boolean | unknown;

export interface AttrDefOptions {
  /** Friendly name for queries and entry access. @defaultValue the attribute name */
  key?: string;
  /** Called with each value given in a query, `add` or `set`. */
  validate?: Validator;
  /** Transforms each value of a simplified query before the filter is built. */
  preQuery?: (value: string, key: string) => string;
  /** Transforms the values read from the server before they are stored in the entry. */
  postQuery?: (values: unknown[], key: string) => unknown[];
  /** Values shown when the server returns no value for the attribute. */
  default?: unknown;
  /** The values are DNs: read each with this definition and store the entries instead. */
  dereferenceDn?: ObjectDef;
  description?: string;
  /** MUST attribute: a new entry cannot be committed without it. @defaultValue false */
  mandatory?: boolean;
  singleValue?: boolean;
  /** Other names the attribute answers to (in addition to name and key). */
  alias?: string | readonly string[];
}

/** Removes every whitespace character: ldap3 keys and lookups ignore spaces. */
export function compactKey(text: string): string {
  return text.replace(/\s+/g, '');
}

export class AttrDef {
  /** The attribute description sent to the server. */
  readonly name: string;
  /** The friendly key (whitespace removed); fixed once created, it identifies the definition. */
  readonly key: string;
  validate: Validator | undefined;
  preQuery: ((value: string, key: string) => string) | undefined;
  postQuery: ((values: unknown[], key: string) => unknown[]) | undefined;
  readonly hasDefault: boolean;
  default: unknown;
  dereferenceDn: ObjectDef | undefined;
  description: string | undefined;
  mandatory: boolean;
  singleValue: boolean | undefined;
  /** Aliases given by the user plus the other names the schema knows for the attribute. */
  readonly otherNames: Set<string>;
  /** Syntax OID from the schema, when known (drives the default validator). */
  syntax: string | undefined;
  /** True when the schema says the attribute is operational (not user-modifiable). */
  operational = false;

  constructor(name: string, options: AttrDefOptions = {}) {
    this.name = name;
    this.key = options.key ? compactKey(options.key) : name;
    this.validate = options.validate;
    this.preQuery = options.preQuery;
    this.postQuery = options.postQuery;
    this.hasDefault = Object.prototype.hasOwnProperty.call(options, 'default');
    this.default = options.default;
    this.dereferenceDn = options.dereferenceDn;
    this.description = options.description;
    this.mandatory = options.mandatory ?? false;
    this.singleValue = options.singleValue;
    const alias = options.alias;
    this.otherNames = new Set(alias === undefined ? [] : typeof alias === 'string' ? [alias] : alias);
  }

  /** Every name this definition answers to: key, name and aliases. */
  get allNames(): string[] {
    return [this.key, this.name, ...this.otherNames];
  }

  toString(): string {
    const names = [this.key, ...[...this.otherNames].filter((n) => n !== this.name)].join(', ');
    let r = `ATTR: ${names}`;
    if (this.name !== this.key) r += ` [${this.name}]`;
    if (this.hasDefault) r += ` - default: ${String(this.default)}`;
    r += ` - mandatory: ${this.mandatory}`;
    if (this.singleValue !== undefined) r += ` - single_value: ${this.singleValue}`;
    if (this.description) r += ` - description: ${this.description}`;
    return r;
  }
}
