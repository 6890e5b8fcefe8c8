/**
 * Delete (RFC 4511 section 4.8): only leaves, unless the subtree delete control
 * (draft-armijo-ldap-treedelete, OID 1.2.840.113556.1.4.805) is given.
 */
import type { DelRequest } from '../../protocol/index.js';
import { idSetToArray } from '../id-set.js';
import { fail, RC, SUCCESS, type Outcome } from '../result.js';
import type { Entry } from '../store.js';
import { OID, type OpContext } from './context.js';
import { afterWrite } from './side-effects.js';
import { checkReferral, referralAbove } from './referral.js';

export function del(ctx: OpContext, req: DelRequest): Outcome {
  const engine = ctx.engine;
  const name = engine.name(req.dn);
  if (name.rdns.length === 0) fail(RC.unwillingToPerform, 'cannot delete the root DSE');
  // a missing target below a referral object is referred there (slapd)
  if (!engine.lookup(name.ndn)) referralAbove(ctx, name);
  const entry = engine.requireForUpdate(name);
  checkReferral(ctx, entry);
  const state = engine.state;
  const hasChildren = state.children.get(entry.id) !== undefined;
  if (hasChildren && !ctx.controls.has(OID.subtreeDelete))
    fail(RC.notAllowedOnNonLeaf, 'subordinate objects must be deleted first');
  // children before parents
  const doomed: Entry[] = [];
  const walk = (e: Entry) => {
    for (const id of idSetToArray(state.children.get(e.id))) {
      const c = state.byId.get(id);
      if (c) walk(c);
    }
    doomed.push(e);
  };
  walk(entry);
  for (const e of doomed) {
    engine.store.remove(e);
    afterWrite(engine, e, undefined);
  }
  return SUCCESS;
}
