/**
 * What an Active Directory DSA adds to every new object (MS-ADTS 3.1.1.5.2.2 "Add operation
 * constraints"/defaults): instanceType, objectCategory (the defaultObjectCategory of the
 * most specific structural class), nTSecurityDescriptor, objectGUID, whenCreated/whenChanged;
 * and for security principals (users, computers, groups; MS-SAMR 3.1.1.8 and MS-ADTS 3.1.1.5.2.4)
 * objectSid (the domain SID plus the next RID), sAMAccountName when none is given,
 * sAMAccountType, and the defaults of userAccountControl, primaryGroupID, groupType,
 * pwdLastSet and accountExpires. Applied in the `ad` profile only, and only where the client
 * supplied nothing.
 */
import { formatSid, parseSid } from '../schema/index.js';
import { fromUtf8, utf8 } from '../util/index.js';
import { categoryDn, domainOf } from './ad-search.js';
import type { Engine } from './engine.js';
import { evaluate, TRUE } from './evaluate-filter.js';
import type { Filter } from '../filter/index.js';
import { indexedCandidates } from './plan.js';
import { fail, RC } from './result.js';
import type { Name } from './names.js';
import type { Attribute } from './store.js';

function adTime(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}.0Z`;
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
  const is = (cls: string) => infos.some((c) => c.key === cls || inheritsFrom(c, cls));
  const inheritsFrom = (c: NonNullable<(typeof infos)[number]>, cls: string): boolean =>
    c.sup.some((s) => s.key === cls || inheritsFrom(s, cls));
  if (is('user') || is('group'))
    securityPrincipal(engine, name, attrs, set, is('computer') ? 'computer' : is('user') ? 'user' : 'group');
  set('instanceType', [utf8('4')]);
  if (structural) set('objectCategory', [utf8(categoryDn(structural.name, domainOf(name)))]);
  // AD stores the whole chain of the structural class in objectClass, from top down, then the
  // auxiliary classes given (Samba 4.17, measured: user is top, person, organizationalPerson,
  // user); filters already saw the superclasses, reads now do too
  if (structural && ocInfo) {
    const chain: string[] = [];
    for (let c: NonNullable<(typeof infos)[number]> | undefined = structural; c; c = c.sup[0])
      chain.unshift(c.name);
    const rest = infos.filter((c) => !chain.some((n) => n.toLowerCase() === c.key)).map((c) => c.name);
    const values = [...chain, ...rest].map(utf8);
    attrs.set(ocInfo.key, { desc: attrs.get(ocInfo.key)!.desc, name: attrs.get(ocInfo.key)!.name, values });
  }
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

type Setter = (type: string, values: Uint8Array[]) => void;

/** Per engine: the generated domain SID and the next RID of each domain (RIDs are never reused). */
const domains = new WeakMap<Engine, { sid?: Uint8Array; nextRid: Map<string, number> }>();

/** The first RID a fresh domain hands out (Samba's provisioned accounts end below it). */
const FIRST_RID = 1103;

function domainState(engine: Engine) {
  let d = domains.get(engine);
  if (!d) domains.set(engine, (d = { nextRid: new Map() }));
  return d;
}

/**
 * The SID of the domain an entry belongs to: that of the closest domainDNS ancestor holding
 * objectSid, else one SID per directory (S-1-5-21-x-y-z, from the engine's UUID source, so
 * deterministic in deterministic mode).
 */
function domainSid(engine: Engine, name: Name): Uint8Array {
  for (let i = 1; i < name.rdns.length; i++) {
    const ndn = name.rdnKeys.slice(i).join(',');
    const e = engine.lookup(ndn);
    const sid = e ? engine.get(e, 'objectSid')?.values[0] : undefined;
    const oc = e ? engine.textValues(e, 'objectClass').map((c) => c.toLowerCase()) : [];
    if (sid && oc.includes('domaindns')) return sid;
  }
  const d = domainState(engine);
  if (!d.sid) {
    const hex = engine.options.uuid().replace(/-/g, '');
    const sub = [0, 8, 16].map((o) => parseInt(hex.slice(o, o + 8), 16) >>> 0);
    d.sid = parseSid(`S-1-5-21-${sub.join('-')}`) as Uint8Array;
  }
  return d.sid;
}

/** sAMAccountType of a principal (MS-ADTS 2.2.15 / MS-SAMR 2.2.1.9) from its kind and groupType. */
function accountType(kind: 'user' | 'computer' | 'group', groupType: number): number {
  if (kind === 'user') return 0x30000000; // SAM_NORMAL_USER_ACCOUNT
  if (kind === 'computer') return 0x30000001; // SAM_MACHINE_ACCOUNT
  const security = (groupType & 0x80000000) !== 0;
  const local = (groupType & 0x4) !== 0; // domain local groups are aliases
  return (local ? 0x20000000 : 0x10000000) + (security ? 0 : 1);
}

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUV';

function securityPrincipal(
  engine: Engine,
  name: Name,
  attrs: Map<string, Attribute>,
  set: Setter,
  kind: 'user' | 'computer' | 'group',
): void {
  const view = engine.view;
  const current = (type: string): string | undefined => {
    const d = view.describe(type);
    const v = d ? attrs.get(d.storeKey)?.values[0] : undefined;
    return v ? fromUtf8(v) : undefined;
  };
  // objectSid: the domain SID plus the next relative id (a SID given by the client is kept,
  // and later RIDs of its domain stay above it)
  const domain = formatSid(domainSid(engine, name)) as string;
  const rids = domainState(engine).nextRid;
  const given = (() => {
    const d = view.describe('objectSid');
    const v = d ? attrs.get(d.storeKey)?.values[0] : undefined;
    return v ? formatSid(v) : undefined;
  })();
  if (given !== undefined) {
    const cut = given.lastIndexOf('-');
    const rid = Number(given.slice(cut + 1));
    if (given.slice(0, cut) === domain && rid >= (rids.get(domain) ?? FIRST_RID)) rids.set(domain, rid + 1);
  } else {
    const rid = rids.get(domain) ?? FIRST_RID;
    rids.set(domain, rid + 1);
    set('objectSid', [parseSid(`${domain}-${rid}`) as Uint8Array]);
  }
  // without sAMAccountName the DSA makes one up: "$" 6 characters "-" 12 characters
  if (current('sAMAccountName') === undefined) {
    const hex = engine.options.uuid().replace(/-/g, '');
    const pick = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ALNUM[parseInt(hex[(from + i) % 32] as string, 16) * 2]).join('');
    set('sAMAccountName', [utf8(`$${pick(0, 6)}-${pick(6, 12)}`)]);
  }
  if (kind === 'group') {
    set('groupType', [utf8(String(-2147483646))]); // global security group
    const groupType = Number(current('groupType') ?? -2147483646);
    set('sAMAccountType', [utf8(String(accountType(kind, groupType)))]);
    return;
  }
  // a new account is disabled with no password required until one is set: a user 0x222, a
  // computer a workstation trust account 0x1022 (Samba 4.17, measured)
  set('userAccountControl', [utf8(kind === 'computer' ? '4130' : '546')]);
  set('primaryGroupID', [utf8(kind === 'computer' ? '515' : '513')]);
  set('sAMAccountType', [utf8(String(accountType(kind, 0)))]);
  set('pwdLastSet', [utf8('0')]);
  set('accountExpires', [utf8('9223372036854775807')]);
  // the logon bookkeeping every new account starts with (Samba 4.17, measured)
  for (const type of [
    'badPasswordTime',
    'badPwdCount',
    'codePage',
    'countryCode',
    'lastLogoff',
    'lastLogon',
    'logonCount',
  ])
    set(type, [utf8('0')]);
  if (kind === 'computer') set('isCriticalSystemObject', [utf8('FALSE')]);
}

/**
 * What AD changes on every modify: whenChanged; and pwdLastSet (a FILETIME, 100 ns ticks since
 * 1601) when the password was set (MS-ADTS 3.1.1.5.3 and 3.1.1.3.1.5).
 */
export function applyAdModifyStamps(
  engine: Engine,
  attrs: Map<string, Attribute>,
  passwordSet: boolean,
): void {
  const view = engine.view;
  const put = (type: string, text: string) => {
    const d = view.describe(type);
    if (d && attrs.has(d.storeKey))
      attrs.set(d.storeKey, { desc: d, name: d.info.name, values: [utf8(text)] });
  };
  const now = engine.options.clock();
  put('whenChanged', adTime(now));
  if (passwordSet) put('pwdLastSet', String((BigInt(now.getTime()) + 11_644_473_600_000n) * 10_000n));
}

/**
 * AD accepts a password (unicodePwd) only over an encrypted connection (MS-ADTS 3.1.1.3.1.5.1:
 * "at least 128-bit"): over plain LDAP the add or modify fails with unwillingToPerform.
 * Fixture loading and addEntry (relaxed administrative writes) are exempt.
 */
export function requireTlsForPassword(engine: Engine, types: readonly string[], tls: boolean): void {
  if (tls) return;
  const pwd = engine.view.type('unicodePwd')?.key;
  if (pwd === undefined || !types.some((t) => engine.view.type(t)?.key === pwd)) return;
  fail(RC.unwillingToPerform, '0000001F: SvcErr: DSID-031A126C, problem 5003 (WILL_NOT_PERFORM), data 0\n');
}

/** Does an entry other than `except` hold `value` in `type` (under its equality rule)? */
function taken(engine: Engine, type: string, value: Uint8Array, except: string | undefined): boolean {
  const state = engine.state;
  const filter: Filter = { type: 'equalityMatch', attribute: type, value };
  const ids = indexedCandidates(engine.view, engine.store.plannable, state, filter) ?? [...state.byId.keys()];
  const ctx = engine.evalContext(state);
  for (const id of ids) {
    const e = state.byId.get(id);
    if (e && e.ndn !== except && evaluate(ctx, filter, e) === TRUE) return true;
  }
  return false;
}

/**
 * What the DSA checks on every add and modify of an object (Samba 4.17 as a DC, measured): a
 * sAMAccountName is unique in the domain, case-insensitively (entryAlreadyExists), so is a
 * userPrincipalName (constraintViolation), and a DN in member names an existing object
 * (noSuchObject). `ndn`: the entry's own key (it may keep its values).
 */
export function checkAdConstraints(engine: Engine, ndn: string, attrs: Map<string, Attribute>): void {
  const view = engine.view;
  const values = (type: string): readonly Uint8Array[] => {
    const d = view.describe(type);
    return (d && attrs.get(d.storeKey)?.values) || [];
  };
  for (const v of values('sAMAccountName'))
    if (taken(engine, 'sAMAccountName', v, ndn)) fail(RC.entryAlreadyExists, 'sAMAccountName already in use');
  for (const v of values('userPrincipalName'))
    if (taken(engine, 'userPrincipalName', v, ndn))
      fail(RC.constraintViolation, 'userPrincipalName already in use');
  for (const v of values('member')) {
    let target: Name;
    try {
      target = engine.name(fromUtf8(v));
    } catch {
      continue; // the syntax check has spoken
    }
    if (target.ndn !== ndn && !engine.lookup(target.ndn)) fail(RC.noSuchObject, 'member not found');
  }
}

/** Attributes the SAM keeps itself: a modify naming one is unwillingToPerform (Samba 4.17). */
const SAM_OWNED = new Set(['objectsid', 'samaccounttype', 'memberof']);
/** A modify naming an attribute the SAM keeps is unwillingToPerform, before any other check. */
export function checkSamOwned(engine: Engine, type: string): void {
  const info = engine.view.type(type);
  if (info && SAM_OWNED.has(info.key))
    fail(RC.unwillingToPerform, `${info.name} must not be modified directly`);
}

/** groupType scope bits (MS-ADTS 2.2.12): exactly one of global, domain local, universal. */
const GLOBAL = 0x2;
const DOMAIN_LOCAL = 0x4;
const UNIVERSAL = 0x8;

/**
 * What AD's SAM checks on a modify (Samba 4.17 as a DC, measured): the attributes it keeps
 * itself are not written (53); a principal's description holds one value (20); a primary group
 * is one the account is a member of (53); a groupType names one scope, and a global group does
 * not become a domain local one or back in one step (53). `before`: the entry as it was.
 */
export function checkAdModify(
  engine: Engine,
  entry: { ndn: string; dn: string; attrs: ReadonlyMap<string, Attribute> },
  changedTypes: readonly string[],
  after: Map<string, Attribute>,
): void {
  const view = engine.view;
  const keys = changedTypes.map((t) => view.type(t)?.key);
  const value = (attrs: ReadonlyMap<string, Attribute>, type: string): string | undefined => {
    const d = view.describe(type);
    const v = d ? attrs.get(d.storeKey)?.values : undefined;
    return v && v.length > 0 ? fromUtf8(v[0] as Uint8Array) : undefined;
  };
  const principal = value(after, 'sAMAccountName') !== undefined;
  const desc = view.describe('description');
  if (principal && desc && (after.get(desc.storeKey)?.values.length ?? 0) > 1)
    fail(
      RC.attributeOrValueExists,
      `SINGLE-VALUE attribute description on ${entry.dn} specified more than once`,
    );
  if (keys.includes(view.type('primaryGroupID')?.key)) {
    const rid = value(after, 'primaryGroupID');
    if (rid !== undefined && rid !== value(entry.attrs, 'primaryGroupID')) {
      const member = view.describe('member');
      const state = engine.state;
      let ok = false;
      for (const e of state.byId.values()) {
        const sid = e.attrs.get(view.describe('objectSid')?.storeKey ?? '')?.values[0];
        if (!sid || !formatSid(sid)?.endsWith(`-${rid}`)) continue;
        const members = (member && e.attrs.get(member.storeKey)?.values) || [];
        ok = members.some((m) => {
          try {
            return engine.name(fromUtf8(m)).ndn === entry.ndn;
          } catch {
            return false;
          }
        });
        if (ok) break;
      }
      if (!ok) fail(RC.unwillingToPerform, 'the primary group must be one the account is a member of');
    }
  }
  if (keys.includes(view.type('groupType')?.key)) {
    const next = Number(value(after, 'groupType'));
    const prev = Number(value(entry.attrs, 'groupType'));
    const scope = next & (GLOBAL | DOMAIN_LOCAL | UNIVERSAL);
    if (!Number.isInteger(next) || ![GLOBAL, DOMAIN_LOCAL, UNIVERSAL].includes(scope))
      fail(RC.unwillingToPerform, 'invalid groupType');
    const was = prev & (GLOBAL | DOMAIN_LOCAL | UNIVERSAL);
    if ((was === GLOBAL && scope === DOMAIN_LOCAL) || (was === DOMAIN_LOCAL && scope === GLOBAL))
      fail(RC.unwillingToPerform, 'Change from security/distribution global group forbidden!');
  }
}
