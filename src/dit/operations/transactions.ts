/**
 * LDAP transactions (RFC 5805), as slapd 2.5 runs them: Start Transaction gives an identifier;
 * updates carrying the Transaction Specification control are queued and answered success at
 * once; End Transaction with commit applies them in order on one state, and the first failure
 * rolls everything back (a snapshot restore: the store is persistent) and becomes the End
 * Transaction result. Abort discards the queue.
 *
 *   txnEndReq ::= SEQUENCE { commit BOOLEAN DEFAULT TRUE, identifier OCTET STRING }
 *   txnEndRes ::= SEQUENCE { messageID MessageID OPTIONAL, updatesControls SEQUENCE OF ... OPTIONAL }
 */
import { randomBytes } from 'node:crypto';
import { BerReader, BerWriter } from '../../ber/index.js';
import type { Control, RequestOp } from '../../protocol/index.js';
import { fromUtf8, utf8 } from '../../util/index.js';
import type { Engine } from '../engine.js';
import { fail, OperationFailure, outcome, RC, type Outcome } from '../result.js';
import { add } from './add.js';
import type { OpContext } from './context.js';
import { del } from './delete.js';
import { modify } from './modify.js';
import { modifyDn } from './modify-dn.js';

/** slapd's LDAP_X_TXN_ID_INVALID. */
const TXN_ID_INVALID = 0x4121;

export const TXN = {
  start: '1.3.6.1.1.21.1',
  spec: '1.3.6.1.1.21.2',
  end: '1.3.6.1.1.21.3',
} as const;

interface Queued {
  readonly messageID: number;
  readonly op: RequestOp;
  readonly controls: ReadonlyMap<string, Control>;
}
interface Txn {
  readonly sessionId: number;
  readonly ops: Queued[];
}

const open = new WeakMap<Engine, Map<string, Txn>>();
const table = (engine: Engine): Map<string, Txn> => {
  let t = open.get(engine);
  if (!t) open.set(engine, (t = new Map()));
  return t;
};

export function startTransaction(ctx: OpContext): Outcome & { responseValue: Uint8Array } {
  const t = table(ctx.engine);
  // one transaction per connection at a time (slapd: busy for a second start, measured)
  for (const txn of t.values())
    if (txn.sessionId === ctx.session.id) fail(RC.busy, 'transaction already specified');
  const id = randomBytes(8).toString('hex');
  if (t.size >= 1000) t.delete(t.keys().next().value as string);
  t.set(id, { sessionId: ctx.session.id, ops: [] });
  return { ...outcome(RC.success), responseValue: utf8(id) };
}

/** Queue an update that carries the Transaction Specification control. */
export function queueUpdate(ctx: OpContext, messageID: number, op: RequestOp): Outcome {
  const c = ctx.controls.get(TXN.spec) as Control;
  const txn = table(ctx.engine).get(fromUtf8(c.value ?? new Uint8Array()));
  if (!txn || txn.sessionId !== ctx.session.id) fail(RC.unwillingToPerform, 'invalid transaction identifier');
  const controls = new Map(ctx.controls);
  controls.delete(TXN.spec);
  txn.ops.push({ messageID, op, controls });
  return outcome(RC.success);
}

export function endTransaction(
  ctx: OpContext,
  value: Uint8Array | undefined,
): Outcome & { responseValue?: Uint8Array } {
  let commit = true;
  let id = '';
  if (value === undefined) fail(RC.protocolError, 'request data expected');
  try {
    // TxnEndReq ::= SEQUENCE { commit BOOLEAN DEFAULT TRUE, identifier OCTET STRING }; slapd
    // takes the identifier from an element of any tag (measured)
    const r = new BerReader(value);
    r.enter(0x30);
    if (r.peekTag() === 0x01) commit = r.readBoolean();
    r.readTag();
    const n = r.readLength();
    id = fromUtf8(value.subarray(r.pos, r.pos + n));
  } catch {
    fail(RC.protocolError, 'request data decoding error');
  }
  const t = table(ctx.engine);
  const txn = t.get(id);
  // slapd's code for an unknown identifier: LDAP_X_TXN_ID_INVALID (0x4121, measured)
  if (!txn || txn.sessionId !== ctx.session.id) fail(TXN_ID_INVALID, 'invalid transaction identifier');
  t.delete(id);
  if (!commit) return outcome(RC.success);
  // committing nothing is an error in slapd (measured)
  if (txn.ops.length === 0) fail(RC.operationsError, 'no updates to commit');
  const store = ctx.engine.store;
  const before = store.freeze();
  for (const q of txn.ops) {
    const c: OpContext = { ...ctx, controls: q.controls };
    try {
      const o = run(c, q.op);
      if (o.resultCode !== RC.success) throw new OperationFailure(o);
    } catch (err) {
      if (!(err instanceof OperationFailure)) throw err;
      store.replace(before);
      const w = new BerWriter(16);
      w.startSequence();
      w.writeInteger(q.messageID);
      w.endSequence();
      return { ...err.outcome, responseValue: w.toBytes() };
    }
  }
  return outcome(RC.success);
}

function run(ctx: OpContext, op: RequestOp): Outcome {
  switch (op.type) {
    case 'AddRequest':
      return add(ctx, op);
    case 'DelRequest':
      return del(ctx, op);
    case 'ModifyRequest':
      return modify(ctx, op);
    case 'ModifyDNRequest':
      return modifyDn(ctx, op);
    default:
      return fail(RC.unwillingToPerform, 'operation not allowed in a transaction');
  }
}
