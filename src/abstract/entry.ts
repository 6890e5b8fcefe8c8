/**
 * Entries (ldap3's EntryBase and Entry): an LDAP entry as an object whose attributes are reached
 * by key, attribute name or alias, case- and whitespace-insensitively (`entry.cn`,
 * `entry['Common Name']`, `entry.commonName`). An unknown name throws `LdapAttributeError`.
 * Bookkeeping lives in `_state` and in `entry*` members, which no attribute name can shadow.
 */
import { formatLdif } from '../ldif/index.js';
import { fromUtf8Strict, toBase64 } from '../util/index.js';
import { Attribute } from './attribute.js';
import type { WritableAttribute } from './attribute.js';
import type { CursorConnection, EntryResponse } from './connection.js';
import { EntryState } from './entry-state.js';
import type { StateCursor } from './entry-state.js';
import { LdapAttributeError, LdapCursorError } from './errors.js';
import { ObjectDef } from './object-def.js';
import { factories } from './registry.js';
import { STATUS_WRITABLE } from './status.js';
import type { EntryStatus } from './status.js';
import type { WritableEntry } from './writable-entry.js';

/** The cursor an entry belongs to, as entries see it. */
export interface EntryCursor extends StateCursor {
  readonly connection: CursorConnection;
  readonly schema: ObjectDef['schema'];
}

/** Attribute access typed by an ObjectDef's type parameter (optional MAY attributes included). */
export type EntryAttributes<T> = { readonly [K in keyof T]-?: Attribute<Exclude<T[K], undefined>> };
export type WritableEntryAttributes<T> = {
  readonly [K in keyof T]-?: WritableAttribute<Exclude<T[K], undefined>>;
};

export interface EntryToJsonOptions {
  /** Include the raw values (base64 when not UTF-8). @defaultValue false */
  raw?: boolean;
  /** @defaultValue 4 */
  indent?: number;
  /** Sort keys. @defaultValue true */
  sort?: boolean;
  /** Include the formatted attributes. @defaultValue true */
  checkedAttributes?: boolean;
  /** Include attributes without values. @defaultValue true */
  includeEmpty?: boolean;
}

/** Names that JavaScript machinery probes on any object: never treated as attribute names. */
const PROBED = new Set(['then', 'asymmetricMatch', '$$typeof', 'nodeType', 'inspect']);

/** JSON view of one value: text stays text, bytes become UTF-8 text or base64, entries their DN. */
export function jsonValue(v: unknown): unknown {
  if (v instanceof Uint8Array) return fromUtf8Strict(v) ?? toBase64(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof EntryBase) return v.entryDn;
  return v;
}

