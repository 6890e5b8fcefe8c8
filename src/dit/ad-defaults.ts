/**
 * What an Active Directory DSA adds to every new object (MS-ADTS 3.1.1.5.2.2 "Add operation
 * constraints"/defaults): instanceType, objectCategory (the defaultObjectCategory of the
 * most specific structural class), nTSecurityDescriptor, objectGUID, whenCreated/whenChanged.
 * Applied in the `ad` profile only, and only where the client supplied nothing.
 */
import { fromUtf8, utf8 } from '../util/index.js';
import type { Engine } from './engine.js';
import type { Name } from './names.js';
import type { Attribute } from './store.js';

function adTime(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}.0Z`;
}

/** The naming context an entry is under: its topmost RDNs made of dc= AVAs, else its last RDN. */
function domainOf(name: Name): string {
  const dcs: string[] = [];
  for (let i = name.rdns.length - 1; i >= 0; i--) {
    const rdn = name.rdns[i]!;
    if (rdn.length === 1 && rdn[0]!.type.toLowerCase() === 'dc') dcs.unshift(`DC=${rdn[0]!.value}`);
    else break;
  }
  return dcs.length ? dcs.join(',') : name.dn.slice(name.dn.lastIndexOf(',') + 1);
}

export function applyAdDefaults(engine: Engine, name: Name, attrs: Map<string, Attribute>): void {
  const view = engine.view;
  const set = (type: string, values: Uint8Array[]) => {
    const d = view.describe(type);
    if (d && !attrs.has(d.storeKey)) attrs.set(d.storeKey, { desc: d, name: d.info.name, values });
  };
  const ocInfo = view.type('objectClass');
  const classes = ocInfo ? (attrs.get(ocInfo.key)?.values ?? []).map(fromUtf8) : [];
  // the most specific structural class: one that no other listed structural class inherits from
  const infos = classes.map((c) => view.objectClass(c)).filter((c) => c !== undefined);
  const inherits = (a: string, b: NonNullable<(typeof infos)[number]>): boolean =>
    b.sup.some((s) => s.key === a || inherits(a, s));
  const structural = infos
    .filter((c) => c.kind === 'STRUCTURAL')
    .find((c) => !infos.some((o) => o !== c && inherits(c.key, o)));
  const now = adTime(engine.options.clock());
  set('instanceType', [utf8('4')]);
  if (structural)
    set('objectCategory', [utf8(`CN=${structural.name},CN=Schema,CN=Configuration,${domainOf(name)}`)]);
  set('nTSecurityDescriptor', [
    new Uint8Array([1, 0, 4, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
  ]);
  set('objectGUID', [uuidBytes(engine.options.uuid())]);
  set('whenCreated', [utf8(now)]);
  set('whenChanged', [utf8(now)]);
}

/** A UUID string as the 16 bytes of objectGUID (MS-DTYP GUID: first three fields little-endian). */
function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, '');
  const b = Buffer.from(hex, 'hex');
  const out = Buffer.from(b);
  out[0] = b[3]!;
  out[1] = b[2]!;
  out[2] = b[1]!;
  out[3] = b[0]!;
  out[4] = b[5]!;
  out[5] = b[4]!;
  out[6] = b[7]!;
  out[7] = b[6]!;
  return new Uint8Array(out);
}
