/**
 * Filter evaluation (RFC 4511 section 4.5.1.7) with three-valued logic: every item is TRUE,
 * FALSE or UNDEFINED. An item is Undefined when its attribute type is unknown, the type has no
 * matching rule for the item, or the assertion value is not valid for the rule; NOT of
 * Undefined stays Undefined; `(&)` is TRUE and `(|)` is FALSE (RFC 4526). An entry is returned
 * only when the whole filter is TRUE.
 *
 * Values are compared as bytes through the matching rules of the schema; the normalised form
 * of each stored value is cached on its attribute, and the filter is never turned back into a
 * string.
 */
import type { Filter } from '../filter/index.js';
import { parseDn } from '../dn/index.js';
import { utf8 } from '../util/index.js';
import { CLASS_VALUED, equalityKeys, type Attribute, type DitState, type Entry } from './store.js';
import { avaBytes, inSubtree, nameOf } from './names.js';
import {
  type AttrInfo,
  type Description,
  type Normalized,
  normKey,
  type RuleLike,
  type SchemaView,
  optionsCover,
} from './schema-view.js';

export const FALSE = 0;
export const TRUE = 1;
export const UNDEFINED = 2;
export type Truth = 0 | 1 | 2;

/** LDAP_MATCHING_RULE_IN_CHAIN (MS-ADTS 3.1.1.3.4.4.3): transitive over DN-valued attributes. */
export const IN_CHAIN = '1.2.840.113556.1.4.1941';

/** Computed attributes (entryDN, hasSubordinates, ...) the evaluator can ask for. */
export type VirtualValues = (entry: Entry, info: AttrInfo) => Uint8Array[] | undefined;

export interface EvalContext {
  readonly view: SchemaView;
  readonly state: DitState;
  readonly virtual?: VirtualValues | undefined;
  /** LDAP_MATCHING_RULE_IN_CHAIN known (AD and schemaless profiles; slapd 2.5 does not know it). */
  readonly inChain?: boolean;
}

/** The attributes of `entry` a description selects: the type or a subtype, with at least its options. */
export function selectAttributes(entry: Entry, d: Description): Attribute[] {
  const out: Attribute[] = [];
  const types = d.info.withSubtypes;
  for (const attr of entry.attrs.values()) {
    if (!types.includes(attr.desc.info.key)) continue;
    if (d.options.length && !optionsCover(d.options, attr.desc.options)) continue;
    out.push(attr);
  }
  return out;
}

function valuesOf(ctx: EvalContext, entry: Entry, d: Description): Attribute[] {
  const attrs = selectAttributes(entry, d);
  if (attrs.length === 0 && ctx.virtual) {
    const v = ctx.virtual(entry, d.info);
    if (v) return [{ desc: d, name: d.info.name, values: v }];
  }
  return attrs;
}

const assertionOf = (rule: RuleLike, value: Uint8Array) =>
  rule.normalizeAssertion ? rule.normalizeAssertion(value) : rule.normalize(value);

export function evaluate(ctx: EvalContext, filter: Filter, entry: Entry): Truth {
  switch (filter.type) {
    case 'and': {
      let result: Truth = TRUE;
      for (const f of filter.filters) {
        const r = evaluate(ctx, f, entry);
        if (r === FALSE) return FALSE;
        if (r === UNDEFINED) result = UNDEFINED;
      }
      return result;
    }
    case 'or': {
      let result: Truth = FALSE;
      for (const f of filter.filters) {
        const r = evaluate(ctx, f, entry);
        if (r === TRUE) return TRUE;
        if (r === UNDEFINED) result = UNDEFINED;
      }
      return result;
    }
    case 'not': {
      const r = evaluate(ctx, filter.filter, entry);
      return r === UNDEFINED ? UNDEFINED : r === TRUE ? FALSE : TRUE;
    }
    case 'present': {
      const d = ctx.view.describe(filter.attribute);
      // slapd: an unknown attribute type makes even presence Undefined
      if (!d) return UNDEFINED;
      return valuesOf(ctx, entry, d).length > 0 ? TRUE : FALSE;
    }
    case 'equalityMatch':
      return equality(ctx, filter.attribute, filter.value, entry, filter);
    case 'approxMatch':
      return approx(ctx, filter.attribute, filter.value, entry, filter);
    case 'substrings':
      return substrings(ctx, filter, entry);
    case 'greaterOrEqual':
    case 'lessOrEqual':
      return ordering(ctx, filter, filter.type === 'greaterOrEqual', entry);
    case 'extensibleMatch':
      return extensible(ctx, filter, entry);
  }
}

