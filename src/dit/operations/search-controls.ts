/**
 * Search controls applied to the match set: server-side sort (RFC 2891) by the attribute's
 * ordering rule, and simple paged results (RFC 2696) with opaque cookies that name a frozen
 * match list, no empty trailing page, size 0 to end the search, and unwillingToPerform for a
 * stale or unknown cookie (as slapd).
 */
import { randomBytes } from 'node:crypto';
import { BerReader, BerWriter } from '../../ber/index.js';
import type { Control, SearchRequest } from '../../protocol/messages.js';
import { fromUtf8, toHex } from '../../util/index.js';
import type { Directory } from '../directory.js';
import { selectAttributes } from '../evaluate-filter.js';
import { fail, RC } from '../result.js';
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

export function applySort(
  ctx: OpContext,
  matches: SearchMatches,
): { matches: SearchMatches; controls: Control[] } {
  const c = ctx.controls.get(OID.serverSort);
  if (!c) return { matches, controls: [] };
  const keys: SortKey[] = [];
  try {
    const r = new BerReader(c.value ?? new Uint8Array());
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
  const view = ctx.engine.view;
  const resolved: Array<{ d: Description; rule: RuleLike; reverse: boolean }> = [];
  for (const k of keys) {
    const d = view.describe(k.attribute);
    const rule = k.rule ? view.matchingRule(k.rule) : d?.info.ordering;
    if (!d || !rule?.compare) {
      // slapd (sssvlv) answers the sortResult code itself when the control is critical
      const code = d ? RC.inappropriateMatching : RC.noSuchAttribute;
      if (c.critical) fail(code);
      return { matches, controls: [sortResponse(code)] };
    }
    resolved.push({ d, rule, reverse: k.reverse });
  }
  const sortValue = (e: SearchMatches['entries'][number], i: number): Normalized | undefined => {
    const { d, rule, reverse } = resolved[i]!;
    let best: Normalized | undefined;
    for (const a of selectAttributes(e, d)) {
      for (const v of a.values) {
        const n = rule.normalize(v);
        if (n === undefined) continue;
        if (best === undefined || (reverse ? rule.compare!(n, best) > 0 : rule.compare!(n, best) < 0))
          best = n;
      }
    }
    return best;
  };
  const decorated = matches.entries.map((e) => ({ e, keys: resolved.map((_r, i) => sortValue(e, i)) }));
  decorated.sort((x, y) => {
    for (let i = 0; i < resolved.length; i++) {
      const a = x.keys[i];
      const b = y.keys[i];
      if (a === undefined && b === undefined) continue;
      // entries without the attribute sort last (RFC 2891 section 1.2)
      if (a === undefined) return 1;
      if (b === undefined) return -1;
      const r = resolved[i]!;
      const cmp = r.rule.compare!(a, b);
      if (cmp !== 0) return r.reverse ? -cmp : cmp;
    }
    return x.e.id - y.e.id;
  });
  return {
    matches: { ...matches, entries: decorated.map((d) => d.e) },
    controls: [sortResponse(RC.success)],
  };
}

interface PagingState {
  readonly matches: SearchMatches;
  offset: number;
}

const cursors = new WeakMap<Directory, Map<string, PagingState>>();

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
): { page: SearchMatches; controls: Control[] } | undefined {
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
    cursor = { matches, offset: 0 };
  }
  if (size === 0) {
    // RFC 2696 section 3: a size of zero abandons the paged search
    return {
      page: { ...cursor.matches, entries: [], references: [] },
      controls: [pagedControl(new Uint8Array())],
    };
  }
  // the client's sizeLimit still bounds the whole search
  const limit =
    req.sizeLimit > 0
      ? Math.min(req.sizeLimit, cursor.matches.entries.length)
      : cursor.matches.entries.length;
  if (req.sizeLimit > 0 && cursor.offset >= limit) fail(RC.sizeLimitExceeded);
  const end = Math.min(cursor.offset + size, limit);
  const entries = cursor.matches.entries.slice(cursor.offset, end);
  // references go out with the page their position falls in
  const from = cursor.offset;
  const references = cursor.matches.references
    .filter((x) => x.at >= from && (x.at < end || end >= limit))
    .map((x) => ({ at: x.at - from, uris: x.uris }));
  cursor.offset = end;
  let next = new Uint8Array();
  if (end < limit) {
    next = randomBytes(8);
    table.set(toHex(next), cursor);
  }
  return { page: { ...cursor.matches, entries, references }, controls: [pagedControl(next)] };
}
