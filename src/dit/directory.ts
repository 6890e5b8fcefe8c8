/**
 * `Directory`: the in-memory DIT that the client's MOCK strategies and the TCP mock server run
 * on. It implements the RequestHandler seam (handle one request, emit its responses), and
 * offers fixture loading, export, O(1) snapshots and UnboundID-style assertions.
 *
 * `reset()` returns to the state after construction or after the last `loadLdif`/`loadJson`
 * call (whichever came last): the fixture baseline. `addEntry` does not move the baseline.
 */
import { readFileSync } from 'node:fs';
import type { LdapMessage, RequestOp } from '../protocol/index.js';
import { getProfile, type Schema, type ServerProfile } from '../schema/index.js';
import { fromUtf8, utf8 } from '../util/index.js';
import { Engine, type ProfileName } from './engine.js';
import { defaultUuid, seededUuid } from './operational.js';
import type { RequestHandler, Respond, Session } from './handler.js';
import { dispatch } from './dispatch.js';
import { SchemaAdapter } from './schema-source.js';
import { SchemaView } from './schema-view.js';
import { type DitState, DEFAULT_INDEXED, Store } from './store.js';
import { exportLdif, loadJsonInto, loadLdifInto, type AttrInput, toPartials } from './fixtures.js';
import * as assertions from './assertions.js';
import { add } from './operations/add.js';
import type { OpContext } from './operations/context.js';
import { OperationFailure } from './result.js';

export interface DirectoryOptions {
  /** A schema to use instead of the profile's. */
  schema?: Schema;
  /** Server personality: schema, root DSE, defaults. @defaultValue 'openldap' */
  profile?: ProfileName;
  /** Administrator identity outside the DIT (slapd's rootdn). */
  rootDn?: string;
  /** Its password (cleartext or a `{SCHEME}` value). */
  rootPassword?: string | Uint8Array;
  /** Clock for timestamps; inject one for golden tests. @defaultValue () => new Date() */
  clock?: () => Date;
  /** entryUUID source: a seed number for deterministic UUIDs, or a generator. @defaultValue random v4 */
  uuid?: number | (() => string);
  /** Keep memberOf and referential integrity of member/uniqueMember. @defaultValue true for 'ad' */
  memberOf?: boolean;
  /** Accept a DN with an empty password as an anonymous bind. @defaultValue false */
  allowUnauthenticatedBind?: boolean;
  /** Naming contexts (suffixes); by default the top entries loaded. */
  namingContexts?: string[];
  /** Attribute types with equality indexes. @defaultValue objectClass, cn, sn, uid, mail (as the reference slapd) */
  indexes?: string[];
  /** Attribute types (string rules only) with a trigram substring index. @defaultValue none */
  substringIndexes?: string[];
  /**
   * Server-side size limit of searches by every identity but the root DN, anonymous included;
   * 0 for none. slapd's default `sizelimit` is 500 (measured: 500 entries, then
   * sizeLimitExceeded, paged or not), which is what the `openldap` profile answers.
   * @defaultValue 500 for 'openldap', 0 for the others
   */
  sizeLimit?: number;
}

/** slapd's default `sizelimit` (slapd.conf(5)), for all but the root DN. */
const SLAPD_SIZE_LIMIT = 500;

/** An opaque captured state of a Directory (O(1) to take and to restore). */
export interface DirectorySnapshot {
  readonly state: DitState;
}

/**
 * The in-memory DIT. Answers as slapd 2.5 does for the `openldap` profile (result codes,
 * matchedDN, diagnostic texts, and result order: entry-id (insertion) order for indexed searches
 * and searches from a naming context, slapd's dn2id order (shorter RDNs first) for one-level
 * searches and unindexed subtrees below it). Every operation runs to completion before the next
 * starts, and a search works on the state it started on (snapshot isolation).
 */
const AD_INDEXED = ['sAMAccountName', 'userPrincipalName', 'objectSid', 'objectCategory'];

export class Directory implements RequestHandler {
  readonly engine: Engine;
  readonly profile: ServerProfile;
  private baseline: DitState;

  constructor(options: DirectoryOptions = {}) {
    const profileName = options.profile ?? 'openldap';
    this.profile = getProfile(profileName);
    const schema = options.schema ?? this.profile.schema;
    const view = new SchemaView(
      new SchemaAdapter(schema),
      profileName === 'none' || schema.options.schemaless === true,
      profileName === 'openldap' ? 'openldap' : 'rfc4514',
    );
    // AD: the attributes applications look principals up by are indexed as well
    const indexes =
      options.indexes ?? (profileName === 'ad' ? [...DEFAULT_INDEXED, ...AD_INDEXED] : DEFAULT_INDEXED);
    const store = new Store(view, indexes, options.substringIndexes ?? []);
    const uuid =
      typeof options.uuid === 'number'
        ? seededUuid(options.uuid)
        : typeof options.uuid === 'function'
          ? options.uuid
          : defaultUuid;
    const pw = options.rootPassword;
    this.engine = new Engine(store, view, {
      profile: profileName,
      rootDn: options.rootDn,
      rootPassword: pw === undefined ? undefined : typeof pw === 'string' ? utf8(pw) : pw,
      clock: options.clock ?? (() => new Date()),
      uuid,
      memberOf: options.memberOf ?? profileName === 'ad',
      allowUnauthenticatedBind: options.allowUnauthenticatedBind ?? false,
      namingContexts: options.namingContexts ?? [],
      subschemaDn: this.profile.subschemaDn,
      sizeLimit: options.sizeLimit ?? (profileName === 'openldap' ? SLAPD_SIZE_LIMIT : 0),
    });
    if (this.engine.options.memberOf && !view.type('memberOf')) {
      // slapd's memberof overlay defines it (1.2.840.113556.1.2.102, dSAOperation)
      const dnRule = view.matchingRule('distinguishedNameMatch');
      view.define(
        {
          key: 'memberof',
          name: 'memberOf',
          oid: '1.2.840.113556.1.2.102',
          known: true,
          singleValue: false,
          noUserModification: true,
          operational: true,
          syntax: '1.3.6.1.4.1.1466.115.121.1.12',
          equality: dnRule,
          ordering: undefined,
          substr: undefined,
          withSubtypes: ['memberof'],
        },
        '1.2.840.113556.1.2.102',
      );
    }
    this.baseline = store.freeze();
  }

