/**
 * A minimal LDAP client over a raw socket, built on our own codec (src/protocol), so the
 * differential tests see slapd's answers as the same LdapMessage values our Directory emits.
 * One request at a time; responses are collected until the request's final message.
 */
import { connect, type Socket } from 'node:net';
import {
  encodeMessage,
  MessageFramer,
  type Control,
  type LdapMessage,
  type RequestOp,
} from '../../src/protocol/index.js';

const FINAL_NONE = new Set(['SearchResultEntry', 'SearchResultReference', 'IntermediateResponse']);

export class WireClient {
  private nextId = 1;
  private readonly framer = new MessageFramer();
  private waiting:
    | { id: number; got: LdapMessage[]; done: (m: LdapMessage[]) => void; fail: (e: Error) => void }
    | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const m of this.framer.pushMessages(chunk)) this.receive(m);
      } catch (e) {
        this.waiting?.fail(e as Error);
      }
    });
    socket.on('error', (e) => this.waiting?.fail(e));
    socket.on('close', () => this.waiting?.fail(new Error('connection closed')));
  }

  static open(url: string): Promise<WireClient> {
    const u = new URL(url);
    return new Promise((resolve, reject) => {
      const s = connect({ host: u.hostname, port: Number(u.port || 389) }, () => resolve(new WireClient(s)));
      s.once('error', reject);
    });
  }

  private receive(m: LdapMessage): void {
    const w = this.waiting;
    if (!w || m.messageID !== w.id) return;
    w.got.push(m);
    if (!FINAL_NONE.has(m.protocolOp.type)) {
      this.waiting = undefined;
      w.done(w.got);
    }
  }

  /** Send one request; resolves with every response message, the final one last. */
  request(op: RequestOp, controls?: readonly Control[]): Promise<LdapMessage[]> {
    const id = this.nextId++;
    const msg: LdapMessage = controls?.length
      ? { messageID: id, protocolOp: op, controls }
      : { messageID: id, protocolOp: op };
    return new Promise((done, fail) => {
      this.waiting = { id, got: [], done, fail };
      this.socket.write(encodeMessage(msg));
    });
  }

  close(): void {
    this.waiting = undefined;
    this.socket.removeAllListeners('close');
    this.socket.destroy();
  }
}
