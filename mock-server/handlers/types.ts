/**
 * The handler chain of the mock server (ARCHITECTURE rule 9): the directory's RequestHandler sits
 * at the centre and each wrapper (access log, journal, fault injection, access control, StartTLS)
 * is a function from the next handler to a new one. Wrappers see the connection's
 * `ConnectionSession`, a superset of the engine's `Session`.
 */
import type { RequestHandler, Session } from '../../src/dit/index.js';

/** What a wrapper may ask of the connection that carries the request. */
export interface ConnectionSession extends Session {
  /** Number of operations of this connection still running, the current one included. */
  outstanding(): number;
  /** Whether the listener can offer StartTLS (a certificate and key were configured). */
  readonly canStartTls: boolean;
  /** Ask the connection to start the TLS handshake right after the current response is written. */
  upgradeAfterResponse(): void;
  /** Close the connection without a response (fault injection). */
  destroy(): void;
  /** Remote address, for logs. */
  readonly remote: string;
}

/** A wrapper around the next handler in the chain. */
export type HandlerWrapper = (next: RequestHandler) => RequestHandler;

/** Compose wrappers: the first one listed sees the request first. */
export function buildChain(centre: RequestHandler, wrappers: readonly HandlerWrapper[]): RequestHandler {
  let handler = centre;
  for (let i = wrappers.length - 1; i >= 0; i--) handler = wrappers[i]!(handler);
  return handler;
}

/** A session passed down the chain is always a ConnectionSession when the server built it. */
export function asConnection(session: Session): ConnectionSession | undefined {
  return typeof (session as Partial<ConnectionSession>).outstanding === 'function'
    ? (session as ConnectionSession)
    : undefined;
}
