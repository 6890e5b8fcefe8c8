/**
 * Subentries (RFC 3672): entries of class subentry are visible to a search only when it asks
 * for them. With the subentries control (section 3) visibility TRUE shows subentries alone and
 * FALSE normal entries alone; without it a subentry shows only as the base of a base-scope
 * search. Measured on slapd 2.5 the same way: a one-level or subtree search, even with the
 * filter (objectClass=subentry), finds none without the control.
 */
import { BerReader } from '../../ber/index.js';
import { parseFilter } from '../../filter/index.js';
import { evaluate, TRUE } from '../evaluate-filter.js';
import { indexedCandidates } from '../plan.js';
import type { DitState, Entry } from '../store.js';
import type { OpContext } from './context.js';

export const SUBENTRIES_OID = '1.3.6.1.4.1.4203.1.10.1';
const SUBENTRY = parseFilter('(objectClass=subentry)');

/** The control value: visibility BOOLEAN (throws when it is anything else). */
export function decodeSubentriesValue(value: Uint8Array): boolean {
  const r = new BerReader(value);
  const visibility = r.readBoolean();
  if (r.more()) throw new Error('subentries control: trailing data');
  return visibility;
}

/**
 * A test for the entries a search may return as far as subentries go, or undefined when it
 * lets every entry through (no subentry in the DIT and no control).
 */
export function subentryVisibility(
  ctx: OpContext,
  state: DitState,
  scope: number,
): ((e: Entry) => boolean) | undefined {
  const c = ctx.controls.get(SUBENTRIES_OID);
  // the value was checked with the request (control-rules.ts)
  const visibility = c?.value ? decodeSubentriesValue(c.value) : undefined;
  const engine = ctx.engine;
  const ids = indexedCandidates(engine.view, engine.store.indexed, state, SUBENTRY);
  if (visibility === undefined && ids !== undefined && ids.length === 0) return undefined;
  const known = ids === undefined ? undefined : new Set(ids);
  const evalCtx = engine.evalContext(state);
  const isSubentry = (e: Entry): boolean =>
    known ? known.has(e.id) : evaluate(evalCtx, SUBENTRY, e) === TRUE;
  if (visibility === undefined) return (e) => scope === 0 || !isSubentry(e);
  return (e) => isSubentry(e) === visibility;
}
