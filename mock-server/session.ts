/**
 * One client connection: framer -> handler chain -> encoder -> socket. Every request starts as
 * soon as it is decoded (pipelining), its responses are written as they are produced, and
 * Abandon/Cancel abort a running operation through its AbortSignal. Malformed input gets a
 * Notice of Disconnection (RFC 4511 section 4.4.1) and closes this connection only; a request
 * that decodes but holds a value out of range gets its own response (protocolError). Nothing a
 * client sends can throw out of this class.
 */
import { ResultCode, readMessageHeader } from '../src/protocol/index.js';
import { RequestValueError } from '../src/errors.js';
import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import type { LdapMessage, RequestOp } from '../src/protocol/index.js';
import type { RequestHandler } from '../src/dit/index.js';
import { escapeRdnValue } from '../src/dn/index.js';
import type { ConnectionSession } from './handlers/types.js';
import { isFinalResponse, resultFor } from './handlers/ops.js';
import { createFramer, decodeRequest, encodeResponse, noticeOfDisconnection, type Framer } from './codec.js';
import { handleCancel, CANCEL_OID } from './cancel.js';
import type { Limits } from './options.js';

const REQUEST_TYPES = new Set([
  'BindRequest',
  'UnbindRequest',
  'SearchRequest',
  'ModifyRequest',
  'AddRequest',
  'DelRequest',
  'ModifyDNRequest',
  'CompareRequest',
  'AbandonRequest',
  'ExtendedRequest',
]);

/** Bytes queued for a client that is not reading, beyond which no new request is read. */
const WRITE_HIGH_WATER = 8 * 1024 * 1024;

/** A running operation of this connection. */
export interface RunningOp {
  readonly messageID: number;
  readonly type: RequestOp['type'];
  /** For extended operations, the request OID. */
  readonly requestName?: string;
  readonly controller: AbortController;
  /** Settles when the handler returned. */
  done: Promise<void>;
  /** Set by Cancel: the session answers `canceled` itself once the handler stopped. */
  canceled: boolean;
  /** True once the final response went out. */
  finished: boolean;
}

export interface SessionHost {
  readonly handler: RequestHandler;
  readonly limits: Limits;
  /** Present when StartTLS can be offered. */
  readonly secureContext?: SecureContext;
  /** Ask clients of STARTTLS/ldaps for a certificate. */
  readonly requestCert: boolean;
  onClose(session: ServerSession): void;
  /** Report a bug (a handler threw); never a client's fault. */
  onBug(error: unknown): void;
}

/** The DN of a certificate subject, most specific RDN first (RFC 4514 order). */
export function certificateSubjectDn(raw: Buffer): string | undefined {
  try {
    const subject = new X509Certificate(raw).subject;
    const rdns = subject.split('\n').filter((l) => l.length > 0);
    return rdns
      .reverse()
      .map((line) => {
        const eq = line.indexOf('=');
        return `${line.slice(0, eq).toLowerCase()}=${escapeRdnValue(line.slice(eq + 1))}`;
      })
      .join(',');
  } catch {
    return undefined;
  }
}

export class ServerSession implements ConnectionSession {
  readonly id: number;
  bindDN = '';
  tls: boolean;
  externalIdentity?: string;
  saslState?: unknown;
  readonly remote: string;
  readonly info: Readonly<Record<string, unknown>>;
  readonly #host: SessionHost;
  #socket: Socket;
  readonly #framer: Framer;
  readonly #ops = new Map<number, RunningOp>();
  /** Requests read while `maxOutstanding` operations were running, in arrival order. */
  readonly #backlog: LdapMessage<RequestOp>[] = [];
  #barrier: Promise<void> | undefined;
  #closed = false;
  #upgrade = false;
  #paused = false;
  #awaitingDrain = false;
  #corked = false;

  constructor(id: number, socket: Socket, host: SessionHost, tls: boolean) {
    this.id = id;
    this.#socket = socket;
    this.#host = host;
    this.tls = tls;
    this.remote = socket.remoteAddress ? `${socket.remoteAddress}:${socket.remotePort}` : 'local';
    this.info = { remote: this.remote };
    this.#framer = createFramer(host.limits.maxMessageSize);
    this.#attach(socket);
    socket.setNoDelay(true);
    if (tls && socket instanceof TLSSocket) this.#readCertificate(socket);
  }

  get canStartTls(): boolean {
    return this.#host.secureContext !== undefined;
  }

  outstanding(): number {
    return this.#ops.size;
  }

  get closed(): boolean {
    return this.#closed;
  }

  upgradeAfterResponse(): void {
    this.#upgrade = true;
  }

  destroy(): void {
    this.#close();
    this.#socket.destroy();
  }

