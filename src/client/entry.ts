/**
 * `conn.entries`: search results as ldap3-style entries, attributes reachable as properties
 * case-insensitively (`entry.cn.value`, `entry.CN.values`); an unknown name throws, as ldap3's
 * Entry raises on an unknown attribute.
 *
 * Typing: any property name is an `EntryAttribute` (an index signature). Under
 * `noUncheckedIndexedAccess` such names read as `EntryAttribute | undefined`; name the attributes
 * to drop that, and to type the values: `conn.entries as ClientEntry<{ cn: string[] }>[]`.
 */
import { LdapError } from '../errors.js';
import type { AttributeMap } from './attribute-map.js';
import type { SearchResEntry } from './types.js';

/** The element type of a declared value type: `string[]` declares several strings. */
type ValueOf<V> = V extends readonly (infer E)[] ? E : V;

export interface EntryAttribute<V = unknown> {
  /** The attribute description as the server wrote it. */
  readonly key: string;
  /** One value when there is one (or the SINGLE-VALUE value), else the list. */
  readonly value: unknown extends V ? unknown : V extends readonly unknown[] ? ValueOf<V> | V : V;
  readonly values: readonly ValueOf<V>[];
  readonly raw: readonly Uint8Array[];
}

/** The members every entry has; `entry*` names, so no attribute name shadows them. */
export interface ClientEntryBase {
  readonly entryDn: string;
  readonly entryAttributes: readonly string[];
  readonly entryAttributesAsDict: AttributeMap<unknown>;
  readonly entryRawAttributes: AttributeMap<Uint8Array[]>;
  entryToJson(): string;
  toJSON(): { dn: string; attributes: Record<string, unknown> };
}

/**
 * An entry of `conn.entries`. `T` optionally declares attributes and their formatted value types
 * (`{ cn: string[]; uidNumber: number }`); those read without `undefined` under
 * `noUncheckedIndexedAccess`. Any other name is an untyped `EntryAttribute`.
 */
export type ClientEntry<T extends object = Record<never, never>> = ClientEntryBase & {
  readonly [K in keyof T & string]-?: EntryAttribute<Exclude<T[K], undefined>>;
} & {
  /** Any attribute by name, case-insensitively (throws when the entry has no such attribute). */
  readonly [attribute: string]: EntryAttribute;
};

const OWN = new Set([
  'entryDn',
  'entryAttributes',
  'entryAttributesAsDict',
  'entryRawAttributes',
  'entryToJson',
  'toString',
  'toJSON',
]);

export function toEntry(item: SearchResEntry): ClientEntry {
  const attribute = (name: string): EntryAttribute | undefined => {
    const key = item.attributes.keyOf(name);
    if (key === undefined) return undefined;
    const formatted = item.attributes.get(key);
    const values = Array.isArray(formatted) ? (formatted as unknown[]) : [formatted];
    return {
      key,
      value: values.length === 1 ? values[0] : values,
      values,
      raw: item.rawAttributes.get(key) ?? [],
    };
  };
  const json = (): { dn: string; attributes: Record<string, unknown> } => ({
    dn: item.dn,
    attributes: item.attributes.toJSON(),
  });
  const base = {
    entryDn: item.dn,
    entryAttributes: [...item.attributes.keys()],
    entryAttributesAsDict: item.attributes,
    entryRawAttributes: item.rawAttributes,
    entryToJson: () =>
      JSON.stringify(json(), (_k, v: unknown) =>
        v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v,
      ),
    toJSON: json,
    toString: () =>
      `DN: ${item.dn}\n${[...item.attributes].map(([k, v]) => `    ${k}: ${String(v)}`).join('\n')}`,
  };
  return new Proxy(base, {
    get(target, prop, receiver) {
      if (typeof prop === 'symbol' || OWN.has(prop)) return Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'then') return undefined; // not a thenable
      const found = attribute(prop);
      if (!found)
        throw new LdapError(
          'LDAP_ATTRIBUTE_UNKNOWN',
          `entry ${item.dn} has no attribute ${JSON.stringify(prop)}`,
        );
      return found;
    },
    // ldap3's Entry refuses assignment: changes go through a modify (or the abstraction's Writer).
    set(_target, prop) {
      throw new LdapError(
        'LDAP_ENTRY_READ_ONLY',
        `entry ${item.dn} is read-only: cannot set ${JSON.stringify(String(prop))}`,
      );
    },
    deleteProperty(_target, prop) {
      throw new LdapError(
        'LDAP_ENTRY_READ_ONLY',
        `entry ${item.dn} is read-only: cannot delete ${JSON.stringify(String(prop))}`,
      );
    },
    has(target, prop) {
      return typeof prop === 'symbol' || OWN.has(prop) ? prop in target : item.attributes.has(prop);
    },
  }) as unknown as ClientEntry;
}
