/**
 * Cursor: what Reader and Writer share (ldap3's Cursor): the connection and definition, the
 * attributes to request, the entries, the operation history, and the building of entries
 * from search responses (post-query transforms, defaults, operational attributes,
 * dereferenced DNs).
 */
import { dnEquals } from '../dn/index.js';
import { AttrDef } from './attr-def.js';
import { Attribute, OperationalAttribute } from './attribute.js';
import { connectionSchema, execute } from './connection.js';
import type { CursorConnection, CursorControls, EntryResponse, Outcome, ResultLike } from './connection.js';
import type { Deref, SearchOptions } from '../client/index.js';
import type { EntryBase } from './entry.js';
import { LdapCursorError, LdapDereferenceError } from './errors.js';
import { ObjectDef } from './object-def.js';
import { factories } from './registry.js';
import { isOperational } from './schema-view.js';
import type { SchemaView } from './schema-view.js';

/** DN equality by RFC 4514 normalisation; plain comparison when either is not a valid DN. */
function sameDn(a: string, b: string): boolean {
  try {
    return dnEquals(a, b);
  } catch {
    return a.toLowerCase() === b.toLowerCase();
  }
}

/** ldap3's ABSTRACTION_OPERATIONAL_ATTRIBUTE_PREFIX: operational attributes are keyed `OA_name`. */
export const OPERATIONAL_PREFIX = 'OA_';

export type Scope = 'BASE' | 'LEVEL' | 'SUBTREE';

export interface CursorOptions {
  /** Also read operational attributes (RFC 3673 `+`). @defaultValue false */
  getOperationalAttributes?: boolean;
  /** Attributes to read instead of every attribute of the definition; each must be defined. */
  attributes?: readonly string[];
  /** Controls sent with every operation of the cursor. */
  controls?: CursorControls;
  /** Auxiliary classes, when the definition is given as object class names. */
  auxiliaryClass?: string | readonly string[];
}

/** One operation of the cursor's last run: what was sent and what came back. */
export interface CursorOperation {
  readonly request: unknown;
  readonly result: ResultLike;
  readonly response: readonly unknown[];
}

export abstract class Cursor<T extends object, E extends EntryBase> {
  readonly connection: CursorConnection;
  readonly definition: ObjectDef<T>;
  getOperationalAttributes: boolean;
  /** Attribute names requested from the server. */
  readonly attributes: Set<string>;
  controls: CursorControls;
  entries: E[] = [];
  executionTime: Date | undefined;
  readonly schema: SchemaView | undefined;
  protected history: CursorOperation[] = [];
  private explicitAttributes = false;

  constructor(
    connection: CursorConnection,
    objectDef: ObjectDef<T> | string | readonly string[],
    options: CursorOptions = {},
  ) {
    this.connection = connection;
    this.definition =
      objectDef instanceof ObjectDef
        ? objectDef
        : new ObjectDef<T>(
            objectDef,
            connection,
            options.auxiliaryClass !== undefined ? { auxiliaryClass: options.auxiliaryClass } : {},
          );
    this.schema = this.definition.schema ?? ObjectDef.schemaOf(connectionSchema(connection));
    this.getOperationalAttributes = options.getOperationalAttributes ?? false;
    this.controls = options.controls;
    if (options.attributes && options.attributes.length > 0) {
      const missing = options.attributes.filter((a) => !this.definition.has(a));
      if (missing.length > 0)
        throw new LdapCursorError(`attributes '${missing.join(', ')}' not in definition`);
      this.attributes = new Set(options.attributes.map((a) => this.definition.get(a).name));
      this.explicitAttributes = true;
    } else {
      this.attributes = new Set([...this.definition].map((d) => d.name));
    }
  }

  /** Creates the entry object of this cursor's kind (read-only or writable). */
  protected abstract newEntry(dn: string): E;
  /** Creates an attribute of this cursor's kind. */
  protected abstract newAttribute(def: AttrDef, entry: E): Attribute;
  /** The status entries start in. */
  protected abstract readonly initialStatus: 'Read' | 'Writable';

