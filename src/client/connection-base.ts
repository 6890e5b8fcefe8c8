/**
 * The core of `Connection`: options, the strategy's channel (the narrow seam), life cycle,
 * authentication, StartTLS, and `dispatch`, which sends one request (dispatch.ts) and turns
 * its completion into the strategy's outcome. The operations themselves are in connection.ts.
 */
import { LdapConnectionError, LdapError, LdapOptionError, LdapResultError } from '../errors.js';
import type { Filter } from '../filter/index.js';
import type { Control, RequestOp, SearchRequest } from '../protocol/index.js';
import type { LdapUrl } from '../url/index.js';
import type { BindPlan } from './bind.js';
import { planBind, runBind } from './bind.js';
import { openReferral } from './referral-connection.js';
import type { Strategy } from './constants.js';
import type { ClientEntry } from './entry.js';
import { toEntry } from './entry.js';
import { Extend } from './extend/index.js';
import { AttributeFormatter } from './format.js';
import { loadServerInfo } from './info-reader.js';
import type { ConnectionOptions, NormalizedOptions } from './options.js';
import { normalizeOptions } from './options.js';
import { ServerPool } from './pool.js';
import type { ControlInput, SearchOptions } from './requests.js';
import { NameChecker, buildSearch, toControls } from './requests.js';
import { toResult } from './results.js';
import type { Server } from './server.js';
import { RestartableChannel } from './strategies/restartable-channel.js';
import { createChannel, type StrategyApi } from './strategies/index.js';
import type { Channel, SendOptions } from './transport/exchange.js';
import type { RequestInfo, ResponseItem, Result, SearchResEntry } from './types.js';
import { AsyncResults } from './async-results.js';

import { sendRequest, type Completed, type Outcome, type Sent } from './dispatch.js';

export type { Completed, Outcome, Sent } from './dispatch.js';

const START_TLS = '1.3.6.1.4.1.1466.20037';

export type ServerInput = Server | ServerPool | string | readonly string[];

export abstract class ConnectionBase<S extends Strategy = 'SYNC'> implements AsyncDisposable {
  readonly serverPool: ServerPool;
  readonly options: NormalizedOptions;
  readonly strategyName: S;
  /** Strategy-specific helpers; for MOCK_*: addEntry, entriesFromLdif, entriesFromJson. */
  readonly strategy: StrategyApi<S>;
  readonly extend: Extend;
  /** Last result (SYNC family). */
  result: Result | null = null;
  /** Last response items (SYNC family); for LDIF the change record text. */
  response: (S extends 'LDIF' ? string[] : ResponseItem[]) | null = null;
  /** Last request sent (SYNC family). */
  request: RequestInfo | null = null;
  bound = false;
  tlsStarted = false;
  lastError: Error | null = null;
  readonly #channel: Channel;
  #opened = false;
  #openPromise: Promise<void> | undefined;
  #boundPlan: BindPlan | undefined;
  protected readonly asyncResults = new AsyncResults();

  constructor(server: ServerInput, options: ConnectionOptions<S> = {}) {
    this.options = normalizeOptions(options);
    this.strategyName = this.options.clientStrategy as S;
    this.serverPool =
      server instanceof ServerPool
        ? server
        : new ServerPool(
            typeof server === 'string' || !Array.isArray(server) ? [server as Server | string] : [...server],
            { poolStrategy: 'FIRST', active: 1 }, // one pass over the given servers
          );
    if (this.serverPool.servers.length === 0)
      throw new LdapOptionError('Connection needs at least one server');
    const built = createChannel(this.strategyName, this, (channel) => this.#restore(channel));
    this.#channel = built.channel;
    this.strategy = built.api as StrategyApi<S>;
    this.extend = new Extend(this, () => ({
      visited: this.referralVisited,
      hopsLeft: this.options.referralHopLimit ?? 10,
      connector: (url, withCredentials, visited, hopsLeft) =>
        this.#referralConnection(url, withCredentials, visited, hopsLeft),
    }));
  }

  /** A new SYNC connection (the concrete class) for following a referral. */
  protected abstract spawn(
    server: Server,
    options: ConnectionOptions<'SYNC'>,
    visited: ReadonlySet<string>,
  ): ConnectionBase<'SYNC'>;

  /** Referral URLs already followed on the way to this connection (loop detection). */
  protected referralVisited: ReadonlySet<string> = new Set();

  /** A SYNC connection to a referral's server, with our credentials only where allowed. */
  #referralConnection(
    url: LdapUrl,
    withCredentials: boolean,
    visited: ReadonlySet<string>,
    hopsLeft: number,
  ) {
    return openReferral(
      this.server,
      this.options,
      this.tlsStarted,
      url,
      withCredentials,
      hopsLeft,
      (server, options) => this.spawn(server, options, visited),
    );
  }

