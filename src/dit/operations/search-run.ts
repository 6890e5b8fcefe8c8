/**
 * Running a search request: the root DSE (base '' scope base) and the subschema subentry are
 * served from the profile; everything else goes through findMatches/emitMatches, with the
 * paged results (RFC 2696) and server-side sort (RFC 2891) controls applied on the match set.
 */
import type { Control, ProtocolOp, SearchRequest } from '../../protocol/index.js';
import { AD_MAX_PAGE_SIZE, adFilter } from '../ad-search.js';
import { utf8 } from '../../util/index.js';
import type { Directory } from '../directory.js';
import type { Name } from '../names.js';
import { evaluate, TRUE } from '../evaluate-filter.js';
import { checkAssertion } from '../request-controls.js';
import { OperationFailure, outcome, RC, type Outcome } from '../result.js';
import type { Attribute, Entry } from '../store.js';
import { idSetToArray } from '../id-set.js';
import { OID, type OpContext } from './context.js';
import { CASE_IGNORE_FALLBACK } from '../schema-view.js';
import { emitMatches, findMatches, type SearchItem } from './search.js';
import { parseSelection, selectOutput } from './select-attributes.js';
import { applyPaging, applySort, applyVlv } from './search-controls.js';

type Send = (op: ProtocolOp, controls?: readonly Control[]) => void;

function synthetic(dir: Directory, dn: string, values: ReadonlyMap<string, readonly string[]>): Entry {
  const attrs = new Map<string, Attribute>();
  const view = dir.engine.view;
  for (const [type, vals] of values) {
    if (!view.type(type)) {
      // a DSA attribute the published schema leaves out (slapd's configContext): operational text
      view.define({
        key: type.toLowerCase(),
        name: type,
        oid: undefined,
        known: true,
        singleValue: false,
        noUserModification: true,
        operational: true,
        syntax: undefined,
        equality: CASE_IGNORE_FALLBACK,
        ordering: undefined,
        substr: undefined,
        withSubtypes: [type.toLowerCase()],
      });
    }
    const d = view.describe(type);
    if (!d || vals.length === 0) continue;
    const prev = attrs.get(d.storeKey);
    attrs.set(d.storeKey, { desc: d, name: type, values: [...(prev?.values ?? []), ...vals.map(utf8)] });
  }
  const name = dir.engine.name(dn);
  return { id: 0, dn, ndn: name.ndn, parentId: 0, attrs };
}

export function rootDse(dir: Directory): Entry {
  const values = new Map(dir.profile.rootDse);
  const engine = dir.engine;
  const ncs = engine.options.namingContexts.length
    ? [...engine.options.namingContexts]
    : idSetToArray(engine.state.children.get(0)).map((id) => (engine.state.byId.get(id) as Entry).dn);
  values.set('namingContexts', ncs);
  // AD names its domain here; applications read it to find their search base
  const first = ncs[0];
  if (first !== undefined && values.has('defaultNamingContext')) {
    values.set('defaultNamingContext', [first]);
    values.set('rootDomainNamingContext', [first]);
  }
  values.set('subschemaSubentry', [dir.profile.subschemaDn]);
  // the mechanisms a client may choose: those the capture lists and the engine carries out
  // (the capture also names GSSAPI, DIGEST-MD5, ...: a client picking one would only fail)
  for (const attr of ['supportedSASLMechanisms', 'availableSASLMechanisms']) {
    const listed = values.get(attr);
    if (!listed) continue;
    const usable = listed.filter((m) => SASL_MECHANISMS.has(m));
    if (usable.length > 0) values.set(attr, usable);
    else values.delete(attr);
  }
  const entry = synthetic(dir, '', values);
  return entry;
}

/** The SASL mechanisms the engine's bind carries out (src/dit/operations/bind.ts). */
const SASL_MECHANISMS: ReadonlySet<string> = new Set(['PLAIN', 'EXTERNAL', 'SCRAM-SHA-256']);

/** slapd's order of the definitions in its subschema subentry (measured). */
const SCHEMA_ORDER = [
  'ldapSyntaxes',
  'matchingRules',
  'matchingRuleUse',
  'attributeTypes',
  'objectClasses',
  'dITContentRules',
  'nameForms',
  'dITStructureRules',
];

export function subschemaEntry(dir: Directory): Entry {
  // the entry's own attributes, then the definitions, then the computed entryDN and
  // subschemaSubentry: the layout slapd sends
  const computed = new Set(['entrydn', 'subschemasubentry']);
  const own = [...dir.profile.subschemaEntry];
  const values = new Map<string, readonly string[]>(own.filter(([k]) => !computed.has(k.toLowerCase())));
  const definitions = dir.profile.schema.toSubschemaEntry();
  for (const kind of SCHEMA_ORDER) {
    const v = definitions.get(kind);
    if (v) values.set(kind, v);
  }
  for (const [k, v] of definitions) if (!values.has(k)) values.set(k, v);
  for (const [k, v] of own) if (computed.has(k.toLowerCase())) values.set(k, v);
  return synthetic(dir, dir.profile.subschemaDn, values);
}

