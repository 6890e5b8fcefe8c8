/**
 * Search controls applied to the match set: server-side sort (RFC 2891) by the attribute's
 * ordering rule, and simple paged results (RFC 2696) with opaque cookies that name a frozen
 * match list, no empty trailing page, size 0 to end the search, and unwillingToPerform for a
 * stale or unknown cookie (as slapd).
 */
import { randomBytes } from 'node:crypto';
import { BerReader, BerWriter } from '../../ber/index.js';
import type { Control, SearchRequest } from '../../protocol/index.js';
import { fromUtf8, toHex } from '../../util/index.js';
import type { Directory } from '../directory.js';
import { AD_MAX_PAGE_SIZE } from '../ad-search.js';
import { fail, OperationFailure, outcome, RC } from '../result.js';
import type { Description, Normalized, RuleLike } from '../schema-view.js';
import { OID, type OpContext } from './context.js';
import type { SearchMatches } from './search.js';

interface SortKey {
  readonly attribute: string;
  readonly rule?: string;
  readonly reverse: boolean;
}

function sortResponse(code: number): Control {
  const w = new BerWriter(16);
  w.startSequence();
  w.writeEnumerated(code);
  w.endSequence();
  return { oid: OID.serverSortResponse, critical: false, value: w.toBytes() };
}

/** The keys of a sort control value (RFC 2891 section 1.1), or protocolError. */
function readSortKeys(value: Uint8Array | undefined): SortKey[] {
  const keys: SortKey[] = [];
  try {
    const r = new BerReader(value ?? new Uint8Array());
    r.enter();
    while (r.more()) {
      r.enter();
      const attribute = fromUtf8(r.readOctetString());
      let rule: string | undefined;
      let reverse = false;
      while (r.more()) {
        const t = r.peekTag();
        if (t === 0x80) rule = fromUtf8(r.readOctetString(0x80));
        else if (t === 0x81) reverse = r.readBoolean(0x81);
        else r.skip();
      }
      r.leave();
      keys.push(rule === undefined ? { attribute, reverse } : { attribute, rule, reverse });
    }
  } catch {
    fail(RC.protocolError, 'sort control value malformed');
  }
  return keys;
}

interface ResolvedKey {
  readonly d: Description;
  readonly rule: RuleLike & { compare: NonNullable<RuleLike['compare']> };
  readonly reverse: boolean;
}

function resolveSortKeys(ctx: OpContext, keys: readonly SortKey[]): ResolvedKey[] {
  const view = ctx.engine.view;
  const resolved: ResolvedKey[] = [];
  for (const k of keys) {
    const d = view.describe(k.attribute);
    const rule = k.rule ? view.matchingRule(k.rule) : d?.info.ordering;
    // slapd's sssvlv refuses such a key while parsing the control, so the search fails with the
    // sortResult code whether or not the control is critical (RFC 2891 section 1.2 would allow an
    // unsorted answer for a non-critical one; slapd does not).
    if (!d) fail(RC.noSuchAttribute, 'serverSort control: Unrecognized attribute type in sort key');
    if (!rule?.compare) fail(RC.inappropriateMatching, 'serverSort control: No ordering rule');
    // RFC 2891 section 1.1: an orderingRule not valid for the attribute type gets
    // inappropriateMatching (valid: the schema's matchingRuleUse lists the type); slapd 2.5
    // sorts with it anyway, a listed deviation
    if (k.rule && !view.ruleApplies(rule, d.info))
      fail(RC.inappropriateMatching, 'serverSort control: ordering rule not valid for the attribute');
    resolved.push({ d, rule: rule as ResolvedKey['rule'], reverse: k.reverse });
  }
  return resolved;
}

/**
 * The value an entry sorts by under one key. RFC 2891 leaves open which values count; slapd's
 * sssvlv (measured) takes the attribute of exactly the key's description (`cn` is not
 * `cn;lang-fr`, `name` finds no `cn`) and its least value in both directions (b/y, c/x, a/z in
 * reverse come as c, b, a). Undefined: no value, which sorts after every value (section 1.2).
 */
function sortKeyValue(e: SearchMatches['entries'][number], key: ResolvedKey): Normalized | undefined {
  let best: Normalized | undefined;
  for (const v of e.attrs.get(key.d.storeKey)?.values ?? []) {
    const n = key.rule.normalize(v);
    if (n === undefined) continue;
    if (best === undefined || key.rule.compare(n, best) < 0) best = n;
  }
  return best;
}

