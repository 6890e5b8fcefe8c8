/**
 * Sessions over real sockets with a stub handler in place of the directory: pipelining, Abandon,
 * Cancel (RFC 3909), Unbind, Notice of Disconnection on bad input, limits, handler bugs.
 */
import test from 'ava';
import { ConnectionManager } from '../../mock-server/server.js';
import { DEFAULT_LIMITS, type Limits } from '../../mock-server/options.js';
import { encodeMessage, type LdapMessage } from '../../src/protocol/index.js';
import { RawClient, enc, searchOp } from './helpers/raw-client.js';
import { stubHandler } from './helpers/stub-handler.js';

const NOTICE_OID = '1.3.6.1.4.1.1466.20036';
const CANCEL_OID = '1.3.6.1.1.8';

async function serve(t: { teardown(fn: () => unknown): void }, limits: Partial<Limits> = {}) {
  const handler = stubHandler();
  const bugs: unknown[] = [];
  const manager = new ConnectionManager({
    handler,
    limits: { ...DEFAULT_LIMITS, ...limits },
    requestCert: false,
    onBug: (e) => bugs.push(e),
  });
  const port = await manager.listenPlain('127.0.0.1', 0);
  const clients: RawClient[] = [];
  const connect = async (): Promise<RawClient> => {
    const c = await RawClient.connect(port);
    clients.push(c);
    return c;
  };
  t.teardown(async () => {
    handler.release();
    for (const c of clients) c.close();
    await manager.close();
  });
  return { handler, manager, port, connect, bugs };
}

function cancelValue(id: number): Uint8Array {
  // cancelRequestValue ::= SEQUENCE { cancelID MessageID } (RFC 3909 section 2)
  return id < 128 ? Uint8Array.of(0x30, 3, 2, 1, id) : Uint8Array.of(0x30, 4, 2, 2, id >> 8, id & 0xff);
}

function isNotice(m: LdapMessage, resultCode: number): boolean {
  const op = m.protocolOp as { type: string; responseName?: string; resultCode?: number };
  return (
    m.messageID === 0 &&
    op.type === 'ExtendedResponse' &&
    op.responseName === NOTICE_OID &&
    op.resultCode === resultCode
  );
}

test('pipelined requests are answered as they complete, not in arrival order', async (t) => {
  const { connect, handler } = await serve(t);
  const c = await connect();
  const slow = c.send(searchOp('cn=gate'));
  const fast = c.send({
    type: 'CompareRequest',
    entry: 'cn=x',
    attributeDesc: 'cn',
    assertionValue: enc('x'),
  });
  t.is(await c.resultCode(fast), 6);
  t.false(c.received.some((m) => m.messageID === slow));
  handler.release();
  t.is(await c.resultCode(slow), 0);
});

test('many pipelined searches in one write all complete with their entries', async (t) => {
  const { connect } = await serve(t);
  const c = await connect();
  const ids: number[] = [];
  const bytes: Uint8Array[] = [];
  for (let i = 0; i < 200; i++) {
    const id = c.nextId();
    ids.push(id);
    bytes.push(
      encodeMessage({ messageID: id, protocolOp: searchOp('dc=example,dc=com', 'cn', { sizeLimit: 2 }) }),
    );
  }
  c.writeBytes(Buffer.concat(bytes));
  for (const id of ids) {
    const all = await c.result(id);
    t.is(all.length, 3, `message ${id}`);
  }
});

test('Abandon stops a running search and nothing more is sent for it', async (t) => {
  const { connect, handler } = await serve(t);
  const c = await connect();
  const id = c.send(searchOp('cn=stream'));
  await c.until((r) => r.filter((m) => m.messageID === id).length >= 3);
  c.send({ type: 'AbandonRequest', messageID: id });
  // The connection still works, and the abandoned search got no SearchResultDone.
  const probe = c.send({
    type: 'CompareRequest',
    entry: 'cn=x',
    attributeDesc: 'cn',
    assertionValue: enc('x'),
  });
  t.is(await c.resultCode(probe), 6);
  await new Promise((r) => setTimeout(r, 20));
  t.false(c.received.some((m) => m.messageID === id && m.protocolOp.type === 'SearchResultDone'));
  t.is(handler.aborted, 1);
});