  /** RequestHandler: answer one request message (see src/dit/handler.ts). */
  async handle(
    request: LdapMessage<RequestOp>,
    session: Session,
    respond: Respond,
    signal?: AbortSignal,
  ): Promise<void> {
    dispatch(this, request, session, respond, signal);
  }

  /** Number of entries. */
  get size(): number {
    return this.engine.state.byId.size;
  }

  private adminContext(): OpContext {
    const session: Session = { id: 0, bindDN: this.engine.options.rootDn ?? '', tls: false };
    return { engine: this.engine, session, controls: new Map(), authzDn: session.bindDN, relax: true };
  }

  /**
   * Add an entry directly (no access checks; server-maintained attributes may be given).
   * Values: string, number, boolean, bytes or arrays of them. The parent must exist unless the
   * entry is a naming context. Throws an LdapResultError-like Error on failure.
   */
  addEntry(dn: string, attributes: Record<string, AttrInput> | Map<string, AttrInput>): void {
    try {
      add(this.adminContext(), { type: 'AddRequest', entry: dn, attributes: toPartials(attributes) });
    } catch (err) {
      throw asError(err, `addEntry ${dn}`);
    }
  }

  /**
   * Load LDIF (a path or the text itself): content records added in any order, change records
   * applied. All or nothing: when any record fails (syntax, schema, a missing parent), the
   * directory is left as it was before the call (writes made meanwhile by others included).
   */
  async loadLdif(pathOrText: string, options: { allowFileUrls?: boolean } = {}): Promise<number> {
    return this.atomically(() => loadLdifInto(this, this.adminContext(), pathOrText, options));
  }

  private async atomically(load: () => Promise<number> | number): Promise<number> {
    const store = this.engine.store;
    const before = store.freeze();
    let n: number;
    try {
      n = await load();
    } catch (err) {
      store.replace(before);
      throw err;
    }
    this.baseline = store.freeze();
    return n;
  }

  /** Load ldap3's JSON dump (`{"entries":[{"dn","raw":{...}}]}`), a path, text or parsed object. */
  loadJson(pathOrData: string | object): number {
    let data: unknown = pathOrData;
    if (typeof pathOrData === 'string') {
      const text = pathOrData.trimStart().startsWith('{') ? pathOrData : readFileSync(pathOrData, 'utf8');
      data = JSON.parse(text);
    }
    const store = this.engine.store;
    const before = store.freeze();
    let n: number;
    try {
      n = loadJsonInto(this, this.adminContext(), data);
    } catch (err) {
      store.replace(before); // all or nothing, as loadLdif
      throw err;
    }
    this.baseline = store.freeze();
    return n;
  }

  /** The whole DIT as RFC 2849 content records, in entry order (parents first). */
  exportLdif(options: { operational?: boolean } = {}): string {
    return exportLdif(this.engine, options.operational ?? false);
  }

  snapshot(): DirectorySnapshot {
    return { state: this.engine.store.freeze() };
  }

  restore(snapshot: DirectorySnapshot): void {
    this.engine.store.replace(snapshot.state);
  }

  /** Back to the fixture baseline (construction or the last loadLdif/loadJson). */
  reset(): void {
    this.engine.store.replace(this.baseline);
  }

  assertEntryExists(...dns: string[]): void {
    assertions.entryExists(this.engine, dns);
  }
  assertEntryMissing(...dns: string[]): void {
    assertions.entryMissing(this.engine, dns);
  }
  assertAttributeExists(dn: string, ...attributes: string[]): void {
    assertions.attributeExists(this.engine, dn, attributes);
  }
  assertAttributeMissing(dn: string, ...attributes: string[]): void {
    assertions.attributeMissing(this.engine, dn, attributes);
  }
  assertValueExists(dn: string, attribute: string, ...values: Array<string | Uint8Array>): void {
    assertions.valueExists(this.engine, dn, attribute, values);
  }
  assertValueMissing(dn: string, attribute: string, ...values: Array<string | Uint8Array>): void {
    assertions.valueMissing(this.engine, dn, attribute, values);
  }

  /** The attributes of an entry as text (for tests and debugging); undefined when missing. */
  getEntry(dn: string): Map<string, string[]> | undefined {
    const r = this.engine.lookup(this.engine.name(dn).ndn);
    if (!r) return undefined;
    return new Map([...r.attrs.values()].map((a) => [a.name, a.values.map(fromUtf8)]));
  }
}

function asError(err: unknown, what: string): Error {
  if (err instanceof OperationFailure) {
    const o = err.outcome;
    const e = new Error(
      `${what}: result ${o.resultCode}${o.diagnosticMessage ? ` (${o.diagnosticMessage})` : ''}${o.matchedDN ? ` matchedDN ${o.matchedDN}` : ''}`,
    );
    return Object.assign(e, { resultCode: o.resultCode, matchedDN: o.matchedDN });
  }
  return err instanceof Error ? err : new Error(String(err));
}

export { asError };
