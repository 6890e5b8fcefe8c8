/**
 * Entry schema checks (RFC 4512 sections 2.4, 2.5, 4.1), in the order slapd's
 * entry_schema_check applies them, with slapd's diagnostic texts: objectClass present, classes
 * known, one structural chain, MUST present, every attribute allowed, SINGLE-VALUE, value
 * syntax, and the naming attributes present in the entry (RFC 4512 section 2.3).
 */
import { textBytes } from './text-bytes.js';
import { fromUtf8 } from '../util/index.js';
import type { Engine } from './engine.js';
import { avaBytes, type Name } from './names.js';
import type { Attribute } from './store.js';
import type { ClassInfo, ContentRuleInfo, SchemaView } from './schema-view.js';
import { fail, RC } from './result.js';

/** Check a complete entry; returns the name of its structural object class (if any). */
export function checkEntry(
  engine: Engine,
  name: Name,
  attrs: ReadonlyMap<string, Attribute>,
  /** On modify: the entry's structural class, which may not change (objectClassModsProhibited). */
  previousStructural?: string,
  /**
   * Run after the object classes are found valid and before MUST/MAY: where slapd's
   * entry_schema_check checks the naming attributes (namingViolation comes before a missing
   * required attribute, after an invalid set of classes).
   */
  naming?: () => void,
): string | undefined {
  const view = engine.view;
  void name;
  for (const attr of attrs.values()) {
    if (attr.desc.info.singleValue && attr.values.length > 1) {
      fail(RC.constraintViolation, `${attr.name}: multiple values provided`);
    }
  }
  if (!view.checking) {
    naming?.();
    return structuralGuess(engine, attrs);
  }
  const oc = engine.view.type('objectClass');
  const ocAttr = oc ? attrs.get(oc.key) : undefined;
  if (!ocAttr || ocAttr.values.length === 0) fail(RC.objectClassViolation, 'no objectClass attribute');
  // slapd checks these first, on the classes listed, before it analyses them (measured: before
  // a missing structural class, a broken chain or a structural class change): referral URLs
  // belong to referral objects (RFC 3296 section 3), the aliased name to aliases (RFC 4512 2.6)
  const listed = new Set(ocAttr.values.map((v) => view.objectClass(fromUtf8(v).trim())?.key));
  for (const [type, cls] of [
    ['aliasedobjectname', 'alias'],
    ['ref', 'referral'],
  ] as const) {
    const key = view.type(type)?.key;
    if (key !== undefined && attrs.has(key) && !listed.has(cls)) {
      const name = view.type(type)?.name ?? type;
      fail(RC.objectClassViolation, `attribute "${name}" only allowed in the ${cls}`);
    }
  }
  const cls = analyzeClasses(view, ocAttr.values);
  if (cls.error) fail(cls.error.code, cls.error.message);
  const { structural, must, may, not, extensible, all, rules } = cls as Required<ClassAnalysis>;
  if (
    previousStructural !== undefined &&
    previousStructural.toLowerCase() !== structural.name.toLowerCase()
  ) {
    // AD answers objectClassViolation (Samba 4.17, measured), slapd objectClassModsProhibited
    fail(
      engine.options.profile === 'ad' ? RC.objectClassViolation : RC.objectClassModsProhibited,
      `structural object class modification from '${previousStructural}' to '${structural.name}' not allowed`,
    );
  }
  const present = new Set<string>();
  for (const a of attrs.values()) present.add(a.desc.info.key);
  naming?.();
  for (const c of all) {
    for (const k of c.must) {
      if (!present.has(k)) {
        const t = view.type(k);
        fail(RC.objectClassViolation, `object class '${c.name}' requires attribute '${t?.name ?? k}'`);
      }
    }
  }
  for (const r of rules) {
    for (const k of r.must) {
      if (!present.has(k)) {
        const t = view.type(k);
        fail(RC.objectClassViolation, `content rule '${r.name}' requires attribute '${t?.name ?? k}'`);
      }
    }
  }
  for (const attr of attrs.values()) {
    const info = attr.desc.info;
    if (not.has(info.key)) {
      fail(RC.objectClassViolation, `content rule '${structural.name}' precludes attribute '${info.name}'`);
    }
    if (!info.operational && !extensible && !must.has(info.key) && !may.has(info.key)) {
      fail(RC.objectClassViolation, `attribute '${info.name}' not allowed`);
    }
  }
  // value syntax was checked when the values arrived (Engine.checkSyntax), as slapd's frontend does
  return structural.name;
}

