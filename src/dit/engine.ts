/**
 * The shared core every operation works on: the store, the schema view, options, the clock and
 * UUID source, name resolution with matchedDN, building attributes from protocol data, the
 * schema checks of RFC 4512 (as slapd applies them) and the computed operational attributes.
 */
import { textBytes } from './text-bytes.js';
import type { PartialAttribute } from '../protocol/index.js';
import { checkOptions, prettyValues } from './slapd-forms.js';
import { bytesEqual, fromUtf8, utf8 } from '../util/index.js';
import { avaBytes, inSubtree, type Name, parseName, parentName } from './names.js';
import { attributeNorms, type Attribute, type DitState, type Entry, postings, Store } from './store.js';
import { type AttrInfo, normKey, type SchemaView } from './schema-view.js';
import { idSetSize, idSetToArray } from './id-set.js';
import { fail, RC } from './result.js';
import type { EvalContext } from './evaluate-filter.js';
import { generalizedTime, MANAGEABLE, SERVER_MAINTAINED, VIRTUAL } from './operational.js';

export type ProfileName = 'openldap' | 'ad' | '389ds' | 'none';

export interface EngineOptions {
  readonly profile: ProfileName;
  readonly rootDn: string | undefined;
  readonly rootPassword: Uint8Array | undefined;
  readonly clock: () => Date;
  readonly uuid: () => string;
  readonly memberOf: boolean;
  readonly allowUnauthenticatedBind: boolean;
  readonly namingContexts: readonly string[];
  readonly subschemaDn: string;
  /** Server-side size limit for every identity but the root DN; 0 for none. */
  readonly sizeLimit: number;
}

export class Engine {
  constructor(
    readonly store: Store,
    readonly view: SchemaView,
    readonly options: EngineOptions,
  ) {
    store.shared = (a) => this.sharedSet.has(a);
  }

  /** Attribute objects shared by many entries (interned stamps). */
  private readonly sharedSet = new WeakSet<Attribute>();

  get state(): DitState {
    return this.store.state;
  }

  /** Parse and normalise a DN; invalidDNSyntax (34) when it is not one. */
  name(text: string): Name {
    const hit = this.names.get(text);
    if (hit) return hit;
    const r = parseName(this.view, text);
    if (!r.ok) fail(RC.invalidDNSyntax, 'invalid DN');
    // a small cache: search bases and bind DNs repeat (names are immutable values)
    if (this.names.size >= 4096) this.names.clear();
    this.names.set(text, r.name);
    return r.name;
  }

  private readonly names = new Map<string, Name>();
  private readonly interned = new Map<string, Uint8Array>();
  /** Every value `intern` ever returned (shared, whether or not still in the table). */
  private readonly internedValues = new WeakSet<Uint8Array>();

  /** Shared bytes for repeated server-made values (timestamps, creator DNs): one copy, not one per entry. */
  intern(text: string): Uint8Array {
    let v = this.interned.get(text);
    if (!v) {
      if (this.interned.size >= 1024) this.interned.clear();
      v = utf8(text);
      this.interned.set(text, v);
      this.internedValues.add(v);
    }
    return v;
  }

  /** The entry with this normalised DN (without `state`: the current one, pending postings left as they are). */
  lookup(ndn: string, state?: DitState): Entry | undefined {
    if (state === undefined) return this.store.getByDn(ndn);
    const id = state.byDn.get(ndn);
    return id === undefined ? undefined : state.byId.get(id);
  }

  /** The DN of the closest existing ancestor (the matchedDN of noSuchObject). */
  matched(name: Name, state: DitState = this.state): string {
    for (let p = parentName(name); p !== undefined && p.rdns.length > 0; p = parentName(p)) {
      const e = this.lookup(p.ndn, state);
      if (e) return e.dn;
    }
    return '';
  }

  /** The entry named, or noSuchObject with matchedDN. */
  require(name: Name, state: DitState = this.state): Entry {
    const e = this.lookup(name.ndn, state);
    if (!e) fail(RC.noSuchObject, '', this.matched(name, state));
    return e;
  }

  /**
   * The entry an update names. A name outside every naming context this server holds (the
   * root DSE, the subschema subentry, `dc=com`) is unwillingToPerform: slapd finds no database
   * for it ("no global superior knowledge"); searches and compares there get noSuchObject.
   */
  requireForUpdate(name: Name): Entry {
    const e = this.lookup(name.ndn);
    if (!e && this.rootVerdict(name) === 'refuse')
      fail(RC.unwillingToPerform, 'no global superior knowledge');
    return e ?? this.require(name);
  }

  /** An alias entry (RFC 4512 section 2.6): objectClass alias. */
  isAlias(entry: Entry): boolean {
    return (this.get(entry, 'objectClass')?.values ?? []).some((v) => fromUtf8(v).toLowerCase() === 'alias');
  }

