/**
 * Hand-built requests on the edges of RFC 4511's encoding, each on a fresh connection to the
 * mock server and to a real slapd (the same LDIF): the responses (messageID, operation, result
 * code) and whether the connection was closed must agree. A Notice of Disconnection followed by
 * a close and a silent close count as the same outcome: RFC 4511 section 4.1.1 says a server
 * SHOULD send the notice, which we do and slapd does not. Found on 2026-11-26: out-of-range
 * scope, deref, limits, modify operation and bind version, and unknown authentication choices
 * are answered (the connection kept), a criticality after a control's value disconnects, an
 * empty substring component is Undefined.
 */
import test from 'ava';
import net from 'node:net';
import { MessageFramer, decodeMessage } from '../../src/protocol/index.js';
import { haveSlapd, slapdTestFn } from '../helpers/slapd.js';
import { startPair, type ServerPair } from './servers.js';

// a tiny BER writer with definite lengths, so that each case reads as its ASN.1
const len = (n: number): number[] => (n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 255]);
const t = (tag: number, ...content: Array<number[] | number>): number[] => {
  const body = content.flatMap((x) => (typeof x === 'number' ? [x] : x));
  return [tag, ...len(body.length), ...body];
};
const str = (tag: number, s: string): number[] => t(tag, ...Buffer.from(s));
const int = (v: number): number[] => t(0x02, v);
const msg = (...parts: number[][]): number[] => t(0x30, ...parts);
const present = (a: string): number[] => str(0x87, a);
const BASE = 'dc=example,dc=com';
const search = (
  scope = t(0x0a, 0),
  filter = present('objectClass'),
  deref = t(0x0a, 0),
  size = int(0),
): number[] => t(0x63, str(0x04, BASE), scope, deref, size, int(0), t(0x01, 0x00), filter, t(0x30));
const controls = (...c: number[][]): number[] => t(0xa0, ...c);

const CASES: Record<string, number[]> = {
  'a valid search': msg(int(1), search()),
  'scope 7 (the enumeration is extensible): protocolError': msg(int(1), search(t(0x0a, 7))),
  'derefAliases 9: protocolError': msg(int(1), search(undefined, undefined, t(0x0a, 9))),
  'a negative sizeLimit: protocolError': msg(int(1), search(undefined, undefined, undefined, t(0x02, 0xff))),
  'modify operation 9: protocolError': msg(
    int(1),
    t(
      0x66,
      str(0x04, BASE),
      t(0x30, t(0x30, t(0x0a, 9), t(0x30, str(0x04, 'description'), t(0x31, str(0x04, 'x'))))),
    ),
  ),
  'bind version 0: protocolError': msg(int(1), t(0x60, int(0), str(0x04, ''), str(0x80, ''))),
  'bind version 4: protocolError': msg(int(1), t(0x60, int(4), str(0x04, ''), str(0x80, ''))),
  'bind with the reserved authentication choice [1]': msg(
    int(1),
    t(0x60, int(3), str(0x04, ''), str(0x81, 'x')),
  ),
  'bind with authentication choice [2]': msg(int(1), t(0x60, int(3), str(0x04, ''), str(0x82, 'x'))),
  'an empty initial substring is Undefined': msg(
    int(1),
    search(undefined, t(0xa4, str(0x04, 'dc'), t(0x30, str(0x80, '')))),
  ),
  'a critical unknown control with criticality 0x01': msg(
    int(1),
    search(),
    controls(t(0x30, str(0x04, '1.2.3'), t(0x01, 0x01))),
  ),
  'a control with a value, then its criticality: disconnect': msg(
    int(1),
    search(),
    controls(t(0x30, str(0x04, '1.2.3'), str(0x04, 'v'), t(0x01, 0xff))),
  ),
  'a control with an extra element after its value': msg(
    int(1),
    search(),
    controls(t(0x30, str(0x04, '1.2.3'), t(0x01, 0xff), str(0x04, 'v'), str(0x04, 'w'))),
  ),
  'a control without an OID: disconnect': msg(int(1), search(), controls(t(0x30))),
  'a search with a trailing element': msg(
    int(1),
    t(
      0x63,
      str(0x04, BASE),
      t(0x0a, 0),
      t(0x0a, 0),
      int(0),
      int(0),
      t(0x01, 0),
      present('cn'),
      t(0x30),
      str(0x04, 'x'),
    ),
  ),
  'an extended request without a name: disconnect': msg(int(1), t(0x77)),
  'Who am I with a value': msg(int(1), t(0x77, str(0x80, '1.3.6.1.4.1.4203.1.11.3'), str(0x81, 'x'))),
  'compare without an assertion: disconnect': msg(int(1), t(0x6e, str(0x04, BASE))),
  'modify DN with deleteoldrdn 0x05': msg(
    int(1),
    t(0x6c, str(0x04, `ou=nowhere,${BASE}`), str(0x04, 'ou=x'), t(0x01, 0x05)),
  ),
  'an unknown application tag: disconnect': msg(int(1), t(0x7e, str(0x04, 'x'))),
  'an abandon of an unknown ID, then a search': [...msg(int(1), t(0x50, 5)), ...msg(int(2), search())],
};

/** Send `bytes` on a fresh connection; what came back, and whether the server closed. */
function exchange(port: number, bytes: number[]): Promise<string> {
  return new Promise((resolve) => {
    const out: string[] = [];
    const framer = new MessageFramer({ maxMessageSize: 1 << 20 });
    let done = false;
    const socket = net.connect({ port, host: '127.0.0.1' }, () => socket.write(Buffer.from(bytes)));
    const finish = (how: string): void => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve([...out, how].join(' ; '));
    };
    socket.on('data', (chunk) => {
      try {
        for (const pdu of framer.push(chunk)) {
          const m = decodeMessage(pdu);
          const op = m.protocolOp as { type: string; resultCode?: number; responseName?: string };
          // the notice is the SHOULD of RFC 4511 section 4.1.1; a close without it is the same outcome
          if (m.messageID === 0 && op.responseName === '1.3.6.1.4.1.1466.20036') continue;
          out.push(`${m.messageID}:${op.type}${op.resultCode !== undefined ? ` ${op.resultCode}` : ''}`);
        }
      } catch {
        out.push('undecodable');
      }
    });
    socket.on('close', () => finish('closed'));
    socket.on('error', () => finish('closed'));
    setTimeout(() => finish('open'), 500);
  });
}

let pair: ServerPair | undefined;
if (haveSlapd) {
  test.before(async () => {
    pair = await startPair();
  });
  test.after.always(async () => {
    await pair?.close();
  });
}

for (const [name, bytes] of Object.entries(CASES)) {
  slapdTestFn()(`malformed requests: ${name}`, async (t) => {
    const { mock, slapd } = pair!;
    const [theirs, ours] = await Promise.all([
      exchange(Number(new URL(slapd.url).port), bytes),
      exchange(mock.port, bytes),
    ]);
    t.is(ours, theirs);
  });
}
