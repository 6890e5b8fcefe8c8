/**
 * The transport over an in-memory duplex (no socket): pipelining and correlation, prompt
 * rejection on disconnect, abandon on timeout and abort, garbage from the server.
 */
import test from 'ava';
import { LdapAbortError, LdapConnectionError, LdapError, LdapTimeoutError } from '../../src/errors.js';
import type { LdapMessage, SearchRequest } from '../../src/protocol/index.js';
import { wireCodec } from '../../src/client/transport/codec.js';
import { Transport } from '../../src/client/transport/transport.js';
import { utf8 } from '../../src/util/index.js';
import { FakeServer, ok } from './fake-server.js';

const search = (base: string): SearchRequest => ({
  type: 'SearchRequest',
  baseObject: base,
  scope: 2,
  derefAliases: 0,
  sizeLimit: 0,
  timeLimit: 0,
  typesOnly: false,
  filter: { type: 'present', attribute: 'objectClass' },
  attributes: [],
});

const entry = (dn: string) => ({
  type: 'SearchResultEntry' as const,
  objectName: dn,
  attributes: [{ type: 'cn', vals: [utf8(dn)] }],
});

test('pipelined searches are correlated by message id, answered out of order and interleaved', async (t) => {
  const fake = new FakeServer();
  const transport = new Transport(fake.client, wireCodec);
  const exchanges = ['a', 'b', 'c'].map((b) => transport.send(search(b), undefined));
  await fake.waitFor(3);
  const ids = fake.received.map((m) => m.messageID);
  t.deepEqual(
    ids,
    exchanges.map((e) => e.messageID),
  );
  t.is(new Set(ids).size, 3);
  const [ia, ib, ic] = ids as [number, number, number];
  fake.send(ic, entry('c1'));
  fake.send(ia, entry('a1'));
  fake.send(ic, { type: 'SearchResultDone', ...ok });
  fake.send(ib, entry('b1'));
  fake.send(ia, entry('a2'));
  fake.send(ib, { type: 'SearchResultDone', ...ok });
  fake.send(ia, { type: 'SearchResultDone', ...ok });
  const finals = await Promise.all(exchanges.map((e) => e.done));
  t.true(finals.every((f) => f.protocolOp.type === 'SearchResultDone'));
  const dns = exchanges.map((e) =>
    e.responses.map((m) => (m.protocolOp as { objectName: string }).objectName),
  );
  t.deepEqual(dns, [['a1', 'a2'], ['b1'], ['c1']]);
  t.is(transport.pending, 0);
});

test('1000 requests issued in one tick go out and all complete', async (t) => {
  const fake = new FakeServer((m, s) => s.send(m.messageID, { type: 'SearchResultDone', ...ok }));
  const transport = new Transport(fake.client, wireCodec);
  const all = Array.from({ length: 1000 }, (_, i) => transport.send(search(`o=${i}`), undefined).done);
  const done = await Promise.all(all);
  t.is(done.length, 1000);
  t.is(fake.received.length, 1000);
});

test('onMessage receives entries as they arrive, before the operation ends', async (t) => {
  const fake = new FakeServer();
  const transport = new Transport(fake.client, wireCodec);
  const seen: string[] = [];
  let resolveFirst!: () => void;
  const first = new Promise<void>((r) => (resolveFirst = r));
  const ex = transport.send(search('x'), undefined, {
    onMessage: (m) => {
      seen.push((m.protocolOp as { objectName: string }).objectName);
      resolveFirst();
    },
  });
  await fake.waitFor(1);
  fake.send(ex.messageID, entry('e1'));
  await first;
  t.deepEqual(seen, ['e1']);
  fake.send(ex.messageID, { type: 'SearchResultDone', ...ok });
  await ex.done;
  t.deepEqual(ex.responses, [], 'streamed entries are not also collected');
});

