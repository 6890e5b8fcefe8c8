/**
 * TLS against a real slapd with the test CA: LDAPS, StartTLS, refusal when the certificate
 * does not verify, SASL EXTERNAL with the client certificate.
 */
import { Connection, Server, Tls } from '../../src/client/index.js';
import { LdapConnectionError, LdapError } from '../../src/errors.js';
import { slapdTest, useSlapd } from '../helpers/slapd.js';

const slapd = useSlapd({ ldif: 'fixtures/client/directory.ldif', tls: true });
const ADMIN = 'cn=admin,dc=example,dc=com';
const CA = 'fixtures/tls/ca.crt';

slapdTest('LDAPS with the test CA: bind and who am I', async (t) => {
  const server = new Server(slapd().ldapsUrl ?? '', { tls: new Tls({ ca: CA }), getInfo: 'NONE' });
  const conn = new Connection(server, { user: ADMIN, password: 'secret', autoBind: true });
  await conn.open();
  t.true(conn.tlsStarted);
  t.is(await conn.extend.standard.whoAmI(), `dn:${ADMIN}`);
  await conn.close();
});

slapdTest('LDAPS is refused when the certificate does not verify (default: validate required)', async (t) => {
  const conn = new Connection(new Server(slapd().ldapsUrl ?? ''), {
    user: ADMIN,
    password: 'secret',
    autoBind: true,
  });
  const err = await t.throwsAsync(conn.open());
  t.true(err instanceof LdapConnectionError);
  t.is((err as LdapError).code, 'LDAP_TLS_FAILED');
  const wrongName = new Connection(
    new Server(slapd().ldapsUrl ?? '', { tls: new Tls({ ca: CA, servername: 'wrong.example.org' }) }),
    {},
  );
  const err2 = await t.throwsAsync(wrongName.open());
  t.true(err2 instanceof LdapConnectionError, 'a certificate for another name is refused');
  const optOut = new Connection(
    new Server(slapd().ldapsUrl ?? '', { tls: new Tls({ validate: 'none' }), getInfo: 'NONE' }),
    { user: ADMIN, password: 'secret', autoBind: true },
  );
  await optOut.open();
  t.true(optOut.bound, 'validate: none is the explicit opt-out');
  await optOut.close();
});

slapdTest('StartTLS before bind with the test CA; refused without it', async (t) => {
  const server = new Server(slapd().url, { tls: new Tls({ ca: CA }), getInfo: 'NONE' });
  const conn = new Connection(server, {
    user: ADMIN,
    password: 'secret',
    autoBind: 'AUTO_BIND_TLS_BEFORE_BIND',
  });
  await conn.open();
  t.true(conn.tlsStarted);
  t.true(conn.bound);
  t.is(await conn.extend.standard.whoAmI(), `dn:${ADMIN}`);
  await conn.close();

  const after = new Connection(server, {
    user: ADMIN,
    password: 'secret',
    autoBind: 'AUTO_BIND_TLS_AFTER_BIND',
  });
  await after.open();
  t.true(after.tlsStarted && after.bound);
  await after.close();

  const untrusted = new Connection(new Server(slapd().url, { getInfo: 'NONE' }), {});
  await untrusted.open();
  const err = await t.throwsAsync(untrusted.startTls());
  t.true(err instanceof LdapConnectionError);
  t.is((err as LdapError).code, 'LDAP_TLS_FAILED');
});

slapdTest('SASL EXTERNAL with the client certificate binds as its subject', async (t) => {
  const tls = new Tls({ ca: CA, cert: 'fixtures/tls/client.crt', key: 'fixtures/tls/client.key' });
  const conn = new Connection(new Server(slapd().ldapsUrl ?? '', { tls, getInfo: 'NONE' }), {
    authentication: 'SASL',
    saslMechanism: 'EXTERNAL',
    autoBind: true,
  });
  await conn.open();
  t.true(conn.bound);
  t.is(await conn.extend.standard.whoAmI(), 'dn:cn=client,ou=people,dc=example,dc=com');
  await conn.close();

  const overStartTls = new Connection(new Server(slapd().url, { tls, getInfo: 'NONE' }), {
    authentication: 'SASL',
    saslMechanism: 'EXTERNAL',
    autoBind: 'AUTO_BIND_TLS_BEFORE_BIND',
  });
  await overStartTls.open();
  t.is(await overStartTls.extend.standard.whoAmI(), 'dn:cn=client,ou=people,dc=example,dc=com');
  await overStartTls.close();
});

slapdTest('StartTLS is refused while an operation is outstanding', async (t) => {
  const conn = new Connection(new Server(slapd().url, { tls: new Tls({ ca: CA }), getInfo: 'NONE' }), {
    clientStrategy: 'ASYNC',
  });
  await conn.open();
  const id = await conn.search('dc=example,dc=com', '(objectClass=*)');
  const err = await t.throwsAsync(conn.startTls());
  t.is((err as LdapError).code, 'LDAP_STARTTLS_BUSY');
  await conn.getResponse(id);
  t.true(await conn.startTls());
  await conn.close();
});
