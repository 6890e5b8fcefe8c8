/**
 * Connect failures are reported once per distinct cause, with how often it happened, and keep
 * the underlying error as `cause`: a refused port, an unverifiable certificate, RESTARTABLE's
 * bounded first connect.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import test from 'ava';
import { Connection, ServerPool } from '../../src/client/index.js';
import { LdapConnectionError } from '../../src/errors.js';

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

async function openError(conn: { open(): Promise<void> }): Promise<LdapConnectionError> {
  try {
    await conn.open();
  } catch (err) {
    if (err instanceof LdapConnectionError) return err;
    throw err;
  }
  throw new Error('open() succeeded against a dead server');
}

test('a refused pool names each server once with its count, and keeps the cause', async (t) => {
  const a = `ldap://127.0.0.1:${await closedPort()}`;
  const b = `ldap://127.0.0.1:${await closedPort()}`;
  const err = await openError(new Connection(new ServerPool([a, b], { active: 3 }), {}));
  t.is(err.code, 'LDAP_CONNECT_FAILED');
  t.is(occurrences(err.message, `${a}:`), 1, err.message);
  t.is(occurrences(err.message, `${b}:`), 1, err.message);
  t.is(occurrences(err.message, 'ECONNREFUSED'), 2, err.message);
  t.is(occurrences(err.message, '(3 tries)'), 2, err.message);
  t.false(err.message.includes('cannot connect to'), 'the URL already names the server');
  t.regex(String((err.cause as Error | undefined)?.message), /ECONNREFUSED/);
});

test('one server tried once keeps its own error', async (t) => {
  const url = `ldap://127.0.0.1:${await closedPort()}`;
  const err = await openError(new Connection(url, {}));
  t.is(err.code, 'LDAP_CONNECT_FAILED');
  t.is(occurrences(err.message, 'ECONNREFUSED'), 1, err.message);
  t.regex(String((err.cause as Error | undefined)?.message), /ECONNREFUSED/);
});

test('an unverifiable certificate is reported once per server with its count', async (t) => {
  const server = tls.createServer({
    cert: readFileSync('fixtures/tls/server.crt'),
    key: readFileSync('fixtures/tls/server.key'),
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  try {
    const url = `ldaps://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    const err = await openError(new Connection(new ServerPool([url], { active: 4 }), {}));
    t.is(err.code, 'LDAP_TLS_FAILED');
    t.is(occurrences(err.message, `${url}:`), 1, err.message);
    t.true(err.message.endsWith('(4 tries)'), err.message);
    const cause = err.cause as Error | undefined;
    t.true(cause instanceof LdapConnectionError);
    t.truthy((cause?.cause as Error | undefined)?.message, 'the TLS error itself is kept');
    t.true(err.message.includes((cause?.cause as Error).message), err.message);
  } finally {
    await new Promise<void>((done) => server.close(() => done()));
  }
});

test('RESTARTABLE gives up on the first connect with the attempts counted', async (t) => {
  const url = `ldap://127.0.0.1:${await closedPort()}`;
  const conn = new Connection(url, { clientStrategy: 'RESTARTABLE', restartTries: 3, restartDelay: 1 });
  const err = await openError(conn);
  t.is(err.code, 'LDAP_CONNECT_FAILED');
  t.is(occurrences(err.message, 'ECONNREFUSED'), 1, err.message);
  t.regex(err.message, /gave up after 3 attempts/);
  t.true(err.cause instanceof LdapConnectionError);
});
