/**
 * A queryable journal of every request and its outcome (ARCHITECTURE rule 8): tests assert on
 * what a client actually sent ("one modify on uid=ann with these changes") instead of guessing.
 * Bind passwords and password-modify values are never recorded.
 */
import type { LdapMessage, RequestOp, ResponseOp } from '../../src/protocol/index.js';
import type { RequestHandler } from '../../src/dit/index.js';
import type { HandlerWrapper } from './types.js';
import { isFinalResponse, operationName, targetDn, type OperationName } from './ops.js';

export interface JournalRecord {
  /** Sequence number in the journal, from 1. */
  readonly seq: number;
  readonly connection: number;
  readonly messageID: number;
  readonly operation: OperationName;
  /** The DN the request names ('' for none). */
  readonly dn: string;
  /** The request with secrets redacted. */
  readonly request: LdapMessage<RequestOp>;
  /** Number of SearchResultEntry responses sent. */
  entries: number;
  /** Number of SearchResultReference responses sent. */
  references: number;
  /** The final result code, undefined while running or for Unbind/Abandon. */
  resultCode?: number;
  diagnosticMessage?: string;
  readonly startedAt: number;
  finishedAt?: number;
}

/** What `find` accepts: every given field must match. */
export interface JournalQuery {
  operation?: OperationName;
  /** Compared case-insensitively. */
  dn?: string;
  connection?: number;
  resultCode?: number;
}

const REDACTED = new TextEncoder().encode('***');

/** Replace credentials by a marker so the journal never holds a password. */
function redact(message: LdapMessage<RequestOp>): LdapMessage<RequestOp> {
  const op = message.protocolOp;
  if (op.type === 'BindRequest') {
    const authentication =
      op.authentication.type === 'simple'
        ? { type: 'simple' as const, password: REDACTED }
        : {
            type: 'sasl' as const,
            mechanism: op.authentication.mechanism,
            ...(op.authentication.credentials ? { credentials: REDACTED } : {}),
          };
    return { ...message, protocolOp: { ...op, authentication } };
  }
  if (op.type === 'ExtendedRequest' && op.requestValue) {
    return { ...message, protocolOp: { ...op, requestValue: REDACTED } };
  }
  return message;
}

export class Journal {
  readonly #records: JournalRecord[] = [];
  #seq = 0;
  /** Oldest records are dropped beyond this many. */
  readonly limit: number;

  constructor(limit = 100_000) {
    this.limit = limit;
  }

  /** Every record, oldest first. */
  get records(): readonly JournalRecord[] {
    this.#trim(this.limit);
    return this.#records;
  }

  /** Drop the oldest records beyond `keep`; done in bulk so a full journal costs O(1) per request. */
  #trim(keep: number): void {
    if (this.#records.length > keep) this.#records.splice(0, this.#records.length - this.limit);
  }

  find(query: JournalQuery = {}): JournalRecord[] {
    const dn = query.dn?.toLowerCase();
    return this.records.filter(
      (r) =>
        (query.operation === undefined || r.operation === query.operation) &&
        (dn === undefined || r.dn.toLowerCase() === dn) &&
        (query.connection === undefined || r.connection === query.connection) &&
        (query.resultCode === undefined || r.resultCode === query.resultCode),
    );
  }

  clear(): void {
    this.#records.length = 0;
  }

  /** Start a record; the returned callback records each response. */
  begin(connection: number, message: LdapMessage<RequestOp>): (response: ResponseOp) => void {
    const record: JournalRecord = {
      seq: ++this.#seq,
      connection,
      messageID: message.messageID,
      operation: operationName(message.protocolOp),
      dn: targetDn(message.protocolOp),
      request: redact(message),
      entries: 0,
      references: 0,
      startedAt: Date.now(),
    };
    this.#records.push(record);
    this.#trim(2 * this.limit);
    return (op) => {
      if (op.type === 'SearchResultEntry') record.entries++;
      else if (op.type === 'SearchResultReference') record.references++;
      else if (isFinalResponse(op)) {
        const r = op as { resultCode: number; diagnosticMessage: string };
        record.resultCode = r.resultCode;
        record.diagnosticMessage = r.diagnosticMessage;
        record.finishedAt = Date.now();
      }
    };
  }

  /** The wrapper that records every request passing through the chain. */
  wrapper(): HandlerWrapper {
    return (next: RequestHandler): RequestHandler => ({
      handle: async (request, session, respond, signal) => {
        const record = this.begin(session.id, request);
        await next.handle(
          request,
          session,
          (message) => {
            record(message.protocolOp as ResponseOp);
            respond(message);
          },
          signal,
        );
      },
    });
  }
}
