/**
 * Referral objects (RFC 3296): an entry with objectClass `referral` and `ref` values answers
 * operations on it with a referral (10) unless the ManageDsaIT control is present.
 */
import { fromUtf8 } from '../../util/index.js';
import { OperationFailure, outcome, RC } from '../result.js';
import type { Entry } from '../store.js';
import { OID, type OpContext } from './context.js';

export function referralUris(ctx: OpContext, entry: Entry): string[] {
  return (ctx.engine.get(entry, 'ref')?.values ?? []).map(fromUtf8);
}

export function checkReferral(ctx: OpContext, entry: Entry): void {
  if (ctx.controls.has(OID.manageDsaIT) || !ctx.engine.isReferral(entry)) return;
  throw new OperationFailure(outcome(RC.referral, '', entry.dn, referralUris(ctx, entry)));
}
