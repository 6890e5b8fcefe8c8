/**
 * Write and bind scenarios (fixtures/conformance/scenarios.json): each step becomes one request,
 * replayed in order on a peer (slapd over the wire, or our Directory through its handler); every
 * step is summarised (result code and normalised matchedDN; search steps as in corpus.ts).
 */
import { readFileSync } from 'node:fs';
import { normalizeDn } from '../../src/dn/index.js';
import { encodeFilter, parseFilter } from '../../src/filter/index.js';
import {
  cancelRequest,
  decodePagedResultsValue,
  decodeReadEntryResponseValue,
  decodeVlvResponseValue,
  encodeReadEntryRequestValue,
  encodeVlvRequestValue,
  decodeSortResponseValue,
  encodePagedResultsValue,
  encodeSortRequestValue,
  encodePasswordModifyRequestValue,
  type Change,
  type Control,
  type LdapMessage,
  type PartialAttribute,
  type RequestOp,
} from '../../src/protocol/index.js';
import type { Directory } from '../../src/dit/index.js';
import { utf8 } from '../../src/util/index.js';
import { entryAnswer, runOnDirectory, summarize, type Answer } from './corpus.js';
import { WireClient } from './wire.js';

type Values = string[];
export type Step =
  | { op: 'bind'; dn: string; password?: string; sasl?: string }
  | { op: 'add'; dn: string; attributes: Array<[string, Values]> }
  | { op: 'delete'; dn: string }
  | { op: 'modify'; dn: string; changes: Array<['add' | 'delete' | 'replace' | 'increment', string, Values]> }
  | { op: 'moddn'; dn: string; newrdn: string; deleteoldrdn: boolean; newSuperior?: string }
  | { op: 'compare'; dn: string; attribute: string; value: string }
  | {
      op: 'search';
      base: string;
      scope: 'base';
      filter: string;
      attributes?: string[];
      typesOnly?: boolean;
      /** Also answer each entry's DN and attribute types exactly as sent, in order. */
      layout?: boolean;
    }
  | { op: 'whoami' }
  | { op: 'passwd'; user?: string; oldPassword?: string; newPassword?: string }
  | { op: 'extended'; oid: string; value?: string }
  | { op: 'cancel'; id: number }
  | {
      op: 'paged';
      base: string;
      filter: string;
      scope?: 'one' | 'sub';
      pageSize: number;
      /** Server-side sort key as well: the answer then keeps the order and counts references. */
      sort?: string;
    }
  | {
      op: 'sorted';
      base: string;
      filter: string;
      scope?: 'one' | 'sub';
      sort: Array<{ attr: string; reverse?: boolean; rule?: string }>;
      sizeLimit?: number;
    }
  | {
      op: 'vlv';
      base: string;
      filter: string;
      sort: string;
      /** The sort key's orderingRule and reverseOrder (RFC 2891). */
      rule?: string;
      reverse?: boolean;
      sizeLimit?: number;
      before: number;
      after: number;
      offset?: number;
      contentCount?: number;
      gte?: string;
    };

const VLV_REQUEST = '2.16.840.1.113730.3.4.9';
const VLV_RESPONSE = '2.16.840.1.113730.3.4.10';
const PRE_READ = '1.3.6.1.1.13.1';
const POST_READ = '1.3.6.1.1.13.2';
const PAGED = '1.2.840.113556.1.4.319';
const SORT_REQUEST = '1.2.840.113556.1.4.473';
const SORT_RESPONSE = '1.2.840.113556.1.4.474';

/**
 * Controls any step may carry: an RFC 4528 assertion, or OIDs (critical unless `+` prefixed:
 * `+oid` is non-critical), with `:hex` for a value.
 */
export interface StepControls {
  assertion?: string;
  controls?: string[];
  /** RFC 4527 read entry controls: the attributes to return from before/after the update. */
  preRead?: string[];
  postRead?: string[];
}

export interface Scenario {
  id: string;
  description: string;
  steps: Array<Step & StepControls>;
}

export type StepAnswer =
  | {
      resultCode: number;
      matchedDN: string;
      authzId?: string;
      read?: Array<{ control: string; entry: ReturnType<typeof entryAnswer> }>;
    }
  /** VLV (draft-ietf-ldapext-ldapv3-vlv): the window returned and the response control. */
  | {
      resultCode: number;
      order: string[];
      vlv: { targetPosition: number; contentCount: number; result: number } | null;
    }
  | Answer
  /** Paged search (RFC 2696): entries per page and the union of entry DNs (in order, with references, when sorted). */
  | { resultCode: number; pages: number[]; entries: string[]; references?: number }
  /** Sorted search (RFC 2891): entry DNs in the order returned, and the sortResult. */
  | { resultCode: number; order: string[]; sortResult: number | null };

