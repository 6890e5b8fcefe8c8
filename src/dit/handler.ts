/**
 * The seam between the directory engine and whatever carries requests to it: the client's
 * MOCK strategies (no socket) and the TCP mock server (sockets). A handler takes one request
 * message and emits its response message(s) with the same messageID, in order. Handlers can
 * wrap handlers (logging, fault injection, access control, StartTLS), UnboundID style.
 */
import type { LdapMessage, RequestOp } from '../protocol/index.js';

/** Per-connection state, owned by the transport side and passed to every request. */
export interface Session {
  /** Unique per connection within a process; used in logs and the journal. */
  readonly id: number;
  /** The current authorization identity: '' when anonymous (RFC 4513 section 5.1.1). */
  bindDN: string;
  /** True once the connection is under TLS (ldaps:// or after StartTLS). */
  tls: boolean;
  /** Identity established by the transport (TLS client certificate subject, ldapi peer): SASL EXTERNAL binds to it. */
  externalIdentity?: string;
  /** In-progress multi-step SASL bind state (SCRAM), keyed by the engine. */
  saslState?: unknown;
  /** Free for the transport to use (remote address, ...). */
  readonly info?: Readonly<Record<string, unknown>>;
}

/** Called once per response message; the last call for a request carries its final result. */
export type Respond = (message: LdapMessage) => void;

export interface RequestHandler {
  /**
   * Process one request. Resolve after the final response was emitted. `signal` aborts when
   * the client abandons or cancels the operation (RFC 4511 section 4.11, RFC 3909): the handler
   * stops emitting and, for Cancel, emits nothing further (the caller answers `canceled`).
   * Must not throw for bad requests: it answers them with a result code. A throw means a bug.
   */
  handle(
    request: LdapMessage<RequestOp>,
    session: Session,
    respond: Respond,
    signal?: AbortSignal,
  ): Promise<void>;
}
