/**
 * One request on the wire and its shaping: response messages become response items as they
 * arrive, the final result becomes a `Completed` (status, result, response, request), with
 * referrals and ranged attributes followed up when the options ask for it. `ConnectionBase`
 * turns a `Completed` into the strategy's outcome.
 */
import { LdapResultError } from '../errors.js';
import type { Control, LdapMessage, RequestOp, ResponseOp } from '../protocol/index.js';
import type { AsyncStrategy, SafeStrategy, Strategy, SyncStrategy } from './constants.js';
import type { Extend } from './extend/index.js';
import type { AttributeFormatter } from './format.js';
import type { NormalizedOptions } from './options.js';
import { describeRequest } from './request-info.js';
import { isErrorResult, toResponseItem, toResult } from './results.js';
import { LdifChannel } from './strategies/ldif-channel.js';
import type { Channel, SendOptions } from './transport/exchange.js';
import type { RequestInfo, ResponseItem, Result, SafeOutcome, SearchResEntry } from './types.js';

/** What an operation resolves to under strategy S (API.md's table). */
export type Outcome<S extends Strategy> = S extends SyncStrategy
  ? boolean
  : S extends SafeStrategy
    ? SafeOutcome
    : S extends AsyncStrategy
      ? number
      : never;

/** A request on its way: its message id, and its completion. */
export interface Sent {
  messageID: number;
  done: Promise<Completed>;
}

/** A completed operation, whatever the strategy. */
export interface Completed {
  status: boolean;
  result: Result;
  response: ResponseItem[];
  request: RequestInfo;
}

/** What sending needs from the connection. */
export interface DispatchContext {
  readonly channel: Channel;
  readonly options: NormalizedOptions;
  readonly formatter: AttributeFormatter;
  readonly extend: Extend;
}

/** Send one request on an open channel; `onEntry` streams entries instead of collecting them. */
export function sendRequest(
  ctx: DispatchContext,
  op: RequestOp,
  controls: readonly Control[] | undefined,
  sendOptions: SendOptions,
  signal: AbortSignal | undefined,
  onEntry: ((entry: SearchResEntry) => void) | undefined,
  followUp: boolean,
): Sent {
  const { channel, options, formatter } = ctx;
  const returnEmpty = options.returnEmptyAttributes;
  // Entries become response items as they arrive, so the decoded messages are garbage at once
  // (a large result is never held twice).
  const items: ResponseItem[] = [];
  const onMessage = onEntry
    ? (m: LdapMessage<ResponseOp>) => {
        const item = toResponseItem(m, formatter, returnEmpty);
        if (item.type === 'searchResEntry') onEntry(item);
      }
    : (m: LdapMessage<ResponseOp>) => void items.push(toResponseItem(m, formatter, returnEmpty));
  const exchange = channel.send(op, controls, { ...sendOptions, onMessage });
  const request = describeRequest(op, exchange.messageID, controls);
  const finish = (result: Result, response: ResponseItem[]): Completed => {
    // RFC 4511 section 4.10: compareTrue is the successful outcome of a compare.
    const status = result.result === 0 || (op.type === 'CompareRequest' && result.result === 6);
    if (options.raiseExceptions && isErrorResult(result.result)) throw new LdapResultError(result);
    return { status, result, response, request };
  };
  const done = exchange.done.then((final): Completed | Promise<Completed> => {
    const response = items;
    if (channel instanceof LdifChannel) {
      const text = channel.takeOutput(exchange.messageID);
      return {
        status: final.protocolOp.type !== 'SearchResultEntry' && text !== undefined,
        result: toResult(final),
        response: (text === undefined ? [] : [text]) as unknown as ResponseItem[],
        request,
      };
    }
    const result = toResult(final);
    if (followUp && needsFollowUp(options, result, response)) {
      return ctx.extend
        .followUp(op, controls, result, response, signal)
        .then((followed) => finish(followed.result, followed.response));
    }
    return finish(result, response);
  });
  return { messageID: exchange.messageID, done };
}

/** Only referrals, continuation references and ranged attributes need a second look. */
function needsFollowUp(o: NormalizedOptions, result: Result, response: ResponseItem[]): boolean {
  if (o.autoReferrals && result.result === 10 && result.referrals) return true;
  for (const item of response) {
    if (item.type === 'searchResRef') {
      if (o.autoReferrals) return true;
    } else if (o.autoRange && item.type === 'searchResEntry') {
      for (const key of item.rawAttributes.keys())
        if (key.includes(';range=') || key.includes(';RANGE=')) return true;
    }
  }
  return false;
}
