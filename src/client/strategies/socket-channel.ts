/**
 * The network strategies' channel: one socket (chosen from a server or a pool, with failover)
 * carrying one Transport.
 */
import { LdapConnectionError } from '../../errors.js';
import type { Control, RequestOp } from '../../protocol/index.js';
import type { Server } from '../server.js';
import { Tls } from '../tls.js';
import type { Channel, Exchange, SendOptions } from '../transport/exchange.js';
import type { SocketFactory, TlsUpgrader } from '../transport/socket-factory.js';
import { defaultSocketFactory, defaultTlsUpgrader } from '../transport/socket-factory.js';
import type { TransportEvents, WireCodec } from '../transport/transport.js';
import { Transport } from '../transport/transport.js';

export interface SocketChannelOptions {
  /** Servers to try, in order, on each open (a pool's candidates or one server). */
  readonly servers: () => readonly Server[];
  /** Report a server that did not answer (pool exhaustion). */
  readonly onServerFailed?: (server: Server) => void;
  /** How many passes over `servers()` one open may make. */
  readonly cycles?: number;
  readonly codec: WireCodec;
  readonly socketFactory?: SocketFactory;
  readonly tlsUpgrader?: TlsUpgrader;
  readonly sourceAddress?: string;
  readonly sourcePort?: number;
  readonly events?: TransportEvents;
  readonly maxOutstanding?: number;
}

export class SocketChannel implements Channel {
  readonly #options: SocketChannelOptions;
  #transport: Transport | undefined;
  #server: Server | undefined;
  #tls = false;

  constructor(options: SocketChannelOptions) {
    this.#options = options;
  }

  /** The server this channel is connected to (or last was). */
  get server(): Server | undefined {
    return this.#server;
  }
  get isOpen(): boolean {
    return this.#transport !== undefined && !this.#transport.closed;
  }
  get tlsActive(): boolean {
    return this.#tls;
  }
  get pending(): number {
    return this.#transport?.pending ?? 0;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    const factory = this.#options.socketFactory ?? defaultSocketFactory;
    let lastError: unknown;
    const failures: Array<{ url: string; error: unknown }> = [];
    for (let cycle = 0; cycle < (this.#options.cycles ?? 1); cycle++) {
      const servers = this.#options.servers();
      for (const server of servers) {
        try {
          const socket = await factory({
            host: server.host,
            port: server.port,
            ...(server.path !== undefined ? { path: server.path } : {}),
            ...(server.ssl ? { tls: (server.tls ?? new Tls()).connectionOptions(server.host) } : {}),
            ...(server.connectTimeout !== undefined ? { connectTimeout: server.connectTimeout } : {}),
            mode: server.mode,
            ...(this.#options.sourceAddress !== undefined
              ? { localAddress: this.#options.sourceAddress }
              : {}),
            ...(this.#options.sourcePort !== undefined ? { localPort: this.#options.sourcePort } : {}),
          });
          this.#server = server;
          this.#tls = server.ssl;
          this.#transport = new Transport(socket, this.#options.codec, this.#options.events, {
            ...(this.#options.maxOutstanding !== undefined
              ? { maxOutstanding: this.#options.maxOutstanding }
              : {}),
          });
          return;
        } catch (err) {
          lastError = err;
          failures.push({ url: server.url, error: err });
          this.#options.onServerFailed?.(server);
        }
      }
      if (servers.length === 0) break;
    }
    if (lastError instanceof LdapConnectionError && failures.length === 1) throw lastError;
    // One failure kind everywhere (all TLS refusals, all timeouts) keeps its specific code.
    const codes = new Set(
      failures.map((f) => (f.error instanceof LdapConnectionError ? f.error.code : 'LDAP_CONNECT_FAILED')),
    );
    const code = codes.size === 1 ? ([...codes][0] as string) : 'LDAP_CONNECT_FAILED';
    throw new LdapConnectionError(
      failures.length === 0 ? 'LDAP_NO_SERVER' : code,
      failures.length === 0
        ? 'no server available in the pool'
        : `no server answered: ${describeFailures(failures)}`,
      { cause: lastError },
    );
  }

  #require(): Transport {
    if (!this.#transport) throw new LdapConnectionError('LDAP_NOT_OPEN', 'connection is not open');
    return this.#transport;
  }

  send(op: RequestOp, controls: readonly Control[] | undefined, options?: SendOptions): Exchange {
    if (!this.#transport) {
      return {
        messageID: 0,
        responses: [],
        done: Promise.reject(new LdapConnectionError('LDAP_NOT_OPEN', 'connection is not open')),
      };
    }
    return this.#transport.send(op, controls, options);
  }

  notify(op: RequestOp, controls?: readonly Control[]): number {
    return this.#transport?.notify(op, controls) ?? 0;
  }

  abandon(messageID: number): boolean {
    return this.#transport?.abandon(messageID) ?? false;
  }

  pauseReading(): void {
    this.#transport?.pauseReading();
  }

  resumeReading(): void {
    this.#transport?.resumeReading();
  }

  async upgradeTls(): Promise<void> {
    const transport = this.#require();
    const server = this.#server;
    if (!server) throw new LdapConnectionError('LDAP_NOT_OPEN', 'connection is not open');
    const options = (server.tls ?? new Tls()).connectionOptions(server.host);
    const upgrader = this.#options.tlsUpgrader ?? defaultTlsUpgrader;
    await transport.upgrade((socket) => upgrader(socket, options));
    this.#tls = true;
  }

  async close(unbind = true): Promise<void> {
    const transport = this.#transport;
    if (!transport) return;
    await transport.close(unbind);
    this.#tls = false;
  }
}

/**
 * Each distinct failure once, in the order first seen, with how often it happened:
 * `ldap://h:1: connect ECONNREFUSED 127.0.0.1:1 (10 tries); ldaps://g: unable to verify ...`.
 */
export function describeFailures(failures: ReadonlyArray<{ url: string; error: unknown }>): string {
  const counts = new Map<string, number>();
  for (const { url, error } of failures) {
    // The socket factory wraps the system error ("cannot connect to host:port: <cause>"); the URL
    // already names the server, so the cause's own words are enough.
    const cause = error instanceof Error ? error.cause : undefined;
    const reason =
      cause instanceof Error && cause.message !== ''
        ? cause.message
        : error instanceof Error
          ? error.message
          : String(error);
    const line = `${url}: ${reason}`;
    counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  return [...counts].map(([line, n]) => (n === 1 ? line : `${line} (${n} tries)`)).join('; ');
}
