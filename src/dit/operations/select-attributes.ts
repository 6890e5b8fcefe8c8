/**
 * Which attributes a search returns (RFC 4511 section 4.5.1.8): `*` or an empty list for all user
 * attributes, `+` for all operational ones (RFC 3673), `1.1` for none, `@class` for the
 * attributes of an object class (RFC 4529), and names (with their subtypes: `name` returns cn
 * and sn). Unknown names are ignored. Computed attributes appear only when asked for.
 */
import type { PartialAttribute } from '../../protocol/index.js';
import type { Engine } from '../engine.js';
import { type Description, optionsCover } from '../schema-view.js';
import type { DitState, Entry } from '../store.js';

export interface Selection {
  readonly allUser: boolean;
  readonly allOperational: boolean;
  readonly named: readonly Description[];
  /** Active Directory: value ranges asked for by type key (`member;range=0-1499`). */
  readonly ranges?: ReadonlyMap<string, Range>;
  /** Active Directory: long attributes come back in ranges of MaxValRange values. */
  readonly autoRange?: boolean;
  /** Types `*` leaves out though the schema does not mark them operational (Active Directory). */
  readonly notInStar?: ReadonlySet<string>;
}

/**
 * What Active Directory returns only when asked by name (Samba 4.17, measured): its constructed
 * and security attributes, and the OpenLDAP-style stamps the engine keeps for every profile.
 */
const AD_NOT_IN_STAR: ReadonlySet<string> = new Set([
  'createtimestamp',
  'modifytimestamp',
  'ntsecuritydescriptor',
  'structuralobjectclass',
  'subschemasubentry',
]);

interface Range {
  readonly low: number;
  /** Inclusive; Infinity for `*`. */
  readonly high: number;
}

/** Active Directory's default MaxValRange (MS-ADTS 3.1.1.3.4.6 LDAP policies). */
export const MAX_VAL_RANGE = 1500;

const RANGE = /^range=(\d+)-(\d+|\*)$/;

export function parseSelection(engine: Engine, attributes: readonly string[]): Selection {
  let allUser = attributes.length === 0;
  let allOperational = false;
  const named: Description[] = [];
  const ad = engine.options.profile === 'ad';
  const ranges = new Map<string, Range>();
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
      let d = engine.view.describe(a);
      if (!d) continue;
      const option = ad ? d.options.find((o) => o.startsWith('range=')) : undefined;
      const m = option ? RANGE.exec(option) : null;
      if (option && m) {
        // MS-ADTS 3.1.1.3.1.3.3: the range option selects values, it is not a subtype
        const base = engine.view.describe([d.info.name, ...d.options.filter((o) => o !== option)].join(';'));
        if (!base) continue;
        d = base;
        ranges.set(d.storeKey, { low: Number(m[1]), high: m[2] === '*' ? Infinity : Number(m[2]) });
      }
      named.push(d);
    }
  }
  return ad
    ? { allUser, allOperational, named, ranges, autoRange: true, notInStar: AD_NOT_IN_STAR }
    : { allUser, allOperational, named };
}

/**
 * The values of one attribute as Active Directory returns them: a requested range, or the first
 * MaxValRange values of a longer attribute, under `type;range=low-high` (`high` is `*` when the
 * last value is included); undefined when the range starts past the last value.
 */
function ranged(
  sel: Selection,
  storeKey: string,
  type: string,
  values: readonly Uint8Array[],
): { type: string; values: readonly Uint8Array[] } | undefined {
  const asked = sel.ranges?.get(storeKey);
  if (!asked && !(sel.autoRange && values.length > MAX_VAL_RANGE)) return { type, values };
  const low = asked?.low ?? 0;
  if (low >= values.length) return undefined;
  const high = Math.min(asked?.high ?? Infinity, low + MAX_VAL_RANGE - 1, values.length - 1);
  const end = high === values.length - 1 ? '*' : String(high);
  return { type: `${type};range=${low}-${end}`, values: values.slice(low, high + 1) };
}

function wanted(sel: Selection, d: Description): boolean {
  if (d.info.operational ? sel.allOperational : sel.allUser && !sel.notInStar?.has(d.info.key)) return true;
  return sel.named.some(
    (n) => n.info.withSubtypes.includes(d.info.key) && optionsCover(n.options, d.options),
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
  const push = (storeKey: string, type: string, values: readonly Uint8Array[]) => {
    const r = ranged(sel, storeKey, type, values);
    if (r) out.push({ type: r.type, vals: typesOnly ? [] : r.values });
  };
  for (const attr of entry.attrs.values()) {
    if (!wanted(sel, attr.desc)) continue;
    if (engine.hidden(attr.desc.info)) continue;
    push(attr.desc.storeKey, attr.name, attr.values);
  }
  const virtual = engine.virtual(state);
  for (const key of engine.computed) {
    const d = engine.view.describe(key);
    if (!d || !wanted(sel, d)) continue;
    if (entry.attrs.has(d.storeKey)) continue;
    const vals = virtual(entry, d.info);
    if (vals && vals.length > 0) push(d.storeKey, d.info.name, vals);
  }
  return out;
}
