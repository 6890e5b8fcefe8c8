/**
 * Which attributes a search returns (RFC 4511 section 4.5.1.8): `*` or an empty list for all user
 * attributes, `+` for all operational ones (RFC 3673), `1.1` for none, `@class` for the
 * attributes of an object class (RFC 4529), and names (with their subtypes: `name` returns cn
 * and sn). Unknown names are ignored. Computed attributes appear only when asked for.
 */
import type { PartialAttribute } from '../../protocol/index.js';
import type { Engine } from '../engine.js';
import { VIRTUAL } from '../engine.js';
import type { Description } from '../schema-view.js';
import type { DitState, Entry } from '../store.js';

export interface Selection {
  readonly allUser: boolean;
  readonly allOperational: boolean;
  readonly named: readonly Description[];
}

export function parseSelection(engine: Engine, attributes: readonly string[]): Selection {
  let allUser = attributes.length === 0;
  let allOperational = false;
  const named: Description[] = [];
  for (const a of attributes) {
    if (a === '*') allUser = true;
    else if (a === '+') allOperational = true;
    else if (a === '1.1') continue;
    else if (a.startsWith('@')) {
      const c = engine.view.objectClass(a.slice(1));
      if (!c) continue;
      for (const k of [...c.must, ...c.may]) {
        const d = engine.view.describe(k);
        if (d) named.push(d);
      }
    } else {
      const d = engine.view.describe(a);
      if (d) named.push(d);
    }
  }
  return { allUser, allOperational, named };
}

function wanted(sel: Selection, d: Description): boolean {
  if (d.info.operational ? sel.allOperational : sel.allUser) return true;
  return sel.named.some(
    (n) => n.info.withSubtypes.includes(d.info.key) && n.options.every((o) => d.options.includes(o)),
  );
}

/** The attributes of `entry` to return, in stored order, then the computed ones. */
export function selectOutput(
  engine: Engine,
  state: DitState,
  entry: Entry,
  sel: Selection,
  typesOnly: boolean,
): PartialAttribute[] {
  const out: PartialAttribute[] = [];
  for (const attr of entry.attrs.values()) {
    if (!wanted(sel, attr.desc)) continue;
    out.push({ type: attr.name, vals: typesOnly ? [] : attr.values });
  }
  const virtual = engine.virtual(state);
  const extra = [...VIRTUAL];
  if (engine.options.memberOf) extra.push('memberof');
  for (const key of extra) {
    const d = engine.view.describe(key);
    if (!d || !wanted(sel, d)) continue;
    if (entry.attrs.has(d.storeKey)) continue;
    const vals = virtual(entry, d.info);
    if (vals && vals.length > 0) out.push({ type: d.info.name, vals: typesOnly ? [] : vals });
  }
  return out;
}
