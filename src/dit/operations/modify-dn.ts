/**
 * Modify DN (RFC 4511 section 4.9): rename and move in one request. The new RDN values are added
 * to the entry, the old ones removed when deleteoldrdn is set, the whole subtree follows, and
 * entry ids (hence search order) are kept, as slapd does.
 */
import { type Ava, parseDn, parseRdn } from '../../dn/index.js';
import type { ModifyDNRequest } from '../../protocol/index.js';
import { utf8 } from '../../util/index.js';
import { idSetToArray } from '../id-set.js';
import { avaBytes, dnParseOptions, inSubtree, type Name, nameOf, parentName } from '../names.js';
import { fail, RC, SUCCESS, type Outcome } from '../result.js';
import { checkEntry } from '../schema-check.js';
import type { Attribute, Entry } from '../store.js';
import { OID, type OpContext } from './context.js';
import { checkReferral, referralAbove } from './referral.js';
import { checkAssertion } from '../request-controls.js';
import { afterWrite } from './side-effects.js';

export function modifyDn(ctx: OpContext, req: ModifyDNRequest): Outcome {
  const engine = ctx.engine;
  const view = engine.view;
  const name = engine.name(req.entry);
  // the new RDN is read with the request, before the entry is looked up
  let rdn;
  try {
    rdn = parseRdn(req.newrdn, dnParseOptions(view));
  } catch {
    fail(RC.invalidDNSyntax, 'invalid new RDN');
  }
  // its types and values are checked as the DN's are (an unknown type, a value its syntax
  // refuses: invalidDNSyntax), still before any lookup (slapd's frontend, measured)
  if (!nameOf(view, [rdn]).ok) fail(RC.invalidDNSyntax, 'invalid new RDN');
  // slapd's frontend compares the names before anything is looked up: a new superior at or below
  // the entry is unwillingToPerform even when neither exists
  const newSuperior = req.newSuperior !== undefined ? engine.name(req.newSuperior) : undefined;
  if (newSuperior && newSuperior.rdns.length > 0 && inSubtree(newSuperior.ndn, name.ndn))
    fail(RC.unwillingToPerform, 'cannot place an entry below itself');
  // a new superior outside every naming context (the root DSE, cn=Subschema, dc=com) is in no
  // database of this server: affectsMultipleDSAs before the entry is looked up (slapd picks
  // the database of both names first), unless the entry's own name is outside too
  if (
    newSuperior !== undefined &&
    !engine.lookup(newSuperior.ndn) &&
    engine.rootVerdict(newSuperior) === 'refuse' &&
    (engine.lookup(name.ndn) || engine.rootVerdict(name) !== 'refuse')
  )
    fail(RC.affectsMultipleDSAs, 'new superior is outside this server');
  const entry = engine.lookup(name.ndn);
  if (!entry) {
    referralAbove(ctx, name);
    // outside every naming context: unwillingToPerform (see Engine.requireForUpdate)
    if (engine.rootVerdict(name) === 'refuse') fail(RC.unwillingToPerform, 'no global superior knowledge');
    // slapd's modrdn names the parent as matchedDN when it exists, and nothing otherwise
    const parent = parentName(name);
    const found = parent && parent.rdns.length > 0 ? engine.lookup(parent.ndn) : undefined;
    fail(RC.noSuchObject, '', found ? found.dn : '');
  }
  checkReferral(ctx, entry);
  const superior: Name | undefined = newSuperior ?? parentName(name);
  const built = nameOf(view, [rdn, ...(superior?.rdns ?? [])]);
  if (!built.ok) fail(RC.invalidDNSyntax, 'invalid new RDN');
  const target = built.name;
  // a naming context is the root of its database: slapd refuses to rename or move it
  // (measured: affectsMultipleDSAs for a new name, namingViolation for the same one)
  if (entry.parentId === 0) {
    if (target.ndn === entry.ndn) fail(RC.namingViolation, 'cannot rename a naming context');
    fail(RC.affectsMultipleDSAs, 'cannot rename or move a naming context');
  }
  // the assertion control (RFC 4528) once the entry is found, before the new superior (slapd)
  checkAssertion(ctx, req);
  let parentId = entry.parentId;
  if (newSuperior !== undefined) {
    if (newSuperior.rdns.length > 0) {
      const sup = engine.lookup(newSuperior.ndn);
      if (!sup) fail(RC.noSuchObject, 'new superior not found');
      if (inSubtree(sup.ndn, entry.ndn)) fail(RC.unwillingToPerform, 'cannot place an entry below itself');
      // slapd (measured): a referral as new superior is LDAP_OTHER, an alias aliasProblem
      if (engine.isReferral(sup) && !ctx.controls.has(OID.manageDsaIT))
        fail(RC.other, 'newSuperior is a referral object');
      if (engine.isAlias(sup)) fail(RC.aliasProblem, 'newSuperior is an alias');
      parentId = sup.id;
    } else parentId = 0;
  }
  if (target.ndn !== entry.ndn && engine.lookup(target.ndn)) fail(RC.entryAlreadyExists);

  // slapd removes the old RDN values first, then adds the new ones (an emptied attribute moves last)
  const attrs = new Map(entry.attrs);
  if (req.deleteoldrdn) {
    for (const ava of name.rdns[0] ?? []) {
      const d = view.describe(ava.type);
      if (!d) continue;
      const value = avaBytes(ava) ?? utf8(ava.value);
      const cur = attrs.get(d.storeKey);
      if (!cur) continue;
      const left = cur.values.filter((v) => !engine.hasValue(single(d, undefined, v), value));
      if (left.length === 0) attrs.delete(d.storeKey);
      else attrs.set(d.storeKey, { desc: d, name: cur.name, values: left });
    }
  }
  for (const ava of rdn) {
    const d = view.describe(ava.type);
    if (!d) fail(RC.undefinedAttributeType, `${ava.type}: attribute type undefined`);
    const value = avaBytes(ava) ?? utf8(ava.value);
    const cur = attrs.get(d.storeKey);
    if (cur && engine.hasValue(cur, value)) continue;
    attrs.set(d.storeKey, {
      desc: d,
      name: cur?.name ?? d.info.name,
      values: [...(cur?.values ?? []), value],
    });
  }
  checkEntry(engine, target, attrs);
  engine.setOperational(attrs, engine.modifyStamps(ctx.authzDn));
  const moved: Entry = { id: entry.id, dn: target.dn, ndn: target.ndn, parentId, attrs };
  // descendants keep their relative RDNs under the new DN (collected before any write)
  const state = engine.state;
  const descendants: Entry[] = [];
  const walk = (e: Entry) => {
    for (const id of idSetToArray(state.children.get(e.id))) {
      const c = state.byId.get(id);
      if (c) {
        descendants.push(c);
        walk(c);
      }
    }
  };
  walk(entry);
  const depth = name.rdns.length;
  engine.store.put(moved);
  afterWrite(engine, entry, moved);
  for (const c of descendants) {
    const rdns = parseDn(c.dn);
    const rel = rdns.slice(0, rdns.length - depth);
    const n = nameOf(view, [...rel, ...target.rdns]);
    if (!n.ok) continue;
    const next: Entry = { ...c, dn: n.name.dn, ndn: n.name.ndn };
    engine.store.put(next);
    afterWrite(engine, c, next);
  }
  return SUCCESS;
}

function single(d: Attribute['desc'], ava?: Ava, v?: Uint8Array): Attribute {
  return { desc: d, name: d.info.name, values: [v ?? (ava && avaBytes(ava)) ?? utf8(ava?.value ?? '')] };
}
