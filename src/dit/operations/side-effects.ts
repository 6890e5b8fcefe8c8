/**
 * What a write does to other entries: referential integrity of group membership (slapd's
 * refint overlay, Active Directory's linked attributes). When an entry is deleted its DN leaves
 * every member/uniqueMember value; when it is renamed the values follow. memberOf itself is a
 * computed view over the member index, so it is always consistent.
 */
import type { Engine } from '../engine.js';
import { idSetToArray } from '../id-set.js';
import { normKey } from '../schema-view.js';
import { type Attribute, type Entry, postings } from '../store.js';
import { utf8 } from '../../util/index.js';

const LINKED = ['member', 'uniqueMember'];

export function afterWrite(engine: Engine, before: Entry | undefined, after: Entry | undefined): void {
  if (!engine.options.memberOf || before === undefined) return;
  if (after !== undefined && after.ndn === before.ndn) return;
  const view = engine.view;
  for (const type of LINKED) {
    const info = view.type(type);
    if (!info || !engine.store.indexed.has(info.key)) continue;
    const rule = view.equality(info);
    const n = rule?.normalize(utf8(before.dn));
    if (n === undefined) continue;
    const oldKey = normKey(n);
    const ids = idSetToArray(postings(engine.state, info.key, oldKey));
    for (const id of ids) {
      const group = engine.state.byId.get(id);
      if (!group) continue;
      const attrs = new Map(group.attrs);
      for (const [k, attr] of group.attrs) {
        if (attr.desc.info.key !== info.key) continue;
        const values = attr.values.filter((v) => {
          const m = rule?.normalize(v);
          return m === undefined || normKey(m) !== oldKey;
        });
        if (after) values.push(utf8(after.dn));
        const next: Attribute = { desc: attr.desc, name: attr.name, values };
        if (values.length === 0) attrs.delete(k);
        else attrs.set(k, next);
      }
      engine.store.put({ ...group, attrs });
    }
  }
}
