/**
 * The attributes of an entry (ldap3's Attribute, OperationalAttribute, WritableAttribute):
 * `values` after post-query transforms and dereferencing, `rawValues` as the server sent
 * them, and, for writable entries, the change verbs that queue modifications.
 */
import { MODIFY_ADD, MODIFY_DELETE, MODIFY_REPLACE } from '../client/index.js';
import type { AttrDef } from './attr-def.js';
import { LdapCursorError } from './errors.js';
import { LOCKED_STATUSES, STATUS_PENDING_CHANGES, STATUS_VIRTUAL } from './status.js';
import type { EntryState } from './entry-state.js';
import { applyValidator } from './validators.js';

/** The element type of a declared value type: `string[]` declares a multi-valued attribute of strings. */
export type ValueOf<V> = V extends readonly (infer E)[] ? E : V;

/** What `.value` gives: one value, several values, or undefined when there is none (ldap3). */
export type SingleOrMany<V> = V extends readonly (infer E)[] ? E | E[] | undefined : V | V[] | undefined;

export type ChangeOp = typeof MODIFY_ADD | typeof MODIFY_DELETE | typeof MODIFY_REPLACE;
export type Change = [op: ChangeOp, values: unknown[]];

function show(v: unknown): string {
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  if (v && typeof v === 'object' && 'entryDn' in v) return String((v as { entryDn: unknown }).entryDn);
  return String(v);
}

export class Attribute<V = unknown> implements Iterable<ValueOf<V>> {
  readonly key: string;
  readonly definition: AttrDef;
  values: ValueOf<V>[] = [];
  rawValues: Uint8Array[] = [];
  /** The schema's other names for the attribute (besides the key). */
  readonly otherNames: Set<string>;
  /** The state of the entry this attribute belongs to. */
  readonly state: EntryState;

  constructor(definition: AttrDef, state: EntryState) {
    this.key = definition.key;
    this.definition = definition;
    this.state = state;
    this.otherNames = new Set(
      [...definition.otherNames].filter((n) => n.toLowerCase() !== this.key.toLowerCase()),
    );
  }

  /** The only value, the list of values when there are several, undefined when none. */
  get value(): SingleOrMany<V> {
    if (this.values.length === 0) return undefined as SingleOrMany<V>;
    return (this.values.length === 1 ? this.values[0] : [...this.values]) as SingleOrMany<V>;
  }

  get length(): number {
    return this.values.length;
  }

  [Symbol.iterator](): Iterator<ValueOf<V>> {
    return this.values[Symbol.iterator]();
  }

  toString(): string {
    return this.values.length === 1 ? show(this.values[0]) : `[${this.values.map(show).join(', ')}]`;
  }

  /** ldap3's repr: `key: value` lines. */
  describe(): string {
    if (this.values.length === 0) return `${this.key}: <no value>`;
    const filler = ' '.repeat(this.key.length + 2);
    return this.values.map((v, i) => (i === 0 ? `${this.key}: ${show(v)}` : filler + show(v))).join('\n');
  }
}

/** An operational attribute (RFC 4512 section 3.4) read with `getOperationalAttributes`; read only. */
export class OperationalAttribute<V = unknown> extends Attribute<V> {
  override describe(): string {
    return super.describe().replace(': ', ' [OPERATIONAL]: ');
  }
}

export class WritableAttribute<V = unknown> extends Attribute<V> {
  /** True while the attribute has no value on the server (a new or absent attribute). */
  get virtual(): boolean {
    return this.values.length === 0;
  }

  /** The changes queued for this attribute, if any. */
  get changes(): readonly Change[] | undefined {
    return this.state.changes.get(this.definition.name);
  }

  private checkChangeable(verb: string, forbidVirtual: boolean): void {
    if (forbidVirtual && this.state.initialStatus === STATUS_VIRTUAL) {
      throw new LdapCursorError(
        `cannot ${verb} an attribute value in a new entry: use set()`,
        'LDAP_CURSOR_STATUS',
      );
    }
    if (LOCKED_STATUSES.includes(this.state.status)) {
      throw new LdapCursorError(`${this.state.status} - cannot ${verb} attributes`, 'LDAP_CURSOR_STATUS');
    }
  }

  private validated(values: ValueOf<V> | readonly ValueOf<V>[]): unknown[] {
    const list: unknown[] = Array.isArray(values) ? [...(values as unknown[])] : [values];
    return list.map((v) => {
      if (v === undefined || v === null) {
        throw new LdapCursorError(
          `value for attribute '${this.key}' cannot be ${String(v)}`,
          'LDAP_CURSOR_VALUE',
        );
      }
      return applyValidator(this.definition.validate, v, () => {
        throw new LdapCursorError(
          `value '${show(v)}' non valid for attribute '${this.key}'`,
          'LDAP_CURSOR_VALIDATION',
        );
      });
    });
  }

  private queue(change: Change, replace: boolean): void {
    const name = this.definition.name;
    const existing = this.state.changes.get(name);
    if (!existing || replace) this.state.changes.set(name, [change]);
    else existing.push(change);
    this.state.setStatus(STATUS_PENDING_CHANGES);
  }

  /** Queues MODIFY_ADD of values (not for new entries: use `set`). */
  add(values: ValueOf<V> | readonly ValueOf<V>[]): void {
    this.checkChangeable('add', true);
    this.queue([MODIFY_ADD, this.validated(values)], false);
  }

  /** Queues MODIFY_REPLACE with the values: the old values go. */
  set(values: ValueOf<V> | readonly ValueOf<V>[]): void {
    this.checkChangeable('set', false);
    this.queue([MODIFY_REPLACE, this.validated(values)], true);
  }

  /** Queues MODIFY_DELETE of values the attribute has (checked here, as ldap3 does). */
  delete(values: ValueOf<V> | readonly ValueOf<V>[]): void {
    this.checkChangeable('delete', true);
    const list: unknown[] = Array.isArray(values) ? [...(values as unknown[])] : [values];
    for (const v of list) {
      if (v === undefined || v === null)
        throw new LdapCursorError('value to delete cannot be empty', 'LDAP_CURSOR_VALUE');
      if (!this.values.some((have) => sameValue(have, v))) {
        throw new LdapCursorError(
          `value '${show(v)}' not present in '${this.values.map(show).join(', ')}'`,
          'LDAP_CURSOR_VALUE',
        );
      }
    }
    this.queue([MODIFY_DELETE, list], false);
  }

  /** Queues the removal of the whole attribute (MODIFY_REPLACE with no values, RFC 4511 section 4.6). */
  remove(): void {
    this.checkChangeable('remove', true);
    this.queue([MODIFY_REPLACE, []], true);
  }

  /** Drops the changes queued for this attribute. */
  discard(): void {
    this.state.changes.delete(this.definition.name);
    if (this.state.changes.size === 0) this.state.setStatus(this.state.initialStatus);
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b || String(a) === String(b);
}
