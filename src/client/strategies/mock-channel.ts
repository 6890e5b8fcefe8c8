/**
 * The MOCK strategies' channel: requests go straight to the in-memory directory through the
 * RequestHandler seam (src/dit/handler.ts), no socket. With `roundTrip` every message is
 * encoded to BER and decoded back, so the codec is exercised exactly as on the wire.
 */
import { LdapAbortError, LdapConnectionError, LdapTimeoutError } from '../../errors.js';
import type { RequestHandler, Session } from '../../dit/index.js';
import type { Control, LdapMessage, RequestOp, ResponseOp } from '../../protocol/index.js';
import { decodeMessage, encodeMessage } from '../../protocol/index.js';
import type { Channel, Exchange, SendOptions } from '../transport/exchange.js';
import { isFinalResponse } from '../transport/exchange.js';

let sessionCounter = 0;

export interface MockChannelOptions {
  /** Resolve on a later macrotask, like a network answer (MOCK_ASYNC). */
  readonly asynchronous?: boolean;
  /** Encode and decode every message through the BER codec. */
  readonly roundTrip?: boolean;
  /** SASL EXTERNAL identity the "transport" asserts (a client certificate subject). */
  readonly externalIdentity?: string;
  /** The "connection" is TLS from the start (an ldaps:// server), as the directory sees it. */
  readonly secure?: boolean;
}

const START_TLS = '1.3.6.1.4.1.1466.20037';

export class MockChannel implements Channel {
  readonly #handler: RequestHandler;
  readonly #options: MockChannelOptions;
  readonly session: Session;
  #open = false;
  #nextID = 1;
  readonly #inflight = new Map<number, { abort: AbortController; reject: (e: Error) => void }>();

  constructor(handler: RequestHandler, options: MockChannelOptions = {}) {
    this.#handler = handler;
    this.#options = options;
    this.session = { id: 1_000_000 + ++sessionCounter, bindDN: '', tls: options.secure ?? false };
    if (options.externalIdentity !== undefined) this.session.externalIdentity = options.externalIdentity;
  }

  get isOpen(): boolean {
    return this.#open;
  }
  get tlsActive(): boolean {
    return this.session.tls;
  }
  get pending(): number {
    return this.#inflight.size;
  }

  open(): Promise<void> {
    this.#open = true;
    this.session.tls = this.#options.secure ?? false;
    return Promise.resolve();
  }

  #wire<T extends LdapMessage>(message: T): T {
    return this.#options.roundTrip ? (decodeMessage(encodeMessage(message)) as T) : message;
  }

  send(op: RequestOp, controls: readonly Control[] | undefined, options: SendOptions = {}): Exchange {
    const responses: LdapMessage<ResponseOp>[] = [];
    if (!this.#open) {
      return {
        messageID: 0,
        responses,
        done: Promise.reject(new LdapConnectionError('LDAP_NOT_OPEN', 'connection is not open')),
      };
    }
    const messageID = this.#nextID++;
    const request = this.#wire<LdapMessage<RequestOp>>(
      controls && controls.length > 0
        ? { messageID, protocolOp: op, controls }
        : { messageID, protocolOp: op },
    );
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const done = new Promise<LdapMessage<ResponseOp>>((resolve, reject) => {
      this.#inflight.set(messageID, { abort, reject });
      let final: LdapMessage<ResponseOp> | undefined;
      const finish = (): void => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        this.#inflight.delete(messageID);
      };
      const onAbort = (): void => {
        finish();
        abort.abort();
        reject(new LdapAbortError('operation aborted; abandoned', { cause: options.signal?.reason }));
      };
      if (options.signal) {
        if (options.signal.aborted) return onAbort();
        options.signal.addEventListener('abort', onAbort, { once: true });
      }
      if (options.timeout !== undefined && options.timeout > 0) {
        const ms = options.timeout;
        timer = setTimeout(() => {
          finish();
          abort.abort();
          reject(new LdapTimeoutError(`operation ${messageID} timed out after ${ms} ms; abandoned`));
        }, ms);
      }
      const respond = (raw: LdapMessage): void => {
        if (abort.signal.aborted) return;
        const message = this.#wire(raw) as LdapMessage<ResponseOp>;
        if (!isFinalResponse(message.protocolOp)) {
          if (options.onMessage) options.onMessage(message);
          else responses.push(message);
        } else final = message;
      };
      const run = async (): Promise<void> => {
        if (this.#options.asynchronous) await new Promise((r) => setImmediate(r));
        if (op.type === 'ExtendedRequest' && op.requestName === START_TLS) {
          // No transport to secure: answer as slapd does and let upgradeTls flag the session.
          respond({
            messageID,
            protocolOp: {
              type: 'ExtendedResponse',
              resultCode: 0,
              matchedDN: '',
              diagnosticMessage: '',
              responseName: START_TLS,
            },
          });
        } else await this.#handler.handle(request, this.session, respond, abort.signal);
        if (abort.signal.aborted) return;
        finish();
        if (final) resolve(final);
        else
          reject(
            new LdapConnectionError(
              'LDAP_MOCK_NO_RESULT',
              `the directory sent no final response to ${op.type}`,
            ),
          );
      };
      run().catch((err: unknown) => {
        finish();
        reject(err instanceof Error ? err : new Error(String(err)));
      });
    });
    return { messageID, responses, done };
  }

  notify(op: RequestOp): number {
    const messageID = this.#nextID++;
    if (op.type === 'AbandonRequest') this.abandon(op.messageID);
    else if (op.type === 'UnbindRequest') this.#open = false;
    return messageID;
  }

  abandon(messageID: number): boolean {
    const inflight = this.#inflight.get(messageID);
    if (!inflight) return false;
    this.#inflight.delete(messageID);
    inflight.abort.abort();
    inflight.reject(new LdapAbortError(`operation ${messageID} abandoned`));
    return true;
  }

  upgradeTls(): Promise<void> {
    this.session.tls = true;
    return Promise.resolve();
  }

  close(): Promise<void> {
    for (const id of [...this.#inflight.keys()]) this.abandon(id);
    this.#open = false;
    this.session.bindDN = '';
    this.session.tls = false;
    return Promise.resolve();
  }
}
