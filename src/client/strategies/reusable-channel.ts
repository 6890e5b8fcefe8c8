/**
 * REUSABLE: a pool of connections, each opened and bound like the connection's own, taking
 * each operation to the least busy member; members older than `lifetime` are replaced when idle.
 */
import { LdapConnectionError } from '../../errors.js';
import type { Control, RequestOp } from '../../protocol/index.js';
import type { Channel, Exchange, SendOptions } from '../transport/exchange.js';

export interface ReusableOptions {
  readonly size: number;
  /** Seconds a member lives. */
  readonly lifetime: number;
  readonly create: () => Channel;
  readonly restore: (channel: Channel) => Promise<void>;
}

interface Member {
  channel: Channel;
  born: number;
  ready: Promise<void> | undefined;
}

export class ReusableChannel implements Channel {
  readonly #options: ReusableOptions;
  readonly #members: Member[] = [];
  /** messageID as the caller sees it -> member and its own messageID. */
  readonly #routes = new Map<number, { member: Member; id: number }>();
  #nextID = 1;
  #open = false;

  constructor(options: ReusableOptions) {
    this.#options = { ...options, size: Math.max(1, Math.floor(options.size)) };
  }

  get isOpen(): boolean {
    return this.#open;
  }
  get tlsActive(): boolean {
    return this.#members.length > 0 && this.#members.every((m) => m.channel.tlsActive);
  }
  get pending(): number {
    return this.#members.reduce((n, m) => n + m.channel.pending, 0);
  }
  get size(): number {
    return this.#members.length;
  }

  async #start(member: Member): Promise<void> {
    await member.channel.open();
    await this.#options.restore(member.channel);
    member.born = Date.now();
  }

  async open(): Promise<void> {
    if (this.#open) return;
    while (this.#members.length < this.#options.size) {
      this.#members.push({ channel: this.#options.create(), born: Date.now(), ready: undefined });
    }
    // The first member must work; the others connect in the background and join when ready.
    const [first, ...rest] = this.#members as [Member, ...Member[]];
    first.ready = this.#start(first);
    await first.ready;
    for (const m of rest) {
      m.ready = this.#start(m);
      m.ready.catch(() => undefined);
    }
    this.#open = true;
  }

  /** Replace a member by a fresh connection; the old one closes in the background. */
  #recycle(m: Member): void {
    const old = m.channel;
    m.channel = this.#options.create();
    m.born = Date.now();
    m.ready = this.#start(m);
    m.ready.catch(() => undefined);
    old.close().catch(() => undefined);
  }

  async #pick(): Promise<Member> {
    const now = Date.now();
    let best: Member | undefined;
    for (const m of this.#members) {
      if (m.channel.isOpen && now - m.born > this.#options.lifetime * 1000 && m.channel.pending === 0)
        this.#recycle(m);
      if (!m.channel.isOpen) continue;
      if (!best || m.channel.pending < best.channel.pending) best = m;
    }
    if (best) return best;
    // Nothing open yet: wait for the first member (connecting, recycling, or reconnect it).
    const m = this.#members[0];
    if (!m) throw new LdapConnectionError('LDAP_NOT_OPEN', 'pool is not open');
    if (m.ready) await m.ready.catch(() => undefined);
    if (!m.channel.isOpen) {
      m.ready = this.#start(m);
      await m.ready;
    }
    return m;
  }

  send(op: RequestOp, controls: readonly Control[] | undefined, options?: SendOptions): Exchange {
    const messageID = this.#nextID++;
    const responses: Exchange['responses'] = [];
    const done = (async () => {
      const member = await this.#pick();
      const ex = member.channel.send(op, controls, options);
      this.#routes.set(messageID, { member, id: ex.messageID });
      try {
        const final = await ex.done;
        responses.push(...ex.responses);
        return final;
      } finally {
        this.#routes.delete(messageID);
      }
    })();
    return { messageID, responses, done };
  }

  notify(op: RequestOp, controls?: readonly Control[]): number {
    if (op.type === 'AbandonRequest') {
      this.abandon(op.messageID);
      return 0;
    }
    for (const m of this.#members) m.channel.notify(op, controls);
    return 0;
  }

  abandon(messageID: number): boolean {
    const route = this.#routes.get(messageID);
    return route ? route.member.channel.abandon(route.id) : false;
  }

  async upgradeTls(): Promise<void> {
    // Each member does StartTLS in `restore`; nothing to do for the pool as a whole.
  }

  async close(unbind?: boolean): Promise<void> {
    this.#open = false;
    await Promise.all(this.#members.map((m) => m.channel.close(unbind).catch(() => undefined)));
    this.#members.length = 0;
  }
}