  /** The operations of the last run (ldap3's `operations`). */
  get operations(): readonly CursorOperation[] {
    return this.history;
  }

  /** The operations of the last run that did not succeed. */
  get errors(): readonly CursorOperation[] {
    return this.history.filter((o) => o.result.result !== 0);
  }

  get failed(): boolean {
    return this.errors.length > 0;
  }

  protected resetHistory(): void {
    this.history = [];
  }

  /** Runs one operation on the connection and records it. */
  protected async run(operation: Promise<unknown>): Promise<Outcome> {
    const outcome = await execute(this.connection, operation);
    this.history.push({ request: outcome.request, result: outcome.result, response: outcome.response });
    return outcome;
  }

  /** Search options shared by every search of the cursor. */
  protected searchOptions(
    scope: Scope,
    attributes: readonly string[] | undefined,
    deref: string,
  ): SearchOptions {
    // the definition may have grown (auxiliary classes met in entries): ask for its new attributes
    if (!this.explicitAttributes) for (const d of this.definition) this.attributes.add(d.name);
    return {
      scope,
      dereferenceAliases: deref as Deref,
      attributes: attributes && attributes.length > 0 ? [...attributes] : [...this.attributes],
      getOperationalAttributes: this.getOperationalAttributes,
      ...(this.controls !== undefined ? { controls: this.controls } : {}),
    };
  }

  /**
   * Builds an entry from a search response without touching the network: the definition's
   * attributes (post-query transform, default when absent), then the other attributes the
   * server returned (operational ones keyed `OA_name`).
   */
  buildEntry(response: EntryResponse): E {
    const entry = this.newEntry(response.dn);
    const state = entry._state;
    const used = new Set<string>();
    const find = (name: string): string | undefined => {
      const lower = name.toLowerCase();
      for (const k of response.attributes.keys()) {
        const kl = k.toLowerCase();
        if (kl === lower || kl.startsWith(`${lower};`)) return k;
      }
      return undefined;
    };
    for (const def of this.definition) {
      const found = find(def.name);
      if (found === undefined && !def.hasDefault) continue;
      const attr = this.newAttribute(def, entry);
      let values: unknown[];
      const got = found === undefined ? [] : [...(response.attributes.get(found) ?? [])];
      if (found !== undefined) {
        used.add(found.toLowerCase());
        attr.rawValues = [...(response.rawAttributes.get(found) ?? [])];
      }
      if (found !== undefined && (got.length > 0 || !def.hasDefault)) {
        values = def.postQuery ? def.postQuery(got, def.key) : got;
      } else {
        values = Array.isArray(def.default) ? [...(def.default as unknown[])] : [def.default];
      }
      attr.values = Array.isArray(values) ? values : [values];
      state.attributes.set(attr);
    }
    for (const [name, values] of response.attributes) {
      if (used.has(name.toLowerCase())) continue;
      const operational = isOperational(this.schema, name.split(';')[0] ?? name);
      const def = new AttrDef(name, operational ? { key: OPERATIONAL_PREFIX + name } : {});
      const attr = operational ? new OperationalAttribute(def, state) : this.newAttribute(def, entry);
      attr.values = [...values];
      attr.rawValues = [...(response.rawAttributes.get(name) ?? [])];
      if (!state.attributes.has(attr.key)) state.attributes.set(attr, operational ? [name] : []);
    }
    state.rawAttributes = new Map([...response.rawAttributes].map(([k, v]) => [k, [...v]]));
    state.response = response;
    state.readTime = new Date();
    state.setStatus(this.initialStatus);
    return entry;
  }

