/**
 * startMockServer's listeners: ldap:// on a free port, ldaps:// and StartTLS from certificate
 * files, ldapi:// on a Unix socket, and the shape of the returned handle.
 */
import test from 'ava';
import net from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockServer } from '../../mock-server/index.js';
import { MessageFramer, decodeMessage, encodeMessage, type LdapMessage } from '../../src/protocol/index.js';
import { RawClient, enc } from './helpers/raw-client.js';

const compareAlice = {
  type: 'CompareRequest',
  entry: 'uid=alice,ou=people,dc=example,dc=com',
  attributeDesc: 'mail',
  assertionValue: enc('alice@example.com'),
} as const;

test('ldap:// and ldaps:// from certificate files; the handle names both', async (t) => {
  const server = await startMockServer({
    ldif: 'fixtures/mock-server/org.ldif',
    tls: { certFile: 'fixtures/tls/server.crt', keyFile: 'fixtures/tls/server.key', ldapsPort: 0 },
  });
  t.teardown(() => server.close());
  t.is(server.url, `ldap://127.0.0.1:${server.port}`);
  t.is(server.ldapsUrl, `ldaps://127.0.0.1:${server.ldapsPort}`);
  t.not(server.port, server.ldapsPort);
  const c = await RawClient.connectTls(server.ldapsPort!, {
    ca: readFileSync('fixtures/tls/ca.crt'),
    servername: 'localhost',
  });
  t.teardown(() => c.close());
  t.is(await c.resultCode(c.send(compareAlice)), 6);
  const plain = await RawClient.connect(server.port);
  t.teardown(() => plain.close());
  t.is(
    await plain.resultCode(plain.send({ type: 'ExtendedRequest', requestName: '1.3.6.1.4.1.1466.20037' })),
    0,
  );
});

test('ldapi:// on a Unix socket', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ldap3ts-ldapi-'));
  const socketPath = join(dir, 'ldapi');
  const server = await startMockServer({ ldif: 'fixtures/mock-server/org.ldif', socketPath });
  t.teardown(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  t.is(server.ldapiUrl, `ldapi://${encodeURIComponent(socketPath)}`);
  const socket = net.connect({ path: socketPath });
  t.teardown(() => socket.destroy());
  const framer = new MessageFramer();
  const reply = await new Promise<LdapMessage>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      for (const pdu of framer.push(chunk)) resolve(decodeMessage(pdu));
    });
    socket.write(encodeMessage({ messageID: 1, protocolOp: compareAlice }));
  });
  t.is((reply.protocolOp as { resultCode: number }).resultCode, 6);
});

test('a second server on the same port fails with ListenError EADDRINUSE', async (t) => {
  const first = await startMockServer({ ldif: 'fixtures/mock-server/org.ldif' });
  t.teardown(() => first.close());
  const error = await t.throwsAsync(startMockServer({ port: first.port }));
  t.is((error as Error & { code?: string }).code, 'EADDRINUSE');
  t.regex(error!.message, /address already in use/);
});

test('a directory handed in is served as is, and reset() goes back to it', async (t) => {
  const first = await startMockServer({ ldif: 'fixtures/mock-server/org.ldif' });
  t.teardown(() => first.close());
  const second = await startMockServer({ directory: first.directory });
  t.teardown(() => second.close());
  t.is(second.directory, first.directory);
  first.directory.addEntry('ou=added,dc=example,dc=com', { objectClass: 'organizationalUnit', ou: 'added' });
  second.directory.assertEntryExists('ou=added,dc=example,dc=com');
  second.reset();
  first.directory.assertEntryMissing('ou=added,dc=example,dc=com');
});
