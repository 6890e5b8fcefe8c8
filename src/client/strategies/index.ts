/**
 * Strategy literal -> channel (the seam) and the strategy's own helpers (`conn.strategy`).
 */
import type { Strategy } from '../constants.js';
import { tracer } from '../debug.js';
import type { ServerPool } from '../pool.js';
import type { Server } from '../server.js';
import type { Channel } from '../transport/exchange.js';
import { wireCodec } from '../transport/codec.js';
import type { SocketFactory, TlsUpgrader } from '../transport/socket-factory.js';
import type { TransportEvents } from '../transport/transport.js';
import { LdifChannel } from './ldif-channel.js';
import { MockChannel } from './mock-channel.js';
import { RestartableChannel } from './restartable-channel.js';
import { ReusableChannel } from './reusable-channel.js';
import { SocketChannel } from './socket-channel.js';

/** Helpers of the MOCK strategies: populate the server's in-memory directory. */
export interface MockStrategyApi {
  readonly name: 'MOCK_SYNC' | 'MOCK_ASYNC';
  addEntry(dn: string, attributes: Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>): void;
  /** Load entries from an LDIF file path or LDIF text. */
  entriesFromLdif(pathOrText: string): Promise<void>;
  /** Load entries from ldap3's JSON dump format (file path or JSON text). */
  entriesFromJson(pathOrText: string): Promise<void>;
}

export interface PlainStrategyApi<S extends Strategy> {
  readonly name: S;
}

export type StrategyApi<S extends Strategy> = S extends 'MOCK_SYNC' | 'MOCK_ASYNC'
  ? MockStrategyApi
  : PlainStrategyApi<S>;

export interface ChannelHost {
  readonly serverPool: ServerPool;
  readonly options: {
    readonly socketFactory?: SocketFactory;
    readonly tlsUpgrader?: TlsUpgrader;
    readonly sourceAddress?: string;
    readonly sourcePort?: number;
    readonly mockRoundTrip?: boolean;
    readonly restartTries?: number;
    readonly restartDelay?: number;
    readonly poolSize?: number;
    readonly poolLifetime?: number;
    readonly poolName?: string;
    readonly maxOutstanding?: number;
  };
}

const namedPools = new Map<string, { channel: ReusableChannel; users: number }>();

/** A named pool's channel: every connection gets a view whose close() releases only its share. */
function sharedPool(name: string, make: () => ReusableChannel): Channel {
  let entry = namedPools.get(name);
  if (!entry || (!entry.channel.isOpen && entry.users === 0)) {
    entry = { channel: make(), users: 0 };
    namedPools.set(name, entry);
  }
  const shared = entry;
  shared.users++;
  let released = false;
  const pool = shared.channel;
  return {
    get isOpen() {
      return pool.isOpen;
    },
    get tlsActive() {
      return pool.tlsActive;
    },
    get pending() {
      return pool.pending;
    },
    open: () => pool.open(),
    send: (op, controls, options) => pool.send(op, controls, options),
    notify: (op, controls) => pool.notify(op, controls),
    abandon: (id) => pool.abandon(id),
    upgradeTls: () => pool.upgradeTls(),
    close: async (unbind) => {
      if (released) return;
      released = true;
      if (--shared.users === 0) {
        if (namedPools.get(name) === shared) namedPools.delete(name);
        await pool.close(unbind);
      }
    },
  };
}

export function createChannel<S extends Strategy>(
  strategy: S,
  host: ChannelHost,
  restore: (channel: Channel) => Promise<void>,
  events?: TransportEvents,
): { channel: Channel; api: StrategyApi<S> } {
  const o = host.options;
  const pool = host.serverPool;
  const socketChannel = (): SocketChannel =>
    new SocketChannel({
      servers: () => pool.candidates(),
      onServerFailed: (s: Server) => pool.markFailed(s),
      cycles: pool.cycles,
      codec: wireCodec,
      ...(o.socketFactory ? { socketFactory: o.socketFactory } : {}),
      ...(o.tlsUpgrader ? { tlsUpgrader: o.tlsUpgrader } : {}),
      ...(o.sourceAddress !== undefined ? { sourceAddress: o.sourceAddress } : {}),
      ...(o.sourcePort !== undefined ? { sourcePort: o.sourcePort } : {}),
      events: events ?? { onTrace: tracer() },
      ...(o.maxOutstanding !== undefined ? { maxOutstanding: o.maxOutstanding } : {}),
    });
  const plain = { name: strategy } as StrategyApi<S>;
  switch (strategy) {
    case 'MOCK_SYNC':
    case 'MOCK_ASYNC': {
      const server = pool.servers[0] as Server;
      const directory = server.directory;
      const externalIdentity = server.tls?.clientCertificateDn();
      const channel = new MockChannel(directory, {
        asynchronous: strategy === 'MOCK_ASYNC',
        roundTrip: o.mockRoundTrip ?? false,
        secure: server.ssl,
        ...(externalIdentity !== undefined ? { externalIdentity } : {}),
      });
      const api: MockStrategyApi = {
        name: strategy,
        addEntry: (dn, attributes) => {
          directory.addEntry(dn, attributes as Parameters<typeof directory.addEntry>[1]);
        },
        entriesFromLdif: async (pathOrText) => {
          await directory.loadLdif(pathOrText);
        },
        entriesFromJson: (pathOrText) => {
          directory.loadJson(pathOrText);
          return Promise.resolve();
        },
      };
      return { channel, api: api as StrategyApi<S> };
    }
    case 'LDIF':
      return { channel: new LdifChannel(), api: plain };
    case 'RESTARTABLE':
    case 'SAFE_RESTARTABLE':
      return {
        channel: new RestartableChannel(socketChannel(), {
          tries: o.restartTries ?? 3,
          delay: o.restartDelay ?? 100,
          restore,
        }),
        api: plain,
      };
    case 'REUSABLE': {
      const make = (): ReusableChannel =>
        new ReusableChannel({
          size: o.poolSize ?? 5,
          lifetime: o.poolLifetime ?? 3600,
          create: socketChannel,
          restore,
        });
      // Connections naming the same pool share it (ldap3's pool_name); it closes with its last user.
      return { channel: o.poolName === undefined ? make() : sharedPool(o.poolName, make), api: plain };
    }
    default:
      return { channel: socketChannel(), api: plain };
  }
}

export { LdifChannel, MockChannel, RestartableChannel, ReusableChannel, SocketChannel };