export function loadScenarios(): Scenario[] {
  return (
    JSON.parse(readFileSync('fixtures/conformance/scenarios.json', 'utf8')) as { scenarios: Scenario[] }
  ).scenarios;
}

/** `b64:` prefixed values are binary. */
function bytes(v: string): Uint8Array {
  return v.startsWith('b64:') ? new Uint8Array(Buffer.from(v.slice(4), 'base64')) : utf8(v);
}

const OPS = { add: 0, delete: 1, replace: 2, increment: 3 } as const;

export function stepRequest(step: Step & StepControls): { op: RequestOp; controls: Control[] } {
  const { op, controls } = baseRequest(step);
  // `oid`, `+oid` (non-critical), either with `:hex` for a value (`:` alone: an empty value)
  const extra: Control[] = (step.controls ?? []).map((spec) => {
    const [head, hex] = spec.split(':') as [string, string | undefined];
    const critical = !head.startsWith('+');
    const oid = critical ? head : head.slice(1);
    return hex === undefined
      ? { oid, critical }
      : { oid, critical, value: new Uint8Array(Buffer.from(hex, 'hex')) };
  });
  if (step.assertion !== undefined)
    extra.push({ oid: '1.3.6.1.1.12', critical: true, value: encodeFilter(parseFilter(step.assertion)) });
  if (step.preRead)
    extra.push({ oid: PRE_READ, critical: true, value: encodeReadEntryRequestValue(step.preRead) });
  if (step.postRead)
    extra.push({ oid: POST_READ, critical: true, value: encodeReadEntryRequestValue(step.postRead) });
  return { op, controls: [...controls, ...extra] };
}

function searchOp(base: string, filter: string, scope: 'one' | 'sub' | undefined, sizeLimit = 0): RequestOp {
  return {
    type: 'SearchRequest',
    baseObject: base,
    scope: scope === 'one' ? 1 : 2,
    derefAliases: 0,
    sizeLimit,
    timeLimit: 0,
    typesOnly: false,
    filter: parseFilter(filter),
    attributes: ['1.1'],
  };
}

