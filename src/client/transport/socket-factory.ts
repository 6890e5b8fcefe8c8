/**
 * Where sockets come from. The transport never calls `net`/`tls` itself: it is handed a
 * `SocketFactory` (and a `TlsUpgrader` for StartTLS), so tests can pass an in-memory duplex.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { lookup } from 'node:dns/promises';
import type { Duplex } from 'node:stream';
import { LdapConnectionError } from '../../errors.js';
import type { IpMode } from '../constants.js';

export interface ConnectTarget {
  readonly host: string;
  readonly port: number;
  /** ldapi:// Unix socket path; host and port are ignored when set. */
  readonly path?: string;
  /** Present for ldaps://: the TLS options to connect with. */
  readonly tls?: tls.ConnectionOptions;
  /** Milliseconds to wait for the TCP (and TLS) handshake. */
  readonly connectTimeout?: number;
  readonly mode?: IpMode;
  readonly localAddress?: string;
  readonly localPort?: number;
}

export type SocketFactory = (target: ConnectTarget) => Promise<Duplex>;
/** Replaces a plain socket by a TLS one over it (StartTLS, RFC 4511 section 4.14). */
export type TlsUpgrader = (socket: Duplex, options: tls.ConnectionOptions) => Promise<Duplex>;

/** Addresses to try, in the order the IP mode asks for. */
async function addressesFor(host: string, mode: IpMode | undefined): Promise<string[]> {
  if (net.isIP(host) !== 0 || mode === undefined || mode === 'IP_SYSTEM_DEFAULT') return [host];
  const family = mode === 'IP_V4_ONLY' ? 4 : mode === 'IP_V6_ONLY' ? 6 : 0;
  let found: { address: string; family: number }[];
  try {
    found = await lookup(host, { all: true, family });
  } catch (err) {
    throw new LdapConnectionError('LDAP_CONNECT_FAILED', `cannot resolve ${host}`, { cause: err });
  }
  if (mode === 'IP_V4_PREFERRED') found.sort((a, b) => a.family - b.family);
  if (mode === 'IP_V6_PREFERRED') found.sort((a, b) => b.family - a.family);
  if (found.length === 0)
    throw new LdapConnectionError('LDAP_CONNECT_FAILED', `no address for ${host} in ${mode}`);
  return found.map((a) => a.address);
}

function connectOne(target: ConnectTarget, address: string): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const where = target.path ?? `${address}:${target.port}`;
    let socket: net.Socket;
    const common = { localAddress: target.localAddress, localPort: target.localPort };
    const readyEvent = target.tls ? 'secureConnect' : 'connect';
    if (target.path !== undefined) socket = net.connect({ path: target.path });
    else if (target.tls)
      socket = tls.connect({
        servername: net.isIP(target.host) ? undefined : target.host,
        ...target.tls,
        ...common,
        host: address,
        port: target.port,
      });
    else socket = net.connect({ ...common, host: address, port: target.port });
    let timer: NodeJS.Timeout | undefined;
    const fail = (err: Error): void => {
      if (timer) clearTimeout(timer);
      socket.destroy();
      const tlsProblem = target.tls !== undefined && !(err as NodeJS.ErrnoException).syscall;
      reject(
        new LdapConnectionError(
          tlsProblem ? 'LDAP_TLS_FAILED' : 'LDAP_CONNECT_FAILED',
          `cannot connect to ${where}: ${err.message}`,
          { cause: err },
        ),
      );
    };
    socket.once('error', fail);
    if (target.connectTimeout !== undefined && target.connectTimeout > 0) {
      timer = setTimeout(() => {
        socket.removeListener('error', fail);
        socket.on('error', () => undefined);
        socket.destroy();
        reject(
          new LdapConnectionError(
            'LDAP_CONNECT_TIMEOUT',
            `connect to ${where} timed out after ${target.connectTimeout} ms`,
          ),
        );
      }, target.connectTimeout);
    }
    socket.once(readyEvent, () => {
      if (timer) clearTimeout(timer);
      socket.removeListener('error', fail);
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}

/** The default factory: net/tls sockets, trying each resolved address in turn. */
export const defaultSocketFactory: SocketFactory = async (target) => {
  if (target.path !== undefined) return connectOne(target, '');
  const addresses = await addressesFor(target.host, target.mode);
  let last: unknown;
  for (const address of addresses) {
    try {
      return await connectOne(target, address);
    } catch (err) {
      last = err;
    }
  }
  throw last;
};

/** The default StartTLS upgrader: a TLS client over the existing socket. */
export const defaultTlsUpgrader: TlsUpgrader = (socket, options) =>
  new Promise((resolve, reject) => {
    const secure = tls.connect({ ...options, socket: socket as net.Socket });
    const fail = (err: Error): void => {
      secure.destroy();
      reject(
        new LdapConnectionError('LDAP_TLS_FAILED', `TLS negotiation failed: ${err.message}`, { cause: err }),
      );
    };
    secure.once('error', fail);
    secure.once('secureConnect', () => {
      secure.removeListener('error', fail);
      resolve(secure);
    });
  });
