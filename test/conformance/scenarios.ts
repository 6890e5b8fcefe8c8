/**
 * Write and bind scenarios (fixtures/conformance/scenarios.json): each step becomes one request,
 * replayed in order on a peer (slapd over the wire, or our Directory through its handler); every
 * step is summarised (result code and normalised matchedDN; search steps as in corpus.ts).
 */
import { readFileSync } from 'node:fs';
import { normalizeDn } from '../../src/dn/index.js';
import { parseFilter } from '../../src/filter/index.js';
import type { Change, Control, LdapMessage, PartialAttribute, RequestOp } from '../../src/protocol/index.js';
import type { Directory } from '../../src/dit/index.js';
import { utf8 } from '../../src/util/index.js';
import { runOnDirectory, summarize, type Answer } from './corpus.js';
import { WireClient } from './wire.js';

type Values = string[];
export type Step =
  | { op: 'bind'; dn: string; password?: string; sasl?: string }
  | { op: 'add'; dn: string; attributes: Array<[string, Values]> }
  | { op: 'delete'; dn: string; controls?: string[] }
  | { op: 'modify'; dn: string; changes: Array<['add' | 'delete' | 'replace' | 'increment', string, Values]> }
  | { op: 'moddn'; dn: string; newrdn: string; deleteoldrdn: boolean; newSuperior?: string }
  | { op: 'compare'; dn: string; attribute: string; value: string }
  | { op: 'search'; base: string; scope: 'base'; filter: string; attributes?: string[] };

export interface Scenario {
  id: string;
  description: string;
  steps: Step[];
}

export type StepAnswer = { resultCode: number; matchedDN: string } | Answer;

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

export function stepRequest(s: Step): { op: RequestOp; controls: Control[] } {
  switch (s.op) {
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
      return {
        op: { type: 'DelRequest', dn: s.dn },
        controls: (s.controls ?? []).map((oid) => ({ oid, critical: true })),
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
          typesOnly: false,
          filter: parseFilter(s.filter),
          attributes: s.attributes ?? [],
        },
        controls: [],
      };
  }
}

export function summarizeStep(s: Step, messages: readonly LdapMessage[]): StepAnswer {
  if (s.op === 'search') return summarize(messages);
  const last = messages[messages.length - 1]?.protocolOp;
  if (!last || !('resultCode' in last)) throw new Error(`no result for ${s.op}`);
  let matchedDN = last.matchedDN;
  try {
    matchedDN = matchedDN === '' ? '' : normalizeDn(matchedDN);
  } catch {
    /* keep as sent */
  }
  return { resultCode: last.resultCode, matchedDN };
}

/** Something that runs the steps of one scenario on one connection. */
export interface Peer {
  run(step: Step): Promise<StepAnswer>;
  close(): void;
}

export async function slapdPeer(url: string): Promise<Peer> {
  const client = await WireClient.open(url);
  return {
    async run(step) {
      const { op, controls } = stepRequest(step);
      return summarizeStep(step, await client.request(op, controls));
    },
    close: () => client.close(),
  };
}

let ids = 5000;
export function directoryPeer(dir: Directory): Peer {
  const session = { id: ids++, bindDN: '', tls: false };
  let messageId = 1;
  return {
    async run(step) {
      const { op, controls } = stepRequest(step);
      return summarizeStep(step, await runOnDirectory(dir, op, controls, session, messageId++));
    },
    close: () => {},
  };
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