  /**
   * Replaces the values of attributes whose AttrDef has `dereferenceDn` by the entries they
   * name, read with that definition (ldap3 semantics: a missing entry gives undefined).
   */
  protected async dereference(entry: E): Promise<void> {
    for (const attr of entry._state.attributes.values()) {
      const target = attr.definition.dereferenceDn;
      if (!target || attr.values.length === 0) continue;
      if (!factories.reader) throw new LdapCursorError('Reader not loaded');
      const reader = factories.reader(this.connection, target, '', {
        getOperationalAttributes: this.getOperationalAttributes,
        ...(this.controls !== undefined ? { controls: this.controls } : {}),
      }) as { searchObject(dn: string): Promise<unknown> };
      const resolved: unknown[] = [];
      for (const value of attr.values) {
        const dn = String(value);
        if (sameDn(dn, entry.entryDn)) {
          throw new LdapDereferenceError(
            `object ${entry.entryDn} is referencing itself in the '${attr.definition.name}' attribute`,
          );
        }
        resolved.push(await reader.searchObject(dn));
      }
      attr.values = resolved;
    }
  }

  /** Builds an entry and resolves its dereferenced attributes. */
  async createEntry(response: EntryResponse): Promise<E> {
    const entry = this.buildEntry(response);
    await this.dereference(entry);
    return entry;
  }

  /** Adds the auxiliary classes met in an entry's objectClass to the definition (ldap3 behaviour). */
  protected learnAuxiliaryClasses(entry: E): void {
    if (!this.schema || !entry.entryHasAttribute('objectClass')) return;
    for (const oc of entry.entryAttribute('objectClass').values) {
      const info = this.schema.objectClass(String(oc));
      if (info?.kind === 'AUXILIARY') this.definition.addAuxiliaryClass(String(oc), true);
    }
  }

  /**
   * ldap3's `cursor[item]`: the entry at an index (negative counts from the end), or the only
   * entry whose DN contains the text; throws when none or several match.
   */
  at(item: number | string): E {
    if (typeof item === 'number') {
      const entry = this.entries.at(item);
      if (!entry) throw new LdapCursorError(`no entry at index ${item}`, 'LDAP_CURSOR_NO_ENTRY');
      return entry;
    }
    const found = this.matchDn(item);
    if (found.length === 1 && found[0]) return found[0];
    if (found.length === 0) throw new LdapCursorError('no entry found', 'LDAP_CURSOR_NO_ENTRY');
    const list = found.length > 10 ? '' : ` [${found.map((e) => e.entryDn).join('; ')}]`;
    throw new LdapCursorError(
      `Multiple entries found: ${found.length} entries match the text in dn${list}`,
      'LDAP_CURSOR_AMBIGUOUS',
    );
  }

  /** Entries whose DN contains `text` (case-insensitive). */
  matchDn(text: string): E[] {
    const lower = text.toLowerCase();
    return this.entries.filter((e) => e.entryDn.toLowerCase().includes(lower));
  }

  /**
   * Entries where one of `attributes` has a value containing `value` (case-insensitive for
   * text), or equal to it; bytes are compared with the raw values.
   */
  match(attributes: string | readonly string[], value: unknown): E[] {
    const names = typeof attributes === 'string' ? [attributes] : attributes;
    const lowerValue = typeof value === 'string' ? value.toLowerCase() : undefined;
    return this.entries.filter((entry) =>
      names.some((name) => {
        if (!entry.entryHasAttribute(name)) return false;
        const attr = entry.entryAttribute(name);
        const textHit = attr.values.some((v) =>
          lowerValue !== undefined && typeof v === 'string'
            ? v.toLowerCase().includes(lowerValue)
            : v === value,
        );
        if (textHit) return true;
        if (value instanceof Uint8Array) {
          return attr.rawValues.some(
            (raw) => raw.length === value.length && raw.every((b, i) => b === value[i]),
          );
        }
        return false;
      }),
    );
  }

  /** Removes an entry from the cursor. */
  remove(entry: E): void {
    this.entries = this.entries.filter((e) => e !== entry);
  }

  get length(): number {
    return this.entries.length;
  }

  [Symbol.iterator](): Iterator<E> {
    return this.entries[Symbol.iterator]();
  }
}
