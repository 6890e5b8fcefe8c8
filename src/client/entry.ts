/**
 * `conn.entries`: search results as ldap3-style entries, attributes reachable as properties
 * case-insensitively (`entry.cn.value`, `entry.CN.values`); an unknown name throws.
 */
import { LdapError } from '../errors.js';
import type { AttributeMap } from './attribute-map.js';
import type { SearchResEntry } from './types.js';

export interface EntryAttribute {
  /** The attribute description as the server wrote it. */
  readonly key: string;
  /** One value when there is one (or the SINGLE-VALUE value), else the list. */
  readonly value: unknown;
  readonly values: readonly unknown[];
  readonly raw: readonly Uint8Array[];
}

export interface ClientEntry {
  readonly entryDn: string;
  readonly entryAttributes: readonly string[];
  readonly entryAttributesAsDict: AttributeMap<unknown>;
  readonly entryRawAttributes: AttributeMap<Uint8Array[]>;
  entryToJson(): string;
  /** Any attribute by name, case-insensitively. */
  readonly [attribute: string]: unknown;
}

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
  const json = (): Record<string, unknown> => ({ dn: item.dn, attributes: item.attributes.toJSON() });
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
    has(target, prop) {
      return typeof prop === 'symbol' || OWN.has(prop) ? prop in target : item.attributes.has(prop);
    },
  }) as unknown as ClientEntry;
}
