/**
 * The state behind an entry (ldap3's EntryState): DN, status, attributes, raw values, queued
 * changes, and the status rules. Kept apart from the entry object so that attribute names
 * never collide with bookkeeping.
 */
import type { Attribute, Change } from './attribute.js';
import { compactKey } from './attr-def.js';
import type { EntryResponse } from './connection.js';
import type { ObjectDef } from './object-def.js';
import {
  INITIAL_STATUSES,
  STATUS_COMMITTED,
  STATUS_DELETED,
  STATUS_INIT,
  STATUS_MANDATORY_MISSING,
  STATUS_PENDING_CHANGES,
  STATUS_VIRTUAL,
  STATUS_WRITABLE,
} from './status.js';
import type { EntryStatus } from './status.js';

/** Active Directory MUST attributes the server fills in itself (ldap3's default list). */
export const IGNORED_MANDATORY_ATTRIBUTES = new Set([
  'instancetype',
  'ntsecuritydescriptor',
  'objectcategory',
]);

/** Attributes of an entry by key, with aliases; lookups ignore case and whitespace. */
export class AttributeStore {
  private readonly byKey = new Map<string, Attribute>();
  private readonly aliases = new Map<string, string>();

  set(attribute: Attribute, aliases: Iterable<string> = []): void {
    const k = compactKey(attribute.key).toLowerCase();
    this.byKey.set(k, attribute);
    for (const a of [attribute.definition.name, ...attribute.otherNames, ...aliases]) {
      const ak = compactKey(a).toLowerCase();
      if (!this.byKey.has(ak) && !this.aliases.has(ak)) this.aliases.set(ak, k);
    }
  }

  delete(key: string): void {
    const k = this.resolve(key);
    if (k === undefined) return;
    this.byKey.delete(k);
    for (const [a, target] of [...this.aliases]) if (target === k) this.aliases.delete(a);
  }

  private resolve(name: string): string | undefined {
    const k = compactKey(name).toLowerCase();
    if (this.byKey.has(k)) return k;
    return this.aliases.get(k);
  }

  /**
   * Finds an attribute by key or alias, then as `name;binary`, then a ranged `name;range=...`
   * (ldap3's lookup order).
   */
  get(name: string): Attribute | undefined {
    const k = this.resolve(name) ?? this.resolve(`${name};binary`);
    if (k !== undefined) return this.byKey.get(k);
    const prefix = `${compactKey(name).toLowerCase()};range=`;
    for (const [key, attr] of this.byKey) if (key.startsWith(prefix)) return attr;
    for (const [alias, key] of this.aliases) if (alias.startsWith(prefix)) return this.byKey.get(key);
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  values(): IterableIterator<Attribute> {
    return this.byKey.values();
  }

  get size(): number {
    return this.byKey.size;
  }

  clear(): void {
    this.byKey.clear();
    this.aliases.clear();
  }
}

/** What the state needs to know about the cursor that produced the entry. */
export interface StateCursor {
  readonly definition: ObjectDef<object>;
}

export class EntryState {
  dn: string;
  status: EntryStatus = STATUS_INIT;
  initialStatus: EntryStatus = STATUS_INIT;
  attributes = new AttributeStore();
  /** Raw values as the server sent them, by attribute description (server spelling). */
  rawAttributes = new Map<string, Uint8Array[]>();
  response: EntryResponse | undefined;
  readTime: Date | undefined;
  /** Empty attributes handed out for defined attributes the entry has no value for. */
  readonly absent = new Map<string, Attribute>();
  /** Queued changes by attribute name, in the order they were first made. */
  readonly changes = new Map<string, Change[]>();
  /** Destination of a pending move (new superior DN) or rename (new RDN). */
  to: string | undefined;
  /** The read-only entry this writable one was made from (`entryWritable`). */
  origin: unknown;
  definition: ObjectDef<object>;
  cursor: StateCursor;

  constructor(dn: string, cursor: StateCursor) {
    this.dn = dn;
    this.cursor = cursor;
    this.definition = cursor.definition;
  }

  /** The MUST attributes (keys) that have neither a value nor a pending value. */
  missingMandatory(): string[] {
    const missing: string[] = [];
    for (const def of this.definition) {
      if (!def.mandatory || IGNORED_MANDATORY_ATTRIBUTES.has(def.name.toLowerCase())) continue;
      const attr = this.attributes.get(def.key);
      const hasValue = attr !== undefined && attr.values.length > 0;
      const pending = (this.changes.get(def.name) ?? []).some(([, values]) => values.length > 0);
      if (!hasValue && !pending) missing.push(def.key);
    }
    return missing;
  }

  /**
   * ldap3's set_status: initial statuses are remembered (discarding returns to them), Deleted
   * makes the entry a would-be new one, Committed a writable one, and a new entry whose MUST
   * attributes are not all present is 'Missing mandatory attributes' instead.
   */
  setStatus(status: EntryStatus): void {
    if (INITIAL_STATUSES.includes(status)) this.initialStatus = status;
    this.status = status;
    if (status === STATUS_DELETED) this.initialStatus = STATUS_VIRTUAL;
    if (status === STATUS_COMMITTED) this.initialStatus = STATUS_WRITABLE;
    const isNew =
      status === STATUS_VIRTUAL ||
      (status === STATUS_PENDING_CHANGES && this.initialStatus === STATUS_VIRTUAL);
    if (isNew && this.missingMandatory().length > 0) this.status = STATUS_MANDATORY_MISSING;
  }
}