test('Cancel ends the operation with canceled (118) and then answers success', async (t) => {
  const { connect } = await serve(t);
  const c = await connect();
  const id = c.send(searchOp('cn=stream'));
  await c.until((r) => r.some((m) => m.messageID === id));
  const cancel = c.send({ type: 'ExtendedRequest', requestName: CANCEL_OID, requestValue: cancelValue(id) });
  t.is(await c.resultCode(cancel), 0);
  t.is(await c.resultCode(id), 118);
  const order = c.received.map((m) => m.messageID).filter((m) => m === id || m === cancel);
  t.is(order[order.length - 1], cancel, 'the canceled result precedes the cancel response');
});

test('Cancel of an unknown ID is noSuchOperation (119); a malformed value is protocolError', async (t) => {
  const { connect } = await serve(t);
  const c = await connect();
  const unknown = c.send({ type: 'ExtendedRequest', requestName: CANCEL_OID, requestValue: cancelValue(99) });
  t.is(await c.resultCode(unknown), 119);
  const bad = c.send({ type: 'ExtendedRequest', requestName: CANCEL_OID, requestValue: enc('zz') });
  t.is(await c.resultCode(bad), 2);
  const none = c.send({ type: 'ExtendedRequest', requestName: CANCEL_OID });
  t.is(await c.resultCode(none), 2);
});

test('a second Cancel of the same operation is tooLate (120)', async (t) => {
  const { connect } = await serve(t);
  const c = await connect();
  const id = c.send(searchOp('cn=stream'));
  await c.until((r) => r.some((m) => m.messageID === id));
  const first = c.send({ type: 'ExtendedRequest', requestName: CANCEL_OID, requestValue: cancelValue(id) });
  const second = c.send({ type: 'ExtendedRequest', requestName: CANCEL_OID, requestValue: cancelValue(id) });
  t.is(await c.resultCode(first), 0);
  t.is(await c.resultCode(second), 120);
  t.is(await c.resultCode(id), 118);
});

test('Cancel of a Bind is cannotCancel (121)', async (t) => {
  const { connect, handler } = await serve(t);
  const c = await connect();
  // A Bind waits for outstanding operations (RFC 4511 section 4.2.1), so it stays outstanding
  // while the gated search runs.
  const gated = c.send(searchOp('cn=gate'));
  const bind = c.send({
    type: 'BindRequest',
    version: 3,
    name: 'cn=a',
    authentication: { type: 'simple', password: enc('x') },
  });
  const cancel = c.send({
    type: 'ExtendedRequest',
    requestName: CANCEL_OID,
    requestValue: cancelValue(bind),
  });
  t.is(await c.resultCode(cancel), 121);
  handler.release();
  t.is(await c.resultCode(gated), 0);
  t.is(await c.resultCode(bind), 0);
});

test('a request waits for a Bind in progress and runs under the new identity', async (t) => {
  const { connect, handler } = await serve(t);
  const c = await connect();
  const gated = c.send(searchOp('cn=gate'));
  const bind = c.send({
    type: 'BindRequest',
    version: 3,
    name: 'cn=me',
    authentication: { type: 'simple', password: enc('x') },
  });
  const after = c.send({
    type: 'CompareRequest',
    entry: 'cn=x',
    attributeDesc: 'cn',
    assertionValue: enc('x'),
  });
  await new Promise((r) => setTimeout(r, 20));
  t.false(c.received.some((m) => m.messageID === bind || m.messageID === after));
  handler.release();
  t.is(await c.resultCode(after), 6);
  const ids = c.received.map((m) => m.messageID);
  t.true(ids.indexOf(gated) < ids.indexOf(bind) && ids.indexOf(bind) < ids.indexOf(after));
});

test('Unbind closes the connection without a response', async (t) => {
  const { connect, manager } = await serve(t);
  const c = await connect();
  c.send({ type: 'UnbindRequest' });
  await c.closed;
  t.is(c.received.length, 0);
  t.is(manager.sessions.size, 0);
});

test('garbage gets a Notice of Disconnection (protocolError) and closes only that connection', async (t) => {
  const { connect } = await serve(t);
  const good = await connect();
  const bad = await connect();
  bad.writeBytes(Uint8Array.of(0x30, 0x03, 0x02, 0x01));
  bad.writeBytes(Uint8Array.of(0xff, 0xff, 0xff, 0x00, 0x01));
  await bad.closed;
  t.true(bad.received.some((m) => isNotice(m, 2)));
  const probe = good.send({
    type: 'CompareRequest',
    entry: 'cn=x',
    attributeDesc: 'cn',
    assertionValue: enc('x'),
  });
  t.is(await good.resultCode(probe), 6);
});

