/**
 * Operation vectors in a JSON-friendly form (byte values as text) and their conversion to
 * protocol requests. Shared by the slapd recorder (generate-op-vectors.ts) and the replay test.
 */
import { parseFilter } from '../../src/filter/index.js';
import type { Control, RequestOp } from '../../src/protocol/index.js';
import { fromHex } from '../../src/util/index.js';

export interface OpVector {
  description: string;
  /** 'admin', 'anonymous', or 'DN:password'. */
  as?: string;
  op: Record<string, unknown> & { type: string };
  controls?: Array<{ oid: string; critical: boolean; valueHex?: string }>;
  /** Entries to read back after the operation (base search, these attributes). */
  check?: Array<{ dn: string; attributes: string[] }>;
  expect?: {
    resultCode: number;
    matchedDN: string;
    diagnosticMessage: string;
    entries?: string[];
    responseValue?: string;
    check?: Array<{ dn: string; found: boolean; attributes: Record<string, string[]> }>;
  };
}

const enc = (s: string) => new TextEncoder().encode(s);
const partial = (a: { type: string; vals: string[] }) => ({ type: a.type, vals: a.vals.map(enc) });

export function toRequest(op: OpVector['op']): RequestOp {
  const o = op as Record<string, unknown>;
  switch (op.type) {
    case 'AddRequest':
      return {
        type: 'AddRequest',
        entry: o.entry as string,
        attributes: (o.attributes as Array<{ type: string; vals: string[] }>).map(partial),
      };
    case 'ModifyRequest':
      return {
        type: 'ModifyRequest',
        object: o.object as string,
        changes: (
          o.changes as Array<{ operation: 0 | 1 | 2 | 3; modification: { type: string; vals: string[] } }>
        ).map((c) => ({
          operation: c.operation,
          modification: partial(c.modification),
        })),
      };
    case 'CompareRequest':
      return {
        type: 'CompareRequest',
        entry: o.entry as string,
        attributeDesc: o.attributeDesc as string,
        assertionValue: enc(o.assertionValue as string),
      };
    case 'BindRequest':
      return o.mechanism
        ? {
            type: 'BindRequest',
            version: 3,
            name: (o.name as string) ?? '',
            authentication: {
              type: 'sasl',
              mechanism: o.mechanism as string,
              credentials: enc((o.credentials as string) ?? ''),
            },
          }
        : {
            type: 'BindRequest',
            version: (o.version as number) ?? 3,
            name: o.name as string,
            authentication: { type: 'simple', password: enc(o.password as string) },
          };
    case 'SearchRequest':
      return {
        type: 'SearchRequest',
        baseObject: o.baseObject as string,
        scope: (o.scope as 0 | 1 | 2 | 3) ?? 2,
        derefAliases: (o.derefAliases as 0 | 1 | 2 | 3) ?? 0,
        sizeLimit: (o.sizeLimit as number) ?? 0,
        timeLimit: 0,
        typesOnly: (o.typesOnly as boolean) ?? false,
        filter: parseFilter((o.filter as string) ?? '(objectClass=*)'),
        attributes: (o.attributes as string[]) ?? ['1.1'],
      };
    case 'ExtendedRequest':
      return o.requestValueHex
        ? {
            type: 'ExtendedRequest',
            requestName: o.requestName as string,
            requestValue: fromHex(o.requestValueHex as string) as Uint8Array,
          }
        : { type: 'ExtendedRequest', requestName: o.requestName as string };
    default:
      return op as unknown as RequestOp;
  }
}

export function toControls(v: OpVector): Control[] | undefined {
  return v.controls?.map((c) =>
    c.valueHex !== undefined
      ? { oid: c.oid, critical: c.critical, value: fromHex(c.valueHex) as Uint8Array }
      : { oid: c.oid, critical: c.critical },
  );
}

export const ADMIN_DN = 'cn=admin,dc=example,dc=com';
export const ADMIN_PW = 'adminpw';
