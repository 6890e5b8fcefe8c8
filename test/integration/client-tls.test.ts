/**
 * TLS against a real slapd with the test CA: LDAPS, StartTLS, refusal when the certificate
 * does not verify, SASL EXTERNAL with the client certificate.
 */
import { Connection, Server, Tls } from '../../src/client/index.js';
import { LdapConnectionError, LdapError } from '../../src/errors.js';
import { fromUtf8 } from '../../src/util/index.js';
import { slapdTest, useSlapd } from '../helpers/slapd.js';

const slapd = useSlapd({ ldif: 'fixtures/client/directory.ldif', tls: true, ldapi: true });
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
  const optional = new Connection(
    new Server(slapd().ldapsUrl ?? '', {
      tls: new Tls({ validate: 'optional', ca: CA, servername: 'wrong.example.org' }),
      getInfo: 'NONE',
    }),
    {},
  );
  await optional.open();
  t.false(optional.closed, "'optional' accepts a verified chain under another name");
  await optional.close();
  const optionalUntrusted = new Connection(
    new Server(slapd().ldapsUrl ?? '', { tls: new Tls({ validate: 'optional' }) }),
    {},
  );
  await t.throwsAsync(
    optionalUntrusted.open(),
    { instanceOf: LdapConnectionError },
    "'optional' still refuses an unverifiable chain",
  );
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

slapdTest('ldapi:// and SASL EXTERNAL over the Unix socket (peer credentials)', async (t) => {
  const url = slapd().ldapiUrl ?? '';
  const anon = new Connection(new Server(url, { getInfo: 'NONE' }), {});
  await anon.open();
  t.true(await anon.search('dc=example,dc=com', '(uid=alice)'));
  t.is(anon.response?.length, 1);
  await anon.close();
  const ext = new Connection(new Server(url, { getInfo: 'NONE' }), {
    authentication: 'SASL',
    saslMechanism: 'EXTERNAL',
    autoBind: true,
  });
  await ext.open();
  t.regex(
    (await ext.extend.standard.whoAmI()) ?? '',
    /^dn:(gidNumber=\d+\+uidNumber=\d+,cn=peercred,cn=external,cn=auth|cn=admin,dc=example,dc=com)$/,
  );
  await ext.close();
});

slapdTest(
  'IP modes: v4 only reaches a v4 listener by name; v6 only finds no address; v6 preferred falls back',
  async (t) => {
    const port = slapd().port;
    const v4 = new Connection(
      new Server(`ldap://localhost:${port}`, { mode: 'IP_V4_ONLY', getInfo: 'NONE' }),
      {},
    );
    await v4.open();
    t.true(await v4.search('dc=example,dc=com', '(uid=bob)'));
    await v4.close();
    const v6 = new Connection(
      new Server(`ldap://localhost:${port}`, { mode: 'IP_V6_ONLY', getInfo: 'NONE', connectTimeout: 2000 }),
      {},
    );
    const err = await t.throwsAsync(v6.open());
    t.true(err instanceof LdapConnectionError);
    const preferred = new Connection(
      new Server(`ldap://localhost:${port}`, { mode: 'IP_V6_PREFERRED', getInfo: 'NONE' }),
      {},
    );
    await preferred.open();
    t.false(preferred.closed);
    await preferred.close();
  },
);

slapdTest('a server formatter takes precedence over the schema for its attribute', async (t) => {
  const server = new Server(slapd().url, {
    getInfo: 'SCHEMA',
    formatter: { mail: (raw) => fromUtf8(raw).toUpperCase() },
  });
  const conn = new Connection(server, {
    user: 'cn=admin,dc=example,dc=com',
    password: 'secret',
    autoBind: true,
  });
  await conn.open();
  await conn.search('dc=example,dc=com', '(uid=alice)', { attributes: ['mail', 'sn'] });
  const e = conn.response?.[0];
  if (e?.type !== 'searchResEntry') return t.fail();
  t.deepEqual(e.attributes.get('mail'), ['ALICE@EXAMPLE.COM']);
  t.deepEqual(e.attributes.get('sn'), ['Liddell']);
  await conn.close();
});
