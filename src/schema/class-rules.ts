/**
 * Object class rules of an entry (RFC 4512 sections 2.4 and 4.1.6): the superclass closure,
 * the structural class and its chain, the MUST/MAY sets including superclasses, auxiliary
 * classes and the DIT content rule of the structural class. The engine turns the problems
 * into objectClassViolation; the messages follow slapd's wording.
 */
import type { AttributeType, DitContentRule, ObjectClass } from './types.js';

/** What the schema says about an entry's set of object classes. */
export interface EntryClassInfo {
  /** The listed classes and all their superclasses, each once. */
  readonly classes: readonly ObjectClass[];
  /** objectClass values the schema does not know. */
  readonly unknown: readonly string[];
  /** The most subordinate structural class (RFC 4512 section 2.4.2). */
  readonly structural?: ObjectClass | undefined;
  readonly auxiliary: readonly ObjectClass[];
  readonly contentRule?: DitContentRule | undefined;
  /** Attribute types the entry must hold (classes, then the content rule). */
  readonly must: ReadonlySet<AttributeType>;
  /** Attribute types the entry may hold in addition to `must`. */
  readonly may: ReadonlySet<AttributeType>;
  /** Types the content rule precludes. */
  readonly not: ReadonlySet<AttributeType>;
  /** True when extensibleObject (1.3.6.1.4.1.1466.101.120.111) allows any user attribute. */
  readonly extensible: boolean;
  /** Problems with the class set itself, in slapd's words. */
  readonly errors: readonly string[];
}

interface ClassLookup {
  objectClass(nameOrOid: string): ObjectClass | undefined;
  contentRule(structural: ObjectClass): DitContentRule | undefined;
}

const EXTENSIBLE_OBJECT = '1.3.6.1.4.1.1466.101.120.111';

export class ClassRules {
  constructor(
    private readonly schema: ClassLookup,
    /** Apply the content rules of structural superclasses too (Active Directory). */
    private readonly inheritContentRules = false,
  ) {}

  /** The class and all its transitive superclasses, itself first. */
  superclasses(oc: ObjectClass): ObjectClass[] {
    const out: ObjectClass[] = [oc];
    for (let i = 0; i < out.length; i++) for (const s of out[i]!.sup) if (!out.includes(s)) out.push(s);
    return out;
  }

  /** True when `oc` is `ancestor` or inherits from it. */
  inherits(oc: ObjectClass, ancestor: ObjectClass): boolean {
    return this.superclasses(oc).includes(ancestor);
  }

  /**
   * The DIT content rules that govern entries of this structural class (RFC 4512 section
   * 4.1.6): its own rule; in Active Directory also those of its structural superclasses, whose
   * system auxiliary classes apply to subclasses too (MS-ADTS 3.1.1.2.4.6).
   */
  contentRulesFor(structural: ObjectClass): DitContentRule[] {
    if (!this.inheritContentRules) {
      const own = this.schema.contentRule(structural);
      return own ? [own] : [];
    }
    return this.superclasses(structural).flatMap((c) => this.schema.contentRule(c) ?? []);
  }

  /** Analyse the objectClass values of an entry. */
  analyze(values: readonly string[]): EntryClassInfo {
    const listed: ObjectClass[] = [];
    const unknown: string[] = [];
    const errors: string[] = [];
    for (const v of values) {
      const oc = this.schema.objectClass(v.trim());
      if (oc) {
        if (!listed.includes(oc)) listed.push(oc);
      } else {
        unknown.push(v);
      }
    }
    const classes: ObjectClass[] = [];
    for (const oc of listed) for (const s of this.superclasses(oc)) if (!classes.includes(s)) classes.push(s);

    const structurals = classes.filter((c) => c.kind === 'STRUCTURAL');
    // the most subordinate structural class: one that every other structural class is a superclass of
    const leaves = structurals.filter((c) => !structurals.some((o) => o !== c && this.inherits(o, c)));
    let structural: ObjectClass | undefined;
    if (values.length === 0) errors.push('no objectClass attribute');
    else if (leaves.length === 0) errors.push('no structural object class provided');
    else if (leaves.length > 1)
      errors.push(`invalid structural object class chain (${leaves[0]!.name}/${leaves[1]!.name})`);
    else structural = leaves[0];

    const auxiliary = classes.filter((c) => c.kind === 'AUXILIARY');
    const contentRule = structural ? this.schema.contentRule(structural) : undefined;
    const rules = structural ? this.contentRulesFor(structural) : [];
    if (rules.length > 0) {
      for (const aux of auxiliary) {
        if (!rules.some((r) => r.aux.includes(aux))) {
          errors.push(`content rule '${structural!.name}' does not allow class '${aux.name}'`);
        }
      }
    }

    const must = new Set<AttributeType>();
    const may = new Set<AttributeType>();
    for (const c of classes) {
      for (const t of c.must) must.add(t);
      for (const t of c.may) may.add(t);
    }
    for (const r of rules) {
      for (const t of r.must) must.add(t);
      for (const t of r.may) may.add(t);
    }
    for (const t of must) may.delete(t);
    return {
      classes,
      unknown,
      structural,
      auxiliary,
      contentRule,
      must,
      may,
      not: new Set(rules.flatMap((r) => r.not)),
      extensible: classes.some((c) => c.oid === EXTENSIBLE_OBJECT),
      errors,
    };
  }

  /**
   * True when an entry with these classes may hold the type: listed in MUST/MAY (a subtype of an
   * allowed type is not allowed by itself, RFC 4512 section 2.4), operational, or extensibleObject.
   */
  allows(info: EntryClassInfo, type: AttributeType): boolean {
    if (info.not.has(type)) return false;
    if (type.operational) return true;
    if (info.must.has(type) || info.may.has(type)) return true;
    return info.extensible;
  }
}
