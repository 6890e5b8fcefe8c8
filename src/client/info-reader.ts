/**
 * Reading server information after bind (ldap3's get_info): the root DSE (RFC 4512 section
 * 5.1) and the subschema subentry it names (section 4.2).
 */
import type { LdapMessage, ResponseOp, SearchRequest } from '../protocol/index.js';
import { Schema, type SchemaDefinitions } from '../schema/index.js';
import { fromUtf8, utf8 } from '../util/index.js';
import type { GetInfo } from './constants.js';
import { DsaInfo } from './info.js';
import type { Server } from './server.js';
import type { Channel } from './transport/exchange.js';

const SCHEMA_KINDS = [
  'ldapSyntaxes',
  'matchingRules',
  'attributeTypes',
  'objectClasses',
  'matchingRuleUse',
  'dITContentRules',
  'nameForms',
  'dITStructureRules',
] as const;

async function readEntry(
  channel: Channel,
  request: SearchRequest,
): Promise<Map<string, string[]> | undefined> {
  const ex = channel.send(request, undefined);
  const done = await ex.done;
  if (done.protocolOp.type !== 'SearchResultDone' || done.protocolOp.resultCode !== 0) return undefined;
  const entry = ex.responses.find((m: LdapMessage<ResponseOp>) => m.protocolOp.type === 'SearchResultEntry');
  if (!entry || entry.protocolOp.type !== 'SearchResultEntry') return undefined;
  const out = new Map<string, string[]>();
  for (const a of entry.protocolOp.attributes)
    out.set(
      a.type,
      a.vals.map((v) => fromUtf8(v)),
    );
  return out;
}

function baseSearch(dn: string, attributes: string[], objectClass?: string): SearchRequest {
  return {
    type: 'SearchRequest',
    baseObject: dn,
    scope: 0,
    derefAliases: 0,
    sizeLimit: 0,
    timeLimit: 0,
    typesOnly: false,
    filter: objectClass
      ? { type: 'equalityMatch', attribute: 'objectClass', value: utf8(objectClass) }
      : { type: 'present', attribute: 'objectClass' },
    attributes,
  };
}

/** Parse a subschema subentry's attributes into a Schema (lenient: real servers deviate). */
export function schemaFromEntry(attributes: ReadonlyMap<string, readonly string[]>): Schema {
  const defs: { -readonly [K in keyof SchemaDefinitions]: readonly string[] } = {};
  for (const [name, values] of attributes) {
    const kind = SCHEMA_KINDS.find((k) => k.toLowerCase() === name.toLowerCase());
    if (kind) defs[kind] = values;
  }
  return Schema.fromDefinitions(defs, { lenient: true });
}

/** Fill `server.info` and/or `server.schema` from the live server; failures leave them null. */
export async function loadServerInfo(channel: Channel, server: Server, want: GetInfo): Promise<void> {
  const rootDse = await readEntry(channel, baseSearch('', ['*', '+']));
  if (!rootDse) return;
  const info = new DsaInfo(rootDse);
  if (want === 'DSA' || want === 'ALL') server.info = info;
  if (want === 'SCHEMA' || want === 'ALL') {
    const dn = info.schemaEntry;
    if (!dn) return;
    const sub = await readEntry(channel, baseSearch(dn, [...SCHEMA_KINDS, '*', '+'], 'subschema'));
    if (!sub) return;
    try {
      server.schema = schemaFromEntry(sub);
    } catch {
      server.schema = null; // a schema we cannot parse: names are not checked, values not formatted
    }
  }
}