export function applySort(
  ctx: OpContext,
  matches: SearchMatches,
): { matches: SearchMatches; controls: Control[] } {
  const c = ctx.controls.get(OID.serverSort);
  if (!c) return { matches, controls: [] };
  const resolved = resolveSortKeys(ctx, readSortKeys(c.value));
  const sortValue = (e: SearchMatches['entries'][number], i: number): Normalized | undefined =>
    sortKeyValue(e, resolved[i]!);
  const decorated = matches.entries.map((e, at) => ({
    e,
    at,
    keys: resolved.map((_r, i) => sortValue(e, i)),
  }));
  decorated.sort((x, y) => {
    for (let i = 0; i < resolved.length; i++) {
      const a = x.keys[i];
      const b = y.keys[i];
      if (a === undefined && b === undefined) continue;
      // a missing value is taken as larger than any other (RFC 2891 section 1.2): last in
      // ascending order, first in reverse order (as slapd)
      const r = resolved[i]!;
      const cmp = a === undefined ? 1 : b === undefined ? -1 : r.rule.compare(a, b);
      if (cmp !== 0) return r.reverse ? -cmp : cmp;
    }
    // ties keep the order the search found them in (slapd's sort is stable; measured)
    return x.at - y.at;
  });
  return {
    // slapd's sssvlv collects the entries alone: a sorted search sends no continuation
    // references (measured)
    matches: { ...matches, entries: decorated.map((d) => d.e), references: [] },
    controls: [sortResponse(RC.success)],
  };
}

/**
 * A paged search goes through its candidates by entry id, as slapd's back-mdb does (its cookie
 * is the last id sent): entries and references (by their referral object's id) in id order,
 * whatever order the scope walk found them in.
 */
function inIdOrder(matches: SearchMatches): SearchMatches {
  const items = [
    ...matches.entries.map((e) => ({ id: e.id, entry: e, uris: undefined as string[] | undefined })),
    ...matches.references.map((r) => ({
      id: r.id ?? Number.MAX_SAFE_INTEGER,
      entry: undefined,
      uris: r.uris,
    })),
  ].sort((a, b) => a.id - b.id);
  const entries: SearchMatches['entries'][number][] = [];
  const references: Array<{ at: number; uris: string[]; id: number }> = [];
  for (const item of items) {
    if (item.entry) entries.push(item.entry);
    else references.push({ at: entries.length, uris: item.uris as string[], id: item.id });
  }
  return { ...matches, entries, references };
}

interface PagingState {
  readonly matches: SearchMatches;
  offset: number;
}

const cursors = new WeakMap<Directory, Map<string, PagingState>>();
const MAX_CURSORS = 1000;

function pagedControl(cookie: Uint8Array, size = 0): Control {
  const w = new BerWriter(32);
  w.startSequence();
  w.writeInteger(size);
  w.writeOctetString(cookie);
  w.endSequence();
  return { oid: OID.pagedResults, critical: false, value: w.toBytes() };
}