  /** A referral object (RFC 3296): objectClass referral with ref values. */
  isReferral(entry: Entry): boolean {
    if (this.get(entry, 'ref') === undefined) return false;
    const oc = this.get(entry, 'objectClass');
    return oc !== undefined && oc.values.some((v) => fromUtf8(v).toLowerCase() === 'referral');
  }

  private ncKeys: string[] | undefined;
  /** Normalised configured naming contexts. */
  get namingContextKeys(): string[] {
    if (!this.ncKeys) {
      this.ncKeys = [];
      for (const nc of this.options.namingContexts) {
        const r = parseName(this.view, nc);
        if (r.ok) this.ncKeys.push(r.name.ndn);
      }
    }
    return this.ncKeys;
  }

  /**
   * May `name` be added with no existing ancestor? With configured naming contexts only a
   * naming context may (an entry below one gets noSuchObject, others "no global superior
   * knowledge" as slapd answers); without, only into an empty directory.
   */
  rootVerdict(name: Name): 'ok' | 'noSuchObject' | 'refuse' {
    const ncs = this.namingContextKeys;
    if (ncs.length > 0) {
      if (ncs.includes(name.ndn)) return 'ok';
      return ncs.some((nc) => inSubtree(name.ndn, nc)) ? 'noSuchObject' : 'refuse';
    }
    for (let p = parentName(name); p !== undefined && p.rdns.length > 0; p = parentName(p)) {
      if (this.lookup(p.ndn)) return 'noSuchObject';
    }
    return this.store.size === 0 ? 'ok' : 'refuse';
  }

  isRoot(ndn: string): boolean {
    return this.rootNdn !== undefined && ndn === this.rootNdn;
  }

  private rootNdnCache: string | undefined | null = null;
  get rootNdn(): string | undefined {
    if (this.rootNdnCache === null) {
      const r = this.options.rootDn ? parseName(this.view, this.options.rootDn) : undefined;
      this.rootNdnCache = r?.ok ? r.name.ndn : undefined;
    }
    return this.rootNdnCache;
  }

  /**
   * Attributes from protocol data: descriptions resolved, same descriptions merged, unknown types
   * refused (undefinedAttributeType), duplicate values refused (attributeOrValueExists).
   */
  /** `pretty`: store DN values as slapd's frontend does (protocol writes; fixture loads keep them as written, as slapadd). */
  makeAttributes(
    partials: readonly PartialAttribute[],
    pretty = false,
    repeated?: { name?: string },
  ): Map<string, Attribute> {
    const out = new Map<string, Attribute>();
    for (const p of partials) {
      const d = this.view.describe(p.type);
      if (!d) fail(this.undefinedTypeCode, `${p.type}: attribute type undefined`);
      checkOptions(this.options.profile, d, p.type);
      if (p.vals.length === 0) fail(RC.protocolError, `${p.type}: no values`);
      const prev = out.get(d.storeKey);
      // a protocol add checks each listed attribute on its own, in slapd's order (its
      // slap_mods_check, measured): the values' syntax, the object classes named, SINGLE-VALUE,
      // then a value given twice; an attribute listed twice is refused later (see add.ts)
      const own: Attribute = { desc: d, name: this.displayName(d.info, p.type), values: [...p.vals] };
      if (pretty) {
        const attr = prettyValues(this.view, own);
        this.checkSyntax(attr);
        if (d.info.key === 'objectclass' && this.view.checking)
          attr.values.forEach((v, i) => {
            if (!this.view.objectClass(fromUtf8(v).trim()))
              fail(RC.invalidAttributeSyntax, `objectClass: value #${i} invalid per syntax`);
          });
        if (d.info.singleValue && attr.values.length > 1)
          fail(RC.constraintViolation, `${d.info.name}: multiple values provided`);
        this.checkDuplicates(attr);
        if (prev && repeated && repeated.name === undefined) repeated.name = p.type;
        out.set(d.storeKey, prev ? { ...prev, values: [...prev.values, ...attr.values] } : attr);
        continue;
      }
      const values = prev ? [...prev.values, ...p.vals] : [...p.vals];
      const given: Attribute = { desc: d, name: prev?.name ?? own.name, values };
      this.checkSyntax(given);
      this.checkDuplicates(given);
      out.set(d.storeKey, given);
    }
    return out;
  }

  /** An attribute type the schema lacks: AD answers noSuchAttribute on writes (Samba 4.17, measured). */
  get undefinedTypeCode(): number {
    return this.options.profile === 'ad' ? RC.noSuchAttribute : RC.undefinedAttributeType;
  }

