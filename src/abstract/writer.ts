/**
 * Writer: a cursor of writable entries (ldap3's Writer): made from a Reader's entries
 * (`fromCursor`), from a search response (`fromResponse`), or new entries (`new(dn)`);
 * `commit` sends every entry's pending changes.
 */
import { AttrDef } from './attr-def.js';
import { OperationalAttribute, WritableAttribute } from './attribute.js';
import type { Attribute } from './attribute.js';
import { dnEquals, parseDn } from '../dn/index.js';
import type { CursorConnection, Outcome } from './connection.js';
import { toEntryResponse } from './connection.js';
import { Cursor } from './cursor.js';
import type { CursorOptions } from './cursor.js';
import type { Entry, WritableEntryAttributes } from './entry.js';
import { LdapCursorError } from './errors.js';
import { ObjectDef } from './object-def.js';
import { factories } from './registry.js';
import { STATUS_PENDING_CHANGES, STATUS_VIRTUAL, STATUS_WRITABLE } from './status.js';
import { WritableEntry } from './writable-entry.js';
import type { WriterCursor } from './writable-entry.js';

/** A writable entry typed by its definition. */
export type WriterEntry<T extends object> = WritableEntry<T> & WritableEntryAttributes<T>;

export class Writer<T extends object = Record<string, unknown>>
  extends Cursor<T, WriterEntry<T>>
  implements WriterCursor
{
  dereferenceAliases = 'DEREF_NEVER';
  protected readonly initialStatus = STATUS_WRITABLE;

  constructor(
    connection: CursorConnection,
    objectDef: ObjectDef<T> | string | readonly string[],
    options: CursorOptions = {},
  ) {
    super(connection, objectDef, options);
  }

  /** A Writer holding writable copies of a Reader's entries. */
  static fromCursor<T extends object>(
    cursor: Cursor<T, Entry<T> & object>,
    options: {
      connection?: CursorConnection;
      objectDef?: ObjectDef<T>;
      customValidator?: (value: unknown, attribute: string) => boolean | unknown;
    } = {},
  ): Writer<T> {
    const writer = new Writer<T>(
      options.connection ?? cursor.connection,
      options.objectDef ?? cursor.definition,
      {
        attributes: [...cursor.attributes].filter((a) => (options.objectDef ?? cursor.definition).has(a)),
      },
    );
    for (const entry of cursor.entries) {
      entry.entryWritable({
        objectDef: writer.definition,
        writerCursor: writer,
        ...(options.customValidator ? { customValidator: options.customValidator } : {}),
      });
    }
    writer.executionTime = cursor.executionTime;
    return writer;
  }

  /**
   * A Writer over the entries of a search response: `response` or, for SYNC-like strategies,
   * the connection's last `response`.
   */
  static async fromResponse<T extends object>(
    connection: CursorConnection,
    objectDef: ObjectDef<T> | string | readonly string[],
    response?: readonly unknown[],
  ): Promise<Writer<T>> {
    const items =
      response ?? (Array.isArray(connection.response) ? (connection.response as unknown[]) : undefined);
    if (!items) throw new LdapCursorError('response not present');
    const writer = new Writer<T>(connection, objectDef);
    for (const item of items) {
      const r = toEntryResponse(item);
      if (r) writer.entries.push(await writer.createEntry(r));
    }
    return writer;
  }

  protected newEntry(dn: string): WriterEntry<T> {
    return new WritableEntry<T>(dn, this) as WriterEntry<T>;
  }

  protected newAttribute(def: AttrDef, entry: WriterEntry<T>): Attribute {
    return new WritableAttribute(def, entry._state);
  }

  /** Runs an operation for an entry and records it in the Writer's history. */
  runOperation(operation: Promise<unknown>): Promise<Outcome> {
    return this.run(operation);
  }

  resetOperations(): void {
    this.resetHistory();
  }

  /**
   * A new entry (status Virtual, then Pending changes or Missing mandatory attributes): the
   * object classes and the RDN's attribute values are already set; MUST attributes are
   * present as virtual attributes to fill in.
   */
  new(dn: string): WriterEntry<T> {
    if (this.entries.some((e) => dnEquals(e.entryDn, dn)))
      throw new LdapCursorError('dn already present in cursor');
    const rdn = parseDn(dn)[0];
    if (!rdn) throw new LdapCursorError('a new entry needs a DN with at least one RDN');
    const def = this.definition;
    if (def.objectClass.length > 0 && !def.has('objectClass'))
      def.add(new AttrDef('objectClass', { mandatory: true }));
    const entry = this.newEntry(dn);
    const state = entry._state;
    for (const key of def.mandatory) state.attributes.set(new WritableAttribute(def.get(key), state));
    state.setStatus(STATUS_VIRTUAL);
    if (def.objectClass.length > 0) entry.entryAttribute('objectClass').set([...def.objectClass]);
    for (const ava of rdn) {
      if (!def.has(ava.type))
        throw new LdapCursorError(`rdn type '${ava.type}' not in object class definition`);
      entry.entryAttribute(ava.type).set(ava.value);
    }
    state.setStatus(STATUS_VIRTUAL);
    state.setStatus(STATUS_PENDING_CHANGES);
    this.entries.push(entry);
    return entry;
  }

  /** Commits every entry's pending changes; true when all succeeded. */
  async commit(refresh = true): Promise<boolean> {
    this.resetHistory();
    let ok = true;
    for (const entry of [...this.entries]) {
      if (!(await entry.entryCommitChanges({ refresh, clearHistory: false }))) ok = false;
    }
    this.executionTime = new Date();
    return ok;
  }

  /** Discards every entry's pending changes. */
  discard(): void {
    for (const entry of this.entries) entry.entryDiscardChanges();
  }

  /** Reads one object with the given attributes (base scope); undefined when not found. */
  async refreshObject(dn: string, attributes?: readonly string[]): Promise<WriterEntry<T> | undefined> {
    const outcome = await this.run(
      this.connection.search(dn, '(objectClass=*)', this.searchOptions('BASE', attributes, 'DEREF_NEVER')),
    );
    const first = outcome.entries[0];
    if (outcome.entries.length > 1)
      throw new LdapCursorError('more than 1 entry returned for a single object search');
    return first ? this.createEntry(first) : undefined;
  }

  /**
   * Reads an entry again and replaces its state (values, raw values, response); attributes it
   * had that are gone become virtual. False when the entry is not found.
   */
  async refreshEntry(entry: WritableEntry): Promise<boolean> {
    const names = new Set<string>();
    for (const attr of entry._state.attributes.values()) {
      if (!(attr instanceof OperationalAttribute)) names.add(attr.definition.name);
    }
    const fresh = await this.refreshObject(entry.entryDn, [...names]);
    if (!fresh) return false;
    const previous = entry._state;
    const state = fresh._state;
    state.origin = previous.origin;
    for (const attr of previous.attributes.values()) {
      if (!state.attributes.has(attr.key) && this.definition.has(attr.key)) {
        state.attributes.set(new WritableAttribute(this.definition.get(attr.key), state));
      }
    }
    entry._state = state;
    state.setStatus(state.initialStatus);
    return true;
  }
}

factories.writer = (conn, def, options) => new Writer(conn, def, options);
