/**
 * A pool of equivalent servers (ldap3's `ServerPool`): which one a connection tries first,
 * failing over to the next when one does not answer.
 */
import { LdapOptionError } from '../errors.js';
import type { PoolStrategy } from './constants.js';
import { Server } from './server.js';

export interface ServerPoolOptions {
  /** @defaultValue `'ROUND_ROBIN'` */
  poolStrategy?: PoolStrategy;
  /**
   * Probe servers and fail over when one is down. `true`: cycle through the pool until one
   * answers (bounded at 10 cycles); a number: that many cycles. `false`: try one server only.
   * @defaultValue `true`
   */
  active?: boolean | number;
  /**
   * Take a dead server out of the pool. `true`: for good; a number: for that many seconds.
   * @defaultValue `false`
   */
  exhaust?: boolean | number;
}

export class ServerPool {
  readonly servers: Server[];
  readonly poolStrategy: PoolStrategy;
  readonly active: boolean | number;
  readonly exhaust: boolean | number;
  #next = 0;
  /** Server -> time (ms) until which it stays out of the pool. */
  readonly #exhausted = new Map<Server, number>();

  constructor(servers: ReadonlyArray<Server | string> | Server | string, options: ServerPoolOptions = {}) {
    const list = Array.isArray(servers) ? servers : [servers];
    this.servers = list.map((s: Server | string) => (typeof s === 'string' ? new Server(s) : s));
    this.poolStrategy = options.poolStrategy ?? 'ROUND_ROBIN';
    if (!['FIRST', 'ROUND_ROBIN', 'RANDOM'].includes(this.poolStrategy)) {
      throw new LdapOptionError(`unknown pool strategy ${String(this.poolStrategy)}`);
    }
    this.active = options.active ?? true;
    this.exhaust = options.exhaust ?? false;
  }

  add(server: Server | string): void {
    this.servers.push(typeof server === 'string' ? new Server(server) : server);
  }

  /** How many passes over the pool one open() may make. */
  get cycles(): number {
    if (this.active === false) return 1;
    if (this.active === true) return 10;
    return Math.max(1, Math.floor(this.active));
  }

  #available(now: number): Server[] {
    return this.servers.filter((s) => {
      const until = this.#exhausted.get(s);
      if (until === undefined) return true;
      if (now >= until) {
        this.#exhausted.delete(s);
        return true;
      }
      return false;
    });
  }

  /** Servers in the order one connection attempt should try them. */
  candidates(): Server[] {
    const available = this.#available(Date.now());
    if (available.length === 0) return [];
    const ordered = this.#order(available);
    // Without active probing only the chosen server is tried.
    return this.active === false ? ordered.slice(0, 1) : ordered;
  }

  #order(available: Server[]): Server[] {
    switch (this.poolStrategy) {
      case 'FIRST':
        return available;
      case 'ROUND_ROBIN': {
        const start = this.#next % available.length;
        this.#next = start + 1;
        return [...available.slice(start), ...available.slice(0, start)];
      }
      case 'RANDOM': {
        const shuffled = [...available];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = Math.floor(Math.random() * (i + 1));
          const a = shuffled[i] as Server;
          shuffled[i] = shuffled[j] as Server;
          shuffled[j] = a;
        }
        return shuffled;
      }
    }
  }

  /** A server did not answer: with `exhaust`, keep it out for a while (or for good). */
  markFailed(server: Server): void {
    if (this.exhaust === false) return;
    const until = this.exhaust === true ? Number.POSITIVE_INFINITY : Date.now() + this.exhaust * 1000;
    this.#exhausted.set(server, until);
  }

  toString(): string {
    return `ServerPool(${this.poolStrategy}): ${this.servers.map((s) => s.url).join(', ')}`;
  }
}
