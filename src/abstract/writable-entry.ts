/**
 * WritableEntry (ldap3's WritableEntry): an entry in a Writer whose changes are queued on its
 * attributes and sent by `entryCommitChanges` as one operation: an add for a new (virtual)
 * entry, one modify with every pending change, a delete, or a modify DN for a move or rename.
 */
import { joinDn, parentDn, rdnOf } from '../dn/index.js';
import { MODIFY_ADD } from '../client/index.js';
import { WritableAttribute } from './attribute.js';
import type { Change } from './attribute.js';
import { EntryBase } from './entry.js';
import type { EntryCursor } from './entry.js';
import { EntryState } from './entry-state.js';
import { classAllows } from './schema-view.js';
import { LdapAttributeError, LdapCursorError } from './errors.js';
import type { CursorControls, Outcome } from './connection.js';
import type { AttributesInput, ModifyChanges } from '../client/index.js';
import {
  DELETE_FROM,
  MOVE_FROM,
  RENAME_FROM,
  STATUS_COMMITTED,
  STATUS_DELETED,
  STATUS_MANDATORY_MISSING,
  STATUS_PENDING_CHANGES,
  STATUS_READY_FOR_DELETION,
  STATUS_READY_FOR_MOVING,
  STATUS_READY_FOR_RENAMING,
  STATUS_VIRTUAL,
} from './status.js';

/** What a writable entry needs from its Writer. */
export interface WriterCursor extends EntryCursor {
  readonly attributes: Set<string>;
  readonly controls: CursorControls;
  runOperation(operation: Promise<unknown>): Promise<Outcome>;
  resetOperations(): void;
  refreshEntry(entry: WritableEntry): Promise<boolean>;
}

export interface CommitOptions {
  /** Read the entry back after a successful commit. @defaultValue true */
  refresh?: boolean;
  /** Controls for the operation. @defaultValue the Writer's controls */
  controls?: CursorControls;
  /** Forget the Writer's previous operations first. @defaultValue true */
  clearHistory?: boolean;
}

/** The read-only entry a writable one came from: refreshed after commits (same connection). */
interface OriginEntry {
  _state: EntryState;
  readonly entryCursor: EntryCursor & { buildEntry(r: unknown): { _state: EntryState } };
}

// eslint-disable-next-line @typescript-eslint/no-unused-vars
export class WritableEntry<T extends object = Record<string, unknown>> extends EntryBase {
  private get writer(): WriterCursor {
    return this._state.cursor as WriterCursor;
  }

  /**
   * Attributes of the definition the entry has no value for are created on first access as
   * virtual ones, so that `entry.description.set('x')` works (ldap3 behaviour).
   */
  override entryAttribute(name: string): WritableAttribute {
    const existing = this._state.attributes.get(name);
    if (existing) return existing as WritableAttribute;
    const def = this._state.definition.find(name);
    if (!def) throw new LdapAttributeError(`attribute '${name}' not defined for entry ${this._state.dn}`);
    const attr = new WritableAttribute(def, this._state);
    this._state.attributes.set(attr);
    this.writer.attributes.add(def.name);
    return attr;
  }

  /** `entry.cn = 'x'` is `entry.cn.set('x')`. */
  override entrySetAttribute(name: string, value: unknown): void {
    this.entryAttribute(name).set(value);
  }

  /** Keys of the attributes that have no value yet. */
  get entryVirtualAttributes(): string[] {
    return [...this._state.attributes.values()].filter((a) => a.values.length === 0).map((a) => a.key);
  }

  /** Pending changes by attribute name: `[operation, values]` lists. */
  get entryChanges(): ReadonlyMap<string, readonly Change[]> {
    return this._state.changes;
  }

  /** Drops every pending change and returns to the initial status. */
  entryDiscardChanges(): void {
    this._state.changes.clear();
    this._state.setStatus(this._state.initialStatus);
  }