test('a request followed by garbage in the same read is not carried out (as slapd)', async (t) => {
  const seen: string[] = [];
  const inner = stubHandler();
  const manager = new ConnectionManager({
    handler: {
      handle: (request, session, respond, signal) => {
        seen.push(request.protocolOp.type);
        return inner.handle(request, session, respond, signal);
      },
    },
    limits: DEFAULT_LIMITS,
    requestCert: false,
    onBug: () => undefined,
  });
  t.teardown(() => manager.close());
  const c = await RawClient.connect(await manager.listenPlain('127.0.0.1', 0));
  const del = encodeMessage({ messageID: 1, protocolOp: { type: 'DelRequest', dn: 'cn=x' } });
  c.writeBytes(Uint8Array.from([...del, 0x04, 0x01, 0x00]));
  await c.closed;
  t.true(c.received.some((m) => isNotice(m, 2)));
  t.deepEqual(seen, [], 'slapd neither answers nor performs it (measured: a bind and an add)');
  t.false(c.received.some((m) => m.messageID === 1));
});

test('a response PDU or messageID 0 from a client is a protocol error', async (t) => {
  const { connect } = await serve(t);
  const a = await connect();
  a.writeBytes(
    encodeMessage({
      messageID: 5,
      protocolOp: { type: 'DelResponse', resultCode: 0, matchedDN: '', diagnosticMessage: '' },
    }),
  );
  await a.closed;
  t.true(a.received.some((m) => isNotice(m, 2)));
  const b = await connect();
  b.send({ type: 'DelRequest', dn: 'cn=x' }, { messageID: 0 });
  await b.closed;
  t.true(b.received.some((m) => isNotice(m, 2)));
});

test('a message over maxMessageSize is refused with a Notice of Disconnection', async (t) => {
  const { connect } = await serve(t, { maxMessageSize: 1024 });
  const c = await connect();
  c.send({ type: 'DelRequest', dn: 'cn=' + 'x'.repeat(4000) });
  await c.closed;
  t.true(c.received.some((m) => isNotice(m, 2)));
});

test('a message ID still in use gets protocolError for the duplicate only', async (t) => {
  const { connect, handler } = await serve(t);
  const c = await connect();
  const id = c.send(searchOp('cn=gate'));
  c.send({ type: 'DelRequest', dn: 'cn=x' }, { messageID: id });
  await c.until((r) => r.some((m) => m.protocolOp.type === 'DelResponse'));
  t.is(
    (c.received.find((m) => m.protocolOp.type === 'DelResponse')!.protocolOp as { resultCode: number })
      .resultCode,
    2,
  );
  handler.release();
  await c.until((r) => r.some((m) => m.protocolOp.type === 'SearchResultDone'));
  t.is(
    (c.received.find((m) => m.protocolOp.type === 'SearchResultDone')!.protocolOp as { resultCode: number })
      .resultCode,
    0,
  );
});

test('beyond maxConnections a client gets a Notice of Disconnection and is closed', async (t) => {
  const { connect } = await serve(t, { maxConnections: 2 });
  await connect();
  await connect();
  const third = await connect();
  await third.closed;
  t.true(third.received.some((m) => isNotice(m, 52)));
});

test('beyond maxOutstanding the server stops reading but every request completes', async (t) => {
  const { connect, handler } = await serve(t, { maxOutstanding: 2 });
  const c = await connect();
  const ids = [c.send(searchOp('cn=gate')), c.send(searchOp('cn=gate')), c.send(searchOp('cn=gate'))];
  const last = c.send({ type: 'DelRequest', dn: 'cn=x' });
  await new Promise((r) => setTimeout(r, 20));
  t.false(
    c.received.some((m) => m.messageID === last),
    'the fourth request waits',
  );
  handler.release();
  await c.until((r) => ids.slice(0, 2).every((id) => r.some((m) => m.messageID === id)));
  handler.release();
  t.is(await c.resultCode(ids[2]!), 0);
  t.is(await c.resultCode(last), 0);
});

test('a client that does not read stops being read from, and catches up when it reads', async (t) => {
  const { connect, handler } = await serve(t);
  const seen: string[] = [];
  let searchDone = (): void => undefined;
  const searched = new Promise<void>((r) => (searchDone = r));
  const original = handler.handle.bind(handler);
  handler.handle = async (request, session, respond, signal) => {
    seen.push(request.protocolOp.type);
    await original(request, session, respond, signal);
    if (request.protocolOp.type === 'SearchRequest') searchDone();
  };
  const c = await connect();
  c.socket.pause();
  const big = c.send(searchOp('cn=big'));
  // Once the search has produced its 12 MiB, the server has stopped reading this connection.
  await searched;
  const later = c.send({ type: 'DelRequest', dn: 'cn=x' });
  await new Promise((r) => setTimeout(r, 100));
  t.deepEqual(seen, ['SearchRequest'], 'the delete is not read while 12 MiB wait for the client');
  c.socket.resume();
  t.is((await c.result(big)).length, 201);
  t.is(await c.resultCode(later), 0);
});

