/**
 * Request dispatch: control checks common to every operation (unknown critical controls,
 * proxied authorization, assertion), then the operation, then the response message of the
 * right type with the request's messageID. Searches also serve the root DSE and the subschema
 * subentry, and apply the paging/sorting controls (search-controls.ts).
 */
import type { Control, LdapMessage, ProtocolOp, RequestOp } from '../protocol/index.js';
import type { Respond, Session } from './handler.js';
import type { Directory } from './directory.js';
import { add } from './operations/add.js';
import { bind } from './operations/bind.js';
import { compare } from './operations/compare.js';
import { OID, type OpContext } from './operations/context.js';
import { del } from './operations/delete.js';
import { extended } from './operations/extended.js';
import { modify } from './operations/modify.js';
import { modifyDn } from './operations/modify-dn.js';
import { runSearch, specialEntry } from './operations/search-run.js';
import { checkAssertion, resolveProxy } from './request-controls.js';
import { checkRequestControls } from './control-rules.js';
import { fail, OperationFailure, outcome, RC, type Outcome } from './result.js';

const RESPONSE_TYPE = {
  BindRequest: 'BindResponse',
  AddRequest: 'AddResponse',
  DelRequest: 'DelResponse',
  ModifyRequest: 'ModifyResponse',
  ModifyDNRequest: 'ModifyDNResponse',
  CompareRequest: 'CompareResponse',
  ExtendedRequest: 'ExtendedResponse',
  SearchRequest: 'SearchResultDone',
} as const;

export function dispatch(
  dir: Directory,
  request: LdapMessage<RequestOp>,
  session: Session,
  respond: Respond,
  signal?: AbortSignal,
): void {
  const op = request.protocolOp;
  if (op.type === 'UnbindRequest' || op.type === 'AbandonRequest') return;
  // abandoned or cancelled before it ran: nothing is emitted (handler.ts contract)
  if (signal?.aborted) return;
  const messageID = request.messageID;
  const send = (protocolOp: ProtocolOp, controls?: readonly Control[]) =>
    respond(controls && controls.length ? { messageID, protocolOp, controls } : { messageID, protocolOp });
  const responseType = RESPONSE_TYPE[op.type];
  const engine = dir.engine;
  const controls = new Map<string, Control>();
  for (const c of request.controls ?? []) controls.set(c.oid, c);
  const finish = (o: Outcome, responseControls?: readonly Control[]) =>
    send({ type: responseType, ...o } as unknown as ProtocolOp, responseControls);
  try {
    // controls the operation does not know, or values of the wrong shape (control-rules.ts)
    checkRequestControls(op.type, request.controls ?? []);
    if (op.type === 'BindRequest') {
      const base: OpContext = { engine, session, controls, authzDn: session.bindDN, signal };
      return finish(bind(base, op));
    }
    const authzDn = resolveProxy(engine, session, controls);
    const ctx: OpContext = { engine, session, controls, authzDn, signal };
    switch (op.type) {
      case 'SearchRequest':
        return runSearch(dir, ctx, op, send);
      case 'ExtendedRequest':
        return finish(extended(ctx, op));
      default:
        break;
    }
    if (authzDn === '' && op.type !== 'CompareRequest') {
      // slapd refuses every anonymous update (RFC 4513 section 6 leaves it to policy)
      fail(RC.strongerAuthRequired, 'modifications require authentication');
    }
    if (controls.has(TXN.spec) && op.type !== 'CompareRequest') {
      // RFC 5805: queued until End Transaction, answered at once
      return finish(queueUpdate(ctx, messageID, op));
    }
    // add, modify and modify DN check their request first, as slapd does, then the assertion
    if (op.type === 'DelRequest' || op.type === 'CompareRequest')
      checkAssertion(ctx, op, undefined, (name) => specialEntry(dir, name));
    const { readBefore, readAfter } = prePost(ctx, op);
    const before = readBefore();
    let result: Outcome;
    switch (op.type) {
      case 'AddRequest':
        result = add(ctx, op);
        break;
      case 'DelRequest':
        result = del(ctx, op);
        break;
      case 'ModifyRequest':
        result = modify(ctx, op);
        break;
      case 'ModifyDNRequest':
        result = modifyDn(ctx, op);
        break;
      case 'CompareRequest':
        result = compare(ctx, op, (name) => specialEntry(dir, name));
        break;
    }
    const out = [...before, ...readAfter()];
    return finish(result, out);
  } catch (err) {
    if (err instanceof OperationFailure) {
      if (op.type === 'BindRequest') session.bindDN = '';
      return finish(err.outcome);
    }
    return finish(outcome(RC.other, `internal error: ${err instanceof Error ? err.message : String(err)}`));
  }
}

/** Pre-read / post-read controls (RFC 4527): hooks around the update. */
function prePost(ctx: OpContext, op: RequestOp) {
  return {
    readBefore: (): Control[] => readEntryControl(ctx, op, OID.preRead, 'before'),
    readAfter: (): Control[] => readEntryControl(ctx, op, OID.postRead, 'after'),
  };
}

import { readEntryControl } from './request-controls.js';
import { queueUpdate, TXN } from './operations/transactions.js';
