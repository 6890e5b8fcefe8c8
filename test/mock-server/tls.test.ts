/**
 * TLS: ldaps:// listener, StartTLS upgrade of a plain connection, client certificates mapped to
 * `session.externalIdentity` (SASL EXTERNAL), and the refusals of RFC 4511 section 4.14.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { connect as tlsConnect, createSecureContext, type TlsOptions } from 'node:tls';
import { ConnectionManager } from '../../mock-server/server.js';
import { certificateSubjectDn } from '../../mock-server/session.js';
import { DEFAULT_LIMITS } from '../../mock-server/options.js';
import { startTls } from '../../mock-server/handlers/start-tls.js';
import { buildChain } from '../../mock-server/handlers/types.js';
import { MessageFramer, decodeMessage, encodeMessage, type LdapMessage } from '../../src/protocol/index.js';
import { RawClient, enc, searchOp } from './helpers/raw-client.js';
import { stubHandler } from './helpers/stub-handler.js';

const read = (f: string): Buffer => readFileSync(`fixtures/tls/${f}`);
const ca = read('ca.crt');
const serverTls: TlsOptions = { cert: read('server.crt'), key: read('server.key'), ca, requestCert: true };
const clientCert = { cert: read('client.crt'), key: read('client.key') };
const WHO_AM_I = '1.3.6.1.4.1.4203.1.11.3';

async function serve(t: { teardown(fn: () => unknown): void }, withTls = true) {
  const handler = stubHandler();
  const manager = new ConnectionManager({
    handler: buildChain(handler, [startTls()]),
    limits: DEFAULT_LIMITS,
    ...(withTls ? { secureContext: createSecureContext(serverTls) } : {}),
    requestCert: true,
  });
  const port = await manager.listenPlain('127.0.0.1', 0);
  const ldapsPort = withTls ? await manager.listenTls('127.0.0.1', 0, serverTls) : 0;
  t.teardown(() => manager.close());
  return { handler, port, ldapsPort };
}

function whoAmI(c: RawClient): Promise<string> {
  const id = c.send({ type: 'ExtendedRequest', requestName: WHO_AM_I });
  return c
    .result(id)
    .then((all) =>
      new TextDecoder().decode((all.at(-1)!.protocolOp as { responseValue: Uint8Array }).responseValue),
    );
}

test('certificate subject becomes an RFC 4514 DN, most specific RDN first', (t) => {
  t.is(certificateSubjectDn(read('client.crt')), 'cn=client,ou=people,dc=example,dc=com');
  t.is(certificateSubjectDn(Buffer.from('not a certificate')), undefined);
});

test('ldaps:// with a client certificate: SASL EXTERNAL binds as the certificate subject', async (t) => {
  const { ldapsPort } = await serve(t);
  const c = await RawClient.connectTls(ldapsPort, { ca, servername: 'localhost', ...clientCert });
  t.teardown(() => c.close());
  const bind = c.send({
    type: 'BindRequest',
    version: 3,
    name: '',
    authentication: { type: 'sasl', mechanism: 'EXTERNAL' },
  });
  t.is(await c.resultCode(bind), 0);
  t.is(await whoAmI(c), 'dn:cn=client,ou=people,dc=example,dc=com tls');
});

test('ldaps:// without a client certificate has no external identity', async (t) => {
  const { ldapsPort } = await serve(t);
  const c = await RawClient.connectTls(ldapsPort, { ca, servername: 'localhost' });
  t.teardown(() => c.close());
  const bind = c.send({
    type: 'BindRequest',
    version: 3,
    name: '',
    authentication: { type: 'sasl', mechanism: 'EXTERNAL' },
  });
  t.is(await c.resultCode(bind), 48);
});

test('StartTLS upgrades a plain connection; the certificate then counts for EXTERNAL', async (t) => {
  const { port } = await serve(t);
  const plain = await RawClient.connect(port);
  t.teardown(() => plain.close());
  const id = plain.send({ type: 'ExtendedRequest', requestName: '1.3.6.1.4.1.1466.20037' });
  t.is(await plain.resultCode(id), 0);
  // Hand the raw socket to TLS, as a client does after a successful StartTLS response.
  plain.socket.removeAllListeners('data');
  const secure = tlsConnect({ socket: plain.socket, ca, servername: 'localhost', ...clientCert });
  await new Promise<void>((resolve, reject) => {
    secure.once('secureConnect', resolve);
    secure.once('error', reject);
  });
  const framer = new MessageFramer();
  const got: LdapMessage[] = [];
  const arrived = new Promise<void>((resolve) =>
    secure.on('data', (chunk: Buffer) => {
      for (const pdu of framer.push(chunk)) got.push(decodeMessage(pdu));
      if (got.length >= 2) resolve();
    }),
  );
  secure.write(
    encodeMessage({
      messageID: 5,
      protocolOp: {
        type: 'BindRequest',
        version: 3,
        name: '',
        authentication: { type: 'sasl', mechanism: 'EXTERNAL' },
      },
    }),
  );
  secure.write(
    encodeMessage({ messageID: 6, protocolOp: { type: 'ExtendedRequest', requestName: WHO_AM_I } }),
  );
  await arrived;
  t.is((got[0]!.protocolOp as { resultCode: number }).resultCode, 0);
  t.is(
    new TextDecoder().decode((got[1]!.protocolOp as { responseValue: Uint8Array }).responseValue),
    'dn:cn=client,ou=people,dc=example,dc=com tls',
  );
  secure.destroy();
});

test('StartTLS is refused while another operation is outstanding, and twice', async (t) => {
  const { port, handler } = await serve(t);
  const c = await RawClient.connect(port);
  t.teardown(() => c.close());
  const gated = c.send(searchOp('cn=gate'));
  const refused = c.send({ type: 'ExtendedRequest', requestName: '1.3.6.1.4.1.1466.20037' });
  t.is(await c.resultCode(refused), 1);
  handler.release();
  t.is(await c.resultCode(gated), 0);
  const again = await RawClient.connectTls((await serve(t)).ldapsPort, { ca, servername: 'localhost' });
  t.teardown(() => again.close());
  const id = again.send({ type: 'ExtendedRequest', requestName: '1.3.6.1.4.1.1466.20037' });
  t.is(await again.resultCode(id), 1);
});

test('StartTLS without a certificate configured is unavailable (52)', async (t) => {
  const { port } = await serve(t, false);
  const c = await RawClient.connect(port);
  t.teardown(() => c.close());
  const id = c.send({ type: 'ExtendedRequest', requestName: '1.3.6.1.4.1.1466.20037' });
  t.is(await c.resultCode(id), 52);
  const probe = c.send({
    type: 'CompareRequest',
    entry: 'cn=x',
    attributeDesc: 'cn',
    assertionValue: enc('x'),
  });
  t.is(await c.resultCode(probe), 6);
});

test('a client certificate the CA did not sign gives no external identity', async (t) => {
  const { ldapsPort } = await serve(t);
  const c = await RawClient.connectTls(ldapsPort, {
    ca,
    servername: 'localhost',
    cert: read('untrusted.crt'),
    key: read('untrusted.key'),
  });
  t.teardown(() => c.close());
  const bind = c.send({
    type: 'BindRequest',
    version: 3,
    name: '',
    authentication: { type: 'sasl', mechanism: 'EXTERNAL' },
  });
  t.is(await c.resultCode(bind), 48);
});

test('StartTLS with a request value is protocolError and the connection stays plain (RFC 4511 4.14.1)', async (t) => {
  const { port } = await serve(t);
  const c = await RawClient.connect(port);
  t.teardown(() => c.close());
  const id = c.send({
    type: 'ExtendedRequest',
    requestName: '1.3.6.1.4.1.1466.20037',
    requestValue: enc('x'),
  });
  t.is(await c.resultCode(id), 2);
  // still a plain LDAP connection: the next request is answered in clear
  const probe = c.send({
    type: 'CompareRequest',
    entry: 'cn=x',
    attributeDesc: 'cn',
    assertionValue: enc('x'),
  });
  t.is(await c.resultCode(probe), 6);
});