test('an idle connection is closed after idleTimeoutMs', async (t) => {
  const { connect } = await serve(t, { idleTimeoutMs: 30 });
  const c = await connect();
  await c.closed;
  t.true(c.received.some((m) => isNotice(m, 52)));
});

test('the idle timeout spares a connection with a running operation, then closes it', async (t) => {
  // the timeout leaves the search ample time to arrive on a loaded machine (it failed once
  // at 30 ms); once the search runs, the connection outlives several timeouts
  const { connect, handler } = await serve(t, { idleTimeoutMs: 250 });
  const c = await connect();
  const id = c.send(searchOp('cn=gate'));
  await handler.gated;
  await new Promise((r) => setTimeout(r, 700));
  t.false(c.socket.destroyed || c.received.some((m) => isNotice(m, 52)), 'still open while the search runs');
  handler.release();
  t.is(await c.resultCode(id), 0);
  await c.closed;
  t.true(c.received.some((m) => isNotice(m, 52)));
});

test('a handler bug answers other (80), is reported, and the connection lives on', async (t) => {
  const { connect, bugs } = await serve(t);
  const c = await connect();
  const id = c.send(searchOp('cn=throw'));
  t.is(await c.resultCode(id), 80);
  t.is(bugs.length, 1);
  const probe = c.send({ type: 'DelRequest', dn: 'cn=x' });
  t.is(await c.resultCode(probe), 0);
});

test('close() sends every client a Notice of Disconnection (unavailable)', async (t) => {
  const { connect, manager } = await serve(t);
  const a = await connect();
  const b = await connect();
  await manager.close();
  await Promise.all([a.closed, b.closed]);
  t.true(a.received.some((m) => isNotice(m, 52)));
  t.true(b.received.some((m) => isNotice(m, 52)));
});

test('a request with a field value out of range is answered, the connection kept (as slapd)', async (t) => {
  const { connect } = await serve(t);
  const c = await connect();
  const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/ /g, ''), 'hex'));
  // SearchRequest (messageID 7) with scope 7: base "dc=x", deref 0, limits 0, (objectClass=*)
  c.writeBytes(
    hex(
      '30 29 02 01 07 63 24 04 04 64633d78 0a 01 07 0a 01 00 02 01 00 02 01 00 01 01 00 87 0b 6f626a656374436c617373 30 00',
    ),
  );
  t.is(await c.resultCode(7), 2);
  // BindRequest (messageID 8) with authentication choice [1], reserved: authMethodNotSupported
  c.writeBytes(hex('30 0c 02 01 08 60 07 02 01 03 04 00 81 00'));
  t.is(await c.resultCode(8), 7);
  // BindRequest (messageID 9) with version 0: protocolError
  c.writeBytes(hex('30 0c 02 01 09 60 07 02 01 00 04 00 80 00'));
  t.is(await c.resultCode(9), 2);
  // the connection still serves
  const probe = c.send({
    type: 'CompareRequest',
    entry: 'cn=x',
    attributeDesc: 'cn',
    assertionValue: enc('x'),
  });
  t.is(await c.resultCode(probe), 6);
  t.false(c.received.some((m) => isNotice(m, 2)));
});

test('a control whose criticality follows its value is malformed: Notice of Disconnection (as slapd)', async (t) => {
  const { connect } = await serve(t);
  const c = await connect();
  const search = encodeMessage({ messageID: 3, protocolOp: searchOp('dc=x') });
  // append controls [0] { SEQUENCE { "1.2.3", OCTET STRING "v", BOOLEAN TRUE } } to the message
  const ctl = Buffer.from('a00f300d0405312e322e330401760101ff', 'hex');
  const body = Buffer.concat([Buffer.from(search.subarray(2)), ctl]);
  c.writeBytes(Uint8Array.from([0x30, body.length, ...body]));
  await c.closed;
  t.true(c.received.some((m) => isNotice(m, 2)));
  t.false(c.received.some((m) => m.messageID === 3));
});