function baseRequest(s: Step): { op: RequestOp; controls: Control[] } {
  switch (s.op) {
    case 'paged':
      return { op: searchOp(s.base, s.filter, s.scope), controls: [] };
    case 'vlv': {
      const sort = encodeSortRequestValue([
        {
          attributeType: s.sort,
          ...(s.rule !== undefined ? { orderingRule: s.rule } : {}),
          ...(s.reverse ? { reverseOrder: true } : {}),
        },
      ]);
      const vlv = encodeVlvRequestValue({
        beforeCount: s.before,
        afterCount: s.after,
        target:
          s.gte !== undefined
            ? { type: 'greaterThanOrEqual', assertionValue: utf8(s.gte) }
            : { type: 'byOffset', offset: s.offset ?? 1, contentCount: s.contentCount ?? 0 },
      });
      return {
        op: searchOp(s.base, s.filter, 'sub', s.sizeLimit),
        controls: [
          { oid: SORT_REQUEST, critical: true, value: sort },
          { oid: VLV_REQUEST, critical: true, value: vlv },
        ],
      };
    }
    case 'sorted': {
      const value = encodeSortRequestValue(
        s.sort.map((k) => ({
          attributeType: k.attr,
          ...(k.rule !== undefined ? { orderingRule: k.rule } : {}),
          ...(k.reverse ? { reverseOrder: true } : {}),
        })),
      );
      return {
        op: searchOp(s.base, s.filter, s.scope, s.sizeLimit),
        controls: [{ oid: SORT_REQUEST, critical: true, value }],
      };
    }
    case 'bind':
      return {
        op: {
          type: 'BindRequest',
          version: 3,
          name: s.dn,
          authentication:
            s.sasl !== undefined
              ? { type: 'sasl', mechanism: s.sasl }
              : { type: 'simple', password: utf8(s.password ?? '') },
        },
        controls: [],
      };
    case 'add': {
      const attributes: PartialAttribute[] = s.attributes.map(([type, vals]) => ({
        type,
        vals: vals.map(bytes),
      }));
      return { op: { type: 'AddRequest', entry: s.dn, attributes }, controls: [] };
    }
    case 'delete':
      return { op: { type: 'DelRequest', dn: s.dn }, controls: [] };
    case 'cancel':
      return { op: cancelRequest(s.id), controls: [] };
    case 'whoami':
      return { op: { type: 'ExtendedRequest', requestName: '1.3.6.1.4.1.4203.1.11.3' }, controls: [] };
    case 'passwd': {
      const requestValue = encodePasswordModifyRequestValue({
        ...(s.user !== undefined ? { userIdentity: s.user } : {}),
        ...(s.oldPassword !== undefined ? { oldPasswd: utf8(s.oldPassword) } : {}),
        ...(s.newPassword !== undefined ? { newPasswd: utf8(s.newPassword) } : {}),
      });
      return {
        op: { type: 'ExtendedRequest', requestName: '1.3.6.1.4.1.4203.1.11.1', requestValue },
        controls: [],
      };
    }
    case 'extended':
      return {
        op: {
          type: 'ExtendedRequest',
          requestName: s.oid,
          ...(s.value !== undefined ? { requestValue: bytes(s.value) } : {}),
        },
        controls: [],
      };
    case 'modify': {
      const changes: Change[] = s.changes.map(([op, type, vals]) => ({
        operation: OPS[op],
        modification: { type, vals: vals.map(bytes) },
      }));
      return { op: { type: 'ModifyRequest', object: s.dn, changes }, controls: [] };
    }
    case 'moddn':
      return {
        op: {
          type: 'ModifyDNRequest',
          entry: s.dn,
          newrdn: s.newrdn,
          deleteoldrdn: s.deleteoldrdn,
          ...(s.newSuperior !== undefined ? { newSuperior: s.newSuperior } : {}),
        },
        controls: [],
      };
    case 'compare':
      return {
        op: {
          type: 'CompareRequest',
          entry: s.dn,
          attributeDesc: s.attribute,
          assertionValue: bytes(s.value),
        },
        controls: [],
      };
    case 'search':
      return {
        op: {
          type: 'SearchRequest',
          baseObject: s.base,
          scope: 0,
          derefAliases: 0,
          sizeLimit: 0,
          timeLimit: 0,
          typesOnly: s.typesOnly ?? false,
          filter: parseFilter(s.filter),
          attributes: s.attributes ?? [],
        },
        controls: [],
      };
  }
}

function dnOf(m: LdapMessage): string | undefined {
  if (m.protocolOp.type !== 'SearchResultEntry') return undefined;
  try {
    return normalizeDn(m.protocolOp.objectName);
  } catch {
    return m.protocolOp.objectName;
  }
}

export function summarizeStep(s: Step, messages: readonly LdapMessage[]): StepAnswer {
  if (s.op === 'search') {
    const answer = summarize(messages);
    if (!s.layout) return answer;
    const layout = messages.flatMap((m) =>
      m.protocolOp.type === 'SearchResultEntry'
        ? [[m.protocolOp.objectName, ...m.protocolOp.attributes.map((a) => a.type)].join(' ')]
        : [],
    );
    return { ...answer, layout };
  }
  if (s.op === 'vlv') {
    const last = messages[messages.length - 1];
    const done = last?.protocolOp;
    if (!done || !('resultCode' in done)) throw new Error('no search result');
    const ctl = last.controls?.find((c) => c.oid === VLV_RESPONSE);
    const v = ctl ? decodeVlvResponseValue(ctl.value) : undefined;
    return {
      resultCode: done.resultCode,
      order: messages.map(dnOf).filter((d): d is string => d !== undefined),
      vlv: v
        ? { targetPosition: v.targetPosition, contentCount: v.contentCount, result: v.virtualListViewResult }
        : null,
    };
  }
  if (s.op === 'sorted') {
    const last = messages[messages.length - 1];
    const done = last?.protocolOp;
    if (!done || !('resultCode' in done)) throw new Error('no search result');
    const ctl = last.controls?.find((c) => c.oid === SORT_RESPONSE);
    return {
      resultCode: done.resultCode,
      order: messages.map(dnOf).filter((d): d is string => d !== undefined),
      sortResult: ctl ? decodeSortResponseValue(ctl.value).sortResult : null,
    };
  }
  const last = messages[messages.length - 1]?.protocolOp;
  if (!last || !('resultCode' in last)) throw new Error(`no result for ${s.op}`);
  let matchedDN = last.matchedDN;
  try {
    matchedDN = matchedDN === '' ? '' : normalizeDn(matchedDN);
  } catch {
    /* keep as sent */
  }
  // Who am I answers an authzId (RFC 4532): compared as text.
  if (s.op === 'whoami' && last.type === 'ExtendedResponse') {
    return {
      resultCode: last.resultCode,
      matchedDN,
      authzId: Buffer.from(last.responseValue ?? new Uint8Array()).toString('utf8'),
    };
  }
  const reads = (messages[messages.length - 1]?.controls ?? [])
    .filter((c) => c.oid === PRE_READ || c.oid === POST_READ)
    .map((c) => {
      const e = decodeReadEntryResponseValue(c.value);
      return {
        control: c.oid === PRE_READ ? 'preRead' : 'postRead',
        entry: entryAnswer(e.objectName, e.attributes),
      };
    });
  return reads.length > 0
    ? { resultCode: last.resultCode, matchedDN, read: reads }
    : { resultCode: last.resultCode, matchedDN };
}

