/** `conn.extend`: the standard, Microsoft and Novell helpers, and result follow-ups. */
import type { Control, RequestOp } from '../../protocol/index.js';
import type { ResponseItem, Result } from '../types.js';
import type { FollowUpContext } from './follow-up.js';
import { followUp } from './follow-up.js';
import type { ExtendHost } from './host.js';
import { MicrosoftExtend } from './microsoft.js';
import { NovellExtend } from './novell.js';
import { StandardExtend } from './standard.js';

export class Extend {
  readonly standard: StandardExtend;
  readonly microsoft: MicrosoftExtend;
  readonly novell: NovellExtend;
  readonly #host: ExtendHost;
  readonly #context: () => FollowUpContext;

  constructor(host: ExtendHost, context: () => FollowUpContext) {
    this.#host = host;
    this.#context = context;
    this.standard = new StandardExtend(host);
    this.microsoft = new MicrosoftExtend(host);
    this.novell = new NovellExtend(host);
  }

  /** autoRange and autoReferrals over a completed operation. */
  followUp(
    op: RequestOp,
    controls: readonly Control[] | undefined,
    result: Result,
    response: ResponseItem[],
    signal?: AbortSignal,
  ): Promise<{ result: Result; response: ResponseItem[] }> {
    return followUp(this.#host, this.#context(), op, controls, result, response, signal);
  }
}

export { StandardExtend, MicrosoftExtend, NovellExtend };
export type { PersistentSearchEvent, PersistentSearchOptions } from './standard.js';
export type { ReferralConnector } from './follow-up.js';
