/**
 * An in-memory LDAP peer for client unit tests: a duplex pair (no socket) whose server end
 * decodes requests with the protocol framer and lets the test answer them.
 */
import { Duplex } from 'node:stream';
import type { LdapMessage, ProtocolOp } from '../../src/protocol/index.js';
import { MessageFramer, encodeMessage } from '../../src/protocol/index.js';

/** Two connected duplex streams: what one writes the other reads. */
export function duplexPair(): [Duplex, Duplex] {
  const pair: { a?: Duplex; b?: Duplex } = {};
  const make = (peer: () => Duplex): Duplex =>
    new Duplex({
      read() {},
      write(chunk: Buffer, _enc, cb) {
        peer().push(chunk);
        cb();
      },
      final(cb) {
        peer().push(null);
        cb();
      },
      destroy(err, cb) {
        const p = peer();
        if (!p.destroyed) p.push(null);
        cb(err);
      },
    });
  const a = make(() => pair.b as Duplex);
  const b = make(() => pair.a as Duplex);
  pair.a = a;
  pair.b = b;
  return [a, b];
}

export class FakeServer {
  readonly client: Duplex;
  readonly server: Duplex;
  readonly received: LdapMessage[] = [];
  #waiters: Array<() => void> = [];
  onRequest: ((m: LdapMessage, s: FakeServer) => void) | undefined;

  constructor(onRequest?: (m: LdapMessage, s: FakeServer) => void) {
    [this.client, this.server] = duplexPair();
    this.onRequest = onRequest;
    const framer = new MessageFramer();
    this.server.on('data', (chunk: Buffer) => {
      for (const m of framer.pushMessages(chunk)) {
        this.received.push(m);
        this.onRequest?.(m, this);
        for (const w of this.#waiters.splice(0)) w();
      }
    });
    this.server.on('error', () => undefined);
  }

  send(messageID: number, protocolOp: ProtocolOp, controls?: LdapMessage['controls']): void {
    this.server.write(
      encodeMessage(controls ? { messageID, protocolOp, controls } : { messageID, protocolOp }),
    );
  }

  raw(bytes: Uint8Array): void {
    this.server.write(bytes);
  }

  /** Resolves once `count` requests have arrived. */
  async waitFor(count: number): Promise<void> {
    while (this.received.length < count) await new Promise<void>((r) => this.#waiters.push(r));
  }

  end(): void {
    this.server.end();
  }
}

export const ok = { resultCode: 0, matchedDN: '', diagnosticMessage: '' } as const;