type Send = (op: RequestOp, controls: readonly Control[]) => Promise<LdapMessage[]>;

/** Something that runs the steps of one scenario on one connection. */
export interface Peer {
  run(step: Step & StepControls): Promise<StepAnswer>;
  close(): void;
}

/** Follow paged results cookies until the server returns an empty one (RFC 2696 section 3). */
async function paged(send: Send, step: Extract<Step, { op: 'paged' }> & StepControls): Promise<StepAnswer> {
  const { op, controls } = stepRequest(step);
  const pages: number[] = [];
  const entries: string[] = [];
  let references = 0;
  const sort: Control[] =
    step.sort === undefined
      ? []
      : [
          {
            oid: SORT_REQUEST,
            critical: true,
            value: encodeSortRequestValue([{ attributeType: step.sort }]),
          },
        ];
  const answer = (resultCode: number): StepAnswer =>
    step.sort === undefined
      ? { resultCode, pages, entries: entries.sort() }
      : { resultCode, pages, entries, references };
  let cookie = new Uint8Array(0);
  for (let i = 0; i < 1000; i++) {
    const msgs = await send(op, [
      ...controls,
      ...sort,
      { oid: PAGED, critical: true, value: encodePagedResultsValue({ size: step.pageSize, cookie }) },
    ]);
    references += msgs.filter((m) => m.protocolOp.type === 'SearchResultReference').length;
    const last = msgs[msgs.length - 1];
    const done = last?.protocolOp;
    if (!done || !('resultCode' in done)) throw new Error('no search result');
    const dns = msgs.map(dnOf).filter((d): d is string => d !== undefined);
    pages.push(dns.length);
    entries.push(...dns);
    const ctl = last.controls?.find((c) => c.oid === PAGED);
    if (done.resultCode !== 0 || !ctl) return answer(done.resultCode);
    cookie = new Uint8Array(decodePagedResultsValue(ctl.value).cookie);
    if (cookie.length === 0) return answer(0);
  }
  throw new Error('paged search did not end');
}

function peer(send: Send, close: () => void): Peer {
  return {
    async run(step) {
      if (step.op === 'paged') return paged(send, step);
      const { op, controls } = stepRequest(step);
      return summarizeStep(step, await send(op, controls));
    },
    close,
  };
}

export async function slapdPeer(url: string): Promise<Peer> {
  const client = await WireClient.open(url);
  return peer(
    (op, controls) => client.request(op, controls),
    () => client.close(),
  );
}

let ids = 5000;
export function directoryPeer(dir: Directory): Peer {
  const session = { id: ids++, bindDN: '', tls: false };
  let messageId = 1;
  return peer(
    (op, controls) => runOnDirectory(dir, op, controls, session, messageId++),
    () => {},
  );
}

/** Replay every scenario in order; one peer (connection) per scenario. */
export async function runScenarios(
  open: () => Promise<Peer> | Peer,
  scenarios = loadScenarios(),
): Promise<Map<string, StepAnswer[]>> {
  const out = new Map<string, StepAnswer[]>();
  for (const sc of scenarios) {
    const peer = await open();
    try {
      const answers: StepAnswer[] = [];
      for (const step of sc.steps) answers.push(await peer.run(step));
      out.set(sc.id, answers);
    } finally {
      peer.close();
    }
  }
  return out;
}
