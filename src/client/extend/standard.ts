/**
 * `conn.extend.standard`: Who am I (RFC 4532), password modify (RFC 3062), paged search
 * (RFC 2696) as an async iterator, persistent search (draft-ietf-ldapext-psearch).
 */
import { LdapResultError } from '../../errors.js';
import { StreamQueue } from '../stream-queue.js';
import type { Filter } from '../../filter/index.js';
import { fromUtf8 } from '../../util/index.js';
import {
  ENTRY_CHANGE_NOTIFICATION,
  PAGED_RESULTS,
  passwordModifyValue,
  pagedControl,
  persistentSearchControl,
  readEntryChange,
  readGeneratedPassword,
  readPagedValue,
} from '../controls.js';
import type { SearchOptions } from '../requests.js';
import { toControls } from '../requests.js';
import type { Result, SearchResEntry } from '../types.js';
import type { ExtendHost } from './host.js';

const WHO_AM_I = '1.3.6.1.4.1.4203.1.11.3';
const PASSWORD_MODIFY = '1.3.6.1.4.1.4203.1.11.1';

export interface PersistentSearchOptions extends SearchOptions {
  /** Bit mask: 1 add, 2 delete, 4 modify, 8 modDN. @defaultValue `15` */
  changeTypes?: number;
  /** @defaultValue `true` */
  changesOnly?: boolean;
  /** Ask for Entry Change Notification controls. @defaultValue `true` */
  returnEcs?: boolean;
  /** Called for each change as well as yielded. */
  callback?: (event: PersistentSearchEvent) => void;
}

export interface PersistentSearchEvent {
  entry: SearchResEntry;
  /** From the Entry Change Notification control when sent: 'add' | 'delete' | 'modify' | 'modDn'. */
  changeType?: 'add' | 'delete' | 'modify' | 'modDn';
  previousDn?: string;
  changeNumber?: number;
}

const CHANGE_TYPES = new Map([
  [1, 'add'],
  [2, 'delete'],
  [4, 'modify'],
  [8, 'modDn'],
] as const);

function check(result: Result, raise: boolean): void {
  if (raise && result.result !== 0) throw new LdapResultError(result);
}

export class StandardExtend {
  constructor(private readonly host: ExtendHost) {}

  /** RFC 4532: the authorization identity (`dn:...`, `u:...`, or '' when anonymous). */
  async whoAmI(): Promise<string | null> {
    const c = await this.host.run({ type: 'ExtendedRequest', requestName: WHO_AM_I });
    check(c.result, this.host.options.raiseExceptions);
    if (c.result.result !== 0) return null;
    const value = c.result.responseValue;
    return value instanceof Uint8Array ? fromUtf8(value) : '';
  }

  /** RFC 3062. Resolves to the generated password when the server made one, else true/false. */
  async modifyPassword(
    options: {
      user?: string;
      oldPassword?: string | Uint8Array;
      newPassword?: string | Uint8Array;
      controls?: SearchOptions['controls'];
    } = {},
  ): Promise<string | boolean> {
    const value = passwordModifyValue(options.user, options.oldPassword, options.newPassword);
    const c = await this.host.run(
      { type: 'ExtendedRequest', requestName: PASSWORD_MODIFY, requestValue: value },
      toControls(options.controls),
    );
    check(c.result, this.host.options.raiseExceptions);
    if (c.result.result !== 0) return false;
    const generated = readGeneratedPassword(
      c.result.responseValue instanceof Uint8Array ? c.result.responseValue : undefined,
    );
    return generated ?? true;
  }

  /**
   * RFC 2696 paged search as an async iterator of entries in server order. Leaving the loop
   * early sends the cookie with size 0, which tells the server to drop the result set (section 3).
   */
  async *pagedSearch(
    base: string,
    filter: string | Filter,
    options: SearchOptions & { pagedSize?: number } = {},
  ): AsyncGenerator<SearchResEntry, void> {
    const size = options.pagedSize ?? 100;
    const critical = options.pagedCriticality ?? false;
    const request = this.host.searchRequest(base, filter, options);
    const extra = toControls(options.controls) ?? [];
    let cookie: Uint8Array | undefined = options.pagedCookie ?? undefined;
    let finished = false;
    try {
      for (;;) {
        const c = await this.host.run(
          request,
          [...extra, pagedControl(size, cookie, critical)],
          options.signal,
        );
        for (const item of c.response) if (item.type === 'searchResEntry') yield item;
        if (c.result.result !== 0) {
          finished = true;
          if (this.host.options.raiseExceptions || c.result.result !== 4) throw new LdapResultError(c.result);
          return;
        }
        const paged = c.result.controls?.[PAGED_RESULTS];
        const value = paged?.value as { cookie?: Uint8Array } | Uint8Array | undefined | null;
        const next = value instanceof Uint8Array ? readPagedValue(value).cookie : value?.cookie;
        if (!next || next.length === 0) {
          finished = true;
          return;
        }
        cookie = next;
      }
    } finally {
      if (!finished && cookie && cookie.length > 0) {
        // Abandon the server-side result set: same cookie, size 0.
        await this.host.run(request, [...extra, pagedControl(0, cookie, critical)]).catch(() => undefined);
      }
    }
  }

  /**
   * Persistent search: an async iterator of changes (and a callback). Ends when the loop is
   * left, the signal aborts (both abandon the search), or the server ends it.
   */
  async *persistentSearch(
    base: string,
    filter: string | Filter,
    options: PersistentSearchOptions = {},
  ): AsyncGenerator<PersistentSearchEvent, void> {
    const request = this.host.searchRequest(base, filter, { attributes: '*', ...options });
    const control = persistentSearchControl(
      options.changeTypes ?? 15,
      options.changesOnly ?? true,
      options.returnEcs ?? true,
    );
    // Events are few and long-lived: no backpressure, the queue only bridges callback and loop.
    const queue = new StreamQueue<PersistentSearchEvent>(undefined, undefined, Number.POSITIVE_INFINITY);
    const controller = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    const { done } = await this.host.dispatch(
      request,
      [...(toControls(options.controls) ?? []), control],
      signal,
      (entry) => {
        const event: PersistentSearchEvent = { entry };
        const ecn = entry.controls?.[ENTRY_CHANGE_NOTIFICATION];
        if (ecn) {
          const v =
            ecn.value instanceof Uint8Array
              ? readEntryChange(ecn.value)
              : (ecn.value as ReturnType<typeof readEntryChange>);
          const type = CHANGE_TYPES.get(v.changeType as 1 | 2 | 4 | 8);
          if (type) event.changeType = type;
          if (v.previousDn !== undefined) event.previousDn = v.previousDn;
          if (v.changeNumber !== undefined) event.changeNumber = v.changeNumber;
        }
        options.callback?.(event);
        queue.push(event);
      },
    );
    done.then(
      () => queue.end(),
      (err: unknown) => queue.end(signal.aborted ? undefined : err),
    );
    try {
      yield* queue.drain();
    } finally {
      if (!queue.ended) controller.abort();
    }
  }
}
