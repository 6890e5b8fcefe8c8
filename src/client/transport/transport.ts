/**
 * One LDAP connection over one byte stream: message-ID correlation, unlimited pipelining,
 * responses delivered as they arrive, per-operation timeout and AbortSignal (each abandons only
 * its own operation, RFC 4511 section 4.11), Notice of Disconnection (section 4.4.1) and socket
 * loss rejecting every pending operation at once. Knows nothing of sockets' origin or the
 * client API: it is the bottom of the strategy seam.
 */
import type { Duplex } from 'node:stream';
import { LdapAbortError, LdapConnectionError, LdapError, LdapTimeoutError } from '../../errors.js';
import type { Control, LdapMessage, ProtocolOp, RequestOp, ResponseOp } from '../../protocol/index.js';
import type { Exchange, SendOptions } from './exchange.js';
import { isFinalResponse } from './exchange.js';

/** The codec the transport needs; the protocol layer provides it. */
export interface WireCodec {
  encode(message: LdapMessage): Uint8Array;
  /**
   * A fresh decoder per connection: accepts any chunking and hands each whole message to
   * `deliver` in order; at undecodable data it throws after delivering the messages before it.
   */
  createDecoder(): { push(chunk: Uint8Array, deliver: (message: LdapMessage) => void): void };
}

const NOTICE_OF_DISCONNECTION = '1.3.6.1.4.1.1466.20036';
const MAX_MESSAGE_ID = 2147483647;

interface Pending {
  readonly messageID: number;
  readonly onMessage: ((message: LdapMessage<ResponseOp>) => void) | undefined;
  readonly resolve: (message: LdapMessage<ResponseOp>) => void;
  readonly reject: (err: Error) => void;
  timer: NodeJS.Timeout | undefined;
  cleanup: (() => void) | undefined;
  /** Persistent search and similar: the caller ends it by abandon, there is no final answer. */
  readonly responses: LdapMessage<ResponseOp>[] | undefined;
  /** Held back by `maxOutstanding`: the server has not seen it yet. */
  queued: LdapMessage | undefined;
}

export interface TransportOptions {
  /**
   * Most requests on the wire at once; more wait, in order, for an answer to free a slot.
   * slapd closes a connection that exceeds its conn_max_pending (100 anonymous, 1000 bound).
   * @defaultValue unlimited
   */
  readonly maxOutstanding?: number;
}

export interface TransportEvents {
  /** Called once when the stream is gone, with the reason every pending operation was given. */
  onClose?: (reason: LdapConnectionError) => void;
  /** Debug hook: every message in or out (the caller redacts). */
  onTrace?: (direction: 'in' | 'out', message: LdapMessage) => void;
}