export function applyPaging(
  dir: Directory,
  ctx: OpContext,
  req: SearchRequest,
  matches: SearchMatches,
): { page: SearchMatches; controls: Control[]; sizeLimitExceeded?: boolean } | undefined {
  const c = ctx.controls.get(OID.pagedResults);
  if (!c) return undefined;
  let size = 0;
  let cookie: Uint8Array = new Uint8Array();
  try {
    const r = new BerReader(c.value ?? new Uint8Array());
    r.enter();
    size = r.readInteger();
    cookie = r.readOctetString();
  } catch {
    fail(RC.protocolError, 'paged results control value malformed');
  }
  let table = cursors.get(dir);
  if (!table) cursors.set(dir, (table = new Map()));
  let cursor: PagingState;
  const key = toHex(cookie);
  if (cookie.length > 0) {
    const found = table.get(key);
    if (!found) fail(RC.unwillingToPerform, 'paged results cookie is invalid');
    table.delete(key);
    cursor = found;
  } else {
    // slapd's back-mdb pages by entry id; with server-side sorting its sssvlv overlay pages
    // the sorted list instead (measured)
    cursor = { matches: ctx.controls.has(OID.serverSort) ? matches : inIdOrder(matches), offset: 0 };
  }
  // AD hands out at most MaxPageSize entries per page whatever the client asks
  if (ctx.engine.options.profile === 'ad') size = Math.min(size, AD_MAX_PAGE_SIZE);
  // a size limit no larger than the page makes paging pointless: slapd answers such a first
  // request as an ordinary search (scope order, no paged control; measured)
  if (cookie.length === 0 && req.sizeLimit > 0 && req.sizeLimit <= size) return undefined;
  if (size === 0) {
    // RFC 2696 section 3: a size of zero abandons the paged search
    return {
      page: { ...cursor.matches, entries: [], references: [] },
      controls: [pagedControl(new Uint8Array())],
    };
  }
  // the client's sizeLimit still bounds the whole search (measured on slapd): a page that
  // reaches it with entries left ends with sizeLimitExceeded, unless the page is full, in which
  // case the next request gets it
  const total = cursor.matches.entries.length;
  const cap = req.sizeLimit > 0 ? req.sizeLimit : Number.MAX_SAFE_INTEGER;
  if (cursor.offset >= cap && total > cursor.offset) fail(RC.sizeLimitExceeded);
  const end = Math.min(cursor.offset + size, total, cap);
  const entries = cursor.matches.entries.slice(cursor.offset, end);
  // references go out with the page their position falls in; one that follows the page's last
  // entry goes out with this page and again with the next, as slapd sends it (its cookie is the
  // last entry sent, so the next page looks at the referral again; measured)
  const from = cursor.offset;
  const references = cursor.matches.references
    .filter((x) => x.at >= from && (x.at <= end || end >= total))
    .map((x) => ({ at: x.at - from, uris: x.uris }));
  cursor.offset = end;
  if (end >= cap && total > end && end - from < size)
    return {
      page: { ...cursor.matches, entries, references },
      controls: [pagedControl(new Uint8Array())],
      sizeLimitExceeded: true,
    };
  const limit = total;
  let next = new Uint8Array();
  if (end < limit) {
    next = randomBytes(8);
    // bounded: a client that never finishes its paging leaves at most MAX_CURSORS behind
    if (table.size >= MAX_CURSORS) table.delete(table.keys().next().value as string);
    table.set(toHex(next), cursor);
  }
  return { page: { ...cursor.matches, entries, references }, controls: [pagedControl(next)] };
}

function vlvResponse(
  targetPosition: number,
  contentCount: number,
  result: number,
  contextID?: Uint8Array,
): Control {
  const w = new BerWriter(32);
  w.startSequence();
  w.writeInteger(targetPosition);
  w.writeInteger(contentCount);
  w.writeEnumerated(result);
  if (contextID) w.writeOctetString(contextID);
  w.endSequence();
  return { oid: OID.vlvResponse, critical: false, value: w.toBytes() };
}

/**
 * Virtual list view (draft-ietf-ldapext-ldapv3-vlv-09): a window of `beforeCount` entries before
 * and `afterCount` after a target chosen by offset (scaled by the client's contentCount) or by
 * the first entry whose primary sort key does not sort before an assertion value. Requires the sort control
 * (sortControlMissing otherwise).
 *
 *   VirtualListViewRequest ::= SEQUENCE { beforeCount INTEGER, afterCount INTEGER,
 *     target CHOICE { byOffset [0] SEQUENCE { offset INTEGER, contentCount INTEGER },
 *                     greaterThanOrEqual [1] AssertionValue }, contextID OCTET STRING OPTIONAL }
 */