  /** The SearchRequest `search` would send (for helpers that page or stream). */
  searchRequest(base: string, filter: string | Filter, options: SearchOptions = {}): SearchRequest {
    return buildSearch(base, filter, options, this.checker(), this.options.autoEscape);
  }

  /** The server in use (the first of the pool until connected). */
  get server(): Server {
    const current = (this.#channel as { server?: Server }).server;
    return current ?? (this.serverPool.servers[0] as Server);
  }

  get closed(): boolean {
    return !this.#channel.isOpen;
  }

  /** The channel (the strategy seam); for extensions and tests. */
  get channel(): Channel {
    return this.#channel;
  }

  /** `conn.response` entries as ldap3 entries. */
  get entries(): ClientEntry[] {
    return ((this.response ?? []) as Array<ResponseItem | string>)
      .filter((r): r is SearchResEntry => typeof r === 'object' && r.type === 'searchResEntry')
      .map(toEntry);
  }

  get formatter(): AttributeFormatter {
    const server = this.server;
    return new AttributeFormatter(server.schema, server.formatter);
  }

  // ---- life cycle ------------------------------------------------------------------------

  /** Connect (mock: no socket) and perform autoBind / StartTLS when configured. */
  async open(): Promise<void> {
    if (this.options.lazy && !this.#opened) return; // connects on the first operation
    if (this.#opened && !this.#channel.isOpen) this.#opened = false; // explicit re-open after a loss
    await this.#ensureOpen();
  }

  #ensureOpen(): Promise<void> {
    if (this.#opened) {
      if (this.#channel.isOpen || this.#channel instanceof RestartableChannel) return Promise.resolve();
      // A lost connection is not reopened behind the caller's back (only RESTARTABLE does that).
      return Promise.reject(
        new LdapConnectionError(
          'LDAP_CONNECTION_CLOSED',
          'the connection is closed; call open() to reconnect',
        ),
      );
    }
    this.#openPromise ??= (async () => {
      await this.#channel.open();
      this.#opened = true;
      this.tlsStarted = this.#channel.tlsActive;
      const mode = this.options.autoBind;
      if (mode === 'AUTO_BIND_TLS_BEFORE_BIND') await this.startTls();
      if (mode !== 'AUTO_BIND_NONE' || this.#boundPlan) {
        const ok = await this.#bindNow(undefined);
        if (!ok) {
          const r = this.result;
          throw new LdapResultError(
            r ?? {
              result: -1,
              description: 'bindFailed',
              dn: '',
              message: 'automatic bind failed',
              referrals: null,
              type: 'bindResponse',
            },
          );
        }
      }
      if (mode === 'AUTO_BIND_TLS_AFTER_BIND') await this.startTls();
    })().finally(() => {
      this.#openPromise = undefined;
    });
    return this.#openPromise;
  }

  /** Re-establish StartTLS and the bind on a fresh channel (restartable, reusable). */
  async #restore(channel: Channel): Promise<void> {
    if ((this.tlsStarted || this.options.autoBind === 'AUTO_BIND_TLS_BEFORE_BIND') && !channel.tlsActive) {
      await this.#startTlsOn(channel);
    }
    const plan =
      this.#boundPlan ?? (this.options.autoBind !== 'AUTO_BIND_NONE' ? this.#bindPlan() : undefined);
    if (plan && plan.kind !== 'anonymous') {
      const response = await runBind(channel, plan, undefined, this.options.receiveTimeout);
      const code = response.protocolOp.resultCode;
      if (code !== 0) {
        // Never continue as anonymous after a reconnect (REFERENCE.md: the top complaint).
        throw new LdapResultError(toResult(response));
      }
    }
  }

  async close(): Promise<void> {
    this.bound = false;
    this.#opened = false;
    this.#boundPlan = undefined;
    await this.#channel.close(true);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // ---- authentication --------------------------------------------------------------------

  #bindPlan(user = this.options.user, password = this.options.password): BindPlan {
    return planBind(this.options, user, password, this.server.host);
  }

