/**
 * RESTARTABLE against a slapd that restarts in the middle of a sequence: the connection comes
 * back, redoes StartTLS, binds again as the same user (who am I proves it), never anonymous.
 */
import { Connection, Server, Tls } from '../../src/client/index.js';
import { LdapConnectionError } from '../../src/errors.js';
import type { RestartableChannel } from '../../src/client/strategies/index.js';
import { slapdTest, useSlapd } from '../helpers/slapd.js';

const slapd = useSlapd({ ldif: 'fixtures/client/directory.ldif', tls: true });
const ALICE = 'uid=alice,ou=people,dc=example,dc=com';
const PEOPLE = 'ou=people,dc=example,dc=com';

slapdTest('RESTARTABLE survives a slapd restart, still bound as the same user over StartTLS', async (t) => {
  const server = new Server(slapd().url, { tls: new Tls({ ca: 'fixtures/tls/ca.crt' }), getInfo: 'NONE' });
  const conn = new Connection(server, {
    user: ALICE,
    password: 'alicepw',
    autoBind: 'AUTO_BIND_TLS_BEFORE_BIND',
    clientStrategy: 'RESTARTABLE',
    restartDelay: 200,
    restartTries: 20,
  });
  const plain = new Connection(slapd().url, { user: ALICE, password: 'alicepw', autoBind: true });
  await conn.open();
  await plain.open();
  t.is(await conn.extend.standard.whoAmI(), `dn:${ALICE}`);
  t.true(await conn.search(PEOPLE, '(uid=bob)'));
  await slapd().restart();
  // The next operations find a dead socket, reconnect, StartTLS, bind as alice, and retry.
  t.true(await conn.search(PEOPLE, '(uid=bob)'));
  t.is(conn.response?.length, 1);
  t.is(await conn.extend.standard.whoAmI(), `dn:${ALICE}`);
  t.true(conn.channel.tlsActive);
  t.true((conn.channel as RestartableChannel).restarts >= 1);
  // A SYNC connection does not come back: it fails at once with a typed error.
  const err = await t.throwsAsync(plain.search(PEOPLE, '(uid=bob)'));
  t.true(err instanceof LdapConnectionError);
  const again = await t.throwsAsync(plain.search(PEOPLE, '(uid=bob)'));
  t.true(again instanceof LdapConnectionError, 'SYNC does not reconnect behind the caller');
  await plain.open();
  t.true(await plain.search(PEOPLE, '(uid=bob)'), 'an explicit open() reconnects and binds again');
  t.is(await plain.extend.standard.whoAmI(), `dn:${ALICE}`);
  await plain.close();
  await conn.close();
});

slapdTest(
  'SAFE_RESTARTABLE refuses to continue when the re-bind fails (never silently anonymous)',
  async (t) => {
    const conn = new Connection(slapd().url, {
      user: 'uid=carol,ou=people,dc=example,dc=com',
      password: 'carolpw',
      autoBind: true,
      clientStrategy: 'SAFE_RESTARTABLE',
      restartDelay: 200,
      restartTries: 20,
    });
    await conn.open();
    const admin = new Connection(slapd().url, {
      user: 'cn=admin,dc=example,dc=com',
      password: 'secret',
      autoBind: true,
    });
    await admin.open();
    // Carol's password changes behind the connection's back, then the server restarts.
    t.true(
      await admin.extend.standard.modifyPassword({
        user: 'uid=carol,ou=people,dc=example,dc=com',
        newPassword: 'changed',
      }),
    );
    await admin.close();
    await slapd().restart();
    const err = await t.throwsAsync(conn.search(PEOPLE, '(uid=alice)'));
    t.truthy(err);
    t.not((err as { result?: { description?: string } }).result?.description, 'success');
    await conn.close();
  },
);
