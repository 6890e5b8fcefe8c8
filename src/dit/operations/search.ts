/**
 * Search (RFC 4511 section 4.5): base lookup with alias dereferencing and referrals, candidate
 * selection (index or scope), three-valued filter evaluation, attribute selection, size and time
 * limits. Entries come in entry-id (insertion) order, as slapd returns them. The search runs on
 * one frozen state, so writes that happen meanwhile are not seen (snapshot isolation).
 */
import type { SearchRequest, SearchResultEntry, SearchResultReference } from '../../protocol/index.js';
import { fromUtf8 } from '../../util/index.js';
import { evaluate, TRUE } from '../evaluate-filter.js';
import { idSetToArray } from '../id-set.js';
import { byteLength, inSubtree, slapdRdnKey } from '../names.js';
import { indexedCandidates } from '../plan.js';
import { fail, OperationFailure, outcome, RC, type Outcome } from '../result.js';
import { type DitState, type Entry, postings } from '../store.js';
import { normKey } from '../schema-view.js';
import { OID, type OpContext } from './context.js';
import { referralUris, type UrlScope } from './referral.js';
import { parseSelection, selectOutput } from './select-attributes.js';
import { subentryVisibility } from './subentries.js';
import { matchedValues } from './matched-values.js';

export type SearchItem = SearchResultEntry | SearchResultReference;

/** The matching entries of a search, before limits and paging: what controls post-process. */
export interface SearchMatches {
  readonly state: DitState;
  readonly entries: readonly Entry[];
  /**
   * Continuation references, each placed before the entry at index `at` (in result order); `id`
   * is the referral object's entry id.
   */
  readonly references: ReadonlyArray<{ readonly at: number; readonly uris: string[]; readonly id?: number }>;
  /** The time limit ran out while candidates were evaluated: `entries` are those found before. */
  readonly timedOut?: boolean;
}

const isAlias = (ctx: OpContext, e: Entry): boolean =>
  (ctx.engine.get(e, 'objectClass')?.values ?? []).some((v) => fromUtf8(v).toLowerCase() === 'alias');

function dereference(ctx: OpContext, state: DitState, e: Entry): Entry {
  const seen = new Set<number>();
  let cur = e;
  while (isAlias(ctx, cur)) {
    if (seen.has(cur.id)) fail(RC.aliasProblem, 'alias loop');
    seen.add(cur.id);
    const target = ctx.engine.get(cur, 'aliasedObjectName')?.values[0];
    if (!target) fail(RC.aliasProblem, 'alias has no aliasedObjectName');
    const name = ctx.engine.name(fromUtf8(target));
    const next = ctx.engine.lookup(name.ndn, state);
    if (!next) fail(RC.aliasProblem, 'alias target not found', ctx.engine.matched(name, state));
    cur = next;
  }
  return cur;
}

/** The normalised RDN of a normalised DN (up to the first unescaped comma). */
function rdnKey(ndn: string): string {
  for (let i = 0; i < ndn.length; i++) {
    const c = ndn[i];
    if (c === '\\') i++;
    else if (c === ',') return ndn.slice(0, i);
  }
  return ndn;
}

/**
 * Children as slapd's back-mdb keeps them in dn2id: by the length in bytes of the normalised RDN
 * as slapd writes it, then by those bytes. This is the order of one-level searches and of
 * unindexed subtree searches below the suffix.
 */
