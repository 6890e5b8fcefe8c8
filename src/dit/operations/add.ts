/**
 * Add (RFC 4511 section 4.7), checked in slapd's order (measured): DN syntax (invalidDNSyntax),
 * no attributes (protocolError), attribute descriptions (undefinedAttributeType), repeated
 * values (attributeOrValueExists), server-maintained attributes (constraintViolation), the entry
 * schema check (with the RDN values added), then existence (entryAlreadyExists) and the parent
 * (noSuchObject with matchedDN).
 */
import { textBytes } from '../text-bytes.js';
import { fromUtf8 } from '../../util/index.js';
import type { AddRequest } from '../../protocol/index.js';
import { avaBytes, type Name } from '../names.js';
import { fail, OperationFailure, outcome, RC, SUCCESS, type Outcome } from '../result.js';
import { checkEntry } from '../schema-check.js';
import type { Entry } from '../store.js';
import { OID, type OpContext } from './context.js';
import { afterWrite } from './side-effects.js';
import { referralAbove, referralUris } from './referral.js';
import { checkAssertion } from '../request-controls.js';
import { applyAdDefaults, checkAdConstraints, requireTlsForPassword } from '../ad-defaults.js';

/** `parsed`: the request's DN already parsed (the fixture loader has it). */
export function add(ctx: OpContext, req: AddRequest, parsed?: Name): Outcome {
  const engine = ctx.engine;
  const name = parsed ?? engine.name(req.entry);
  if (name.rdns.length === 0) fail(RC.entryAlreadyExists, 'root DSE already exists');
  const schemaDn = engine.options.subschemaDn;
  if (schemaDn && name.ndn === engine.name(schemaDn).ndn)
    fail(RC.entryAlreadyExists, 'subschema subentry exists');
  if (!ctx.relax && req.attributes.length === 0) fail(RC.protocolError, 'no attributes provided');
  const repeated: { name?: string } = {};
  const attrs = engine.makeAttributes(req.attributes, !ctx.relax, repeated);
  if (engine.options.profile === 'ad' && !ctx.relax)
    requireTlsForPassword(
      engine,
      req.attributes.map((a) => a.type),
      ctx.session.tls,
    );
  if (!ctx.relax) {
    for (const attr of attrs.values()) {
      const info = attr.desc.info;
      if (!engine.userWritable(info, 'add', ctx.controls.has(OID.relax))) {
        fail(RC.constraintViolation, `${info.name}: no user modification allowed`);
      }
    }
    // an attribute listed twice in the request is refused once every attribute passed its own
    // checks and the user-modification check (slapd's slap_mods2entry, measured)
    if (repeated.name !== undefined)
      fail(RC.attributeOrValueExists, `attribute '${repeated.name}' provided more than once`);
  }
  // slapd adds the RDN values the entry lacks (RFC 4512 section 2.3 requires them present)
  const fromRdn: string[] = [];
  for (const ava of name.rdns[0] ?? []) {
    const d = engine.view.describe(ava.type);
    if (!d) continue;
    const value = avaBytes(ava) ?? textBytes(ava.value);
    const cur = attrs.get(d.storeKey);
    if (cur && engine.hasValue(cur, value)) continue;
    if (!cur) fromRdn.push(d.storeKey);
    attrs.set(d.storeKey, {
      desc: d,
      name: cur?.name ?? d.info.name,
      values: [...(cur?.values ?? []), value],
    });
  }
  // the parent's key is the name's key without its first RDN key (no parent display form needed)
  const parentEntry =
    name.rdns.length > 1 ? engine.lookup(name.ndn.slice((name.rdnKeys[0] as string).length + 1)) : undefined;
  // a name below no naming context this server holds is refused first (slapd: no backend)
  const verdict = parentEntry || engine.lookup(name.ndn) ? 'ok' : engine.rootVerdict(name);
  if (verdict === 'refuse' && !ctx.relax) fail(RC.unwillingToPerform, 'no global superior knowledge');
  if (engine.options.profile === 'ad') {
    applyAdDefaults(engine, name, attrs);
    if (!ctx.relax) checkAdConstraints(engine, name.ndn, attrs);
  }
  // slapd checks the schema before it looks for the entry or its parent (measured: an entry
  // without objectClass under a missing parent gets objectClassViolation, not noSuchObject)
  const structural = checkEntry(engine, name, attrs);
  // the assertion control (RFC 4528 section 3: on the entry to be added) right after the schema
  // check, before the entry or its parent is looked for (slapd's order, measured)
  checkAssertion(ctx, req, { id: 0, dn: name.dn, ndn: name.ndn, parentId: 0, attrs });
  if (engine.lookup(name.ndn)) fail(RC.entryAlreadyExists);
  let parentId = 0;
  if (parentEntry) {
    parentId = parentEntry.id;
  } else if (verdict === 'noSuchObject') {
    // a name below a referral object is referred there (slapd, ManageDsaIT or not)
    if (!ctx.relax) referralAbove(ctx, name);
    // fixture loading (relax) may create any naming context, but not skip a missing parent
    fail(RC.noSuchObject, '', engine.matched(name));
  }
  if (parentEntry) {
    // below a referral object the add is referred, ManageDsaIT or not (it makes the referral
    // object itself an ordinary entry, not its subordinates: slapd, measured); loads may
    if (!ctx.relax && engine.isReferral(parentEntry))
      throw new OperationFailure(
        outcome(RC.referral, '', parentEntry.dn, referralUris(ctx, parentEntry, name.rdns.slice(0, 1))),
      );
    // an alias has no subordinates (RFC 4512 section 2.6)
    if (engine.isAlias(parentEntry)) fail(RC.aliasProblem, 'parent is an alias');
  }
  const stamps = engine.stamps(ctx.authzDn, structural);
  // AD's structuralObjectClass is the whole structural chain, top included (Samba, measured)
  if (engine.options.profile === 'ad' && stamps.has('structuralObjectClass')) {
    const oc = engine.get({ id: 0, dn: name.dn, ndn: name.ndn, parentId: 0, attrs }, 'objectClass');
    const chain = (oc?.values ?? []).filter(
      (v) => engine.view.objectClass(fromUtf8(v))?.kind !== 'AUXILIARY',
    );
    if (chain.length > 0) stamps.set('structuralObjectClass', chain);
  }
  // fixtures may carry their own operational values (an exported DIT keeps its UUIDs)
  for (const key of [...stamps.keys()]) {
    const d = engine.view.describe(key);
    if (d && attrs.has(d.storeKey)) stamps.delete(key);
  }
  // slapd's layout (measured): the given attributes, structuralObjectClass, the attributes
  // made from RDN values, then the other stamps
  const soc = stamps.get('structuralObjectClass');
  if (soc && fromRdn.length > 0) {
    engine.setOperational(attrs, new Map([['structuralObjectClass', soc]]));
    stamps.delete('structuralObjectClass');
    for (const key of fromRdn) {
      const a = attrs.get(key);
      if (!a) continue;
      attrs.delete(key);
      attrs.set(key, a);
    }
  }
  engine.setOperational(attrs, stamps);
  const entry: Entry = { id: engine.store.allocateId(), dn: name.dn, ndn: name.ndn, parentId, attrs };
  engine.store.put(entry);
  afterWrite(engine, undefined, entry);
  return SUCCESS;
}
