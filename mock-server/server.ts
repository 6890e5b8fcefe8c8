/**
 * The listeners (ldap://, ldaps://, ldapi://) and the set of live sessions. Everything between the
 * socket and the directory lives in session.ts and the handler chain; this file only accepts,
 * counts and shuts down connections.
 */
import { ResultCode } from '../src/protocol/index.js';
import net from 'node:net';
import tls from 'node:tls';
import { existsSync, unlinkSync } from 'node:fs';
import type { RequestHandler } from '../src/dit/index.js';
import { ServerSession, type SessionHost } from './session.js';
import type { Limits } from './options.js';

/** A listen failure with a message a human can act on (port in use, permission denied). */
export class ListenError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ListenError';
    this.code = code;
  }
}

export interface ListenerOptions {
  handler: RequestHandler;
  limits: Limits;
  secureContext?: tls.SecureContext;
  requestCert: boolean;
  onBug?: (error: unknown) => void;
}

export class ConnectionManager implements SessionHost {
  readonly handler: RequestHandler;
  readonly limits: Limits;
  readonly secureContext?: tls.SecureContext;
  readonly requestCert: boolean;
  readonly sessions = new Set<ServerSession>();
  readonly #servers: net.Server[] = [];
  /** Every accepted socket until it closes, so close() can make sure none outlives the server. */
  readonly #sockets = new Set<net.Socket>();
  readonly #onBug: (error: unknown) => void;
  #nextId = 1;

  constructor(options: ListenerOptions) {
    this.handler = options.handler;
    this.limits = options.limits;
    if (options.secureContext) this.secureContext = options.secureContext;
    this.requestCert = options.requestCert;
    this.#onBug =
      options.onBug ??
      ((error) =>
        process.stderr.write(
          `ldap3ts mock server: internal error: ${String((error as Error)?.stack ?? error)}\n`,
        ));
  }

  onClose(session: ServerSession): void {
    this.sessions.delete(session);
  }

  onBug(error: unknown): void {
    this.#onBug(error);
  }

  #accept(socket: net.Socket, secure: boolean): void {
    socket.on('error', () => socket.destroy());
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
    if (this.sessions.size >= this.limits.maxConnections) {
      const session = new ServerSession(this.#nextId++, socket, this, secure);
      session.disconnect(ResultCode.unavailable, 'too many connections');
      return;
    }
    this.sessions.add(new ServerSession(this.#nextId++, socket, this, secure));
  }

  /** Listen for ldap:// on host:port; resolves with the bound port. */
  listenPlain(host: string, port: number): Promise<number> {
    const server = net.createServer({ noDelay: true }, (socket) => this.#accept(socket, false));
    return this.#listen(server, { host, port }, `ldap://${host}:${port}`);
  }

  /** Listen for ldaps:// (TLS from the first byte). */
  listenTls(host: string, port: number, options: tls.TlsOptions): Promise<number> {
    const server = tls.createServer({ ...options, rejectUnauthorized: false }, (socket) =>
      this.#accept(socket, true),
    );
    server.on('tlsClientError', () => undefined);
    return this.#listen(server, { host, port }, `ldaps://${host}:${port}`);
  }

  /** Listen for ldapi:// on a Unix socket path (a stale socket file is replaced). */
  async listenUnix(path: string): Promise<void> {
    if (existsSync(path)) unlinkSync(path);
    const server = net.createServer((socket) => this.#accept(socket, false));
    await this.#listen(server, { path }, `ldapi://${path}`);
  }

  #listen(server: net.Server, where: net.ListenOptions, label: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        const code = error.code ?? 'LISTEN';
        const why =
          code === 'EADDRINUSE'
            ? 'address already in use (another server is listening there; choose another port or --port 0)'
            : code === 'EACCES'
              ? 'permission denied (ports below 1024 need privileges)'
              : error.message;
        reject(new ListenError(code, `cannot listen on ${label}: ${why}`, { cause: error }));
      };
      server.once('error', onError);
      server.listen(where, () => {
        server.off('error', onError);
        server.on('error', (error) => this.#onBug(error));
        this.#servers.push(server);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  }

  /** Stop listening, send every client a Notice of Disconnection and close. */
  async close(): Promise<void> {
    const closing = this.#servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    this.#servers.length = 0;
    for (const session of [...this.sessions])
      session.disconnect(ResultCode.unavailable, 'server shutting down');
    this.sessions.clear();
    // Clients get a moment to read the notice and close; then whatever is left is cut (a socket
    // handed to TLS by StartTLS would otherwise keep its listener open).
    const deadline = Date.now() + 1000;
    while (this.#sockets.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    await Promise.all(closing);
  }
}
