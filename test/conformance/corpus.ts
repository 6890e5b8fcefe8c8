/**
 * The differential corpus: search cases from fixtures/conformance/searches.json, turned into
 * SearchRequests, run against slapd (over the wire) or our Directory (through its
 * RequestHandler), and summarised into a comparable answer: result code, matchedDN, the set of
 * entry DNs (normalised), their attribute values (as sets) and search references.
 */
import { readFileSync } from 'node:fs';
import { normalizeDn } from '../../src/dn/index.js';
import { parseFilter } from '../../src/filter/index.js';
import type { Control, LdapMessage, RequestOp, SearchRequest } from '../../src/protocol/index.js';
import type { Directory, Session } from '../../src/dit/index.js';

export interface SearchCase {
  id: string;
  description: string;
  filter: string;
  base?: string;
  scope?: 'base' | 'one' | 'sub' | 'children';
  deref?: 'never' | 'search' | 'find' | 'always';
  attributes?: string[];
  sizeLimit?: number;
  typesOnly?: boolean;
  manageDsaIT?: boolean;
}

/** Attribute values as text when UTF-8, else `b64:`; sorted (attribute values are sets). */
export type AnswerAttribute = [type: string, values: string[]];

export interface Answer {
  resultCode: number;
  matchedDN: string;
  referral?: string[];
  /** Entries sorted by normalised DN; omitted (see entryCount) when sizeLimitExceeded makes the choice server-specific. */
  entries?: Array<{ dn: string; attributes: AnswerAttribute[] }>;
  entryCount: number;
  references: string[];
  /** With a step's `layout`: each entry's DN and attribute types as sent, in order. */
  layout?: string[];
}

export const SUFFIX = 'dc=example,dc=com';
export const ROOT_DN = 'cn=admin,dc=example,dc=com';
export const ROOT_PW = 'secret';
export const FIXTURES = ['fixtures/example.ldif', 'fixtures/awkward.ldif'];
/** How the reference slapd is started: the fixtures, plus sssvlv for server-side sort (RFC 2891). */
export const SLAPD_OPTIONS = { ldif: FIXTURES, overlays: ['sssvlv'] as const };

/** Operational attributes whose values depend on when and where the data was loaded. */
const VOLATILE = new Set([
  'entryuuid',
  'entrycsn',
  'createtimestamp',
  'modifytimestamp',
  'contextcsn',
  'creatorsname',
  'modifiersname',
]);

const SCOPES = { base: 0, one: 1, sub: 2, children: 3 } as const;
const DEREF = { never: 0, search: 1, find: 2, always: 3 } as const;
export const MANAGE_DSA_IT = '2.16.840.1.113730.3.4.2';

export function loadSearches(): SearchCase[] {
  return (
    JSON.parse(readFileSync('fixtures/conformance/searches.json', 'utf8')) as { searches: SearchCase[] }
  ).searches;
}

export function searchRequest(c: SearchCase): { op: SearchRequest; controls: Control[] } {
  const op: SearchRequest = {
    type: 'SearchRequest',
    baseObject: c.base ?? SUFFIX,
    scope: SCOPES[c.scope ?? 'sub'],
    derefAliases: DEREF[c.deref ?? 'never'],
    sizeLimit: c.sizeLimit ?? 0,
    timeLimit: 0,
    typesOnly: c.typesOnly ?? false,
    filter: parseFilter(c.filter),
    attributes: c.attributes ?? [],
  };
  return { op, controls: c.manageDsaIT ? [{ oid: MANAGE_DSA_IT, critical: true }] : [] };
}

function normDn(dn: string): string {
  if (dn === '') return '';
  try {
    return normalizeDn(dn);
  } catch {
    return `unparsable:${dn}`;
  }
}

function showValue(v: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(v);
  } catch {
    return 'b64:' + Buffer.from(v).toString('base64');
  }
}

/** One entry as compared: normalised DN, attribute types lower-cased, values as sorted sets. */
export function entryAnswer(
  objectName: string,
  attrs: ReadonlyArray<{ type: string; vals: readonly Uint8Array[] }>,
): { dn: string; attributes: AnswerAttribute[] } {
  const attributes: AnswerAttribute[] = attrs.map((a) => {
    const type = a.type.toLowerCase();
    const volatile = VOLATILE.has(type);
    return [type, a.vals.map((v) => (volatile ? '<volatile>' : showValue(v))).sort()];
  });
  attributes.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return { dn: normDn(objectName), attributes };
}

export function summarize(messages: readonly LdapMessage[]): Answer {
  const entries: Array<{ dn: string; attributes: AnswerAttribute[] }> = [];
  const references: string[] = [];
  let done: Answer | undefined;
  for (const m of messages) {
    const op = m.protocolOp;
    if (op.type === 'SearchResultEntry') {
      entries.push(entryAnswer(op.objectName, op.attributes));
    } else if (op.type === 'SearchResultReference') {
      references.push(...op.uris);
    } else if ('resultCode' in op) {
      done = {
        resultCode: op.resultCode,
        matchedDN: normDn(op.matchedDN),
        ...(op.referral && op.referral.length > 0 ? { referral: [...op.referral].sort() } : {}),
        entryCount: 0,
        references: [],
      };
    }
  }
  if (!done) throw new Error('no final result message');
  entries.sort((a, b) => (a.dn < b.dn ? -1 : a.dn > b.dn ? 1 : 0));
  done.entryCount = entries.length;
  // Which N entries a size-limited search returns is the server's choice (RFC 4511 section 4.5.1.5).
  if (done.resultCode !== 4) done.entries = entries;
  done.references = references.sort();
  return done;
}

let sessionIds = 1000;
export function rootSession(): Session {
  return { id: sessionIds++, bindDN: ROOT_DN, tls: false };
}

/** Run one request through the Directory's RequestHandler; resolves with every response. */
export async function runOnDirectory(
  dir: Directory,
  op: RequestOp,
  controls: readonly Control[],
  session: Session,
  id = 1,
): Promise<LdapMessage[]> {
  const out: LdapMessage[] = [];
  const request: LdapMessage<RequestOp> = controls.length
    ? { messageID: id, protocolOp: op, controls }
    : { messageID: id, protocolOp: op };
  await dir.handle(request, session, (m) => out.push(m));
  return out;
}

export async function loadDirectory(DirectoryClass: typeof Directory): Promise<Directory> {
  const dir = new DirectoryClass({ profile: 'openldap', rootDn: ROOT_DN, rootPassword: ROOT_PW, uuid: 1 });
  for (const f of FIXTURES) await dir.loadLdif(f);
  return dir;
}