function sortedObject(entries: Array<[string, unknown]>, sort: boolean): Record<string, unknown> {
  const list = sort ? [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : entries;
  return Object.fromEntries(list);
}

export class EntryBase {
  declare _state: EntryState;

  constructor(dn: string, cursor: EntryCursor) {
    Object.defineProperty(this, '_state', {
      value: new EntryState(dn, cursor),
      enumerable: false,
      writable: true,
    });
    return new Proxy(this, {
      get: (target, prop, receiver) => {
        if (typeof prop === 'symbol' || prop in target) return Reflect.get(target, prop, receiver) as unknown;
        if (PROBED.has(prop)) return undefined;
        return target.entryAttribute(prop);
      },
      has: (target, prop) => prop in target || (typeof prop === 'string' && target.entryHasAttribute(prop)),
      set: (target, prop, value) => {
        if (typeof prop === 'symbol' || prop === '_state') return Reflect.set(target, prop, value);
        target.entrySetAttribute(prop, value);
        return true;
      },
    });
  }

  /**
   * The attribute for a key, name or alias. An attribute of the definition the server returned
   * no value for is an empty attribute (`value` undefined, `values` []), as with ldap3's default
   * `return_empty_attributes`; a name the definition does not know throws `LdapAttributeError`.
   */
  entryAttribute(name: string): Attribute {
    const attr = this._state.attributes.get(name);
    if (attr) return attr;
    const def = this._state.definition.find(name);
    if (!def) throw new LdapAttributeError(`attribute '${name}' not found in entry ${this._state.dn}`);
    let empty = this._state.absent.get(def.key);
    if (!empty) {
      empty = new Attribute(def, this._state);
      this._state.absent.set(def.key, empty);
    }
    return empty;
  }

  /** True when the entry has the attribute (ldap3's `name in entry`). */
  entryHasAttribute(name: string): boolean {
    return this._state.attributes.has(name);
  }

  /** Assignment to an attribute: read-only entries refuse it. */
  entrySetAttribute(name: string, _value: unknown): void {
    throw new LdapAttributeError(`entry is read only, cannot set '${name}'`);
  }

  get entryDn(): string {
    return this._state.dn;
  }

  get entryStatus(): EntryStatus {
    return this._state.status;
  }

  get entryDefinition(): ObjectDef<object> {
    return this._state.definition;
  }

  get entryCursor(): EntryCursor {
    return this._state.cursor as EntryCursor;
  }

  get entryReadTime(): Date | undefined {
    return this._state.readTime;
  }

  /** Raw values as the server sent them, by attribute description. */
  get entryRawAttributes(): Map<string, Uint8Array[]> {
    return this._state.rawAttributes;
  }

  /** Raw values of one attribute (case-insensitive), undefined when absent. */
  entryRawAttribute(name: string): Uint8Array[] | undefined {
    const lower = name.toLowerCase();
    for (const [k, v] of this._state.rawAttributes) if (k.toLowerCase() === lower) return v;
    return undefined;
  }

  /** Keys of the MUST attributes of the definition. */
  get entryMandatoryAttributes(): string[] {
    return this._state.definition.mandatory;
  }

  /** Keys of the attributes the entry holds. */
  get entryAttributes(): string[] {
    return [...this._state.attributes.values()].map((a) => a.key);
  }

  /** `{ key: values[] }` for every attribute (a copy). */
  get entryAttributesAsDict(): Record<string, unknown[]> {
    return Object.fromEntries([...this._state.attributes.values()].map((a) => [a.key, [...a.values]]));
  }

  /** The attributes as a Map from key to values (a copy). */
  get entryAttributesAsMap(): Map<string, unknown[]> {
    return new Map([...this._state.attributes.values()].map((a) => [a.key, [...a.values]]));
  }

  [Symbol.iterator](): Iterator<Attribute> {
    return this._state.attributes.values();
  }

  /** ldap3's entry_to_json: `{ dn, attributes, raw? }` as JSON text. */
  entryToJson(options: EntryToJsonOptions = {}): string {
    const { raw = false, indent = 4, sort = true, checkedAttributes = true, includeEmpty = true } = options;
    const out: Array<[string, unknown]> = [['dn', this.entryDn]];
    if (checkedAttributes) {
      const attrs = [...this._state.attributes.values()]
        .filter((a) => includeEmpty || a.values.length > 0)
        .map((a): [string, unknown] => [a.key, a.values.map(jsonValue)]);
      out.push(['attributes', sortedObject(attrs, sort)]);
    }
    if (raw) {
      const raws = [...this._state.rawAttributes]
        .filter(([, v]) => includeEmpty || v.length > 0)
        .map(([k, v]): [string, unknown] => [k, v.map(jsonValue)]);
      out.push(['raw', sortedObject(raws, sort)]);
    }
    return JSON.stringify(sortedObject(out, sort), null, indent);
  }

  /** ldap3's entry_to_ldif: the entry as an RFC 2849 content record (with `version: 1`). */
  entryToLdif(options: { sort?: boolean; lineSeparator?: '\n' | '\r\n' } = {}): string {
    const attributes = [...this._state.rawAttributes].map(([type, values]) => ({ type, values }));
    return formatLdif([{ type: 'content', dn: this.entryDn, attributes }], {
      version: true,
      sort: options.sort ?? false,
      lineSeparator: options.lineSeparator ?? '\n',
    });
  }

  /** `JSON.stringify(entry)`: `{ dn, attributes }` with JSON-friendly values. */
  toJSON(): { dn: string; attributes: Record<string, unknown[]> } {
    return {
      dn: this.entryDn,
      attributes: Object.fromEntries(
        [...this._state.attributes.values()].map((a) => [a.key, a.values.map(jsonValue)]),
      ),
    };
  }

  /** console.log and util.inspect show ldap3's text form. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  toString(): string {
    let r = `DN: ${this.entryDn} - STATUS: ${this._state.initialStatus !== this._state.status ? `${this._state.initialStatus}, ` : ''}${this._state.status} - READ TIME: ${this._state.readTime?.toISOString() ?? '<never>'}`;
    const attrs = [...this._state.attributes.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
    for (const a of attrs) if (a.values.length > 0) r += `\n    ${a.describe().replace(/\n/g, '\n    ')}`;
    return r;
  }
}

export interface EntryWritableOptions {
  /** Definition (or object classes) for the writable entry. @defaultValue this entry's */
  objectDef?: ObjectDef<object> | string | readonly string[];
  /** Writer to put the entry in; a new one when absent. */
  writerCursor?: unknown;
  customValidator?: (value: unknown, attribute: string) => boolean | unknown;
  auxiliaryClass?: string | readonly string[];
}

/** What `entryWritable` needs from a Writer. */
interface WriterLike {
  buildEntry(response: EntryResponse): EntryBase;
  readonly entries: EntryBase[];
}

/** A read-only entry returned by a Reader; `T` types its attributes (see `ReaderEntry`). */

export class Entry<T extends object = Record<string, unknown>> extends EntryBase {
  /**
   * A writable copy of this entry, in a new Writer unless one is given (ldap3's entry_writable).
   * The schema must be available: changes are validated against it. The copy starts Writable;
   * attributes of the definition the entry has no value for are reachable as virtual ones.
   */
  entryWritable(options: EntryWritableOptions = {}): WritableEntry<T> & WritableEntryAttributes<T> {
    const cursor = this.entryCursor;
    if (!cursor.schema) throw new LdapCursorError('schema must be available to make an entry writable');
    let def = options.objectDef ?? this.entryDefinition;
    if (!(def instanceof ObjectDef)) {
      def = new ObjectDef(def, cursor.schema, {
        ...(options.customValidator ? { customValidator: options.customValidator } : {}),
        ...(options.auxiliaryClass ? { auxiliaryClass: options.auxiliaryClass } : {}),
      });
    }
    if (!factories.writer) throw new LdapCursorError('Writer not loaded');
    const writer = (options.writerCursor ?? factories.writer(cursor.connection, def, {})) as WriterLike;
    const response = this._state.response;
    if (!response) throw new LdapCursorError('entry has no response to copy');
    const writable = writer.buildEntry(response);
    // dereferenced values were already read for this entry: reuse them instead of searching again
    for (const attr of this._state.attributes.values()) {
      const target = writable._state.attributes.get(attr.key);
      if (target && attr.definition.dereferenceDn) target.values = [...attr.values];
    }
    writer.entries.push(writable);
    writable._state.readTime = this._state.readTime;
    writable._state.origin = this;
    writable._state.setStatus(STATUS_WRITABLE);
    return writable as WritableEntry<T> & WritableEntryAttributes<T>;
  }
}
