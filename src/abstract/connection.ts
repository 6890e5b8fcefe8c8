/**
 * The narrow view of a Connection the abstraction layer needs, and the one place that turns the
 * three result conventions of the strategies (ldap3's sync/safe/async) into one outcome:
 * - SYNC-like: the operation resolves to a boolean, details on `conn.result`/`conn.response`;
 * - SAFE_*: it resolves to `[status, result, response, request]`;
 * - ASYNC-like: it resolves to a message id, `conn.getResponse(id)` gives `[response, result, request]`.
 */
import type { AttributesInput, ControlInput, ModifyChanges, SearchOptions } from '../client/index.js';
import { LdapCursorError } from './errors.js';

/** Any Connection of the client, whatever its strategy (structurally). */
export interface CursorConnection {
  search(base: string, filter: string, options?: SearchOptions): Promise<unknown>;
  add(
    dn: string,
    objectClass?: string | readonly string[],
    attributes?: AttributesInput,
    controls?: readonly ControlInput[],
  ): Promise<unknown>;
  modify(dn: string, changes: ModifyChanges, controls?: readonly ControlInput[]): Promise<unknown>;
  modifyDn(
    dn: string,
    relativeDn: string,
    options?: { deleteOldDn?: boolean; newSuperior?: string; controls?: readonly ControlInput[] },
  ): Promise<unknown>;
  delete(dn: string, controls?: readonly ControlInput[]): Promise<unknown>;
  getResponse?(messageId: number): Promise<unknown>;
  readonly result?: unknown;
  readonly response?: unknown;
  readonly request?: unknown;
  readonly server?: unknown;
  readonly extend?: unknown;
}

/** Controls as the cursor keeps them (ldap3 accepts any list of controls). */
export type CursorControls = readonly ControlInput[] | undefined;

export interface ResultLike {
  readonly result: number;
  readonly description: string;
  readonly message?: string;
  readonly dn?: string;
  readonly controls?: Record<string, { value: unknown }>;
  readonly [detail: string]: unknown;
}

/** One search result entry with its attributes as Maps of value lists (server spelling kept). */
export interface EntryResponse {
  readonly type: 'searchResEntry';
  readonly dn: string;
  readonly attributes: Map<string, unknown[]>;
  readonly rawAttributes: Map<string, Uint8Array[]>;
}

export interface Outcome {
  readonly result: ResultLike;
  readonly response: readonly unknown[];
  readonly request: unknown;
  /** Search entries of the response, normalised. */
  readonly entries: EntryResponse[];
}

function toValueList(v: unknown): unknown[] {
  return Array.isArray(v) ? [...(v as unknown[])] : v === undefined || v === null ? [] : [v];
}

/** Map or record of attributes to a Map of value lists, keeping the server's spelling. */
function toAttributeMap<V>(input: unknown, convert: (v: unknown) => V[]): Map<string, V[]> {
  const out = new Map<string, V[]>();
  if (input instanceof Map)
    for (const [k, v] of input as Map<string, unknown>) out.set(String(k), convert(v));
  else if (input && typeof input === 'object') {
    for (const [k, v] of Object.entries(input as Record<string, unknown>)) out.set(k, convert(v));
  }
  return out;
}

/** Normalises one response item; undefined for references and intermediate responses. */
export function toEntryResponse(item: unknown): EntryResponse | undefined {
  if (!item || typeof item !== 'object') return undefined;
  const o = item as { type?: unknown; dn?: unknown; attributes?: unknown; rawAttributes?: unknown };
  if (o.type !== 'searchResEntry' || typeof o.dn !== 'string') return undefined;
  return {
    type: 'searchResEntry',
    dn: o.dn,
    attributes: toAttributeMap(o.attributes, toValueList),
    rawAttributes: toAttributeMap(o.rawAttributes, (v) =>
      toValueList(v).filter((x): x is Uint8Array => x instanceof Uint8Array),
    ),
  };
}

function asResult(v: unknown): ResultLike {
  if (v && typeof v === 'object' && typeof (v as { result?: unknown }).result === 'number')
    return v as ResultLike;
  throw new LdapCursorError('the connection returned no result for the operation', 'LDAP_CURSOR_NO_RESULT');
}

/** Runs one operation and collects its outcome whatever the strategy. */
export async function execute(conn: CursorConnection, operation: Promise<unknown>): Promise<Outcome> {
  const r = await operation;
  let result: unknown;
  let response: unknown;
  let request: unknown;
  if (typeof r === 'boolean') {
    result = conn.result;
    response = conn.response;
    request = conn.request;
  } else if (Array.isArray(r)) {
    [, result, response, request] = r as unknown[];
  } else if (typeof r === 'number' && conn.getResponse) {
    const got = await conn.getResponse(r);
    [response, result, request] = Array.isArray(got) ? (got as unknown[]) : [];
  } else {
    throw new LdapCursorError('unsupported connection strategy outcome', 'LDAP_CURSOR_STRATEGY');
  }
  const list = Array.isArray(response) ? (response as unknown[]) : [];
  return {
    result: asResult(result),
    response: list,
    request,
    entries: list.map(toEntryResponse).filter((e): e is EntryResponse => e !== undefined),
  };
}

/** The schema a connection's server carries, or undefined. */
export function connectionSchema(conn: CursorConnection): unknown {
  const server = conn.server as { schema?: unknown } | undefined;
  return server?.schema ?? undefined;
}