export function applyVlv(
  ctx: OpContext,
  matches: SearchMatches,
): { page: SearchMatches; controls: Control[] } | undefined {
  const c = ctx.controls.get(OID.vlv);
  if (!c) return undefined;
  const sort = ctx.controls.get(OID.serverSort);
  if (!sort) fail(RC_VLV.sortControlMissing, 'VLV control requires the server side sort control');
  let before = 0;
  let after = 0;
  let offset: number | undefined;
  let contentCount = 0;
  let assertion: Uint8Array | undefined;
  let contextID: Uint8Array | undefined;
  try {
    const r = new BerReader(c.value ?? new Uint8Array());
    r.enter();
    before = r.readInteger();
    after = r.readInteger();
    const tag = r.peekTag();
    if (tag === 0xa0) {
      r.enter(0xa0);
      offset = r.readInteger();
      contentCount = r.readInteger();
      r.leave();
    } else assertion = r.readOctetString(0x81);
    if (r.more()) contextID = r.readOctetString();
  } catch {
    fail(RC.protocolError, 'VLV control value malformed');
  }
  const count = matches.entries.length;
  // nothing to view: slapd's sssvlv answers success, position 0 of 0, whatever was asked
  if (count === 0)
    return {
      page: { ...matches, entries: [], references: [] },
      controls: [vlvResponse(0, 0, RC.success, contextID)],
    };
  let target: number; // 1-based; 0 only as slapd reports a scaled offset that falls before the first
  if (offset !== undefined) {
    if (offset < 0 || contentCount < 0) {
      return {
        page: { ...matches, entries: [], references: [] },
        controls: [vlvResponse(0, count, RC_VLV.offsetRangeError, contextID)],
      };
    }
    const scaled = vlvOffsetTarget(offset, contentCount, count);
    if (scaled === undefined) {
      throw new OperationFailure(outcome(RC_VLV.virtualListViewError), [
        vlvResponse(0, count, RC_VLV.offsetRangeErrorSlapd, contextID),
      ]);
    }
    target = scaled;
  } else {
    // the first entry that does not sort before the assertion under the first sort key, in
    // the sort's direction (measured on sssvlv: in reverse, the first key <= the assertion)
    const key = resolveSortKeys(ctx, readSortKeys(sort.value).slice(0, 1))[0];
    const rule = key?.rule;
    const a = assertion && rule ? (rule.normalizeAssertion ?? rule.normalize)(assertion) : undefined;
    // an assertion the ordering rule cannot read: slapd answers virtualListViewError with the
    // VLV result inappropriateMatching (measured)
    if (rule && assertion && a === undefined)
      throw new OperationFailure(outcome(RC_VLV.virtualListViewError), [
        vlvResponse(0, count, RC.inappropriateMatching, contextID),
      ]);
    target = count + 1;
    if (key && a !== undefined) {
      for (let i = 0; i < count; i++) {
        const k = sortKeyValue(matches.entries[i]!, key);
        // a missing value sorts after every value: last ascending, first in reverse
        const cmp = k === undefined ? 1 : key.rule.compare(k, a);
        if (key.reverse ? cmp <= 0 : cmp >= 0) {
          target = i + 1;
          break;
        }
      }
    }
  }
  // a reported position of 0 still places the window at the first entry; one past the end
  // gives the last `beforeCount` entries, at least one (as sssvlv, measured)
  const at = Math.max(1, target);
  const from = at > count ? Math.max(0, count - Math.max(1, before)) : Math.max(0, at - 1 - before);
  const to = Math.min(count, at + after);
  const entries = matches.entries.slice(from, to);
  return {
    page: { ...matches, entries, references: [] },
    // an assertion past every entry reports count + 1 (measured on sssvlv), an offset past the
    // end the last entry
    controls: [
      vlvResponse(assertion !== undefined ? target : Math.min(target, count), count, RC.success, contextID),
    ],
  };
}

/**
 * The target position of a byOffset request as slapd's sssvlv computes it (draft section 5:
 * offset 1 is the first entry, offset == contentCount the last, others scaled by the server's
 * count). With a contentCount of 0 the offset is taken as is. `undefined` is an offset past the
 * end (offset > contentCount, or > count when contentCount is 0): virtualListViewError.
 */
export function vlvOffsetTarget(offset: number, contentCount: number, count: number): number | undefined {
  if (offset === contentCount) return count;
  if (contentCount === 0) return offset > count ? undefined : offset;
  if (offset > contentCount) return undefined;
  if (offset === 1) return 1;
  // truncated, so a small offset over a large contentCount reports position 0
  return Math.floor((offset * count) / contentCount);
}

/** Result codes of the VLV draft (section 6.2). */
const RC_VLV = {
  sortControlMissing: 60,
  offsetRangeError: 61,
  virtualListViewError: 76,
  /** what slapd's sssvlv puts in the response control for a target past the end */
  offsetRangeErrorSlapd: 77,
} as const;
