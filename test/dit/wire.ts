/** A tiny raw LDAP exchange over a socket with the project's codec (for recording slapd's answers). */
import { connect, type Socket } from 'node:net';
import { decodeMessage, encodeMessage, MessageFramer } from '../../src/protocol/index.js';
import type { Control, LdapMessage, ProtocolOp, RequestOp } from '../../src/protocol/index.js';

const FINAL = new Set([
  'BindResponse',
  'SearchResultDone',
  'ModifyResponse',
  'AddResponse',
  'DelResponse',
  'ModifyDNResponse',
  'CompareResponse',
  'ExtendedResponse',
]);

export class Wire {
  private framer = new MessageFramer();
  private queue: LdapMessage[] = [];
  private waiter: (() => void) | undefined;
  private id = 1;
  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const pdu of this.framer.push(new Uint8Array(chunk))) this.queue.push(decodeMessage(pdu));
      this.waiter?.();
    });
  }
  static open(port: number): Promise<Wire> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new Wire(s)));
      s.once('error', reject);
    });
  }
  async request(
    op: RequestOp,
    controls?: Control[],
  ): Promise<Array<{ op: ProtocolOp; controls?: readonly Control[] }>> {
    const messageID = this.id++;
    this.socket.write(
      encodeMessage(controls ? { messageID, protocolOp: op, controls } : { messageID, protocolOp: op }),
    );
    const out: Array<{ op: ProtocolOp; controls?: readonly Control[] }> = [];
    for (;;) {
      while (this.queue.length === 0) await new Promise<void>((r) => (this.waiter = r));
      const m = this.queue.shift() as LdapMessage;
      out.push(m.controls ? { op: m.protocolOp, controls: m.controls } : { op: m.protocolOp });
      if (FINAL.has(m.protocolOp.type)) return out;
    }
  }
  close(): void {
    this.socket.destroy();
  }
}
