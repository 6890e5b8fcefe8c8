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
  const id = randomBytes(8).toString('hex');
  const t = table(ctx.engine);
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
  try {
    const r = new BerReader(value ?? new Uint8Array());
    r.enter();
    if (r.peekTag() === 0x01) commit = r.readBoolean();
    id = fromUtf8(r.readOctetString());
  } catch {
    fail(RC.protocolError, 'transaction end request malformed');
  }
  const t = table(ctx.engine);
  const txn = t.get(id);
  if (!txn || txn.sessionId !== ctx.session.id) fail(RC.unwillingToPerform, 'invalid transaction identifier');
  t.delete(id);
  if (!commit) return outcome(RC.success);
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