export class Transport {
  #socket: Duplex;
  readonly #codec: WireCodec;
  #decoder: ReturnType<WireCodec['createDecoder']>;
  readonly #pending = new Map<number, Pending>();
  #nextID = 1;
  #closed: LdapConnectionError | undefined;
  #writeQueue: Uint8Array[] = [];
  #flushScheduled = false;
  #paused = false;
  readonly #events: TransportEvents;
  readonly #onData = (chunk: Buffer): void => this.#receive(chunk);
  readonly #onError = (err: Error): void => {
    this.#fail(
      new LdapConnectionError('LDAP_CONNECTION_LOST', `connection error: ${err.message}`, { cause: err }),
    );
  };
  readonly #onEnd = (): void => {
    this.#fail(new LdapConnectionError('LDAP_CONNECTION_CLOSED', 'the server closed the connection'));
  };

  readonly #maxOutstanding: number;
  #onWire = 0;
  readonly #backlog: Pending[] = [];

  constructor(
    socket: Duplex,
    codec: WireCodec,
    events: TransportEvents = {},
    options: TransportOptions = {},
  ) {
    this.#socket = socket;
    this.#codec = codec;
    this.#decoder = codec.createDecoder();
    this.#events = events;
    this.#maxOutstanding = options.maxOutstanding ?? Number.POSITIVE_INFINITY;
    this.#attach();
  }

  #attach(): void {
    this.#socket.on('data', this.#onData);
    this.#socket.on('error', this.#onError);
    this.#socket.on('close', this.#onEnd);
    this.#socket.on('end', this.#onEnd);
  }

  #detach(): void {
    this.#socket.removeListener('data', this.#onData);
    this.#socket.removeListener('error', this.#onError);
    this.#socket.removeListener('close', this.#onEnd);
    this.#socket.removeListener('end', this.#onEnd);
  }

  /** Stop reading from the server (backpressure for a slow consumer); TCP flow control does the rest. */
  pauseReading(): void {
    this.#socket.pause();
  }

  resumeReading(): void {
    this.#socket.resume();
  }

  /** Operations sent and not yet answered. */
  get pending(): number {
    return this.#pending.size;
  }

  get closed(): boolean {
    return this.#closed !== undefined;
  }

  get socket(): Duplex {
    return this.#socket;
  }

  #allocateID(): number {
    const id = this.#nextID;
    this.#nextID = id >= MAX_MESSAGE_ID ? 1 : id + 1;
    return id;
  }

  #write(message: LdapMessage): void {
    this.#events.onTrace?.('out', message);
    this.#writeQueue.push(this.#codec.encode(message));
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      // Coalesce the requests issued in one turn into one write: pipelined searches cost one
      // syscall. nextTick runs after the promise jobs queued now, so a Promise.all of searches
      // (each a few awaits deep) still lands in one write.
      process.nextTick(() => this.#flush());
    }
  }

  #flush(): void {
    this.#flushScheduled = false;
    if (this.#closed || this.#paused || this.#writeQueue.length === 0) return;
    const parts = this.#writeQueue;
    this.#writeQueue = [];
    this.#socket.write(parts.length === 1 ? parts[0] : Buffer.concat(parts));
  }

  /**
   * Send a request. Non-final responses (entries, references, intermediate responses) go to
   * `onMessage` when given, else are collected; `done` settles with the final response.
   */
  send(op: RequestOp, controls: readonly Control[] | undefined, options: SendOptions = {}): Exchange {
    if (this.#closed) {
      const err = this.#closed;
      return { messageID: 0, done: Promise.reject(err), responses: [] };
    }
    if (options.signal?.aborted) {
      return { messageID: 0, done: Promise.reject(abortError(options.signal)), responses: [] };
    }
    const messageID = this.#allocateID();
    const responses: LdapMessage<ResponseOp>[] = [];
    let resolve!: (m: LdapMessage<ResponseOp>) => void;
    let reject!: (e: Error) => void;
    const done = new Promise<LdapMessage<ResponseOp>>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const pending: Pending = {
      messageID,
      onMessage: options.onMessage,
      resolve,
      reject,
      timer: undefined,
      cleanup: undefined,
      responses: options.onMessage ? undefined : responses,
      queued: undefined,
    };
    this.#pending.set(messageID, pending);
    const { signal, timeout } = options;
    if (timeout !== undefined && timeout > 0) {
      pending.timer = setTimeout(() => {
        this.#giveUp(
          messageID,
          new LdapTimeoutError(`operation ${messageID} timed out after ${timeout} ms; abandoned`),
        );
      }, timeout);
    }
    if (signal) {
      const onAbort = (): void => this.#giveUp(messageID, abortError(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      pending.cleanup = () => signal.removeEventListener('abort', onAbort);
    }
    const message: LdapMessage =
      controls && controls.length > 0
        ? { messageID, protocolOp: op, controls }
        : { messageID, protocolOp: op };
    if (this.#onWire >= this.#maxOutstanding) {
      pending.queued = message;
      this.#backlog.push(pending);
    } else {
      this.#onWire++;
      this.#write(message);
    }
    return { messageID, done, responses };
  }

  /** Send held-back requests while there is room on the wire. */
  #drainBacklog(): void {
    while (this.#onWire < this.#maxOutstanding && this.#backlog.length > 0) {
      const next = this.#backlog.shift() as Pending;
      const message = next.queued;
      if (!message || !this.#pending.has(next.messageID)) continue; // given up while waiting
      next.queued = undefined;
      this.#onWire++;
      this.#write(message);
    }
  }

  /** Send a request that has no response (Abandon, Unbind). */
  notify(op: RequestOp, controls?: readonly Control[]): number {
    if (this.#closed) return 0;
    const messageID = this.#allocateID();
    this.#write(
      controls && controls.length > 0
        ? { messageID, protocolOp: op, controls }
        : { messageID, protocolOp: op },
    );
    return messageID;
  }

  /** Abandon one operation: the server is told, the caller's promise rejects, nothing else changes. */
  abandon(
    messageID: number,
    reason: Error = new LdapAbortError(`operation ${messageID} abandoned`),
  ): boolean {
    if (!this.#pending.has(messageID)) return false;
    this.#giveUp(messageID, reason);
    return true;
  }

  #giveUp(messageID: number, reason: Error): void {
    const pending = this.#pending.get(messageID);
    if (!pending) return;
    const sent = pending.queued === undefined;
    this.#settle(pending);
    if (sent) this.notify({ type: 'AbandonRequest', messageID }); // a held-back request was never seen
    pending.reject(reason);
  }

  #settle(pending: Pending): void {
    this.#pending.delete(pending.messageID);
    if (pending.timer) clearTimeout(pending.timer);
    pending.cleanup?.();
    if (pending.queued === undefined) {
      this.#onWire--;
      if (this.#backlog.length > 0) this.#drainBacklog();
    } else pending.queued = undefined;
  }

  #receive(chunk: Uint8Array): void {
    // an exception from dispatching is not the server's garbage: it goes on as before
    let thrown: { error: unknown } | undefined;
    try {
      // responses that arrived before garbage in the same read still settle their operations
      this.#decoder.push(chunk, (message) => {
        if (this.#closed) return;
        try {
          this.#dispatch(message);
        } catch (error) {
          thrown = { error };
          throw error;
        }
      });
    } catch (err) {
      if (thrown) throw thrown.error;
      if (this.#closed) return;
      // RFC 4511 section 4.1.1: a PDU we cannot parse leaves the stream unusable.
      const detail = err instanceof Error ? err.message : String(err);
      this.#fail(
        new LdapConnectionError('LDAP_PROTOCOL_GARBAGE', `undecodable data from server: ${detail}`, {
          cause: err,
        }),
      );
    }
  }

  #dispatch(message: LdapMessage): void {
    this.#events.onTrace?.('in', message);
    const op: ProtocolOp = message.protocolOp;
    if (message.messageID === 0) {
      if (op.type === 'ExtendedResponse' && op.responseName === NOTICE_OF_DISCONNECTION) {
        const why = op.diagnosticMessage ? `: ${op.diagnosticMessage}` : '';
        this.#fail(
          new LdapConnectionError(
            'LDAP_NOTICE_OF_DISCONNECTION',
            `server sent Notice of Disconnection (${op.resultCode})${why}`,
          ),
        );
      }
      return; // other unsolicited notifications are ignored (section 4.4)
    }
    const pending = this.#pending.get(message.messageID);
    if (!pending) return; // answer to an abandoned operation
    const response = message as LdapMessage<ResponseOp>;
    if (!isFinalResponse(op)) {
      if (pending.onMessage) {
        try {
          pending.onMessage(response);
        } catch (err) {
          // A throwing consumer ends its own operation, not the connection.
          this.#giveUp(
            pending.messageID,
            err instanceof Error ? err : new LdapError('LDAP_CALLBACK', String(err)),
          );
        }
      } else pending.responses?.push(response);
      return;
    }
    this.#settle(pending);
    pending.resolve(response);
  }

  #fail(reason: LdapConnectionError): void {
    if (this.#closed) return;
    this.#closed = reason;
    const all = [...this.#pending.values()];
    this.#pending.clear();
    this.#backlog.length = 0;
    for (const pending of all) {
      if (pending.timer) clearTimeout(pending.timer);
      pending.cleanup?.();
      pending.reject(reason);
    }
    this.#socket.on('error', () => undefined); // late errors must never become unhandled
    this.#socket.destroy();
    this.#events.onClose?.(reason);
  }

  /**
   * Swap the stream for a TLS one (StartTLS). Refused while operations are outstanding
   * (RFC 4511 section 4.14.1).
   */
  async upgrade(upgrader: (socket: Duplex) => Promise<Duplex>): Promise<void> {
    if (this.#closed) throw this.#closed;
    if (this.#pending.size > 0) {
      throw new LdapError(
        'LDAP_STARTTLS_BUSY',
        `cannot start TLS with ${this.#pending.size} operation(s) outstanding`,
      );
    }
    this.#paused = true;
    this.#detach();
    const raw = this.#socket;
    const guard = (): void => undefined;
    raw.on('error', guard);
    try {
      this.#socket = await upgrader(raw);
    } catch (err) {
      raw.removeListener('error', guard);
      this.#attach();
      this.#fail(
        err instanceof LdapConnectionError
          ? err
          : new LdapConnectionError('LDAP_TLS_FAILED', String(err), { cause: err }),
      );
      throw err;
    }
    raw.removeListener('error', guard);
    this.#decoder = this.#codec.createDecoder();
    this.#paused = false;
    this.#attach();
    this.#flush();
  }

  /** Unbind (optional) and close the stream; pending operations reject with LdapConnectionError. */
  async close(unbind = true): Promise<void> {
    if (this.#closed) return;
    if (unbind) {
      this.notify({ type: 'UnbindRequest' });
      this.#flush();
    }
    const socket = this.#socket;
    const reason = new LdapConnectionError('LDAP_CONNECTION_CLOSED', 'connection closed by the client');
    await new Promise<void>((resolve) => {
      if (socket.writableEnded || socket.destroyed) return resolve();
      const timer = setTimeout(resolve, 1000);
      socket.end(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.#fail(reason);
  }
}

function abortError(signal: AbortSignal): LdapAbortError {
  return new LdapAbortError('operation aborted; abandoned', { cause: signal.reason });
}