/** Per filter item: its resolved description, rule and normalised assertion (computed once per search). */
interface Prepared {
  readonly d: Description | undefined;
  readonly rule: RuleLike | undefined;
  readonly key: string | undefined;
  readonly norm: Normalized | undefined;
}
// keyed by schema view, then by filter node: a parsed filter may be evaluated by several directories
const preparedByView = new WeakMap<SchemaView, WeakMap<object, Prepared>>();

function prepare(
  ctx: EvalContext,
  item: object,
  attribute: string,
  value: Uint8Array,
  kind: 'eq' | 'ord',
): Prepared {
  let prepared = preparedByView.get(ctx.view);
  if (!prepared) preparedByView.set(ctx.view, (prepared = new WeakMap()));
  const hit = prepared.get(item);
  if (hit) return hit;
  const d = ctx.view.describe(attribute);
  const rule = d ? (kind === 'eq' ? ctx.view.equality(d.info) : d.info.ordering) : undefined;
  let norm = rule ? assertionOf(rule, value) : undefined;
  // a class the schema does not know, by name or OID, is Undefined (slapd finds nothing for
  // (!(objectClass=x)) nor for (!(objectClass=1.2.3.4.5)))
  if (norm !== undefined && d && CLASS_VALUED.has(d.info.key) && ctx.view.checking) {
    if (!ctx.view.objectClass(new TextDecoder().decode(value))) norm = undefined;
  }
  const p: Prepared = { d, rule, norm, key: norm === undefined ? undefined : normKey(norm) };
  prepared.set(item, p);
  return p;
}

function equality(ctx: EvalContext, attribute: string, value: Uint8Array, entry: Entry, item: object): Truth {
  const p = prepare(ctx, item, attribute, value, 'eq');
  if (!p.d || !p.rule || p.key === undefined) return UNDEFINED;
  return matchEquality(ctx, p.rule, p.key, valuesOf(ctx, entry, p.d));
}

function matchEquality(ctx: EvalContext, rule: RuleLike, key: string, attrs: Attribute[]): Truth {
  for (const attr of attrs) {
    const own = ctx.view.equality(attr.desc.info);
    if (own !== undefined && own.oid === rule.oid) {
      if (equalityKeys(attr, ctx.view).includes(key)) return TRUE;
      continue;
    }
    for (const v of attr.values) {
      const n = rule.normalize(v);
      if (n !== undefined && normKey(n) === key) return TRUE;
    }
  }
  return FALSE;
}

/** `~=` with the type's approximate rule (slapd's phonetic match); equality without one (RFC 4511 4.5.1.7.6). */
function approx(ctx: EvalContext, attribute: string, value: Uint8Array, entry: Entry, item: object): Truth {
  const d = ctx.view.describe(attribute);
  if (!d) return UNDEFINED;
  const rule = d.info.approx;
  const eq = ctx.view.equality(d.info);
  if (eq?.oid === UNIQUE_MEMBER_MATCH && (!rule?.matches || rule.oid === eq.oid))
    return uniqueMemberApprox(ctx, d, value, entry);
  if (!rule?.matches || rule.oid === eq?.oid) return equality(ctx, attribute, value, entry, item);
  let undef = false;
  for (const attr of valuesOf(ctx, entry, d)) {
    for (const v of attr.values) {
      const r = rule.matches(v, value);
      if (r === true) return TRUE;
      if (r === undefined) undef = true;
    }
  }
  return undef ? UNDEFINED : FALSE;
}

const UNIQUE_MEMBER_MATCH = '2.5.13.23';

/** A Name And Optional UID split into its DN and its bit string (RFC 4517 section 3.3.21). */
function nameAndUid(text: string): [string, string | undefined] {
  const m = /^(.*)#('[01]*'B) *$/.exec(text);
  return m ? [m[1] as string, m[2]] : [text, undefined];
}

/**
 * `~=` on a uniqueMember-like attribute, which has no approximate rule, is slapd's
 * uniqueMemberMatch as RFC 4517 section 4.2.31 words it: the DNs match and the optional UIDs
 * match when both are present. (Equality and the extensible form compare the whole value.)
 */
function uniqueMemberApprox(ctx: EvalContext, d: Description, value: Uint8Array, entry: Entry): Truth {
  const text = new TextDecoder().decode(value);
  const [dn, uid] = nameAndUid(text);
  const want = normalizedDn(ctx, utf8(dn));
  if (want === undefined) return UNDEFINED;
  for (const attr of valuesOf(ctx, entry, d)) {
    for (const raw of attr.values) {
      const [vdn, vuid] = nameAndUid(new TextDecoder().decode(raw));
      if (normalizedDn(ctx, utf8(vdn)) !== want) continue;
      if (uid === undefined || vuid === undefined || uid === vuid) return TRUE;
    }
  }
  return FALSE;
}

