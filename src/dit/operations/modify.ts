/**
 * Modify (RFC 4511 section 4.6, increment RFC 4525): all changes apply to a copy of the entry,
 * which replaces the stored one only when every change and the final schema check succeed, so
 * the operation is atomic. Diagnostics follow slapd (`modify/add: cn: value #0 already exists`).
 * The permissive modify control (1.2.840.113556.1.4.1413) turns adding an existing value and
 * deleting a missing one into no-ops.
 */
import { checkOptions, prettyValues } from '../slapd-forms.js';
import type { ModifyRequest } from '../../protocol/index.js';
import { fromUtf8, utf8 } from '../../util/index.js';
import { fail, RC, SUCCESS, type Outcome } from '../result.js';
import { checkEntry, checkNaming } from '../schema-check.js';
import { checkAssertion } from '../request-controls.js';
import {
  applyAdModifyStamps,
  checkAdConstraints,
  checkAdModify,
  checkSamOwned,
  requireTlsForPassword,
} from '../ad-defaults.js';
import { attributeNorms, type Attribute, type Entry } from '../store.js';
import { normKey } from '../schema-view.js';
import { OID, type OpContext } from './context.js';
import { checkReferral, referralAbove } from './referral.js';
import { afterWrite } from './side-effects.js';

const OPS = ['add', 'delete', 'replace', 'increment'] as const;
const INTEGER_SYNTAX = '1.3.6.1.4.1.1466.115.121.1.27';

