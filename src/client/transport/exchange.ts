/**
 * The narrow seam between the client API and whatever carries messages (socket transport,
 * in-memory directory, LDIF writer): send a request, get its responses.
 */
import type { Control, LdapMessage, ProtocolOp, RequestOp, ResponseOp } from '../../protocol/index.js';

export interface SendOptions {
  /** Abandons the operation when aborted. */
  readonly signal?: AbortSignal;
  /** Milliseconds before the operation is abandoned and rejected with LdapTimeoutError. */
  readonly timeout?: number;
  /** Receives each non-final response as it arrives (entries are then not collected). */
  readonly onMessage?: (message: LdapMessage<ResponseOp>) => void;
}

export interface Exchange {
  readonly messageID: number;
  /** Non-final responses collected when no `onMessage` was given. */
  readonly responses: LdapMessage<ResponseOp>[];
  /** The final response (SearchResultDone, BindResponse, ...). */
  readonly done: Promise<LdapMessage<ResponseOp>>;
}

/** What every strategy implements (ARCHITECTURE.md rule 7). */
export interface Channel {
  open(): Promise<void>;
  send(op: RequestOp, controls: readonly Control[] | undefined, options?: SendOptions): Exchange;
  /** Requests with no response: Abandon, Unbind. */
  notify(op: RequestOp, controls?: readonly Control[]): number;
  /** Abandon an outstanding operation locally and on the server. */
  abandon(messageID: number): boolean;
  /** Switch to TLS after a successful StartTLS response. */
  upgradeTls(): Promise<void>;
  close(unbind?: boolean): Promise<void>;
  readonly isOpen: boolean;
  readonly tlsActive: boolean;
  readonly pending: number;
  /** Backpressure for streamed results, where the channel has a socket to pause. */
  pauseReading?(): void;
  resumeReading?(): void;
}

/** Entries, references and intermediate responses precede the one final response (RFC 4511 section 4.1.1). */
export function isFinalResponse(op: ProtocolOp): boolean {
  return (
    op.type !== 'SearchResultEntry' &&
    op.type !== 'SearchResultReference' &&
    op.type !== 'IntermediateResponse'
  );
}
