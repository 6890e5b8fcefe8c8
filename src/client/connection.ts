/**
 * `Connection` (API.md): ldap3's connection object. Each operation builds its RFC 4511 request
 * (requests.ts) and hands it to `dispatch` (connection-base.ts); what it resolves to depends on
 * the strategy literal the connection was created with.
 */
import type { Filter } from '../filter/index.js';
import type { RequestOp } from '../protocol/index.js';
import { utf8 } from '../util/index.js';
import type { Strategy } from './constants.js';
import type { Completed, Outcome } from './connection-base.js';
import { ConnectionBase } from './connection-base.js';
import { pagedControl } from './controls.js';
import type { ConnectionOptions } from './options.js';
import type {
  AttributeValue,
  AttributesInput,
  ControlInput,
  ModifyChanges,
  SearchOptions,
} from './requests.js';
import { buildAdd, buildCompare, buildModify, buildModifyDn, buildSearch, toControls } from './requests.js';
import type { Server } from './server.js';
import { StreamQueue } from './stream-queue.js';
import type { Result, SearchResEntry } from './types.js';

export type { Completed, Outcome, ServerInput } from './connection-base.js';

export class Connection<S extends Strategy = 'SYNC'> extends ConnectionBase<S> {
  protected spawn(
    server: Server,
    options: ConnectionOptions<'SYNC'>,
    visited: ReadonlySet<string>,
  ): Connection<'SYNC'> {
    const conn = new Connection(server, options);
    conn.referralVisited = visited;
    return conn;
  }

  search(base: string, filter: string | Filter, options: SearchOptions = {}): Promise<Outcome<S>> {
    return this.attempt(() => {
      const op = buildSearch(base, filter, options, this.checker(), this.options.autoEscape);
      const controls = [...(toControls(options.controls) ?? [])];
      if (options.pagedSize !== undefined)
        controls.push(
          pagedControl(
            options.pagedSize,
            options.pagedCookie ?? undefined,
            options.pagedCriticality ?? false,
          ),
        );
      return this.dispatch(
        op,
        controls.length ? controls : undefined,
        options.signal,
        undefined,
        options.timeout,
      );
    });
  }

  /**
   * Entries as they arrive, without holding the result set (memory stays flat). Ends with the
   * search; rejects per raiseExceptions. Not in ldap3: the streaming form of `search`.
   */
  async *searchStream(
    base: string,
    filter: string | Filter,
    options: SearchOptions = {},
  ): AsyncGenerator<SearchResEntry, Result> {
    const op = buildSearch(base, filter, options, this.checker(), this.options.autoEscape);
    const controller = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    const queue = new StreamQueue<SearchResEntry>(
      () => this.channel.pauseReading?.(),
      () => this.channel.resumeReading?.(),
    );
    const { done } = await this.dispatch(op, toControls(options.controls), signal, (entry) =>
      queue.push(entry),
    );
    let outcome: Completed | undefined;
    done.then(
      (c) => {
        outcome = c;
        queue.end();
      },
      (err: unknown) => queue.end(err),
    );
    try {
      yield* queue.drain();
      return (outcome as Completed).result;
    } finally {
      if (!queue.ended) controller.abort(); // left early: abandon on the server
    }
  }

  add(
    dn: string,
    objectClass?: string | readonly string[],
    attributes?: AttributesInput,
    controls?: readonly ControlInput[],
  ): Promise<Outcome<S>> {
    return this.attempt(() => {
      this.refuseWrite('add');
      return this.dispatch(buildAdd(dn, objectClass, attributes, this.checker()), toControls(controls));
    });
  }

  delete(dn: string, controls?: readonly ControlInput[]): Promise<Outcome<S>> {
    return this.attempt(() => {
      this.refuseWrite('delete');
      return this.dispatch({ type: 'DelRequest', dn }, toControls(controls));
    });
  }

  modify(dn: string, changes: ModifyChanges, controls?: readonly ControlInput[]): Promise<Outcome<S>> {
    return this.attempt(() => {
      this.refuseWrite('modify');
      return this.dispatch(buildModify(dn, changes, this.checker()), toControls(controls));
    });
  }

  modifyDn(
    dn: string,
    relativeDn: string,
    options: { deleteOldDn?: boolean; newSuperior?: string; controls?: readonly ControlInput[] } = {},
  ): Promise<Outcome<S>> {
    return this.attempt(() => {
      this.refuseWrite('modifyDn');
      return this.dispatch(
        buildModifyDn(dn, relativeDn, options.deleteOldDn ?? true, options.newSuperior),
        toControls(options.controls),
      );
    });
  }

  compare(
    dn: string,
    attribute: string,
    value: AttributeValue,
    controls?: readonly ControlInput[],
  ): Promise<Outcome<S>> {
    return this.attempt(() =>
      this.dispatch(buildCompare(dn, attribute, value, this.checker()), toControls(controls)),
    );
  }

  extended(
    requestName: string,
    requestValue?: Uint8Array | string,
    controls?: readonly ControlInput[],
  ): Promise<Outcome<S>> {
    const op: RequestOp =
      requestValue === undefined
        ? { type: 'ExtendedRequest', requestName }
        : {
            type: 'ExtendedRequest',
            requestName,
            requestValue: typeof requestValue === 'string' ? utf8(requestValue) : requestValue,
          };
    return this.attempt(() => this.dispatch(op, toControls(controls)));
  }

  /** Abandon an outstanding operation (RFC 4511 section 4.11); resolves true when it was outstanding. */
  async abandon(messageId: number, controls?: readonly ControlInput[]): Promise<boolean> {
    if (messageId === 0) return false;
    const local = this.channel.abandon(messageId);
    if (!local && this.channel.isOpen)
      this.channel.notify({ type: 'AbandonRequest', messageID: messageId }, toControls(controls));
    this.asyncResults.forget(messageId);
    return local;
  }

  /** Run one request and wait for it, whatever the strategy (used by extend and the abstraction layer). */
}