  /**
   * The schema's name with the options: as the client wrote them, or (openldap profile) as
   * slapd writes them, lower-cased and sorted (`description;LANG-FR;Lang-DE` is stored as
   * `description;lang-de;lang-fr`: RFC 4512 section 2.5 options are unordered, case-insensitive).
   */
  displayName(info: AttrInfo, written: string): string {
    const i = written.indexOf(';');
    if (i < 0) return info.name;
    if (this.options.profile !== 'openldap') return info.name + written.slice(i);
    const options = written
      .slice(i + 1)
      .toLowerCase()
      .split(';');
    return `${info.name};${options.length > 1 ? options.sort().join(';') : options[0]}`;
  }

  /** Values valid per the type's syntax (slapd checks this before anything else). */
  checkSyntax(attr: Attribute): void {
    attr.values.forEach((v, i) => {
      if (!this.view.validate(attr.desc.info, v)) {
        fail(RC.invalidAttributeSyntax, `${attr.desc.info.name}: value #${i} invalid per syntax`);
      }
    });
  }

  checkDuplicates(attr: Attribute): void {
    if (attr.values.length < 2) return;
    const norms = attributeNorms(attr, this.view);
    const seen = new Map<string, number>();
    for (let i = 0; i < norms.length; i++) {
      const n = norms[i];
      const key = n ?? `\u0002${fromUtf8(attr.values[i] as Uint8Array)}`;
      const first = seen.get(key);
      if (first !== undefined)
        fail(RC.attributeOrValueExists, `${attr.name}: value #${first} provided more than once`);
      seen.set(key, i);
    }
  }

  /** Values of an attribute by type name, first matching storage key without options. */
  get(entry: Entry, type: string): Attribute | undefined {
    const info = this.view.type(type);
    return info ? entry.attrs.get(info.key) : undefined;
  }

  textValues(entry: Entry, type: string): string[] {
    return (this.get(entry, type)?.values ?? []).map(fromUtf8);
  }

  /** What filter evaluation needs, on one state. */
  evalContext(state: DitState = this.state): EvalContext {
    const virtual = this.virtual(state);
    return {
      view: this.view,
      state,
      // slapd does not filter on subschemaSubentry: (subschemaSubentry=...) matches nothing
      virtual: (entry, info) => (info.key === 'subschemasubentry' ? undefined : virtual(entry, info)),
      inChain: this.options.profile !== 'openldap',
    };
  }

  /** Computed operational attributes (RFC 4512 section 3.4, RFC 5020 entryDN, X.501 hasSubordinates). */
  virtual(state: DitState) {
    return (entry: Entry, info: AttrInfo): Uint8Array[] | undefined => {
      switch (info.key) {
        case 'entrydn':
          return [utf8(entry.dn)];
        case 'hassubordinates':
          // the root DSE and the subschema subentry (id 0) are not in the tree: slapd gives none
          if (entry.id === 0) return undefined;
          return [utf8(state.children.get(entry.id) !== undefined ? 'TRUE' : 'FALSE')];
        case 'numsubordinates':
          if (entry.id === 0) return undefined;
          return [utf8(String(idSetSize(state.children.get(entry.id))))];
        case 'subschemasubentry':
          return this.options.subschemaDn ? [utf8(this.options.subschemaDn)] : undefined;
        case 'memberof':
          return this.options.memberOf ? this.memberOf(state, entry) : undefined;
        // Active Directory keeps the DN and the RDN value of every object as attributes
        case 'distinguishedname':
          return this.options.profile === 'ad' ? [utf8(entry.dn)] : undefined;
        case 'name': {
          if (this.options.profile !== 'ad' || entry.id === 0) return undefined;
          const rdn = this.name(entry.dn).rdns[0]?.[0];
          return rdn ? [avaBytes(rdn) ?? utf8(rdn.value)] : undefined;
        }
        default:
          return undefined;
      }
    };
  }

  /** memberOf: the groups whose member/uniqueMember holds this entry's DN (from the index). */
  memberOf(state: DitState, entry: Entry): Uint8Array[] {
    const ids = new Set<number>();
    for (const type of ['member', 'uniqueMember']) {
      const info = this.view.type(type);
      const n = info ? this.view.equality(info)?.normalize(utf8(entry.dn)) : undefined;
      if (!info || n === undefined) continue;
      for (const id of idSetToArray(postings(state, info.key, normKey(n)))) ids.add(id);
    }
    const out: Uint8Array[] = [];
    for (const id of [...ids].sort((a, b) => a - b)) {
      const g = state.byId.get(id);
      if (g) out.push(utf8(g.dn));
    }
    return out;
  }

  /** Attribute types computed per entry that searches can return (in this order, after the stored ones). */
  get computed(): readonly string[] {
    if (!this.computedKeys) {
      const keys = [...VIRTUAL];
      if (this.options.memberOf) keys.push('memberof');
      if (this.options.profile === 'ad') keys.push('distinguishedname', 'name');
      this.computedKeys = keys;
    }
    return this.computedKeys;
  }
  private computedKeys: string[] | undefined;

