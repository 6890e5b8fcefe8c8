/**
 * A raw LDAP client over one TCP socket for server tests: sends messages or arbitrary bytes and
 * collects every decoded response, so tests see exactly what the server put on the wire.
 */
import net from 'node:net';
import tls from 'node:tls';
import {
  MessageFramer,
  decodeMessage,
  encodeMessage,
  type LdapMessage,
} from '../../../src/protocol/index.js';

export class RawClient {
  readonly socket: net.Socket;
  readonly received: LdapMessage[] = [];
  /** Resolves when the server closed the connection. */
  readonly closed: Promise<void>;
  #framer = new MessageFramer({ maxMessageSize: 64 * 1024 * 1024 });
  #waiters: Array<() => void> = [];
  #nextId = 1;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  static connectTls(port: number, options: tls.ConnectionOptions): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect({ port, host: '127.0.0.1', ...options }, () =>
        resolve(new RawClient(socket)),
      );
      socket.once('error', reject);
    });
  }

  /** A response this client could not decode (the test then fails on what it expected). */
  decodeError: unknown;

  #onData(chunk: Buffer): void {
    try {
      for (const pdu of this.#framer.push(chunk)) this.received.push(decodeMessage(pdu));
    } catch (error) {
      this.decodeError = error;
      this.socket.destroy();
    }
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  nextId(): number {
    return this.#nextId++;
  }

  /** Send a request op with a fresh message ID (or the given one); returns the ID. */
  send(
    protocolOp: LdapMessage['protocolOp'],
    options: { messageID?: number; controls?: LdapMessage['controls'] } = {},
  ): number {
    const messageID = options.messageID ?? this.nextId();
    this.socket.write(
      encodeMessage({ messageID, protocolOp, ...(options.controls ? { controls: options.controls } : {}) }),
    );
    return messageID;
  }

  writeBytes(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** Wait until `predicate` holds over the received messages (or the socket closes). */
  async until(predicate: (received: LdapMessage[]) => boolean): Promise<void> {
    let open = true;
    void this.closed.then(() => {
      open = false;
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const w of waiters) w();
    });
    while (!predicate(this.received)) {
      if (!open || this.socket.destroyed) return;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** All responses for `messageID` once its final response arrived. */
  async result(messageID: number): Promise<LdapMessage[]> {
    const isFinal = (m: LdapMessage): boolean =>
      m.messageID === messageID &&
      !['SearchResultEntry', 'SearchResultReference', 'IntermediateResponse'].includes(m.protocolOp.type);
    await this.until((r) => r.some(isFinal));
    return this.received.filter((m) => m.messageID === messageID);
  }

  /** The final response's resultCode for `messageID`. */
  async resultCode(messageID: number): Promise<number | undefined> {
    const all = await this.result(messageID);
    const last = all[all.length - 1]?.protocolOp as { resultCode?: number } | undefined;
    return last?.resultCode;
  }

  close(): void {
    this.socket.destroy();
  }
}

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

export function searchOp(
  baseObject: string,
  filterAttr = 'objectClass',
  extra: Partial<Record<string, unknown>> = {},
): LdapMessage['protocolOp'] {
  return {
    type: 'SearchRequest',
    baseObject,
    scope: 2,
    derefAliases: 0,
    sizeLimit: 0,
    timeLimit: 0,
    typesOnly: false,
    filter: { type: 'present', attribute: filterAttr },
    attributes: [],
    ...extra,
  } as LdapMessage['protocolOp'];
}