  /** Bind with the connection's credentials. Resolves true on success (every strategy). */
  async bind(controls?: readonly ControlInput[]): Promise<boolean> {
    if (this.options.lazy && !this.#opened) {
      this.#boundPlan = this.#bindPlan();
      return true;
    }
    await this.#ensureOpen();
    if (this.bound && this.options.autoBind !== 'AUTO_BIND_NONE' && !controls) return true;
    return this.#bindNow(controls);
  }

  async #bindNow(controls: readonly ControlInput[] | undefined): Promise<boolean> {
    const plan = this.#bindPlan();
    const request: RequestInfo = {
      type: 'bindRequest',
      dn: plan.kind === 'simple' ? plan.name : '',
      authentication: plan.kind,
    };
    const response = await runBind(this.#channel, plan, toControls(controls), this.options.receiveTimeout);
    const result = toResult(response);
    this.result = result; // the bind outcome is connection state, kept for every strategy
    if (this.strategyName !== 'SAFE_SYNC' && this.strategyName !== 'SAFE_RESTARTABLE') {
      this.response = [];
      this.request = request;
    }
    this.bound = result.result === 0;
    this.#boundPlan = this.bound ? plan : undefined;
    if (this.bound) await this.#afterBind();
    if (!this.bound && this.options.raiseExceptions) throw new LdapResultError(result);
    return this.bound;
  }

  /** Read the root DSE and schema once after a bind when the server asks for it (getInfo). */
  async #afterBind(): Promise<void> {
    const server = this.server;
    const want = server.getInfo;
    if (want === 'NONE' || want.startsWith('OFFLINE_') || this.strategyName === 'LDIF') return;
    if (
      (want === 'DSA' && server.info) ||
      (want !== 'DSA' && server.schema && (want === 'SCHEMA' || server.info))
    )
      return;
    await loadServerInfo(this.#channel, server, want);
  }

  /** Bind again, as another user or with other credentials. */
  async rebind(
    user?: string,
    password?: string | Uint8Array,
    options: {
      authentication?: NormalizedOptions['authentication'];
      saslMechanism?: NormalizedOptions['saslMechanism'];
      saslCredentials?: NormalizedOptions['saslCredentials'];
      controls?: readonly ControlInput[];
    } = {},
  ): Promise<boolean> {
    if (user !== undefined) this.options.user = user;
    if (password !== undefined) this.options.password = password;
    if (options.authentication) this.options.authentication = options.authentication;
    else if (user !== undefined && this.options.authentication === 'ANONYMOUS')
      this.options.authentication = 'SIMPLE';
    if (options.saslMechanism !== undefined) this.options.saslMechanism = options.saslMechanism;
    if (options.saslCredentials !== undefined) this.options.saslCredentials = options.saslCredentials;
    await this.#ensureOpen();
    return this.#bindNow(options.controls);
  }

  /** Unbind and close (RFC 4511 section 4.3). */
  async unbind(controls?: readonly ControlInput[]): Promise<boolean> {
    if (this.#channel.isOpen) this.#channel.notify({ type: 'UnbindRequest' }, toControls(controls));
    this.bound = false;
    this.#boundPlan = undefined;
    await this.#channel.close(false);
    this.#opened = false;
    return true;
  }

  /** StartTLS (RFC 4511 section 4.14): refused while operations are outstanding. */
  async startTls(): Promise<boolean> {
    await this.#ensureOpenUnlessOpening();
    if (this.#channel.tlsActive) return true;
    await this.#startTlsOn(this.#channel);
    this.tlsStarted = true;
    return true;
  }

  #ensureOpenUnlessOpening(): Promise<void> {
    return this.#openPromise || (this.#opened && this.#channel.isOpen)
      ? Promise.resolve()
      : this.#ensureOpen();
  }

  async #startTlsOn(channel: Channel): Promise<void> {
    if (channel.pending > 0) {
      throw new LdapError(
        'LDAP_STARTTLS_BUSY',
        `cannot start TLS with ${channel.pending} operation(s) outstanding`,
      );
    }
    const response = await channel.send(
      { type: 'ExtendedRequest', requestName: START_TLS },
      undefined,
      this.#sendOptions(),
    ).done;
    const result = toResult(response);
    if (result.result !== 0) throw new LdapResultError(result);
    await channel.upgradeTls();
  }

