/**
 * Access log in the spirit of slapd's `loglevel stats`: one line when an operation starts and one
 * with its result, as text (`conn=3 op=2 SEARCH base="..." scope=2 filter="(uid=ann)"`) or as
 * JSON lines. Credentials are never written.
 */
import type { Writable } from 'node:stream';
import { formatFilter } from '../../src/filter/index.js';
import type { LdapMessage, RequestOp, ResponseOp } from '../../src/protocol/index.js';
import type { RequestHandler } from '../../src/dit/index.js';
import type { HandlerWrapper } from './types.js';
import { isFinalResponse, operationName, targetDn } from './ops.js';

export type AccessLogFormat = 'text' | 'json';

export interface AccessLogOptions {
  format?: AccessLogFormat;
  /** Where lines go. @defaultValue process.stderr */
  stream?: Pick<Writable, 'write'>;
}

function describe(op: RequestOp): Record<string, unknown> {
  switch (op.type) {
    case 'BindRequest':
      return {
        dn: op.name,
        method: op.authentication.type === 'simple' ? 'simple' : `sasl/${op.authentication.mechanism}`,
      };
    case 'SearchRequest':
      return {
        base: op.baseObject,
        scope: op.scope,
        deref: op.derefAliases,
        filter: safeFilter(op),
        attrs: op.attributes.join(' '),
      };
    case 'ExtendedRequest':
      return { oid: op.requestName };
    case 'AbandonRequest':
      return { msgid: op.messageID };
    case 'CompareRequest':
      return { dn: op.entry, attr: op.attributeDesc };
    case 'ModifyDNRequest':
      return {
        dn: op.entry,
        newrdn: op.newrdn,
        ...(op.newSuperior !== undefined ? { newSuperior: op.newSuperior } : {}),
      };
    case 'ModifyRequest':
      return { dn: op.object, attrs: op.changes.map((c) => c.modification.type).join(' ') };
    default:
      return { dn: targetDn(op) };
  }
}

function safeFilter(op: Extract<RequestOp, { type: 'SearchRequest' }>): string {
  try {
    return formatFilter(op.filter);
  } catch {
    return '(?)';
  }
}

function textLine(conn: number, msgid: number, verb: string, fields: Record<string, unknown>): string {
  const parts = [`conn=${conn}`, `op=${msgid}`, verb];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(typeof v === 'string' ? `${k}=${JSON.stringify(v)}` : `${k}=${String(v)}`);
  }
  return parts.join(' ') + '\n';
}

export function accessLog(options: AccessLogOptions = {}): HandlerWrapper {
  const format = options.format ?? 'text';
  const stream = options.stream ?? process.stderr;
  const emit = (conn: number, msgid: number, verb: string, fields: Record<string, unknown>): void => {
    stream.write(
      format === 'json'
        ? JSON.stringify({ time: new Date().toISOString(), conn, op: msgid, verb, ...fields }) + '\n'
        : textLine(conn, msgid, verb, fields),
    );
  };
  return (next: RequestHandler): RequestHandler => ({
    handle: async (request: LdapMessage<RequestOp>, session, respond, signal) => {
      const op = request.protocolOp;
      const started = process.hrtime.bigint();
      emit(session.id, request.messageID, operationName(op).toUpperCase(), describe(op));
      let entries = 0;
      await next.handle(
        request,
        session,
        (message) => {
          const r = message.protocolOp as ResponseOp;
          if (r.type === 'SearchResultEntry') entries++;
          else if (isFinalResponse(r)) {
            const res = r as { resultCode: number; diagnosticMessage: string };
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            emit(session.id, request.messageID, 'RESULT', {
              type: r.type,
              err: res.resultCode,
              ...(op.type === 'SearchRequest' ? { nentries: entries } : {}),
              ms: Math.round(ms * 1000) / 1000,
              text: res.diagnosticMessage,
            });
          }
          respond(message);
        },
        signal,
      );
    },
  });
}
