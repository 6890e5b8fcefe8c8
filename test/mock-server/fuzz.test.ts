/**
 * Fuzzing the server over real sockets: random well-formed requests batched on connections, then
 * mutated and random byte strings, each on a fresh connection. The server must never crash, must
 * answer malformed input with a Notice of Disconnection (protocolError) and close only that
 * connection (a request whose only fault is a field value out of range gets its own
 * protocolError response instead, as slapd answers), must keep serving a sentinel connection
 * throughout, and must leave the directory unchanged (every client is anonymous, so no write
 * may succeed).
 * LDAP3TS_FUZZ_MESSAGES sets the total (default 100000); LDAP3TS_FUZZ_SEED the seed.
 */
import test from 'ava';
import net from 'node:net';
import { startMockServer } from '../../mock-server/index.js';
import { RequestValueError } from '../../src/errors.js';
import {
  MessageFramer,
  decodeMessage,
  encodeMessage,
  readMessageHeader,
  type LdapMessage,
} from '../../src/protocol/index.js';
import { Gen } from './helpers/random-messages.js';
import { RawClient, enc } from './helpers/raw-client.js';

const TOTAL = Number(process.env.LDAP3TS_FUZZ_MESSAGES ?? 100_000);
const SEED = Number(process.env.LDAP3TS_FUZZ_SEED ?? 4511);
const BATCH = 250;
const NOTICE_OID = '1.3.6.1.4.1.1466.20036';

/**
 * Send `bytes` and collect what the server writes until it closes the connection or, with
 * `expectFinals`, until that many final responses arrived (then we close).
 */
function exchange(port: number, bytes: Uint8Array, endAfter: boolean, expectFinals = 0): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const framer = new MessageFramer({ maxMessageSize: 64 * 1024 * 1024 });
    let finals = 0;
    const socket = net.connect({ port, host: '127.0.0.1' }, () => {
      socket.write(bytes);
      if (endAfter) socket.end();
    });
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      if (expectFinals === 0) return;
      try {
        for (const pdu of framer.push(d)) {
          const type = decodeMessage(pdu).protocolOp.type;
          if (
            type !== 'SearchResultEntry' &&
            type !== 'SearchResultReference' &&
            type !== 'IntermediateResponse'
          )
            finals++;
        }
      } catch {
        socket.destroy();
      }
      if (finals >= expectFinals) socket.destroy();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
    // Nothing here may hang the suite: a server that neither answers nor closes is a failure.
    socket.setTimeout(10_000, () => socket.destroy());
  });
}

function decodeAll(bytes: Uint8Array): LdapMessage[] {
  const framer = new MessageFramer({ maxMessageSize: 64 * 1024 * 1024 });
  const out: LdapMessage[] = [];
  try {
    for (const pdu of framer.push(bytes)) out.push(decodeMessage(pdu));
  } catch {
    // a connection reset may cut the last PDU
  }
  return out;
}

/** What our own codec says of a byte string sent alone on a connection. */
function classify(bytes: Uint8Array): 'malformed' | 'incomplete' | 'valid' | 'answerable' {
  const framer = new MessageFramer({ maxMessageSize: 16 * 1024 * 1024 });
  let pdu: Uint8Array | undefined;
  try {
    const pdus = framer.push(bytes);
    if (pdus.length === 0) return 'incomplete';
    for (pdu of pdus) decodeMessage(pdu);
    return framer.buffered > 0 ? 'incomplete' : 'valid';
  } catch (error) {
    if ((error as { incomplete?: boolean }).incomplete) return 'incomplete';
    // a request with a field value out of range: answered under its messageID (as slapd)
    const header = pdu && error instanceof RequestValueError ? readMessageHeader(pdu) : undefined;
    const answered =
      header?.type?.endsWith('Request') &&
      header.type !== 'AbandonRequest' &&
      header.type !== 'UnbindRequest';
    return answered && header !== undefined && header.messageID > 0 ? 'answerable' : 'malformed';
  }
}

async function pool<T>(items: number, concurrency: number, job: (i: number) => Promise<T>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items) await job(next++);
    }),
  );
}

