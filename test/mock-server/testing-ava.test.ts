/**
 * `ldap3ts/testing` with ava: one server for this file on a free port, the fixture restored and
 * the journal cleared before each test. Tests that write run serially.
 */
import test from 'ava';
import { forAva } from '../../mock-server/testing.js';
import { RawClient, enc } from './helpers/raw-client.js';

const ldap = forAva(test, {
  ldif: 'fixtures/mock-server/org.ldif',
  rootDn: 'cn=admin,dc=example,dc=com',
  rootPassword: 'secret',
});

async function deleteAs(dn: string): Promise<number | undefined> {
  const c = await RawClient.connect(ldap.server.port);
  try {
    await c.result(
      c.send({
        type: 'BindRequest',
        version: 3,
        name: 'cn=admin,dc=example,dc=com',
        authentication: { type: 'simple', password: enc('secret') },
      }),
    );
    return await c.resultCode(c.send({ type: 'DelRequest', dn }));
  } finally {
    c.close();
  }
}

for (const round of [1, 2]) {
  test.serial(`each test starts from the fixture (round ${round})`, async (t) => {
    t.regex(ldap.url, /^ldap:\/\/127\.0\.0\.1:\d+$/);
    t.deepEqual(ldap.requests(), [], 'journal cleared before each test');
    ldap.server.directory.assertEntryExists('uid=bob,ou=people,dc=example,dc=com');
    t.is(await deleteAs('uid=bob,ou=people,dc=example,dc=com'), 0);
    ldap.server.directory.assertEntryMissing('uid=bob,ou=people,dc=example,dc=com');
    ldap.assertRequested({ operation: 'delete', dn: 'uid=bob,ou=people,dc=example,dc=com' }, 1);
    ldap.assertRequested({ operation: 'bind' });
  });
}

test.serial('assertRequested explains what the journal holds when it fails', async (t) => {
  await deleteAs('uid=nobody,ou=people,dc=example,dc=com');
  const error = t.throws(() => ldap.assertRequested({ operation: 'modify' }));
  t.regex(error!.message, /expected at least one request matching \{"operation":"modify"\}, found 0/);
  t.regex(error!.message, /delete "uid=nobody,ou=people,dc=example,dc=com" -> 32/);
});

test.serial('fault rules set in one test are gone in the next', async (t) => {
  t.is(ldap.server.faults.rules.length, 0);
  ldap.server.faults.add({ operation: 'delete', resultCode: 51 });
  t.is(await deleteAs('uid=carol,ou=people,dc=example,dc=com'), 51);
});

test.serial('(after the fault test) deletes work again', async (t) => {
  t.is(await deleteAs('uid=carol,ou=people,dc=example,dc=com'), 0);
});