function substrings(ctx: EvalContext, f: Extract<Filter, { type: 'substrings' }>, entry: Entry): Truth {
  const d = ctx.view.describe(f.attribute);
  if (!d) return UNDEFINED;
  const rule = d.info.substr;
  if (!rule?.matchSubstrings) return UNDEFINED;
  // an empty component is no SubstringAssertion (RFC 4517 section 3.3.30: substring =
  // 1*substring-character): Undefined, as slapd answers. Only the protocol can send one.
  if (f.initial?.length === 0 || f.final?.length === 0 || f.any.some((a) => a.length === 0)) return UNDEFINED;
  const assertion = { initial: f.initial, any: f.any, final: f.final };
  for (const attr of valuesOf(ctx, entry, d)) {
    for (const v of attr.values) if (rule.matchSubstrings(v, assertion) === true) return TRUE;
  }
  return FALSE;
}

function ordering(
  ctx: EvalContext,
  f: { readonly attribute: string; readonly value: Uint8Array },
  ge: boolean,
  entry: Entry,
): Truth {
  // RFC 4511 4.5.1.7.3/4: only with an ORDERING rule; otherwise Undefined
  const { d, rule, norm: a } = prepare(ctx, f, f.attribute, f.value, 'ord');
  if (!d || !rule?.compare || a === undefined) return UNDEFINED;
  for (const attr of valuesOf(ctx, entry, d)) {
    for (const v of attr.values) {
      const n = rule.normalize(v);
      if (n === undefined) continue;
      const c = rule.compare(n, a);
      if (ge ? c >= 0 : c <= 0) return TRUE;
    }
  }
  return FALSE;
}

/** One value against an extensible assertion under `rule`. */
function ruleMatches(rule: RuleLike, v: Uint8Array, assertion: Uint8Array): boolean | undefined {
  if (rule.matches) return rule.matches(v, assertion);
  const a = assertionOf(rule, assertion);
  const n = rule.normalize(v);
  if (a === undefined || n === undefined) return undefined;
  if (rule.kind === 'ordering' && rule.compare) return rule.compare(n, a) < 0;
  return normKey(n) === normKey(a);
}

function extensible(ctx: EvalContext, f: Extract<Filter, { type: 'extensibleMatch' }>, entry: Entry): Truth {
  const view = ctx.view;
  let d: Description | undefined;
  if (f.attribute !== undefined) {
    d = view.describe(f.attribute);
    if (!d) return UNDEFINED;
  }
  const dnRule =
    f.matchingRule === undefined ? undefined : DN_COMPONENT_RULES.get(f.matchingRule.toLowerCase());
  if (dnRule) return d ? dnComponent(ctx, d, dnRule, f.value, entry) : UNDEFINED;
  let rule: RuleLike | undefined;
  if (f.matchingRule !== undefined) {
    rule = view.matchingRule(f.matchingRule);
    if (!rule) return UNDEFINED;
  } else if (d) {
    rule = view.equality(d.info);
  }
  if (!rule) return UNDEFINED;
  if (rule.oid === IN_CHAIN) return d && ctx.inChain !== false ? inChain(ctx, d, f.value, entry) : UNDEFINED;
  // a rule that does not apply to the attribute's syntax makes the item Undefined (slapd)
  if (d && f.matchingRule !== undefined && !view.ruleApplies(rule, d.info)) return UNDEFINED;
  // an assertion value the rule cannot read makes the item Undefined for every entry, whether
  // or not it has the attribute: slapd finds nothing for (!(uidNumber:integerMatch:=x))
  if (assertionOf(rule, f.value) === undefined) return UNDEFINED;
  // a substrings rule takes a SubstringAssertion, which an extensible value never is: the
  // rule-only form is Undefined as in slapd (with a type, ruleApplies already says so)
  if (!d && rule.kind === 'substrings') return UNDEFINED;
  let undef = false;
  // slapd computes hasSubordinates for equality and presence items only: an extensible item
  // finds no value (measured: (hasSubordinates:=TRUE) matches nothing, its NOT everything)
  const attrs = d
    ? d.info.key === 'hassubordinates'
      ? selectAttributes(entry, d)
      : valuesOf(ctx, entry, d)
    : [...entry.attrs.values()].filter((a) => view.ruleApplies(rule, a.desc.info));
  for (const attr of attrs) {
    for (const v of attr.values) {
      const r = ruleMatches(rule, v, f.value);
      if (r === true) return TRUE;
      if (r === undefined && d) undef = true;
    }
  }
  // RFC 4511 4.5.1.7.7: the AVAs of the entry's DN are also candidates; they carry no
  // options, so a description with options (cn;lang-fr) never meets them (slapd)
  if (f.dnAttributes && !(d && d.options.length > 0)) {
    for (const rdn of safeParseDn(entry.dn)) {
      for (const ava of rdn) {
        const t = view.type(ava.type);
        if (!t || (d && !d.info.withSubtypes.includes(t.key)) || !view.ruleApplies(rule, t)) continue;
        const r = ruleMatches(rule, avaBytes(ava) ?? utf8(ava.value), f.value);
        if (r === true) return TRUE;
      }
    }
  }
  return undef ? UNDEFINED : FALSE;
}