test('the server closing the connection rejects every pending operation at once', async (t) => {
  const fake = new FakeServer();
  let closedWith: LdapConnectionError | undefined;
  const transport = new Transport(fake.client, wireCodec, { onClose: (e) => (closedWith = e) });
  const pending = [transport.send(search('a'), undefined).done, transport.send(search('b'), undefined).done];
  await fake.waitFor(2);
  fake.end();
  for (const p of pending) {
    const err = await t.throwsAsync(p);
    t.true(err instanceof LdapConnectionError);
  }
  t.true(closedWith instanceof LdapConnectionError);
  t.true(transport.closed);
  const after = await t.throwsAsync(transport.send(search('c'), undefined).done);
  t.true(after instanceof LdapConnectionError, 'sends after the close reject too');
});

test('a Notice of Disconnection rejects pending operations with its reason', async (t) => {
  const fake = new FakeServer();
  const transport = new Transport(fake.client, wireCodec);
  const p = transport.send(search('a'), undefined).done;
  await fake.waitFor(1);
  fake.send(0, {
    type: 'ExtendedResponse',
    resultCode: 52,
    matchedDN: '',
    diagnosticMessage: 'shutting down',
    responseName: '1.3.6.1.4.1.1466.20036',
  });
  const err = await t.throwsAsync(p);
  t.true(err instanceof LdapConnectionError);
  t.is((err as LdapError).code, 'LDAP_NOTICE_OF_DISCONNECTION');
  t.regex(err!.message, /shutting down/);
});

test('a timeout abandons only its own operation; the connection and the others go on', async (t) => {
  const fake = new FakeServer();
  const transport = new Transport(fake.client, wireCodec);
  const slow = transport.send(search('slow'), undefined, { timeout: 30 });
  const fast = transport.send(search('fast'), undefined);
  await fake.waitFor(2);
  const err = await t.throwsAsync(slow.done);
  t.true(err instanceof LdapTimeoutError);
  await fake.waitFor(3);
  const abandon = fake.received[2] as LdapMessage;
  t.deepEqual(abandon.protocolOp, { type: 'AbandonRequest', messageID: slow.messageID });
  // A late answer to the abandoned operation is ignored; the other completes normally.
  fake.send(slow.messageID, { type: 'SearchResultDone', ...ok });
  fake.send(fast.messageID, entry('f1'));
  fake.send(fast.messageID, { type: 'SearchResultDone', ...ok });
  const final = await fast.done;
  t.is(final.protocolOp.type, 'SearchResultDone');
  t.is(fast.responses.length, 1);
  t.false(transport.closed);
});

test('an AbortSignal abandons the operation and rejects with LdapAbortError', async (t) => {
  const fake = new FakeServer();
  const transport = new Transport(fake.client, wireCodec);
  const controller = new AbortController();
  const ex = transport.send(search('a'), undefined, { signal: controller.signal });
  await fake.waitFor(1);
  controller.abort();
  const err = await t.throwsAsync(ex.done);
  t.true(err instanceof LdapAbortError);
  await fake.waitFor(2);
  t.deepEqual(fake.received[1]?.protocolOp, { type: 'AbandonRequest', messageID: ex.messageID });
  const already = await t.throwsAsync(
    transport.send(search('b'), undefined, { signal: controller.signal }).done,
  );
  t.true(already instanceof LdapAbortError, 'an already aborted signal sends nothing');
  t.is(fake.received.length, 2);
});

test('garbage from the server fails pending operations with a typed error, no crash', async (t) => {
  const fake = new FakeServer();
  const transport = new Transport(fake.client, wireCodec);
  const p = transport.send(search('a'), undefined).done;
  await fake.waitFor(1);
  fake.raw(new Uint8Array([0x04, 0x03, 0x61, 0x62, 0x63]));
  const err = await t.throwsAsync(p);
  t.true(err instanceof LdapConnectionError);
  t.is((err as LdapError).code, 'LDAP_PROTOCOL_GARBAGE');
  t.true(transport.closed);
});

