/**
 * SASL against a real slapd configured for the mechanisms Cyrus SASL offers with the DIT's
 * userPassword (sasl-auxprops slapd): SCRAM-SHA-256 (multi-step, server signature verified),
 * DIGEST-MD5, and PLAIN (offered only under TLS).
 */
import { Connection, Server, Tls } from '../../src/client/index.js';
import { slapdTest, useSlapd } from '../helpers/slapd.js';

const slapd = useSlapd({
  ldif: 'fixtures/client/directory.ldif',
  tls: true,
  // a global directive: included the way extra schema files are
  schema: ['fixtures/client/slapd-sasl.conf'],
  authzRegexp: [['^uid=([^,]*),cn=[^,]*,cn=auth$', 'ldap:///ou=people,dc=example,dc=com??one?(uid=$1)']],
});
const ALICE = 'dn:uid=alice,ou=people,dc=example,dc=com';

for (const mechanism of ['SCRAM-SHA-256', 'DIGEST-MD5'] as const) {
  slapdTest(`SASL ${mechanism} binds against slapd; a wrong password is invalidCredentials`, async (t) => {
    const server = new Server(slapd().url, { getInfo: 'NONE' });
    const conn = new Connection(server, {
      authentication: 'SASL',
      saslMechanism: mechanism,
      user: 'alice',
      password: 'alicepw',
    });
    await conn.open();
    t.true(await conn.bind(), conn.result?.message);
    t.is(await conn.extend.standard.whoAmI(), ALICE);
    await conn.close();
    const wrong = new Connection(server, {
      authentication: 'SASL',
      saslMechanism: mechanism,
      user: 'alice',
      password: 'nope',
    });
    await wrong.open();
    t.false(await wrong.bind());
    t.is(wrong.result?.description, 'invalidCredentials');
    await wrong.close();
  });
}

slapdTest('SASL PLAIN binds after StartTLS (slapd offers it only on a protected connection)', async (t) => {
  const server = new Server(slapd().url, { getInfo: 'NONE', tls: new Tls({ ca: 'fixtures/tls/ca.crt' }) });
  const conn = new Connection(server, {
    authentication: 'SASL',
    saslMechanism: 'PLAIN',
    user: 'alice',
    password: 'alicepw',
    autoBind: 'AUTO_BIND_TLS_BEFORE_BIND',
  });
  await conn.open();
  t.true(conn.bound);
  t.is(await conn.extend.standard.whoAmI(), ALICE);
  await conn.close();
});
