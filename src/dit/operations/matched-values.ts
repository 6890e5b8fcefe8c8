/**
 * The matched values control (RFC 3876): a search returns only the attribute values that match
 * one of the control's simple filter items (section 2, step 4), each value tested alone under
 * the item's filter evaluation (subtypes, options, rules; `(objectClass=person)` keeps
 * inetOrgPerson, as slapd). An attribute left with no value is returned with an empty set of
 * values (step 4.ii), and typesOnly searches are not affected (step 2). slapd 2.5 differs in
 * two places, both listed deviations: it drops stored attributes left empty, and its
 * approximate items never match. An item that does not decode matches nothing, as slapd reads
 * it as Undefined.
 */
import { BerReader } from '../../ber/index.js';
import { decodeFilter, type Filter } from '../../filter/index.js';
import type { PartialAttribute } from '../../protocol/index.js';
import type { Engine } from '../engine.js';
import { evaluate, TRUE } from '../evaluate-filter.js';
import type { DitState, Entry } from '../store.js';
import type { OpContext } from './context.js';

export const MATCHED_VALUES_OID = '1.2.826.0.1.3344810.2.3';

/** ValuesReturnFilter ::= SEQUENCE OF SimpleFilterItem; undefined marks an undecodable item. */
function readItems(value: Uint8Array): Array<Filter | undefined> {
  const items: Array<Filter | undefined> = [];
  try {
    const r = new BerReader(value);
    r.enter(0x30);
    while (r.more()) {
      const raw = r.readRaw();
      try {
        items.push(decodeFilter(raw));
      } catch {
        items.push(undefined);
      }
    }
  } catch {
    items.push(undefined);
  }
  return items;
}

/** The value filter of a search, or undefined without the control. */
export function matchedValues(
  ctx: OpContext,
  state: DitState,
): ((entry: Entry, attributes: PartialAttribute[]) => PartialAttribute[]) | undefined {
  const c = ctx.controls.get(MATCHED_VALUES_OID);
  if (!c?.value) return undefined;
  const items = readItems(c.value).filter((f): f is Filter => f !== undefined);
  const engine: Engine = ctx.engine;
  // each value is tested as the only value of an entry: nothing computed is added to it
  const evalCtx = { ...engine.evalContext(state), virtual: undefined };
  return (entry, attributes) => {
    const out: PartialAttribute[] = [];
    for (const a of attributes) {
      const desc = engine.view.describe(a.type);
      if (!desc) {
        out.push({ type: a.type, vals: [] });
        continue;
      }
      const kept = a.vals.filter((v) => {
        const one = new Map([[desc.storeKey, { desc, name: a.type, values: [v] }]]);
        const probe: Entry = {
          id: entry.id,
          dn: entry.dn,
          ndn: entry.ndn,
          parentId: entry.parentId,
          attrs: one,
        };
        return items.some((f) => evaluate(evalCtx, f, probe) === TRUE);
      });
      out.push({ type: a.type, vals: kept });
    }
    return out;
  };
}