  /**
   * May a client write this type? Not NO-USER-MODIFICATION ones nor those the server keeps. Samba
   * publishes AD's systemOnly attributes as NO-USER-MODIFICATION, objectClass among them, yet AD
   * takes objectClass on add and modify and instanceType on add (MS-ADTS 3.1.1.5.2.2).
   */
  userWritable(info: AttrInfo, op: 'add' | 'modify', relaxed = false): boolean {
    // the relax rules control (draft-zeilenga-ldap-relax) lets a client set the attributes
    // slapd calls manageable (measured: timestamps, creator and modifier, entryUUID)
    if (relaxed && MANAGEABLE.has(info.key)) return true;
    if (
      this.options.profile === 'ad' &&
      (info.key === 'objectclass' || (op === 'add' && info.key === 'instancetype'))
    )
      return true;
    return !info.noUserModification && !SERVER_MAINTAINED.has(info.key);
  }

  /**
   * Stored but never returned: AD's unicodePwd is write-only (MS-ADTS 3.1.1.3.1.5.1).
   */
  hidden(info: AttrInfo): boolean {
    return this.options.profile === 'ad' && info.key === 'unicodepwd';
  }

  /** The operational attributes a new entry receives (slapd's entryUUID, timestamps, ...). */
  stamps(creator: string, structural: string | undefined): Map<string, Uint8Array[]> {
    const now = generalizedTime(this.options.clock());
    const m = new Map<string, Uint8Array[]>();
    if (structural) m.set('structuralObjectClass', [this.intern(structural)]);
    m.set('entryUUID', [textBytes(this.options.uuid())]);
    m.set('creatorsName', [this.intern(creator)]);
    m.set('createTimestamp', [this.intern(now)]);
    // slapd's order (measured): the CSN between the creation and the modification stamps
    if (this.options.profile === 'openldap') m.set('entryCSN', [textBytes(this.csn())]);
    m.set('modifiersName', [this.intern(creator)]);
    m.set('modifyTimestamp', [this.intern(now)]);
    return m;
  }

  private csnCount = 0;
  /** slapd's change sequence number: `time.usecZ#count#sid#mod` (draft-ietf-ldup-model). */
  csn(): string {
    const d = this.options.clock();
    const us = String(d.getUTCMilliseconds() * 1000 + (this.csnCount++ % 1000)).padStart(6, '0');
    return `${generalizedTime(d).slice(0, 14)}.${us}Z#000000#000#000000`;
  }

  /** (entryCSN,) modifiersName, modifyTimestamp after an update, in slapd's order. */
  modifyStamps(modifier: string): Map<string, Uint8Array[]> {
    const m = new Map<string, Uint8Array[]>();
    if (this.options.profile === 'openldap') m.set('entryCSN', [textBytes(this.csn())]);
    m.set('modifiersName', [this.intern(modifier)]);
    m.set('modifyTimestamp', [this.intern(generalizedTime(this.options.clock()))]);
    return m;
  }

  /**
   * Set server-maintained attributes on an attribute map (no checks). Each goes to the end, as
   * slapd replaces them (delete, then add): an entry lists them after its user attributes.
   */
  setOperational(attrs: Map<string, Attribute>, values: Map<string, Uint8Array[]>): void {
    for (const [type, vals] of values) {
      const d = this.view.describe(type);
      if (!d) continue;
      attrs.delete(d.storeKey);
      const only = vals.length === 1 ? (vals[0] as Uint8Array) : undefined;
      // interned values (timestamps, creators) share one attribute object across entries
      if (only && this.internedValues.has(only)) {
        let byKey = this.sharedAttrs.get(only);
        if (!byKey) this.sharedAttrs.set(only, (byKey = new Map()));
        let a = byKey.get(d.storeKey);
        if (!a) {
          a = { desc: d, name: d.info.name, values: vals };
          byKey.set(d.storeKey, a);
          this.sharedSet.add(a);
        }
        attrs.set(d.storeKey, a);
        continue;
      }
      attrs.set(d.storeKey, { desc: d, name: d.info.name, values: vals });
    }
  }

  private readonly sharedAttrs = new WeakMap<Uint8Array, Map<string, Attribute>>();

  /** Does an attribute hold a value equal (under its equality rule) to `value`? */
  hasValue(attr: Attribute, value: Uint8Array): boolean {
    const rule = this.view.equality(attr.desc.info);
    if (!rule) return attr.values.some((v) => bytesEqual(v, value));
    const n = rule.normalize(value);
    if (n === undefined) return attr.values.some((v) => bytesEqual(v, value));
    return attributeNorms(attr, this.view).includes(normKey(n));
  }
}