  /** Send a Notice of Disconnection and close (shutdown, protocol errors, idle timeout). */
  disconnect(resultCode: number, message: string): void {
    if (this.#closed) return;
    try {
      this.#socket.write(noticeOfDisconnection(resultCode, message));
    } catch {
      // the socket may already be gone
    }
    this.#close();
    this.#socket.end();
    // A client that never reads must not keep the socket open forever.
    setTimeout(() => this.#socket.destroy(), 1000).unref();
  }

  #attach(socket: Socket): void {
    const idle = this.#host.limits.idleTimeoutMs;
    if (idle > 0) {
      // Fires after `idle` ms without traffic; while operations run, their responses re-arm it.
      socket.setTimeout(idle);
      socket.on('timeout', () => {
        if (this.#ops.size === 0 && this.#backlog.length === 0)
          this.disconnect(ResultCode.unavailable, 'idle timeout');
      });
    }
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', () => this.#close());
    socket.on('close', () => this.#close());
    socket.on('end', () => {
      // RFC 4511 section 5.3: closing the connection abandons every outstanding operation.
      this.#close();
      socket.end();
    });
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const op of this.#ops.values()) op.controller.abort();
    this.#host.onClose(this);
  }

  #onData(chunk: Buffer): void {
    if (this.#closed) return;
    let pdus: Uint8Array[];
    try {
      // requests before garbage in the same read are dropped with it: slapd answers none of
      // them and does not carry them out (measured with a bind and an add before bad bytes)
      pdus = this.#framer.push(chunk);
    } catch (error) {
      this.disconnect(ResultCode.protocolError, describe(error));
      return;
    }
    for (const pdu of pdus) {
      if (this.#closed) return;
      let message: LdapMessage;
      try {
        message = decodeRequest(pdu, this.#host.limits.maxMessageSize);
      } catch (error) {
        // a field value the server does not take (an unknown scope, a bind version out of
        // range, ...) is answered under the request's messageID, the connection kept (slapd)
        const header = error instanceof RequestValueError ? readMessageHeader(pdu) : undefined;
        if (
          error instanceof RequestValueError &&
          header?.type &&
          REQUEST_TYPES.has(header.type) &&
          header.messageID !== 0
        ) {
          const request = { messageID: header.messageID, protocolOp: { type: header.type } };
          this.#write(resultFor(request as LdapMessage<RequestOp>, error.resultCode, describe(error)));
          continue;
        }
        this.disconnect(ResultCode.protocolError, describe(error));
        return;
      }
      if (!REQUEST_TYPES.has(message.protocolOp.type) || message.messageID === 0) {
        this.disconnect(ResultCode.protocolError, `unexpected ${message.protocolOp.type} from a client`);
        return;
      }
      this.#enqueue(message as LdapMessage<RequestOp>);
    }
  }

  /**
   * Run the request now, or hold it while `maxOutstanding` operations run (reading from the
   * socket stops meanwhile). Abandon never waits: it may name a held request.
   */
  #enqueue(request: LdapMessage<RequestOp>): void {
    const op = request.protocolOp;
    if (op.type === 'AbandonRequest') {
      const held = this.#backlog.findIndex((m) => m.messageID === op.messageID);
      if (held >= 0) this.#backlog.splice(held, 1);
      else this.#dispatch(request);
      return;
    }
    if (this.#backlog.length > 0 || this.#ops.size >= this.#host.limits.maxOutstanding) {
      this.#backlog.push(request);
      this.#throttle();
      return;
    }
    this.#dispatch(request);
  }

  #drain(): void {
    while (this.#backlog.length > 0 && this.#ops.size < this.#host.limits.maxOutstanding && !this.#closed) {
      this.#dispatch(this.#backlog.shift()!);
    }
    this.#throttle();
  }

  #dispatch(request: LdapMessage<RequestOp>): void {
    const op = request.protocolOp;
    switch (op.type) {
      case 'UnbindRequest':
        // RFC 4511 section 4.3: no response; the server closes the connection.
        this.#close();
        this.#socket.end();
        return;
      case 'AbandonRequest': {
        // Section 4.11: no response; the abandoned operation sends nothing further.
        const target = this.#ops.get(op.messageID);
        if (target && target.type !== 'BindRequest') target.controller.abort();
        return;
      }
      default:
        break;
    }
    if (this.#ops.has(request.messageID)) {
      // Section 4.1.1.1: a message ID still in use by an outstanding request.
      this.#write(resultFor(request, ResultCode.protocolError, 'message ID already in use'));
      return;
    }
    if (op.type === 'ExtendedRequest' && op.requestName === CANCEL_OID) {
      this.#start(request, (respond) => handleCancel(request as LdapMessage<typeof op>, this.#ops, respond));
      return;
    }
    if (op.type === 'BindRequest') {
      // Section 4.2.1: operations in progress complete before a Bind is processed, and the Bind
      // completes before later requests start.
      const before = [...this.#ops.values()].map((o) => o.done);
      const gate = Promise.all(before).then(() => undefined);
      const running = this.#start(request, undefined, gate);
      this.#barrier = running.done;
      return;
    }
    this.#start(request, undefined, this.#barrier);
  }

  #start(
    request: LdapMessage<RequestOp>,
    special?: (respond: (m: LdapMessage) => void) => Promise<void>,
    gate?: Promise<void>,
  ): RunningOp {
    const controller = new AbortController();
    const running: RunningOp = {
      messageID: request.messageID,
      type: request.protocolOp.type,
      ...(request.protocolOp.type === 'ExtendedRequest'
        ? { requestName: request.protocolOp.requestName }
        : {}),
      controller,
      done: Promise.resolve(),
      canceled: false,
      finished: false,
    };
    this.#ops.set(request.messageID, running);
    const respond = (message: LdapMessage): void => {
      if (running.finished || this.#closed) return;
      if (controller.signal.aborted && !special) return;
      const final = isFinalResponse(message.protocolOp as Parameters<typeof isFinalResponse>[0]);
      if (final) running.finished = true;
      this.#write(message);
      if (final && this.#upgrade) this.#startTls();
    };
    const run = async (): Promise<void> => {
      if (gate) await gate;
      if (this.#closed) return;
      try {
        if (special) await special(respond);
        else await this.#host.handler.handle(request, this, respond, controller.signal);
      } catch (error) {
        this.#host.onBug(error);
        if (!controller.signal.aborted) respond(resultFor(request, ResultCode.other, 'internal error')!);
      }
      if (running.canceled && !running.finished) {
        // RFC 3909 section 2: the canceled operation ends with resultCode canceled (118).
        running.finished = true;
        this.#write(resultFor(request, ResultCode.canceled, 'operation canceled'));
      }
    };
    running.done = run().finally(() => {
      this.#ops.delete(request.messageID);
      this.#drain();
    });
    return running;
  }

  /**
   * Stop reading while requests are held back or while the client does not read what we wrote
   * (more than WRITE_HIGH_WATER bytes queued); resume when both are clear.
   */
  #throttle(): void {
    const writeBlocked = this.#socket.writableLength > WRITE_HIGH_WATER;
    if (writeBlocked && !this.#awaitingDrain) {
      this.#awaitingDrain = true;
      this.#socket.once('drain', () => {
        this.#awaitingDrain = false;
        this.#throttle();
      });
    }
    const over = this.#backlog.length > 0 || writeBlocked;
    if (over && !this.#paused) {
      this.#paused = true;
      this.#socket.pause();
    } else if (!over && this.#paused) {
      this.#paused = false;
      this.#socket.resume();
    }
  }

  #write(message: LdapMessage | undefined): void {
    if (!message || this.#socket.destroyed) return;
    let bytes: Uint8Array;
    try {
      bytes = encodeResponse(message);
    } catch (error) {
      this.#host.onBug(error);
      return;
    }
    // Responses produced in one tick leave in one TCP write.
    if (!this.#corked) {
      this.#corked = true;
      this.#socket.cork();
      process.nextTick(() => {
        this.#corked = false;
        this.#socket.uncork();
      });
    }
    if (!this.#socket.write(bytes) && this.#socket.writableLength > WRITE_HIGH_WATER) this.#throttle();
  }

  #startTls(): void {
    this.#upgrade = false;
    const context = this.#host.secureContext;
    if (!context) return;
    const raw = this.#socket;
    if (this.#corked) {
      this.#corked = false;
      raw.uncork();
    }
    raw.removeAllListeners('data');
    raw.removeAllListeners('end');
    raw.removeAllListeners('timeout');
    raw.setTimeout(0);
    const secure = new TLSSocket(raw, {
      isServer: true,
      secureContext: context,
      requestCert: this.#host.requestCert,
      rejectUnauthorized: false,
    });
    this.#socket = secure;
    this.#attach(secure);
    // The TLS socket owns the handle now; make sure the plain one is released with it.
    secure.once('close', () => raw.destroy());
    secure.on('secure', () => {
      this.tls = true;
      this.#readCertificate(secure);
    });
  }

  /** SASL EXTERNAL identity from a verified client certificate (RFC 4513 section 5.2.3). */
  #readCertificate(socket: TLSSocket): void {
    if (!peerVerified(socket)) return;
    const cert = socket.getPeerCertificate();
    if (cert && cert.raw) {
      const dn = certificateSubjectDn(cert.raw);
      if (dn) this.externalIdentity = dn;
    }
  }
}

/**
 * Whether the peer's certificate chain verified against the configured CA. A TLSSocket built
 * around an existing socket (StartTLS) has no tls.Server to fill in `authorized`, so ask the
 * handle for the OpenSSL verify result as Node itself does.
 */
function peerVerified(socket: TLSSocket): boolean {
  if (socket.authorized) return true;
  const handle = (socket as TLSSocket & { ssl?: { verifyError?: () => Error | null } }).ssl;
  return (
    typeof handle?.verifyError === 'function' &&
    handle.verifyError() === null &&
    !!socket.getPeerCertificate()?.raw
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
