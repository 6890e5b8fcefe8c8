/**
 * The framer fed every valid message vector cut at every byte position, in 1-byte chunks, and
 * all vectors coalesced into one stream cut at random; plus the maximum-size guard, which must
 * fire as soon as the header is readable, before the body is buffered.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { BerError, ProtocolError } from '../../src/errors.js';
import { MessageFramer, decodeMessage, encodeMessage } from '../../src/protocol/index.js';
import { concatBytes } from '../../src/util/index.js';
import { cuts, hex, toHex } from './json.js';

type Case = { description: string; hex: string };
const load = (f: string) => (JSON.parse(readFileSync(f, 'utf8')) as { cases: Case[] }).cases;
const vectors = [
  ...load('fixtures/protocol/messages.json'),
  ...load('fixtures/protocol/openldap-client-requests.json'),
  ...load('fixtures/protocol/slapd-responses.json'),
].map((c) => ({ description: c.description, bytes: hex(c.hex) }));

test('every vector cut at every byte position yields exactly that PDU', (t) => {
  let checks = 0;
  for (const v of vectors) {
    for (const cut of cuts(v.bytes.length)) {
      const f = new MessageFramer();
      const a = f.push(v.bytes.subarray(0, cut));
      t.is(a.length, 0, `${v.description}: nothing before the cut ${cut}`);
      const b = f.push(v.bytes.subarray(cut));
      t.is(b.length, 1);
      t.is(toHex(b[0]!), toHex(v.bytes));
      t.is(f.buffered, 0);
      checks++;
    }
  }
  t.log(`${checks} cuts`);
});

test('every vector in 1-byte chunks', (t) => {
  for (const v of vectors) {
    if (v.bytes.length > 4096) continue;
    const f = new MessageFramer();
    const got: Uint8Array[] = [];
    for (let i = 0; i < v.bytes.length; i++) got.push(...f.push(v.bytes.subarray(i, i + 1)));
    t.is(got.length, 1, v.description);
    t.is(toHex(got[0]!), toHex(v.bytes));
  }
});

test('all vectors coalesced into one chunk, then cut at random, decode in order', (t) => {
  const stream = concatBytes(vectors.map((v) => v.bytes));
  const one = new MessageFramer().pushMessages(stream);
  t.is(one.length, vectors.length);
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) % 977) + 1;
  for (let round = 0; round < 5; round++) {
    const f = new MessageFramer();
    const got: Uint8Array[] = [];
    for (let p = 0; p < stream.length;) {
      const n = Math.min(rand() * (round + 1), stream.length - p);
      got.push(...f.push(stream.subarray(p, p + n)));
      p += n;
    }
    t.is(got.length, vectors.length);
    t.true(got.every((g, i) => toHex(g) === toHex(vectors[i]!.bytes)));
  }
});

test('a PDU returned is a copy: later pushes and buffer reuse do not change it', (t) => {
  const f = new MessageFramer();
  const chunk = encodeMessage({ messageID: 1, protocolOp: { type: 'UnbindRequest' } });
  const [pdu] = f.push(chunk);
  chunk.fill(0);
  t.is(toHex(pdu!), '30050201014200');
});

test('an empty chunk is harmless', (t) => {
  const f = new MessageFramer();
  t.deepEqual(f.push(new Uint8Array(0)), []);
  t.is(f.buffered, 0);
});

test('long-form lengths with leading zeros (liblber style) are framed', (t) => {
  const f = new MessageFramer();
  const pdu = hex('308400000005020101 4200'.replace(' ', ''));
  const out = f.pushMessages(concatBytes([pdu, pdu]));
  t.is(out.length, 2);
  t.is(out[1]!.protocolOp.type, 'UnbindRequest');
});

test('maximum size: the header alone triggers the error, before the body is buffered', (t) => {
  const f = new MessageFramer({ maxMessageSize: 100 });
  t.is(f.maxMessageSize, 100);
  const e = t.throws(() => f.push(hex('3082 0100 02'.replace(/ /g, ''))), { instanceOf: BerError });
  t.is(e?.offset, 1);
  t.false(e?.incomplete);
  t.is(f.buffered, 0);
  // Once failed, the stream position is lost: every later push fails the same way.
  t.throws(() => f.push(hex('00')), { is: e });
  f.reset();
  t.is(f.push(hex('30050201014200')).length, 1);
});

test('maximum size counts the header: 2 + 98 bytes is allowed at 100, 2 + 99 is not', (t) => {
  const ok = new MessageFramer({ maxMessageSize: 100 });
  const body = new Uint8Array(98);
  t.is(ok.push(concatBytes([hex('3062'), body])).length, 1);
  const no = new MessageFramer({ maxMessageSize: 100 });
  t.throws(() => no.push(hex('3063')), { instanceOf: BerError });
});

test('a huge declared length fails on its first length octets', (t) => {
  const f = new MessageFramer({ maxMessageSize: 1 << 20 });
  const e = t.throws(() => f.push(hex('3084ffff')), { instanceOf: BerError });
  t.is(e?.offset, 1);
});

test('a stream offset is reported for an error in a later PDU', (t) => {
  const f = new MessageFramer();
  f.push(hex('30050201014200'));
  const e = t.throws(() => f.push(hex('3005020101420031')), { instanceOf: ProtocolError });
  t.is(e?.offset, 14);
});

test('indefinite and reserved lengths are rejected', (t) => {
  t.throws(() => new MessageFramer().push(hex('3080')), { instanceOf: BerError, message: /indefinite/ });
  t.throws(() => new MessageFramer().push(hex('30ff')), { instanceOf: BerError, message: /reserved/ });
});

test('pushMessages decodes with the framer limits (maxDepth)', (t) => {
  const deep = encodeMessage({
    messageID: 1,
    protocolOp: {
      type: 'SearchRequest',
      baseObject: '',
      scope: 0,
      derefAliases: 0,
      sizeLimit: 0,
      timeLimit: 0,
      typesOnly: false,
      filter: { type: 'not', filter: { type: 'not', filter: { type: 'present', attribute: 'cn' } } },
      attributes: [],
    },
  });
  t.is(new MessageFramer({ maxDepth: 4 }).pushMessages(deep).length, 1);
  t.throws(() => new MessageFramer({ maxDepth: 3 }).pushMessages(deep), {
    instanceOf: BerError,
    message: /nesting/,
  });
  t.is(decodeMessage(deep).messageID, 1);
});

test('feed hands over the PDUs before a malformed header, then throws; the framer stays failed', (t) => {
  const unbind = hex('30050201014200');
  const abandon = hex('3006020102500101');
  const f = new MessageFramer();
  const got: string[] = [];
  // two whole PDUs, then an OCTET STRING where a SEQUENCE must start
  const e = t.throws(() => f.feed(concatBytes([unbind, abandon, hex('040100')]), (p) => got.push(toHex(p))), {
    instanceOf: ProtocolError,
  });
  t.deepEqual(got, [toHex(unbind), toHex(abandon)]);
  t.is(e?.offset, unbind.length + abandon.length, 'the offset is the stream position of the bad byte');
  t.is(f.buffered, 0);
  t.throws(() => f.feed(unbind, () => t.fail('nothing is framed after a failure')), { is: e });
  t.throws(() => f.push(unbind), { is: e });
  // push keeps its contract: the error, without the PDUs of that chunk
  const g = new MessageFramer();
  t.throws(() => g.push(concatBytes([unbind, hex('3080')])), { instanceOf: BerError });
});

test('feedMessages decodes in order and stops at the first undecodable PDU', (t) => {
  const f = new MessageFramer();
  const types: string[] = [];
  // an Unbind, then a well framed SEQUENCE whose messageID is not an INTEGER, then another Unbind
  const bad = hex('3005040101 4200'.replace(/ /g, ''));
  t.throws(
    () =>
      f.feedMessages(concatBytes([hex('30050201014200'), bad, hex('30050201024200')]), (m) =>
        types.push(`${m.messageID}:${m.protocolOp.type}`),
      ),
    { instanceOf: ProtocolError },
  );
  t.deepEqual(types, ['1:UnbindRequest']);
});