  // ---- the operations --------------------------------------------------------------------

  protected checker(): NameChecker {
    return new NameChecker(this.options.checkNames ? this.server.schema : null, this.options.autoEncode);
  }

  #sendOptions(signal?: AbortSignal, timeout = this.options.receiveTimeout): SendOptions {
    const o: { signal?: AbortSignal; timeout?: number } = {};
    if (signal) o.signal = signal;
    if (timeout !== undefined) o.timeout = timeout;
    return o;
  }

  protected refuseWrite(what: string): void {
    if (this.options.readOnly)
      throw new LdapError('LDAP_READ_ONLY', `${what} refused: the connection is read-only`);
  }

  /**
   * Send one request and shape its outcome. The returned messageID is known once the request
   * is on its way; `done` settles with the completed operation (rejects per raiseExceptions).
   */
  dispatch(
    op: RequestOp,
    controls: readonly Control[] | undefined,
    signal?: AbortSignal,
    onEntry?: (entry: SearchResEntry) => void,
    timeout?: number,
    followUp = true,
  ): Promise<Sent> {
    // The hot path (pipelined operations on an open connection) takes no extra promise turn.
    if (this.#opened && this.#channel.isOpen) {
      try {
        return Promise.resolve(this.#send(op, controls, signal, onEntry, timeout, followUp));
      } catch (err) {
        return Promise.reject(err as Error);
      }
    }
    return this.#ensureOpen().then(() => this.#send(op, controls, signal, onEntry, timeout, followUp));
  }

  #send(
    op: RequestOp,
    controls: readonly Control[] | undefined,
    signal: AbortSignal | undefined,
    onEntry: ((entry: SearchResEntry) => void) | undefined,
    timeout: number | undefined,
    followUp: boolean,
  ): Sent {
    const ctx = {
      channel: this.#channel,
      options: this.options,
      formatter: this.formatter,
      extend: this.extend,
    };
    const sendOptions = this.#sendOptions(signal, timeout ?? this.options.receiveTimeout);
    return sendRequest(ctx, op, controls, sendOptions, signal, onEntry, followUp);
  }

  /** Run an operation builder (which may throw before sending) into the strategy's outcome. */
  protected attempt(send: () => Promise<Sent>): Promise<Outcome<S>> {
    let sent: Promise<Sent>;
    try {
      sent = send();
    } catch (err) {
      sent = Promise.reject(err as Error);
    }
    return this.outcome(sent);
  }

  /** Turn a dispatched operation into the strategy's outcome. */
  protected outcome(sent: Promise<Sent>): Promise<Outcome<S>> {
    switch (this.strategyName) {
      case 'ASYNC':
      case 'ASYNC_STREAM':
      case 'MOCK_ASYNC':
      case 'REUSABLE':
        return sent.then(({ messageID, done }) => {
          this.asyncResults.add(messageID, done);
          return messageID as Outcome<S>;
        });
      case 'SAFE_SYNC':
      case 'SAFE_RESTARTABLE':
        return sent
          .then(({ done }) => done)
          .then((c) => [c.status, c.result, c.response, c.request] as Outcome<S>);
      default:
        return sent
          .then(({ done }) => done)
          .then(
            (c) => {
              this.result = c.result;
              this.response = c.response as typeof this.response;
              this.request = c.request;
              return c.status as Outcome<S>;
            },
            (err: unknown) => {
              this.lastError = err as Error;
              if (err instanceof LdapResultError) this.result = err.result;
              throw err;
            },
          );
    }
  }

  /** ASYNC family: the outcome of an operation by message id: `[response, result, request]`. */
  getResponse(
    messageId: number,
    options: { timeout?: number } = {},
  ): Promise<[ResponseItem[], Result, RequestInfo]> {
    return this.asyncResults.get(messageId, options.timeout);
  }

  async run(
    op: RequestOp,
    controls?: readonly Control[],
    signal?: AbortSignal,
    followUp = true,
  ): Promise<Completed> {
    return (await this.dispatch(op, controls, signal, undefined, undefined, followUp)).done;
  }

  toString(): string {
    return `${this.server.url} - ${this.strategyName} - ${this.bound ? 'bound' : 'not bound'}${this.tlsStarted ? ' - TLS' : ''}`;
  }
}