function childrenInKeyOrder(state: DitState, parentId: number): number[] {
  const kids = idSetToArray(state.children.get(parentId)).map((id) => {
    const e = state.byId.get(id) as Entry;
    const key = slapdRdnKey(rdnKey(e.ndn));
    return { id, key, size: byteLength(key) };
  });
  kids.sort((a, b) => a.size - b.size || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return kids.map((k) => k.id);
}

/** Entries of class alias (objectClass is always indexed), in id order; all entries without a schema. */
function aliasIds(engine: OpContext['engine'], state: DitState): number[] {
  const oc = engine.view.type('objectClass');
  const rule = oc ? engine.view.equality(oc) : undefined;
  const n = rule?.normalize(new TextEncoder().encode('alias'));
  if (!oc || n === undefined || !engine.store.indexed.has(oc.key))
    return [...state.byId.keys()].sort((a, b) => a - b);
  return idSetToArray(postings(state, oc.key, normKey(n)));
}

const URL_SCOPE: Record<number, UrlScope> = { 0: 'base', 1: 'one', 2: 'sub', 3: 'sub' };

/**
 * Resolve the base and collect every entry (and referral) matching, in id order. `started`
 * (Date.now() when the search began) enables the time limit: like slapd, the candidate loop
 * stops when it runs out and what was found so far is returned (then timeLimitExceeded).
 */
export function findMatches(
  ctx: OpContext,
  req: SearchRequest,
  state: DitState,
  started?: number,
): SearchMatches {
  const engine = ctx.engine;
  const manage = ctx.controls.has(OID.manageDsaIT);
  const name = engine.name(req.baseObject);
  let base: Entry | undefined;
  // slapd has no database at the root: only the root DSE itself (scope base) is there
  if (name.rdns.length === 0 && req.scope !== 0) fail(RC.noSuchObject);
  if (name.rdns.length > 0) {
    base = engine.lookup(name.ndn, state);
    if (!base) {
      // a referral object above the base answers with a referral (RFC 4511 section 4.1.10),
      // with ManageDsaIT too (it only makes the referral object itself an ordinary entry)
      for (let i = 1; i < name.rdns.length; i++) {
        const anc = engine.lookup(name.rdnKeys.slice(i).join(','), state);
        if (anc && engine.isReferral(anc)) {
          const uris = referralUris(ctx, anc, name.rdns.slice(0, i), URL_SCOPE[req.scope]);
          throw new OperationFailure(outcome(RC.referral, '', anc.dn, uris));
        }
      }
      fail(RC.noSuchObject, '', engine.matched(name, state));
    }
    if (!manage && engine.isReferral(base)) {
      throw new OperationFailure(
        outcome(RC.referral, '', base.dn, referralUris(ctx, base, undefined, URL_SCOPE[req.scope])),
      );
    }
    if (req.derefAliases >= 2) base = dereference(ctx, state, base);
  }
  const evalCtx = engine.evalContext(state);
  const scope = req.scope;
  let candidates: number[];
  const baseKey = base?.ndn ?? '';
  // an indexed filter gives slapd its candidates (in entry id order) for one-level and subtree
  // searches alike; trigram candidates come in id order too: slapd's order only from the suffix
  const trigramOk = scope === 2 || scope === 3 ? !base || base.parentId === 0 : false;
  const idx =
    scope === 0
      ? undefined
      : indexedCandidates(
          engine.view,
          engine.store.plannable,
          state,
          req.filter,
          trigramOk ? engine.store.substring : undefined,
        );
  // slapd searches (|(objectClass=referral)(filter)) without ManageDsaIT: referrals stay
  // candidates; so do aliases when they are dereferenced while searching
  const withRefs = (ids: number[]): number[] => {
    const refs = manage ? [] : idSetToArray(state.pres.get(engine.view.type('ref')?.key ?? 'ref'));
    const aliases = req.derefAliases === 1 || req.derefAliases === 3 ? aliasIds(engine, state) : [];
    return refs.length || aliases.length
      ? [...new Set([...ids, ...refs, ...aliases])].sort((a, b) => a - b)
      : ids;
  };
  // with server-side sorting or VLV (sssvlv) slapd walks the tree in key order below the suffix
  // even for an indexed filter; the order shows in the ties of the sort (measured)
  const sorted = ctx.controls.has(OID.serverSort) || ctx.controls.has(OID.vlv);
  // so it does when it dereferences aliases while searching (measured)
  const walk = sorted || req.derefAliases === 1 || req.derefAliases === 3;
  if (scope === 0) {
    candidates = base ? [base.id] : [];
  } else if (scope === 1) {
    const parentId = base ? base.id : 0;
    candidates =
      idx !== undefined && !walk
        ? withRefs(idx).filter((id) => (state.byId.get(id) as Entry).parentId === parentId)
        : childrenInKeyOrder(state, parentId);
  } else {
    if (idx !== undefined && !(walk && base && base.parentId !== 0)) {
      const all = withRefs(idx);
      candidates =
        baseKey === '' ? all : all.filter((id) => inSubtree((state.byId.get(id) as Entry).ndn, baseKey));
    } else if (!base || base.parentId === 0) {
      // the whole database: slapd walks all entry ids in order
      candidates = [];
      const walk = (id: number) => {
        for (const c of idSetToArray(state.children.get(id))) {
          candidates.push(c);
          walk(c);
        }
      };
      if (base) candidates.push(base.id);
      walk(base ? base.id : 0);
      candidates.sort((a, b) => a - b);
    } else {
      // a subtree below the suffix: slapd's dn2id walk lists an entry's children (by key), then
      // walks each of them the same way (measured: ou=deep's whole subtree before the next one's)
      candidates = [base.id];
      const walk = (id: number): void => {
        const kids = childrenInKeyOrder(state, id);
        candidates.push(...kids);
        for (const k of kids) walk(k);
      };
      walk(base.id);
    }
    if (scope === 3 && base) candidates = candidates.filter((id) => id !== base.id);
  }
  const entries: Entry[] = [];
  const references: Array<{ at: number; uris: string[]; id?: number }> = [];
  const seen = new Set<number>();
  const deadline = started !== undefined && req.timeLimit > 0 ? started + req.timeLimit * 1000 : 0;
  let visited = 0;
  let timedOut = false;
  const aliasTargets: Array<{ alias: number; target: Entry }> = [];
  const visible = subentryVisibility(ctx, state, scope);
  for (const id of candidates) {
    if (ctx.signal?.aborted) break;
    // the clock is read every 256 candidates: cheap, and a scan of a large DIT still stops in time
    if (deadline !== 0 && (++visited & 255) === 0 && Date.now() > deadline) {
      timedOut = true;
      break;
    }
    const e = state.byId.get(id);
    if (!e) continue;
    if (!manage && engine.isReferral(e) && e !== base) {
      // subordinate referrals become SearchResultReference (RFC 4511 section 4.5.3)
      // the URL carries the scope the search continues with there: one-level => base
      references.push({
        at: entries.length,
        uris: referralUris(ctx, e, undefined, scope === 1 ? 'base' : 'sub'),
        id: e.id,
      });
      continue;
    }
    if ((req.derefAliases === 1 || req.derefAliases === 3) && e !== base && isAlias(ctx, e)) {
      // slapd searches what aliases point to after the scope itself, the last alias (by id)
      // first: its scopes are a stack (measured)
      aliasTargets.push({ alias: e.id, target: dereference(ctx, state, e) });
      continue;
    }
    if (seen.has(e.id)) continue;
    if (visible && !visible(e)) continue;
    if (evaluate(evalCtx, req.filter, e) !== TRUE) continue;
    seen.add(e.id);
    entries.push(e);
  }
  aliasTargets.sort((a, b) => b.alias - a.alias);
  for (const { target } of timedOut ? [] : aliasTargets) {
    // RFC 4511 4.5.1.3: in a subtree search the alias target's whole subtree is searched too;
    // a subordinate search searches the target with its own scope, its subordinates alone
    // (slapd, measured)
    const more = [target.id];
    if (scope >= 2)
      for (let i = 0; i < more.length; i++) more.push(...childrenInKeyOrder(state, more[i] as number));
    for (const tid of more) {
      if (scope === 3 && tid === target.id) continue;
      const t = state.byId.get(tid);
      if (!t || seen.has(t.id) || (tid !== target.id && isAlias(ctx, t))) continue;
      if (visible && !visible(t)) continue;
      if (evaluate(evalCtx, req.filter, t) !== TRUE) continue;
      seen.add(t.id);
      entries.push(t);
    }
  }
  return timedOut ? { state, entries, references, timedOut } : { state, entries, references };
}

/** Emit entries and references of a match set with the limits applied; returns the result. */
export function emitMatches(
  ctx: OpContext,
  req: SearchRequest,
  matches: SearchMatches,
  emit: (item: SearchItem) => void,
  started: number,
): Outcome {
  const sel = parseSelection(ctx.engine, req.attributes);
  const valueFilter = matchedValues(ctx, matches.state);
  let sent = 0;
  let r = 0;
  const refs = matches.references;
  const flushRefs = (upTo: number) => {
    while (r < refs.length && (refs[r] as { at: number }).at <= upTo) {
      emit({ type: 'SearchResultReference', uris: (refs[r++] as { uris: string[] }).uris });
    }
  };
  for (let i = 0; i < matches.entries.length; i++) {
    const e = matches.entries[i] as Entry;
    flushRefs(i);
    if (ctx.signal?.aborted) return outcome(RC.canceled);
    if (req.sizeLimit > 0 && sent >= req.sizeLimit) return outcome(RC.sizeLimitExceeded);
    // a scan cut short by the limit still sends what it found (slapd sends as it finds)
    if (req.timeLimit > 0 && !matches.timedOut && Date.now() - started > req.timeLimit * 1000)
      return outcome(RC.timeLimitExceeded);
    const output = selectOutput(ctx.engine, matches.state, e, sel, req.typesOnly);
    // RFC 3876 section 2: the matched values control does nothing to a typesOnly search
    const attributes = valueFilter && !req.typesOnly ? valueFilter(e, output) : output;
    emit({ type: 'SearchResultEntry', objectName: e.dn, attributes });
    sent++;
  }
  flushRefs(Number.MAX_SAFE_INTEGER);
  return outcome(matches.timedOut ? RC.timeLimitExceeded : RC.success);
}