/** The root DSE or the subschema subentry when `name` is one of them (they are not in the tree). */
export function specialEntry(dir: Directory, name: Name): Entry | undefined {
  if (name.rdns.length === 0) return rootDse(dir);
  const schemaDn = dir.profile.subschemaDn;
  return schemaDn && name.ndn === dir.engine.name(schemaDn).ndn ? subschemaEntry(dir) : undefined;
}

export function runSearch(dir: Directory, ctx: OpContext, req: SearchRequest, send: Send): void {
  const engine = ctx.engine;
  const started = Date.now();
  // once abandoned (or cancelled), a search emits nothing more, not even its SearchResultDone
  const done = (o: Outcome, controls?: readonly Control[]) => {
    if (!ctx.signal?.aborted) send({ type: 'SearchResultDone', ...o } as ProtocolOp, controls);
  };
  const emit = (item: SearchItem) => {
    if (!ctx.signal?.aborted) send(item);
  };
  try {
    const name = engine.name(req.baseObject);
    const special = req.scope === 0 ? specialEntry(dir, name) : undefined;
    const ad = engine.options.profile === 'ad';
    if (special) {
      // the assertion control holds for the root DSE and the subschema subentry too (slapd)
      checkAssertion(ctx, req, undefined, () => special);
      const state = engine.state;
      // AD's root DSE has no objectClass yet answers the usual (objectClass=*) (Samba 4.17 does)
      const anyClass =
        ad && req.filter.type === 'present' && engine.view.type(req.filter.attribute)?.key === 'objectclass';
      if (anyClass || evaluate(engine.evalContext(state), req.filter, special) === TRUE) {
        const sel = parseSelection(engine, req.attributes);
        // root DSE and subschema attributes are operational in the schema: '*' gives objectClass only
        const attributes = selectOutput(engine, state, special, sel, req.typesOnly);
        emit({ type: 'SearchResultEntry', objectName: special.dn, attributes });
      }
      return done(outcome(RC.success));
    }
    if (ad) req = { ...req, filter: adFilter(engine, req.filter, name) };
    // the server's own limit for all but the root DN (slapd: sizelimit 500 by default, the
    // smaller of it and the client's; paged and sorted searches included, measured)
    const serverLimit = engine.options.sizeLimit;
    if (
      serverLimit > 0 &&
      !ctx.relax &&
      (req.sizeLimit === 0 || req.sizeLimit > serverLimit) &&
      !engine.isRoot(engine.name(ctx.authzDn || '').ndn)
    )
      req = { ...req, sizeLimit: serverLimit };
    checkAssertion(ctx, req);
    const state = engine.store.freeze();
    let matches = findMatches(ctx, req, state, started);
    // sorting, VLV and paging need the whole result set: a search cut short returns only the code
    if (matches.timedOut && hasResultSetControl(ctx)) return done(outcome(RC.timeLimitExceeded));
    const responseControls: Control[] = [];
    const sorted = applySort(ctx, matches);
    matches = sorted.matches;
    responseControls.push(...sorted.controls);
    // slapd's sssvlv refuses to combine a virtual list view with paged results
    if (ctx.controls.has(OID.vlv) && ctx.controls.has(OID.pagedResults))
      return done(outcome(RC.unwillingToPerform, 'VLV and paged results are mutually exclusive'));
    const vlv = applyVlv(ctx, matches);
    // slapd's sssvlv (measured): a size limit smaller than the sorted result or the VLV window
    // ends it with sizeLimitExceeded and no sort or VLV response control
    const cut = (r: Outcome, controls: Control[]) =>
      done(r, r.resultCode === RC.sizeLimitExceeded ? [] : controls);
    if (vlv) {
      const r = emitMatches(ctx, req, vlv.page, emit, started);
      return cut(r, [...responseControls, ...vlv.controls]);
    }
    const paged = applyPaging(dir, ctx, req, matches);
    if (paged) {
      const r = emitMatches(ctx, { ...req, sizeLimit: 0 }, paged.page, emit, started);
      const result =
        paged.sizeLimitExceeded && r.resultCode === RC.success ? outcome(RC.sizeLimitExceeded) : r;
      return done(result, [...responseControls, ...paged.controls]);
    }
    // AD's MaxPageSize bounds every search that does not page (MS-ADTS 3.1.1.3.4.6)
    const limited =
      ad && (req.sizeLimit === 0 || req.sizeLimit > AD_MAX_PAGE_SIZE)
        ? { ...req, sizeLimit: AD_MAX_PAGE_SIZE }
        : req;
    return cut(emitMatches(ctx, limited, matches, emit, started), responseControls);
  } catch (err) {
    if (err instanceof OperationFailure) return done(err.outcome, err.controls);
    throw err;
  }
}

/** Controls that reorder or window the whole result set. */
function hasResultSetControl(ctx: OpContext): boolean {
  return ctx.controls.has(OID.serverSort) || ctx.controls.has(OID.vlv) || ctx.controls.has(OID.pagedResults);
}

export { OID };