/** OpenLDAP's DN component rules (slapd's schema_init.c), by lower-cased name and OID. */
type DnRelation = 'subtree' | 'onelevel' | 'subordinate' | 'superior';
const DN_COMPONENT_RULES = new Map<string, DnRelation>([
  ['dnsubtreematch', 'subtree'],
  ['1.3.6.1.4.1.4203.666.4.2', 'subtree'],
  ['dnonelevelmatch', 'onelevel'],
  ['1.3.6.1.4.1.4203.666.4.8', 'onelevel'],
  ['dnsubordinatematch', 'subordinate'],
  ['1.3.6.1.4.1.4203.666.4.9', 'subordinate'],
  ['dnsuperiormatch', 'superior'],
  ['1.3.6.1.4.1.4203.666.4.10', 'superior'],
]);

function normalizedDn(ctx: EvalContext, bytes: Uint8Array): string | undefined {
  try {
    const r = nameOf(ctx.view, parseDn(new TextDecoder().decode(bytes)));
    return r.ok ? r.name.ndn : undefined;
  } catch {
    return undefined;
  }
}

/** `(entryDN:dnSubtreeMatch:=ou=x,dc=y)` and friends: the value's position relative to the asserted DN. */
function dnComponent(
  ctx: EvalContext,
  d: Description,
  rel: DnRelation,
  value: Uint8Array,
  entry: Entry,
): Truth {
  const a = normalizedDn(ctx, value);
  if (a === undefined) return UNDEFINED;
  for (const attr of valuesOf(ctx, entry, d)) {
    for (const raw of attr.values) {
      const v = normalizedDn(ctx, raw);
      if (v === undefined) continue;
      const hit =
        rel === 'subtree'
          ? inSubtree(v, a)
          : rel === 'subordinate'
            ? v !== a && inSubtree(v, a)
            : rel === 'superior'
              ? v !== a && inSubtree(a, v)
              : v !== a && inSubtree(v, a) && parentKey(v) === a;
      if (hit) return TRUE;
    }
  }
  return FALSE;
}

/** The normalised parent of a normalised DN (after the first unescaped comma). */
function parentKey(ndn: string): string {
  for (let i = 0; i < ndn.length; i++) {
    if (ndn[i] === '\\') i++;
    else if (ndn[i] === ',') return ndn.slice(i + 1);
  }
  return '';
}

function safeParseDn(dn: string) {
  try {
    return parseDn(dn);
  } catch {
    return [];
  }
}

/** Is `target` reachable from `entry` following `d` (DN-valued, stored or computed) transitively? Cycle-safe. */
function inChain(ctx: EvalContext, d: Description, value: Uint8Array, entry: Entry): Truth {
  const view = ctx.view;
  let target: string;
  try {
    const r = nameOf(view, parseDn(new TextDecoder().decode(value)));
    if (!r.ok) return UNDEFINED;
    target = r.name.ndn;
  } catch {
    return UNDEFINED;
  }
  const seen = new Set<string>([entry.ndn]);
  let frontier: Entry[] = [entry];
  while (frontier.length > 0) {
    const next: Entry[] = [];
    for (const e of frontier) {
      // computed attributes chain too: (memberOf:1.2.840.113556.1.4.1941:=group) is how
      // applications ask for nested membership (MS-ADTS 3.1.1.3.4.4.3)
      for (const attr of valuesOf(ctx, e, d)) {
        for (const v of attr.values) {
          let ndn: string;
          try {
            const r = nameOf(view, parseDn(new TextDecoder().decode(v)));
            if (!r.ok) continue;
            ndn = r.name.ndn;
          } catch {
            continue;
          }
          if (ndn === target) return TRUE;
          if (seen.has(ndn)) continue;
          seen.add(ndn);
          const id = ctx.state.byDn.get(ndn);
          const child = id === undefined ? undefined : ctx.state.byId.get(id);
          if (child) next.push(child);
        }
      }
    }
    frontier = next;
  }
  return FALSE;
}