  /** Marks the entry for deletion at the next commit. */
  entryDelete(): void {
    if (!DELETE_FROM.includes(this._state.status)) {
      throw new LdapCursorError(
        `cannot delete entry, invalid status: ${this._state.status}`,
        'LDAP_CURSOR_STATUS',
      );
    }
    this._state.setStatus(STATUS_READY_FOR_DELETION);
  }

  /** Marks the entry to be moved under `destinationDn` (its RDN kept) at the next commit. */
  entryMove(destinationDn: string): void {
    if (!MOVE_FROM.includes(this._state.status)) {
      throw new LdapCursorError(
        `cannot move entry, invalid status: ${this._state.status}`,
        'LDAP_CURSOR_STATUS',
      );
    }
    this._state.to = destinationDn;
    this._state.setStatus(STATUS_READY_FOR_MOVING);
  }

  /** Marks the entry to be renamed to `newName` (an RDN, or a DN whose first RDN is used). */
  entryRename(newName: string): void {
    if (!RENAME_FROM.includes(this._state.status)) {
      throw new LdapCursorError(
        `cannot rename entry, invalid status: ${this._state.status}`,
        'LDAP_CURSOR_STATUS',
      );
    }
    this._state.to = newName;
    this._state.setStatus(STATUS_READY_FOR_RENAMING);
  }

  /** Reads the entry again from the server; false when it is gone. */
  async entryRefresh(): Promise<boolean> {
    return this.writer.refreshEntry(this);
  }

  /** After a move or rename: the new DN, refresh, and the origin follows. */
  private async afterModifyDn(newDn: string, refresh: boolean): Promise<void> {
    this._state.dn = newDn;
    const origin = this._state.origin as OriginEntry | undefined;
    if (refresh) await this.entryRefresh();
    if (origin && origin.entryCursor.connection === this.writer.connection) origin._state.dn = newDn;
    this._state.setStatus(STATUS_COMMITTED);
    this._state.to = undefined;
  }

  /** The objectClass additions that auxiliary attributes in the changes need (ldap3 behaviour). */
  private auxiliaryClassesNeeded(): string[] {
    const def = this._state.definition;
    const schema = this.writer.schema;
    if (def.auxiliaryClass.length === 0 || !schema) return [];
    const present = new Set<string>();
    const oc = this._state.attributes.get('objectClass');
    for (const v of oc?.values ?? []) present.add(String(v).toLowerCase());
    for (const [, values] of this._state.changes.get('objectClass') ?? []) {
      for (const v of values) present.add(String(v).toLowerCase());
    }
    const needed: string[] = [];
    for (const name of this._state.changes.keys()) {
      if (name.toLowerCase() === 'objectclass') continue;
      if ([...present].some((c) => classAllows(schema, c, name))) continue;
      const aux = def.auxiliaryClass.find((c) => classAllows(schema, c, name));
      if (aux && !present.has(aux.toLowerCase())) {
        needed.push(aux);
        present.add(aux.toLowerCase());
      }
    }
    return needed;
  }

  /** Updates the read-only entry this one was made from with the committed values. */
  private updateOrigin(): void {
    const origin = this._state.origin as OriginEntry | undefined;
    const response = this._state.response;
    if (!origin || !response || origin.entryCursor.connection !== this.writer.connection) return;
    const fresh = origin.entryCursor.buildEntry(response);
    fresh._state.readTime = this._state.readTime;
    // dereferenced values were read again by the refresh: share them instead of searching twice
    for (const attr of fresh._state.attributes.values()) {
      if (!attr.definition.dereferenceDn) continue;
      const mine = this._state.attributes.get(attr.key);
      if (mine) attr.values = [...mine.values];
    }
    origin._state = fresh._state;
  }

