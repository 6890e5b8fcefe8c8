/**
 * ldap3's response_to_ldif / response_to_json: a search response as RFC 2849 content records
 * or as ldap3's JSON dump (`{"entries": [{"dn", "attributes", "raw"}]}`).
 */
import { formatLdif } from '../ldif/index.js';
import type { LdifContentRecord } from '../ldif/index.js';
import { toBase64 } from '../util/index.js';
import type { ResponseItem, SearchResEntry } from './types.js';

const entriesOf = (response: readonly ResponseItem[] | null | undefined): SearchResEntry[] =>
  (response ?? []).filter((r): r is SearchResEntry => typeof r === 'object' && r.type === 'searchResEntry');

export function responseToLdif(
  response: readonly ResponseItem[] | null | undefined,
  options: { sort?: boolean } = {},
): string {
  const records: LdifContentRecord[] = entriesOf(response).map((e) => ({
    type: 'content',
    dn: e.dn,
    attributes: [...e.rawAttributes].map(([type, values]) => ({ type, values })),
  }));
  return formatLdif(records, { version: true, ...(options.sort ? { sort: true } : {}) });
}

function jsonValue(v: unknown): unknown {
  if (v instanceof Uint8Array) return toBase64(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(jsonValue);
  return v;
}

export function responseToJson(
  response: readonly ResponseItem[] | null | undefined,
  options: { indent?: number; raw?: boolean } = {},
): string {
  const entries = entriesOf(response).map((e) => {
    const attributes = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of e.attributes) attributes[k] = jsonValue(v);
    const out: Record<string, unknown> = { dn: e.dn, attributes };
    if (options.raw) {
      const raw = Object.create(null) as Record<string, string[]>;
      for (const [k, v] of e.rawAttributes) raw[k] = v.map(toBase64);
      out.raw = raw;
    }
    return out;
  });
  return JSON.stringify({ entries }, null, options.indent ?? 4);
}