export function modify(ctx: OpContext, req: ModifyRequest): Outcome {
  const engine = ctx.engine;
  const name = engine.name(req.object);
  const relaxed = ctx.controls.has(OID.relax);
  // slapd's frontend checks the request before the entry is looked up. While decoding it: an
  // add without values is a protocolError, whichever modification it is.
  for (const change of req.changes) {
    if (change.operation === 0 && change.modification.vals.length === 0) {
      const d = engine.view.describe(change.modification.type);
      fail(RC.protocolError, `modify/add: ${d?.info.name ?? change.modification.type}: no values given`);
    }
    // RFC 4525 section 2: an increment carries exactly one value (slapd: while decoding)
    if (change.operation === 3 && change.modification.vals.length !== 1)
      fail(RC.protocolError, `modify/increment: ${change.modification.type}: exactly one value needed`);
  }
  // Then modification by modification (slap_mods_check): the type, the values' syntax, a
  // single-valued type given several values, a value given twice; for an increment, an
  // integer attribute and an integer delta.
  for (const change of req.changes) {
    const d = engine.view.describe(change.modification.type);
    if (!d) fail(engine.undefinedTypeCode, `${change.modification.type}: attribute type undefined`);
    checkOptions(engine.options.profile, d, change.modification.type);
    const vals = change.modification.vals;
    const label = `modify/${OPS[change.operation] ?? 'unknown'}: ${d.info.name}`;
    if (change.operation === 3) {
      if (d.info.syntax !== undefined && d.info.syntax !== INTEGER_SYNTAX)
        fail(RC.constraintViolation, `${d.info.name}: attribute syntax inappropriate for increment`);
      if (vals.length === 1 && parseIncrement(vals[0] as Uint8Array) === undefined)
        fail(RC.invalidAttributeSyntax, `${label}: value #0 invalid per syntax`);
      continue;
    }
    const given = { desc: d, name: d.info.name, values: vals };
    // DN values are checked as slapd reads them (`uid;x=bob,...` is `uid=bob,...`)
    engine.checkSyntax(ctx.relax || change.operation === 1 ? given : prettyValues(engine.view, given));
    // objectClass values name classes of the schema (slapd: invalid per syntax otherwise)
    if (d.info.key === 'objectclass' && engine.view.checking) {
      vals.forEach((v, i) => {
        if (!engine.view.objectClass(fromUtf8(v).trim()))
          fail(RC.invalidAttributeSyntax, `objectClass: value #${i} invalid per syntax`);
      });
    }
    if (change.operation !== 1 && d.info.singleValue && vals.length > 1)
      fail(RC.constraintViolation, `${d.info.name}: multiple values provided`);
    if (change.operation !== 1) engine.checkDuplicates({ desc: d, name: d.info.name, values: vals });
  }
  // Active Directory refuses to replace or delete the naming attribute or name through a
  // modify: only modify DN renames (notAllowedOnRDN, Samba 4.17 measured)
  if (engine.options.profile === 'ad' && !ctx.relax) {
    const rdnKeys = new Set((name.rdns[0] ?? []).map((a) => engine.view.type(a.type)?.key));
    rdnKeys.add(engine.view.type('name')?.key);
    for (const c of req.changes)
      if (c.operation !== 0 && rdnKeys.has(engine.view.type(c.modification.type)?.key))
        fail(RC.notAllowedOnRDN, `${c.modification.type}: the naming attribute cannot be modified`);
  }
  // then the attributes no client may write, still before the entry is looked up (slapd's
  // slap_mods_no_user_mod_check, measured: 19 before noSuchObject, a referral, noSuchAttribute)
  if (!ctx.relax)
    for (const change of req.changes) {
      if (engine.options.profile === 'ad') checkSamOwned(engine, change.modification.type);
      const info = engine.view.describe(change.modification.type)?.info;
      if (info && !engine.userWritable(info, 'modify', relaxed))
        fail(RC.constraintViolation, `${info.name}: no user modification allowed`);
    }
  if (engine.options.profile === 'ad' && !ctx.relax)
    requireTlsForPassword(
      engine,
      req.changes.map((c) => c.modification.type),
      ctx.session.tls,
    );
  // a missing target below a referral object is referred there (slapd)
  if (!engine.lookup(name.ndn)) referralAbove(ctx, name);
  const entry = engine.requireForUpdate(name);
  checkReferral(ctx, entry);
  // the assertion control (RFC 4528) after the request's own checks and the entry lookup (slapd)
  checkAssertion(ctx, req);
  const permissive = ctx.controls.has(OID.permissiveModify);
  const attrs = new Map(entry.attrs);
  for (const change of req.changes) {
    const op = OPS[change.operation];
    const d = engine.view.describe(change.modification.type);
    // values added are stored as slapd stores them (DN values prettified)
    const p =
      d && !ctx.relax && (op === 'add' || op === 'replace')
        ? {
            type: change.modification.type,
            vals: prettyValues(engine.view, { desc: d, name: d.info.name, values: change.modification.vals })
              .values,
          }
        : change.modification;
    if (!d || op === undefined) {
      if (!d) fail(engine.undefinedTypeCode, `${p.type}: attribute type undefined`);
      fail(RC.protocolError, 'unknown modify operation');
    }
    const info = d.info;
    if (!ctx.relax && !engine.userWritable(info, 'modify', relaxed)) {
      fail(RC.constraintViolation, `${info.name}: no user modification allowed`);
    }
    const current = attrs.get(d.storeKey);
    const label = `modify/${op}: ${info.name}`;
    const adMember = engine.options.profile === 'ad' && info.key === 'member';
    const given: Attribute = { desc: d, name: info.name, values: p.vals };
    if (op !== 'increment') engine.checkSyntax(given);
    const rule = engine.view.equality(info);
    const key = (v: Uint8Array): string => {
      const n = rule?.normalize(v);
      return n === undefined ? `\u0002${fromUtf8(v)}` : normKey(n);
    };
    const make = (values: Uint8Array[]): Attribute => ({
      desc: d,
      name: current?.name ?? engine.displayName(info, p.type),
      values,
    });
    switch (op) {
      case 'add': {
        if (p.vals.length === 0) fail(RC.protocolError, `${label}: no values given`);
        const values = current ? [...current.values] : [];
        const have = new Set(
          current
            ? attributeNorms(current, engine.view).map((n, i) => n ?? key(current.values[i] as Uint8Array))
            : [],
        );
        p.vals.forEach((v, i) => {
          const k = key(v);
          if (have.has(k)) {
            if (permissive) return;
            // AD: adding a member twice is entryAlreadyExists (Samba 4.17, measured)
            fail(
              adMember ? RC.entryAlreadyExists : RC.attributeOrValueExists,
              `${label}: value #${i} already exists`,
            );
          }
          have.add(k);
          values.push(v);
        });
        attrs.set(d.storeKey, make(values));
        break;
      }
      case 'delete': {
        // values can only be found under an equality rule (slapd: inappropriateMatching)
        if (p.vals.length > 0 && engine.view.checking && !rule) {
          fail(RC.inappropriateMatching, `${label}: no equality matching rule`);
        }
        // permissive modify forgives deleting an attribute that is not there, and values that
        // are not there as long as one listed value is (all missing is still noSuchAttribute:
        // measured on slapd)
        if (!current) {
          if (permissive) break;
          fail(RC.noSuchAttribute, `${label}: no such attribute`);
        }
        if (p.vals.length === 0) {
          attrs.delete(d.storeKey);
          break;
        }
        const norms = attributeNorms(current, engine.view).map(
          (n, i) => n ?? key(current.values[i] as Uint8Array),
        );
        const drop = new Set<number>();
        for (const v of p.vals) {
          const at = norms.indexOf(key(v));
          if (at >= 0) drop.add(at);
          // AD: removing a member that is not one is unwillingToPerform (Samba 4.17, measured)
          else if (!permissive)
            fail(adMember ? RC.unwillingToPerform : RC.noSuchAttribute, `${label}: no such value`);
        }
        if (drop.size === 0) fail(RC.noSuchAttribute, '');
        const left = current.values.filter((_v, i) => !drop.has(i));
        if (left.length === 0) attrs.delete(d.storeKey);
        else attrs.set(d.storeKey, make(left));
        break;
      }
      case 'replace': {
        // a replace is a delete and an add: the attribute moves to the end, as in slapd
        attrs.delete(d.storeKey);
        if (p.vals.length > 0) {
          const a = make([...p.vals]);
          engine.checkDuplicates(a);
          attrs.set(d.storeKey, a);
        }
        break;
      }
      case 'increment': {
        if (info.syntax !== undefined && info.syntax !== INTEGER_SYNTAX) {
          fail(RC.constraintViolation, `${info.name}: attribute syntax inappropriate for increment`);
        }
        if (p.vals.length !== 1) fail(RC.protocolError, `${label}: increment requires exactly one value`);
        const delta = parseIncrement(p.vals[0] as Uint8Array);
        if (delta === undefined) fail(RC.invalidAttributeSyntax, `${label}: invalid syntax`);
        if (!current) fail(RC.noSuchAttribute, `${label}: no such attribute`);
        const values = current.values.map((v) => {
          const n = parseInteger(v);
          if (n === undefined) fail(RC.constraintViolation, `${label}: value not an integer`);
          return utf8(String(n + delta));
        });
        attrs.set(d.storeKey, make(values));
        break;
      }
    }
  }
  // slapd's entry_schema_check: valid object classes, then the RDN values still there
  // (namingViolation; RFC 4511 4.6 would allow notAllowedOnRDN), then MUST/MAY
  // under the relax rules control the structural class may change (slapd)
  // (AD keeps the whole chain there: the last value is the class)
  const before = relaxed ? undefined : engine.get(entry, 'structuralObjectClass')?.values.at(-1);
  checkEntry(engine, name, attrs, before ? fromUtf8(before) : undefined, () =>
    checkNaming(engine, name, attrs),
  );
  const stamps = engine.modifyStamps(ctx.authzDn);
  // a modifyTimestamp or modifiersName the client set under relax stays as set (slapd)
  if (relaxed)
    for (const key of [...stamps.keys()])
      if (req.changes.some((c) => engine.view.type(c.modification.type)?.key === key.toLowerCase()))
        stamps.delete(key);
  engine.setOperational(attrs, stamps);
  if (engine.options.profile === 'ad' && !ctx.relax) {
    checkAdModify(
      engine,
      entry,
      req.changes.map((c) => c.modification.type),
      attrs,
    );
    // only the values this request adds need checking: a group's other members were checked
    // when they came (a modify of a large group stays cheap)
    const added = new Map<string, Attribute>();
    for (const c of req.changes) {
      const d =
        c.operation === 0 || c.operation === 2 ? engine.view.describe(c.modification.type) : undefined;
      if (!d) continue;
      const values = [...(added.get(d.storeKey)?.values ?? []), ...c.modification.vals];
      added.set(d.storeKey, { desc: d, name: d.info.name, values });
    }
    checkAdConstraints(engine, entry.ndn, added);
  }
  if (engine.options.profile === 'ad') {
    const pwd = engine.view.type('unicodePwd')?.key;
    const passwordSet = req.changes.some((c) => engine.view.type(c.modification.type)?.key === pwd);
    applyAdModifyStamps(engine, attrs, passwordSet);
  }
  const next: Entry = { ...entry, attrs };
  engine.store.put(next);
  afterWrite(engine, entry, next);
  return SUCCESS;
}

export function parseInteger(v: Uint8Array): bigint | undefined {
  const s = fromUtf8(v).trim();
  return /^-?\d+$/.test(s) ? BigInt(s) : undefined;
}

/**
 * An increment's value as the Integer syntax has it (RFC 4517 section 3.3.16: no leading
 * zeros, no "-0", no spaces), as slapd checks it (invalidAttributeSyntax otherwise).
 */
function parseIncrement(v: Uint8Array): bigint | undefined {
  const s = fromUtf8(v);
  return /^(0|-?[1-9]\d*)$/.test(s) ? BigInt(s) : undefined;
}