/** Without a schema: the first objectClass value, as a best guess for structuralObjectClass. */
function structuralGuess(engine: Engine, attrs: ReadonlyMap<string, Attribute>): string | undefined {
  const oc = engine.view.type('objectClass');
  const v = oc ? attrs.get(oc.key)?.values : undefined;
  if (!v || v.length === 0) return undefined;
  const names = v.map(fromUtf8).filter((n) => n.toLowerCase() !== 'top');
  return names[names.length - 1];
}

/** Every AVA of the RDN must be a value of the entry (slapd: namingViolation, RFC 4512 2.3). */
export function checkNaming(engine: Engine, name: Name, attrs: ReadonlyMap<string, Attribute>): void {
  const rdn = name.rdns[0];
  if (!rdn) return;
  for (const ava of rdn) {
    const info = engine.view.type(ava.type);
    const attr = info ? attrs.get(info.key) : undefined;
    if (!attr || !engine.hasValue(attr, avaBytes(ava) ?? textBytes(ava.value))) {
      fail(RC.namingViolation, `naming attribute '${info?.name ?? ava.type}' is not present in entry`);
    }
  }
}

/** What an objectClass value set implies (cached: bulk loads repeat the same few sets). */
interface ClassAnalysis {
  readonly error?: { readonly code: number; readonly message: string };
  readonly all?: readonly ClassInfo[];
  readonly structural?: ClassInfo;
  readonly must?: ReadonlySet<string>;
  readonly may?: ReadonlySet<string>;
  /** Types the content rules preclude. */
  readonly not?: ReadonlySet<string>;
  /** The DIT content rules of the structural class (RFC 4512 section 4.1.6). */
  readonly rules?: readonly ContentRuleInfo[];
  readonly extensible?: boolean;
}

const analyses = new WeakMap<SchemaView, Map<string, ClassAnalysis>>();

function analyzeClasses(view: SchemaView, values: readonly Uint8Array[]): ClassAnalysis {
  const names = values.map(fromUtf8);
  const cacheKey = names.map((n) => n.toLowerCase()).join('\u0000');
  let cache = analyses.get(view);
  if (!cache) analyses.set(view, (cache = new Map()));
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const result = computeClasses(view, names);
  if (cache.size < 1000) cache.set(cacheKey, result);
  return result;
}

function computeClasses(view: SchemaView, names: readonly string[]): ClassAnalysis {
  const classes: ClassInfo[] = [];
  for (let i = 0; i < names.length; i++) {
    const c = view.objectClass(names[i] as string);
    if (!c)
      return {
        error: { code: RC.invalidAttributeSyntax, message: `objectClass: value #${i} invalid per syntax` },
      };
    classes.push(c);
  }
  // all superclasses are implied (RFC 4512 section 2.4.1)
  const all = new Map<string, ClassInfo>();
  const addClass = (c: ClassInfo) => {
    if (all.has(c.key)) return;
    all.set(c.key, c);
    c.sup.forEach(addClass);
  };
  classes.forEach(addClass);
  const structurals = [...all.values()].filter((c) => c.kind === 'STRUCTURAL');
  if (structurals.length === 0) {
    return { error: { code: RC.objectClassViolation, message: 'no structural object class provided' } };
  }
  // the most specific structural class: the one no other structural class derives from
  const isAncestor = (a: ClassInfo, b: ClassInfo): boolean =>
    b.sup.some((s) => s.key === a.key || isAncestor(a, s));
  const leaves = structurals.filter((s) => !structurals.some((o) => o !== s && isAncestor(s, o)));
  if (leaves.length > 1) {
    const message = `invalid structural object class chain (${leaves.map((c) => c.name).join('/')})`;
    return { error: { code: RC.objectClassViolation, message } };
  }
  const structural = leaves[0] as ClassInfo;
  // RFC 4512 section 4.1.6: with a content rule, only the auxiliary classes it names may be
  // listed, and its MUST/MAY/NOT add to what the classes allow
  const rules = view.contentRules(structural);
  if (rules.length > 0) {
    for (const c of all.values()) {
      if (c.kind === 'AUXILIARY' && !rules.some((r) => r.aux.includes(c.key))) {
        const message = `content rule '${rules[0]?.name}' does not allow class '${c.name}'`;
        return { error: { code: RC.objectClassViolation, message } };
      }
    }
  }
  const must = new Set<string>();
  const may = new Set<string>();
  const not = new Set<string>();
  let extensible = false;
  for (const c of all.values()) {
    if (c.key === 'extensibleobject') extensible = true;
    c.must.forEach((k) => must.add(k));
    c.may.forEach((k) => may.add(k));
  }
  for (const r of rules) {
    r.must.forEach((k) => must.add(k));
    r.may.forEach((k) => may.add(k));
    r.not.forEach((k) => not.add(k));
  }
  return { all: [...all.values()], structural, must, may, not, rules, extensible };
}
