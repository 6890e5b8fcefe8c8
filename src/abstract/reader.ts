/**
 * Reader: searches described by an ObjectDef and a simplified query or raw filter, returning
 * read-only entries (ldap3's Reader).
 */
import type { AttrDef } from './attr-def.js';
import { Attribute } from './attribute.js';
import type { CursorConnection } from './connection.js';
import { Cursor } from './cursor.js';
import type { CursorOptions, Scope } from './cursor.js';
import { Entry } from './entry.js';
import type { EntryAttributes } from './entry.js';
import { LdapCursorError } from './errors.js';
import type { ObjectDef } from './object-def.js';
import { compileQuery } from './query.js';
import { factories } from './registry.js';
import { STATUS_READ } from './status.js';
import { toEntryResponse } from './connection.js';

/** A read-only entry typed by its definition. */
export type ReaderEntry<T extends object> = Entry<T> & EntryAttributes<T>;

export interface ReaderOptions extends CursorOptions {
  /** AND the query components (true) or OR them. @defaultValue true */
  componentsInAnd?: boolean;
  /** `search()` covers the whole subtree (true) or one level. @defaultValue true */
  subTree?: boolean;
  /** Alias dereferencing for searches. @defaultValue 'DEREF_ALWAYS' */
  dereferenceAliases?: string;
}

/** What a client's `extend.standard.pagedSearch` looks like, structurally. */
type PagedSearch = (base: string, filter: string, options: Record<string, unknown>) => AsyncIterable<unknown>;

export class Reader<T extends object = Record<string, unknown>> extends Cursor<T, ReaderEntry<T>> {
  base: string;
  subTree: boolean;
  dereferenceAliases: string;
  /** The RFC 4515 filter of the last compilation. */
  queryFilter = '';
  /** ldap3's validated_query: the query with canonical keys and explicit operators. */
  validatedQuery = '';
  private queryText: string;
  private inAnd: boolean;
  protected readonly initialStatus = STATUS_READ;

  constructor(
    connection: CursorConnection,
    objectDef: ObjectDef<T> | string | readonly string[],
    base: string,
    query = '',
    options: ReaderOptions = {},
  ) {
    super(connection, objectDef, options);
    this.base = base;
    this.queryText = query;
    this.inAnd = options.componentsInAnd ?? true;
    this.subTree = options.subTree ?? true;
    this.dereferenceAliases = options.dereferenceAliases ?? 'DEREF_ALWAYS';
    this.reset();
  }

  protected newEntry(dn: string): ReaderEntry<T> {
    return new Entry<T>(dn, this) as ReaderEntry<T>;
  }

  protected newAttribute(def: AttrDef, entry: ReaderEntry<T>): Attribute {
    return new Attribute(def, entry._state);
  }

  /** The simplified query (or raw filter); setting it recompiles the filter. */
  get query(): string {
    return this.queryText;
  }

  set query(value: string) {
    this.queryText = value;
    this.reset();
  }

  get componentsInAnd(): boolean {
    return this.inAnd;
  }

  set componentsInAnd(value: boolean) {
    this.inAnd = value;
    this.reset();
  }

  /** Forgets the entries and recompiles the query. */
  reset(): void {
    this.resetHistory();
    this.entries = [];
    this.executionTime = undefined;
    const compiled = compileQuery(this.definition, this.queryText, this.inAnd);
    this.queryFilter = compiled.filter;
    this.validatedQuery = compiled.validatedQuery;
  }

  private async execute(
    scope: Scope,
    base: string,
    filter: string,
    attributes?: readonly string[],
  ): Promise<void> {
    this.resetHistory();
    const outcome = await this.run(
      this.connection.search(base, filter, this.searchOptions(scope, attributes, this.dereferenceAliases)),
    );
    const entries: ReaderEntry<T>[] = [];
    for (const r of outcome.entries) {
      const entry = await this.createEntry(r);
      entries.push(entry);
      this.learnAuxiliaryClasses(entry);
    }
    this.entries = entries;
    this.executionTime = new Date();
  }

  /** Searches the subtree (or one level when `subTree` is false) under the base. */
  async search(attributes?: readonly string[]): Promise<ReaderEntry<T>[]> {
    this.reset();
    await this.execute(this.subTree ? 'SUBTREE' : 'LEVEL', this.base, this.queryFilter, attributes);
    return this.entries;
  }

  /** Searches the entries immediately below the base (RFC 4511 singleLevel). */
  async searchLevel(attributes?: readonly string[]): Promise<ReaderEntry<T>[]> {
    this.reset();
    await this.execute('LEVEL', this.base, this.queryFilter, attributes);
    return this.entries;
  }

  /** Searches the base and everything below it (RFC 4511 wholeSubtree). */
  async searchSubtree(attributes?: readonly string[]): Promise<ReaderEntry<T>[]> {
    this.reset();
    await this.execute('SUBTREE', this.base, this.queryFilter, attributes);
    return this.entries;
  }

  /**
   * Reads one object (base scope, `(objectClass=*)` as ldap3 does): `dn`, or the base.
   * Undefined when the server returns no entry.
   */
  async searchObject(dn?: string, attributes?: readonly string[]): Promise<ReaderEntry<T> | undefined> {
    this.resetHistory();
    this.entries = [];
    await this.execute('BASE', dn ?? this.base, '(objectClass=*)', attributes);
    return this.entries[0];
  }

  /**
   * Searches with the RFC 2696 paged results control, `pagedSize` entries a page, yielding the
   * entries as the pages arrive. Leaving the loop early stops the paging (through the client's
   * `extend.standard.pagedSearch`).
   */
  async *searchPaged(
    pagedSize: number,
    options: { pagedCriticality?: boolean; attributes?: readonly string[] } = {},
  ): AsyncGenerator<ReaderEntry<T>, void, undefined> {
    if (!Number.isInteger(pagedSize) || pagedSize <= 0)
      throw new LdapCursorError('pagedSize must be a positive integer');
    this.reset();
    this.executionTime = new Date();
    const extend = this.connection.extend as { standard?: { pagedSearch?: PagedSearch } } | undefined;
    const paged = extend?.standard?.pagedSearch;
    if (typeof paged !== 'function') throw new LdapCursorError('the connection offers no paged search');
    const searchOptions = {
      ...this.searchOptions(this.subTree ? 'SUBTREE' : 'LEVEL', options.attributes, this.dereferenceAliases),
      pagedSize,
      pagedCriticality: options.pagedCriticality ?? true,
    };
    for await (const item of paged.call(extend?.standard, this.base, this.queryFilter, searchOptions)) {
      const response = toEntryResponse(item);
      if (!response) continue;
      const entry = await this.createEntry(response);
      this.learnAuxiliaryClasses(entry);
      yield entry;
    }
  }

  override toString(): string {
    return [
      `CURSOR : Reader`,
      `DEFS   : ${this.definition.objectClass.join(', ')}${this.definition.auxiliaryClass.length ? ` [AUX: ${this.definition.auxiliaryClass.join(', ')}]` : ''}`,
      `ATTRS  : ${[...this.attributes].sort().join(', ')}${this.getOperationalAttributes ? ' [OPERATIONAL]' : ''}`,
      `BASE   : ${this.base} ${this.subTree ? '[SUB]' : '[LEVEL]'}`,
      `QUERY  : ${this.queryText}`,
      `FILTER : ${this.queryFilter}`,
      `ENTRIES: ${this.entries.length}`,
    ].join('\n');
  }
}

factories.reader = (conn, def, base, options) => new Reader(conn, def, base, '', options);
