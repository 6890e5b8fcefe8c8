/**
 * The ASYNC strategies' outstanding operations: message id -> completion, collected with
 * `getResponse(id, { timeout })` (ldap3's get_response).
 */
import { LdapOptionError, LdapTimeoutError } from '../errors.js';
import type { Completed } from './connection.js';
import type { RequestInfo, ResponseItem, Result } from './types.js';

export class AsyncResults {
  readonly #pending = new Map<number, Promise<Completed>>();

  add(messageID: number, done: Promise<Completed>): void {
    done.catch(() => undefined); // surfaced by get(); never an unhandled rejection
    this.#pending.set(messageID, done);
  }

  forget(messageID: number): void {
    this.#pending.delete(messageID);
  }

  /** `[response, result, request]` of an operation; rejects as the operation did. */
  async get(messageID: number, timeout?: number): Promise<[ResponseItem[], Result, RequestInfo]> {
    const pending = this.#pending.get(messageID);
    if (!pending) throw new LdapOptionError(`no outstanding operation with message id ${messageID}`);
    let timer: NodeJS.Timeout | undefined;
    try {
      const c =
        timeout === undefined
          ? await pending
          : await Promise.race([
              pending,
              new Promise<never>((_, reject) => {
                const error = new LdapTimeoutError(
                  `no response to operation ${messageID} within ${timeout} ms`,
                );
                timer = setTimeout(() => reject(error), timeout);
              }),
            ]);
      this.#pending.delete(messageID);
      return [c.response, c.result, c.request];
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}
