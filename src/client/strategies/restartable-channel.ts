/**
 * RESTARTABLE / SAFE_RESTARTABLE: when the connection breaks, reconnect, redo StartTLS, bind
 * again with the same credentials, then retry the operation; a bounded number of times. If the
 * re-bind fails the operation fails: never continue silently as anonymous.
 */
import { LdapConnectionError } from '../../errors.js';
import type { Control, LdapMessage, RequestOp, ResponseOp } from '../../protocol/index.js';
import type { Channel, Exchange, SendOptions } from '../transport/exchange.js';

export interface RestartableOptions {
  readonly tries: number;
  readonly delay: number;
  /** Re-establish the session state (StartTLS, bind) on a fresh channel; throws if it cannot. */
  readonly restore: (channel: Channel) => Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class RestartableChannel implements Channel {
  readonly #inner: Channel;
  readonly #options: RestartableOptions;
  #restarting: Promise<void> | undefined;
  /** Times the channel was re-established (for tests and logs). */
  restarts = 0;

  constructor(inner: Channel, options: RestartableOptions) {
    this.#inner = inner;
    this.#options = options;
  }

  get inner(): Channel {
    return this.#inner;
  }
  get isOpen(): boolean {
    return this.#inner.isOpen;
  }
  get tlsActive(): boolean {
    return this.#inner.tlsActive;
  }
  get pending(): number {
    return this.#inner.pending;
  }

  /** The first connect is retried like a reconnect: a server that is briefly down is waited for. */
  async open(): Promise<void> {
    for (let i = 0; ; i++) {
      try {
        await this.#inner.open();
        return;
      } catch (err) {
        if (!(err instanceof LdapConnectionError)) throw err;
        if (i + 1 >= this.#options.tries) {
          if (i === 0) throw err;
          throw new LdapConnectionError(err.code, `${err.message} (gave up after ${i + 1} attempts)`, {
            cause: err,
          });
        }
        await sleep(this.#options.delay);
      }
    }
  }

  /** One reconnect shared by every operation that saw the same break. */
  #restart(): Promise<void> {
    this.#restarting ??= (async () => {
      let last: unknown;
      for (let i = 0; i < this.#options.tries; i++) {
        try {
          await this.#inner.close(false).catch(() => undefined);
          await this.#inner.open();
          await this.#options.restore(this.#inner);
          this.restarts++;
          return;
        } catch (err) {
          last = err;
          if (!(err instanceof LdapConnectionError)) break; // a refused re-bind is final
          await sleep(this.#options.delay);
        }
      }
      throw new LdapConnectionError(
        'LDAP_RESTART_FAILED',
        `could not restore the connection: ${(last as Error)?.message}`,
        { cause: last },
      );
    })().finally(() => {
      this.#restarting = undefined;
    });
    return this.#restarting;
  }

  send(op: RequestOp, controls: readonly Control[] | undefined, options: SendOptions = {}): Exchange {
    let delivered = false;
    const tracked: SendOptions = options.onMessage
      ? {
          ...options,
          onMessage: (m) => {
            delivered = true;
            options.onMessage?.(m);
          },
        }
      : options;
    const first = this.#inner.send(op, controls, tracked);
    const responses: LdapMessage<ResponseOp>[] = first.responses;
    const done = (async (): Promise<LdapMessage<ResponseOp>> => {
      let attempt = first;
      for (let i = 0; ; i++) {
        try {
          const final = await attempt.done;
          if (attempt !== first) responses.splice(0, responses.length, ...attempt.responses);
          return final;
        } catch (err) {
          // Only a broken connection is retried; entries already streamed cannot be taken back.
          if (!(err instanceof LdapConnectionError) || i >= this.#options.tries || delivered) throw err;
          await this.#restart();
          attempt = this.#inner.send(op, controls, tracked);
        }
      }
    })();
    return { messageID: first.messageID, responses, done };
  }

  notify(op: RequestOp, controls?: readonly Control[]): number {
    return this.#inner.notify(op, controls);
  }
  abandon(messageID: number): boolean {
    return this.#inner.abandon(messageID);
  }
  pauseReading(): void {
    this.#inner.pauseReading?.();
  }
  resumeReading(): void {
    this.#inner.resumeReading?.();
  }
  upgradeTls(): Promise<void> {
    return this.#inner.upgradeTls();
  }
  close(unbind?: boolean): Promise<void> {
    return this.#inner.close(unbind);
  }
}
