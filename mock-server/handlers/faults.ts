/**
 * Fault injection as data (ARCHITECTURE rule 8, undici MockAgent style): rules matched against
 * each request by operation, DN, filter text, control OID or extended operation name; the first
 * rule that matches decides what the server does instead of (or around) the real operation.
 */
import { ResultCode } from '../../src/protocol/index.js';
import { formatFilter } from '../../src/filter/index.js';
import type { LdapMessage, RequestOp } from '../../src/protocol/index.js';
import type { RequestHandler } from '../../src/dit/index.js';
import { asConnection, type HandlerWrapper } from './types.js';
import { operationName, resultFor, targetDn, type OperationName } from './ops.js';
import { dnMatches } from './dn-match.js';

export interface FaultAction {
  /** Answer with this result code (instead of running the operation, or after `entries`). */
  resultCode?: number;
  diagnosticMessage?: string;
  matchedDN?: string;
  /** Wait this long before doing anything else (the operation can still be abandoned). */
  delayMs?: number;
  /** Searches: let this many entries through, then stop and answer `resultCode` (default 51 busy). */
  entries?: number;
  /** Run the operation but send no response at all. */
  drop?: boolean;
  /** Close the connection instead of answering. */
  disconnect?: boolean;
}

export interface FaultRule extends FaultAction {
  /** Set by `add` when missing. */
  id?: string;
  operation?: OperationName | readonly OperationName[];
  /** The request's DN equals this one (or lies under it with `subtree`), compared normalised. */
  dn?: string;
  subtree?: boolean;
  /** A substring of the search filter's RFC 4515 text, e.g. `uid=ann`. */
  filter?: string;
  /** The request carries a control with this OID. */
  control?: string;
  /** Extended operation name (OID). */
  requestName?: string;
  /** Only on this connection id. */
  connection?: number;
  /** Fire at most this many times, then the rule is removed. */
  times?: number;
}

function matches(rule: FaultRule, request: LdapMessage<RequestOp>, connection: number): boolean {
  const op = request.protocolOp;
  if (rule.connection !== undefined && rule.connection !== connection) return false;
  if (rule.operation !== undefined) {
    const name = operationName(op);
    const wanted = typeof rule.operation === 'string' ? [rule.operation] : rule.operation;
    if (!wanted.includes(name)) return false;
  }
  if (rule.dn !== undefined && !dnMatches(targetDn(op), rule.dn, rule.subtree ?? false)) return false;
  if (rule.filter !== undefined) {
    if (op.type !== 'SearchRequest') return false;
    let text: string;
    try {
      text = formatFilter(op.filter);
    } catch {
      return false;
    }
    if (!text.toLowerCase().includes(rule.filter.toLowerCase())) return false;
  }
  if (rule.control !== undefined && !(request.controls ?? []).some((c) => c.oid === rule.control))
    return false;
  if (
    rule.requestName !== undefined &&
    (op.type !== 'ExtendedRequest' || op.requestName !== rule.requestName)
  )
    return false;
  return true;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** A mutable, ordered set of fault rules; `wrapper()` puts it in the chain. */
export class FaultSet {
  #rules: FaultRule[] = [];
  #next = 1;

  get rules(): readonly FaultRule[] {
    return this.#rules;
  }

  add(rule: FaultRule): string {
    const id = rule.id ?? `fault-${this.#next++}`;
    this.#rules.push({ ...rule, id });
    return id;
  }

  remove(id: string): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((r) => r.id !== id);
    return this.#rules.length !== before;
  }

  clear(): void {
    this.#rules = [];
  }

  /** The first matching rule, counting it as fired. */
  take(request: LdapMessage<RequestOp>, connection: number): FaultRule | undefined {
    const rule = this.#rules.find((r) => matches(r, request, connection));
    if (rule?.times !== undefined) {
      rule.times--;
      if (rule.times <= 0) this.remove(rule.id!);
    }
    return rule;
  }

  wrapper(): HandlerWrapper {
    return (next: RequestHandler): RequestHandler => ({
      handle: async (request, session, respond, signal) => {
        const rule = this.#rules.length === 0 ? undefined : this.take(request, session.id);
        if (!rule) return next.handle(request, session, respond, signal);
        if (rule.delayMs) await sleep(rule.delayMs, signal);
        if (signal?.aborted) return;
        if (rule.disconnect) {
          asConnection(session)?.destroy();
          return;
        }
        if (rule.drop) return next.handle(request, session, () => undefined, signal);
        if (rule.entries !== undefined) {
          const inner = new AbortController();
          const onAbort = (): void => inner.abort();
          signal?.addEventListener('abort', onAbort, { once: true });
          let sent = 0;
          try {
            await next.handle(
              request,
              session,
              (message) => {
                if (inner.signal.aborted) return;
                if (message.protocolOp.type === 'SearchResultEntry' && sent < rule.entries!) {
                  sent++;
                  respond(message);
                  if (sent >= rule.entries!) inner.abort();
                } else if (message.protocolOp.type === 'SearchResultEntry') inner.abort();
              },
              inner.signal,
            );
          } finally {
            signal?.removeEventListener('abort', onAbort);
          }
          if (signal?.aborted) return;
          const done = resultFor(
            request,
            rule.resultCode ?? ResultCode.busy,
            rule.diagnosticMessage ?? '',
            rule.matchedDN,
          );
          if (done) respond(done);
          return;
        }
        if (rule.resultCode !== undefined) {
          const done = resultFor(request, rule.resultCode, rule.diagnosticMessage ?? '', rule.matchedDN);
          if (done) respond(done);
          return;
        }
        return next.handle(request, session, respond, signal);
      },
    });
  }
}
