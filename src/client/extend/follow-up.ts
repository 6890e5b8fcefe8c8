/**
 * What a result may still need after it arrives: Active Directory ranged attributes
 * (`member;range=0-1499`, MS-ADTS 3.1.1.3.1.3.3) fetched and merged, and referrals (RFC 4511
 * sections 4.1.10 and 4.5.3) followed to allowed hosts with a hop limit and loop detection.
 */
import type { Control, RequestOp, SearchRequest } from '../../protocol/index.js';
import { parseLdapUrl, type LdapUrl } from '../../url/index.js';
import type { Completed } from '../connection.js';
import type { ResponseItem, Result, SearchResEntry } from '../types.js';
import type { ExtendHost } from './host.js';

const RANGE = /^(.+);range=(\d+)-(\d+|\*)$/i;

/** Opens a connection for a referral; the connection layer provides it. */
export type ReferralConnector = (
  url: LdapUrl,
  withCredentials: boolean,
  visited: ReadonlySet<string>,
  hopsLeft: number,
) => Promise<{
  run(op: RequestOp, controls?: readonly Control[]): Promise<Completed>;
  close(): Promise<void>;
}>;

export interface FollowUpContext {
  readonly visited: ReadonlySet<string>;
  readonly hopsLeft: number;
  readonly connector: ReferralConnector | undefined;
}

async function fetchRanges(host: ExtendHost, entry: SearchResEntry, signal?: AbortSignal): Promise<void> {
  for (const key of [...entry.rawAttributes.keys()]) {
    let m = RANGE.exec(key);
    if (!m) continue;
    const base = m[1] as string;
    const values = [...(entry.rawAttributes.get(key) ?? [])];
    // the formatted view is kept in step page by page (each page comes formatted by the schema)
    const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
    const formatted = list(entry.attributes.get(key));
    let guard = 0;
    while (m && m[3] !== '*' && guard++ < 10000) {
      const next = `${base};range=${Number(m[3]) + 1}-*`;
      const c = await host.run(
        {
          type: 'SearchRequest',
          baseObject: entry.dn,
          scope: 0,
          derefAliases: 0,
          sizeLimit: 0,
          timeLimit: 0,
          typesOnly: false,
          filter: { type: 'present', attribute: 'objectClass' },
          attributes: [next],
        },
        undefined,
        signal,
        false,
      );
      const got = c.response.find((r): r is SearchResEntry => r.type === 'searchResEntry');
      const rangedKey = got
        ? [...got.rawAttributes.keys()].find((k) =>
            k.toLowerCase().startsWith(`${base.toLowerCase()};range=`),
          )
        : undefined;
      if (!got || !rangedKey) break;
      values.push(...(got.rawAttributes.get(rangedKey) ?? []));
      formatted.push(...list(got.attributes.get(rangedKey)));
      m = RANGE.exec(rangedKey);
    }
    entry.rawAttributes.delete(key);
    entry.attributes.delete(key);
    entry.rawAttributes.set(base, values);
    entry.attributes.set(base, formatted);
  }
}

function allowed(host: ExtendHost, url: LdapUrl): { allowed: boolean; allowAuth: boolean } {
  return host.server.referralAllowed(url.host);
}

/** Re-aim a request at the DN a referral names (RFC 4511 section 4.1.10: the URL's DN, else the original). */
function retarget(op: RequestOp, url: LdapUrl, continuation: boolean): RequestOp {
  const dn = url.dn;
  switch (op.type) {
    case 'SearchRequest': {
      const s: SearchRequest = { ...op, baseObject: dn || op.baseObject };
      // Section 4.5.3: a continuation reference under a one-level search is searched at base scope.
      return continuation && op.scope === 1 ? { ...s, scope: 0 } : s;
    }
    case 'AddRequest':
      return dn ? { ...op, entry: dn } : op;
    case 'DelRequest':
      return dn ? { ...op, dn } : op;
    case 'ModifyRequest':
      return dn ? { ...op, object: dn } : op;
    case 'ModifyDNRequest':
      return dn ? { ...op, entry: dn } : op;
    case 'CompareRequest':
      return dn ? { ...op, entry: dn } : op;
    default:
      return op;
  }
}

async function follow(
  host: ExtendHost,
  ctx: FollowUpContext,
  text: string,
  op: RequestOp,
  controls: readonly Control[] | undefined,
  continuation: boolean,
): Promise<Completed | undefined> {
  if (!ctx.connector || ctx.hopsLeft <= 0) return undefined;
  let url: LdapUrl;
  try {
    url = parseLdapUrl(text);
  } catch {
    return undefined;
  }
  const key = `${url.scheme}://${url.host.toLowerCase()}:${url.port ?? ''}/${url.dn.toLowerCase()}`;
  if (ctx.visited.has(key)) return undefined; // a referral loop
  const permission = allowed(host, url);
  if (!permission.allowed) return undefined;
  const visited = new Set(ctx.visited);
  visited.add(key);
  const conn = await ctx.connector(url, permission.allowAuth, visited, ctx.hopsLeft - 1);
  try {
    return await conn.run(retarget(op, url, continuation), controls);
  } finally {
    await conn.close().catch(() => undefined);
  }
}

export async function followUp(
  host: ExtendHost,
  ctx: FollowUpContext,
  op: RequestOp,
  controls: readonly Control[] | undefined,
  result: Result,
  response: ResponseItem[],
  signal?: AbortSignal,
): Promise<{ result: Result; response: ResponseItem[] }> {
  if (host.options.autoRange && op.type === 'SearchRequest') {
    for (const item of response)
      if (item.type === 'searchResEntry' && [...item.rawAttributes.keys()].some((k) => RANGE.test(k)))
        await fetchRanges(host, item, signal);
  }
  if (!host.options.autoReferrals || !ctx.connector) return { result, response };
  if (result.result === 10 && result.referrals) {
    for (const ref of result.referrals) {
      const c = await follow(host, ctx, ref, op, controls, false).catch(() => undefined);
      if (c) return { result: c.result, response: c.response };
    }
    return { result, response };
  }
  if (op.type !== 'SearchRequest' || !response.some((r) => r.type === 'searchResRef'))
    return { result, response };
  const merged: ResponseItem[] = [];
  for (const item of response) {
    if (item.type !== 'searchResRef') {
      merged.push(item);
      continue;
    }
    let done = false;
    for (const uri of item.uri) {
      const c = await follow(host, ctx, uri, op, controls, true).catch(() => undefined);
      if (c) {
        merged.push(...c.response);
        done = true;
        break;
      }
    }
    if (!done) merged.push(item); // not followed: hand the reference to the caller
  }
  return { result, response: merged };
}