test('answers that arrive before garbage in the same read settle their operations first', async (t) => {
  const fake = new FakeServer();
  const transport = new Transport(fake.client, wireCodec);
  const done = transport.send(search('done'), undefined);
  const open = transport.send(search('open'), undefined);
  await fake.waitFor(2);
  const { encodeMessage } = await import('../../src/protocol/index.js');
  fake.raw(
    new Uint8Array([
      ...encodeMessage({ messageID: done.messageID, protocolOp: entry('x') }),
      ...encodeMessage({ messageID: done.messageID, protocolOp: { type: 'SearchResultDone', ...ok } }),
      ...encodeMessage({ messageID: open.messageID, protocolOp: entry('y') }),
      0x04,
      0x03,
      0x61,
      0x62,
      0x63,
    ]),
  );
  const final = await done.done;
  t.is(final.protocolOp.type, 'SearchResultDone');
  t.is(done.responses.length, 1, 'the entry before the garbage is kept');
  const err = await t.throwsAsync(open.done);
  t.is((err as LdapError).code, 'LDAP_PROTOCOL_GARBAGE', 'the unfinished search fails with the stream');
  t.true(transport.closed);
});

test('a socket error event rejects pending operations instead of crashing the process', async (t) => {
  const fake = new FakeServer();
  const transport = new Transport(fake.client, wireCodec);
  const p = transport.send(search('a'), undefined).done;
  fake.client.destroy(new Error('ECONNRESET simulated'));
  const err = await t.throwsAsync(p);
  t.true(err instanceof LdapConnectionError);
});

test('StartTLS upgrade is refused while operations are outstanding', async (t) => {
  const fake = new FakeServer();
  const transport = new Transport(fake.client, wireCodec);
  const ex = transport.send(search('a'), undefined);
  const err = await t.throwsAsync(transport.upgrade(async (s) => s));
  t.is((err as LdapError).code, 'LDAP_STARTTLS_BUSY');
  await fake.waitFor(1);
  fake.send(ex.messageID, { type: 'SearchResultDone', ...ok });
  await ex.done;
  await t.notThrowsAsync(transport.upgrade(async (s) => s));
});

test('responses split at every byte boundary are reassembled', async (t) => {
  const fake = new FakeServer();
  const transport = new Transport(fake.client, wireCodec);
  const ex = transport.send(search('a'), undefined);
  await fake.waitFor(1);
  const { encodeMessage } = await import('../../src/protocol/index.js');
  const bytes = [
    ...encodeMessage({ messageID: ex.messageID, protocolOp: entry('x') }),
    ...encodeMessage({ messageID: ex.messageID, protocolOp: { type: 'SearchResultDone', ...ok } }),
  ];
  for (const b of bytes) fake.raw(new Uint8Array([b]));
  await ex.done;
  t.is(ex.responses.length, 1);
});

test('maxOutstanding holds requests back until answers free a slot; a held-back abort sends nothing', async (t) => {
  const fake = new FakeServer();
  const transport = new Transport(fake.client, wireCodec, {}, { maxOutstanding: 2 });
  const controller = new AbortController();
  const ex = [0, 1, 2, 3].map((i) =>
    transport.send(search(`o=${i}`), undefined, i === 3 ? { signal: controller.signal } : {}),
  );
  await fake.waitFor(2);
  await new Promise((r) => setTimeout(r, 20));
  t.is(fake.received.length, 2, 'only two on the wire');
  controller.abort();
  await t.throwsAsync(ex[3]!.done, { instanceOf: LdapAbortError });
  fake.send(ex[0]!.messageID, { type: 'SearchResultDone', ...ok });
  await ex[0]!.done;
  await fake.waitFor(3);
  t.is((fake.received[2]?.protocolOp as SearchRequest).baseObject, 'o=2', 'the next one in order goes out');
  fake.send(ex[1]!.messageID, { type: 'SearchResultDone', ...ok });
  fake.send(ex[2]!.messageID, { type: 'SearchResultDone', ...ok });
  await Promise.all([ex[1]!.done, ex[2]!.done]);
  await new Promise((r) => setTimeout(r, 20));
  t.is(fake.received.length, 3, 'the aborted request never reached the server, and no Abandon for it');
});
