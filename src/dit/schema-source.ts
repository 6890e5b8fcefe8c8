/**
 * Adapts src/schema's `Schema` to the engine's `SchemaSource`: attribute types become `AttrInfo`
 * (key, rules, subtypes, operational flag), object classes `ClassInfo` with inherited MUST/MAY.
 */
import type { AttributeType, MatchingRule, ObjectClass, Schema } from '../schema/index.js';
import type { AttrInfo, ClassInfo, ContentRuleInfo, RuleLike, SchemaSource } from './schema-view.js';

const usable = (r: MatchingRule | undefined): RuleLike | undefined =>
  r && (r.implemented || r.needsDit) ? r : undefined;

export class SchemaAdapter implements SchemaSource {
  private readonly types = new Map<AttributeType, AttrInfo>();
  private readonly classes = new Map<ObjectClass, ClassInfo>();

  constructor(readonly schema: Schema) {}

  resolveType(nameOrOid: string): AttrInfo | undefined {
    const t = this.schema.attributeType(nameOrOid);
    return t ? this.info(t) : undefined;
  }

  info(t: AttributeType): AttrInfo {
    const hit = this.types.get(t);
    if (hit) return hit;
    const key = t.name.toLowerCase();
    const info: AttrInfo = {
      key,
      name: t.name,
      oid: t.oid,
      known: true,
      singleValue: t.singleValue,
      noUserModification: t.noUserModification,
      operational: t.operational,
      syntax: t.syntax,
      equality: usable(t.equality),
      ordering: usable(t.ordering),
      substr: usable(t.substr),
      approx: usable(t.approx),
      get withSubtypes(): readonly string[] {
        return subtypeKeys();
      },
      raw: t,
    };
    let cached: string[] | undefined;
    const subtypeKeys = (): string[] => (cached ??= this.schema.subtypes(t).map((s) => s.name.toLowerCase()));
    this.types.set(t, info);
    return info;
  }

  objectClass(nameOrOid: string): ClassInfo | undefined {
    const oc = this.schema.objectClass(nameOrOid);
    return oc ? this.classInfo(oc) : undefined;
  }

  private readonly rules = new Map<string, readonly ContentRuleInfo[]>();
  contentRules(structural: ClassInfo): readonly ContentRuleInfo[] {
    const hit = this.rules.get(structural.oid);
    if (hit) return hit;
    const oc = this.schema.objectClass(structural.oid);
    const key = (x: { name: string }) => x.name.toLowerCase();
    const out = oc
      ? this.schema.classRules.contentRulesFor(oc).map((r) => ({
          name: r.names[0] ?? r.oid,
          aux: r.aux.map(key),
          must: r.must.map(key),
          may: r.may.map(key),
          not: r.not.map(key),
        }))
      : [];
    this.rules.set(structural.oid, out);
    return out;
  }

  private classInfo(oc: ObjectClass): ClassInfo {
    const hit = this.classes.get(oc);
    if (hit) return hit;
    const all = this.schema.classRules.superclasses(oc);
    const must = new Set<string>();
    const may = new Set<string>();
    for (const c of all) {
      c.must.forEach((t) => must.add(t.name.toLowerCase()));
      c.may.forEach((t) => may.add(t.name.toLowerCase()));
    }
    const info: ClassInfo = {
      key: oc.name.toLowerCase(),
      name: oc.name,
      oid: oc.oid,
      kind: oc.kind,
      sup: oc.sup.map((s) => this.classInfo(s)),
      must: [...must],
      may: [...may],
    };
    this.classes.set(oc, info);
    return info;
  }

  validate(info: AttrInfo, value: Uint8Array): boolean {
    const t = info.raw as AttributeType | undefined;
    return t ? this.schema.validateValue(t, value) : true;
  }

  private readonly applies = new Map<RuleLike, Set<unknown>>();
  ruleApplies(rule: RuleLike, info: AttrInfo): boolean {
    if (info.raw === undefined || rule.needsDit) return true;
    let set = this.applies.get(rule);
    if (!set) {
      set = new Set(this.schema.appliesTo(rule as MatchingRule));
      this.applies.set(rule, set);
    }
    return set.has(info.raw);
  }

  matchingRule(nameOrOid: string): RuleLike | undefined {
    return usable(this.schema.matchingRule(nameOrOid));
  }

  *allTypes(): Iterable<AttrInfo> {
    for (const t of this.schema.allAttributeTypes()) yield this.info(t);
  }
}