test('fuzz: random and mutated messages never crash the server nor change the directory', async (t) => {
  const server = await startMockServer({ ldif: 'fixtures/mock-server/org.ldif' });
  t.teardown(() => server.close());
  const before = server.directory.exportLdif();
  const gen = new Gen(SEED);
  const sentinel = await RawClient.connect(server.port);
  t.teardown(() => sentinel.close());
  const probe = async (): Promise<void> => {
    const id = sentinel.send({
      type: 'CompareRequest',
      entry: 'uid=alice,ou=people,dc=example,dc=com',
      attributeDesc: 'uid',
      assertionValue: enc('alice'),
    });
    t.is(await sentinel.resultCode(id), 6);
  };

  // Part 1: well-formed random requests, BATCH per connection, ended by an Unbind.
  const wellFormed = Math.floor((TOTAL * 0.8) / BATCH) * BATCH;
  const batches: Array<{ bytes: Uint8Array; finals: number }> = [];
  for (let b = 0; b < wellFormed / BATCH; b++) {
    const parts: Uint8Array[] = [];
    let finals = 0;
    for (let i = 1; i <= BATCH; i++) {
      let op = gen.request();
      // Abandon only IDs outside the batch, so every other request owes exactly one result.
      if (op.type === 'AbandonRequest') op = { type: 'AbandonRequest', messageID: 10_000 + op.messageID };
      else finals++;
      const controls = gen.controls();
      parts.push(encodeMessage({ messageID: i, protocolOp: op, ...(controls ? { controls } : {}) }));
    }
    batches.push({ bytes: Buffer.concat(parts), finals });
  }
  let answered = 0;
  let expected = 0;
  let internalErrors = 0;
  await pool(batches.length, 8, async (i) => {
    const { bytes, finals } = batches[i]!;
    const reply = decodeAll(await exchange(server.port, bytes, false, finals));
    expected += finals;
    for (const m of reply) {
      if (m.messageID === 0 || /Entry|Reference|Intermediate/.test(m.protocolOp.type)) continue;
      answered++;
      const r = m.protocolOp as { resultCode: number; diagnosticMessage: string };
      if (r.resultCode === 80 && r.diagnosticMessage === 'internal error') internalErrors++;
    }
    if (i % 40 === 0) await probe();
  });
  t.is(answered, expected, 'every well-formed request got its result');
  t.is(internalErrors, 0, 'no request made a handler throw (the session answers those with other/80)');

  // Part 2: mutated well-formed messages and random bytes, one per fresh connection.
  const damaged = TOTAL - wellFormed;
  const cases: Array<{ bytes: Uint8Array; kind: ReturnType<typeof classify> }> = [];
  for (let i = 0; i < damaged; i++) {
    const bytes =
      i % 5 === 0
        ? gen.bytes(64)
        : gen.mutate(encodeMessage({ messageID: 1 + gen.int(1000), protocolOp: gen.request() }));
    cases.push({ bytes, kind: classify(bytes) });
  }
  let malformed = 0;
  let noticed = 0;
  let answerable = 0;
  let answeredRight = 0;
  const missing: string[] = [];
  await pool(cases.length, 32, async (i) => {
    const { bytes, kind } = cases[i]!;
    const reply = decodeAll(await exchange(server.port, bytes, true));
    if (kind === 'answerable') {
      answerable++;
      const code = reply.find((m) => m.messageID !== 0 && 'resultCode' in m.protocolOp);
      if (code && [2, 7].includes((code.protocolOp as { resultCode: number }).resultCode)) answeredRight++;
      else if (missing.length < 5) missing.push('answer ' + Buffer.from(bytes).toString('hex'));
    }
    if (kind === 'malformed') {
      malformed++;
      const notice = reply.find(
        (m) => m.messageID === 0 && (m.protocolOp as { responseName?: string }).responseName === NOTICE_OID,
      );
      if (notice && (notice.protocolOp as { resultCode: number }).resultCode === 2) noticed++;
      else if (missing.length < 5) missing.push(Buffer.from(bytes).toString('hex'));
    }
    if (i % 2000 === 0) await probe();
  });
  t.log(
    `${wellFormed} well-formed (${answered} results) + ${damaged} damaged messages (${malformed} malformed by our codec, ${answerable} answerable)`,
  );
  t.true(malformed > damaged / 4, 'the mutations do produce malformed input');
  t.is(noticed, malformed, `no Notice of Disconnection for: ${missing.join(', ')}`);
  t.is(answeredRight, answerable, `not answered with protocolError: ${missing.join(', ')}`);

  await probe();
  t.is(server.directory.exportLdif(), before, 'the directory is unchanged');
  // Every fuzz connection is gone; only the sentinel remains.
  for (let i = 0; i < 100 && server.connections > 1; i++) await new Promise((r) => setTimeout(r, 20));
  t.is(server.connections, 1);
});

test('fuzz: random requests from the root DN (writes allowed) never make a handler throw', async (t) => {
  const server = await startMockServer({
    ldif: 'fixtures/mock-server/org.ldif',
    rootDn: 'cn=admin,dc=example,dc=com',
    rootPassword: 'secret',
  });
  t.teardown(() => server.close());
  const gen = new Gen(SEED + 1);
  const bind = encodeMessage({
    messageID: 1,
    protocolOp: {
      type: 'BindRequest',
      version: 3,
      name: 'cn=admin,dc=example,dc=com',
      authentication: { type: 'simple', password: enc('secret') },
    },
  });
  const total = Math.max(BATCH, Math.floor(TOTAL / 5 / BATCH) * BATCH);
  let internalErrors = 0;
  let answered = 0;
  let expected = 0;
  await pool(total / BATCH, 8, async () => {
    const parts: Uint8Array[] = [bind];
    let finals = 1;
    for (let i = 2; i <= BATCH + 1; i++) {
      let op = gen.request();
      while (op.type === 'BindRequest' || op.type === 'AbandonRequest') op = gen.request();
      finals++;
      parts.push(encodeMessage({ messageID: i, protocolOp: op }));
    }
    expected += finals;
    const reply = decodeAll(await exchange(server.port, Buffer.concat(parts), false, finals));
    for (const m of reply) {
      if (m.messageID === 0 || /Entry|Reference|Intermediate/.test(m.protocolOp.type)) continue;
      answered++;
      const r = m.protocolOp as { resultCode: number; diagnosticMessage: string };
      if (r.resultCode === 80 && r.diagnosticMessage === 'internal error') internalErrors++;
    }
  });
  t.log(`${total} requests as the root DN, ${answered} results`);
  t.is(answered, expected);
  t.is(internalErrors, 0);
  // The server still answers.
  const probe = await RawClient.connect(server.port);
  t.teardown(() => probe.close());
  t.is(
    await probe.resultCode(
      probe.send({
        type: 'CompareRequest',
        entry: 'ou=people,dc=example,dc=com',
        attributeDesc: 'ou',
        assertionValue: enc('people'),
      }),
    ),
    6,
  );
});