  /**
   * Sends what is pending: a delete, a modify DN (move or rename), an add (new entry) or one
   * modify with every queued change; then reads the entry back unless `refresh` is false.
   * Resolves true on success, false when the server refused (details in the Writer's
   * `errors`) or there was nothing to do. A new entry with missing MUST attributes throws.
   */
  async entryCommitChanges(options: CommitOptions = {}): Promise<boolean> {
    const { refresh = true, clearHistory = true } = options;
    const controls = options.controls ?? this.writer.controls;
    const conn = this.writer.connection;
    if (clearHistory) this.writer.resetOperations();
    const status = this._state.status;
    if (status === STATUS_READY_FOR_DELETION) {
      const outcome = await this.writer.runOperation(conn.delete(this.entryDn, controls));
      if (outcome.result.result !== 0) return false;
      const origin = this._state.origin as OriginEntry | undefined;
      if (origin && origin.entryCursor.connection === conn) {
        origin._state = new EntryState(this.entryDn, origin.entryCursor);
        origin._state.setStatus(STATUS_DELETED);
      }
      const state = new EntryState(this.entryDn, this.writer);
      state.setStatus(STATUS_DELETED);
      this._state = state;
      return true;
    }
    if (status === STATUS_READY_FOR_MOVING) {
      const rdn = rdnOf(this.entryDn) ?? '';
      const to = this._state.to ?? '';
      const options = { deleteOldDn: true, newSuperior: to, ...(controls !== undefined ? { controls } : {}) };
      const outcome = await this.writer.runOperation(conn.modifyDn(this.entryDn, rdn, options));
      if (outcome.result.result !== 0) return false;
      await this.afterModifyDn(joinDn(rdn, to), refresh);
      return true;
    }
    if (status === STATUS_READY_FOR_RENAMING) {
      const to = this._state.to ?? '';
      // a full DN may be given: its first RDN is the new name (ldap3's safe_rdn)
      const rdn = rdnOf(to) ?? to;
      const options = { deleteOldDn: true, ...(controls !== undefined ? { controls } : {}) };
      const outcome = await this.writer.runOperation(conn.modifyDn(this.entryDn, rdn, options));
      if (outcome.result.result !== 0) return false;
      await this.afterModifyDn(joinDn(rdn, parentDn(this.entryDn) ?? ''), refresh);
      return true;
    }
    if (status === STATUS_VIRTUAL || status === STATUS_MANDATORY_MISSING) {
      const missing = this._state.missingMandatory().map((k) => `'${k}'`);
      throw new LdapCursorError(
        `mandatory attributes ${missing.join(', ')} missing in entry ${this.entryDn}`,
        'LDAP_CURSOR_MANDATORY',
      );
    }
    if (status !== STATUS_PENDING_CHANGES || this._state.changes.size === 0) return false;

    const isNew = this._state.initialStatus === STATUS_VIRTUAL;
    for (const aux of this.auxiliaryClassesNeeded()) {
      if (isNew) {
        const ocChange = this._state.changes.get('objectClass')?.[0];
        if (ocChange) ocChange[1].push(aux);
      } else {
        const list = this._state.changes.get('objectClass') ?? [];
        list.push([MODIFY_ADD, [aux]]);
        this._state.changes.set('objectClass', list);
      }
    }
    let outcome: Outcome;
    if (isNew) {
      const attributes = new Map<string, unknown>();
      for (const [name, changes] of this._state.changes) attributes.set(name, changes[0]?.[1] ?? []);
      outcome = await this.writer.runOperation(
        conn.add(this.entryDn, undefined, attributes as AttributesInput, controls),
      );
    } else {
      const changes = new Map<string, Change[]>(
        [...this._state.changes].map(([k, v]) => [k, v.map((c) => [...c] as Change)]),
      );
      outcome = await this.writer.runOperation(
        conn.modify(this.entryDn, changes as unknown as ModifyChanges, controls),
      );
    }
    if (outcome.result.result !== 0) return false;
    if (refresh) {
      if (await this.entryRefresh()) this.updateOrigin();
    } else {
      this._state.changes.clear();
    }
    this._state.changes.clear();
    this._state.setStatus(STATUS_COMMITTED);
    return true;
  }
}
