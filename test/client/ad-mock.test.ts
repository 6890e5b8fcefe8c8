/**
 * The client's AD conveniences against the mock directory's `ad` profile: autoRange joins the
 * ranges of a long attribute into one list, and SIDs and GUIDs come back formatted.
 */
import test from 'ava';
import { Connection, MOCK_SYNC, MODIFY_REPLACE, OFFLINE_AD_SAMBA_4, Server } from '../../src/client/index.js';

test('autoRange joins member;range=... pages of a 3100-member group; off, the first range is what AD sent', async (t) => {
  const server = new Server('fake_dc', { getInfo: OFFLINE_AD_SAMBA_4 });
  await server.directory.loadLdif('fixtures/example-ad.ldif');
  const members = Array.from({ length: 3100 }, (_, i) => `CN=m${i},DC=example,DC=com`);
  server.directory.addEntry('CN=Big,OU=Groups,DC=example,DC=com', {
    objectClass: ['top', 'group'],
    cn: 'Big',
    sAMAccountName: 'Big',
    member: members,
  });
  const conn = new Connection(server, {
    user: 'alice@example.com',
    password: 'alice-pw',
    clientStrategy: MOCK_SYNC,
  });
  t.true(await conn.bind());
  t.true(
    await conn.search('DC=example,DC=com', '(cn=Big)', { attributes: ['member', 'objectSid', 'objectGUID'] }),
  );
  const big = conn.entries[0]!.entryAttributesAsDict;
  t.deepEqual(big.get('member'), members);
  t.regex(String(big.get('objectSid')), /^S-1-5-21-\d+-\d+-\d+-\d+$/);
  t.regex(
    String(big.get('objectGUID')),
    /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/,
  );

  const raw = new Connection(server, {
    user: 'alice@example.com',
    password: 'alice-pw',
    clientStrategy: MOCK_SYNC,
    autoRange: false,
  });
  t.true(await raw.bind());
  t.true(await raw.search('DC=example,DC=com', '(cn=Big)', { attributes: ['member'] }));
  const item = raw.response?.find((r) => r.type === 'searchResEntry') as unknown as {
    rawAttributes: Map<string, Uint8Array[]>;
  };
  t.deepEqual([...item.rawAttributes.keys()], ['member;range=0-1499']);
  t.is(item.rawAttributes.get('member;range=0-1499')?.length, 1500);
});

test('a password is set over ldaps:// or after StartTLS, refused over plain LDAP, as AD does', async (t) => {
  const newPassword = {
    unicodePwd: [MODIFY_REPLACE, [new Uint8Array(Buffer.from('"S3cret!"', 'utf16le'))]],
  } as const;
  const bob = 'CN=Bob Jones,OU=People,DC=example,DC=com';
  const plainServer = new Server('fake_dc', { getInfo: OFFLINE_AD_SAMBA_4 });
  await plainServer.directory.loadLdif('fixtures/example-ad.ldif');
  const plain = new Connection(plainServer, {
    user: 'alice@example.com',
    password: 'alice-pw',
    clientStrategy: MOCK_SYNC,
  });
  t.true(await plain.bind());
  t.false(await plain.modify(bob, newPassword));
  t.is(plain.result?.description, 'unwillingToPerform');
  t.true(await plain.startTls());
  t.true(await plain.modify(bob, newPassword));
  const secureServer = new Server('ldaps://dc.example.com', { getInfo: OFFLINE_AD_SAMBA_4 });
  await secureServer.directory.loadLdif('fixtures/example-ad.ldif');
  const secure = new Connection(secureServer, {
    user: 'alice@example.com',
    password: 'alice-pw',
    clientStrategy: MOCK_SYNC,
  });
  t.true(await secure.bind());
  t.true(await secure.modify(bob, newPassword));
  const asBob = new Connection(secureServer, {
    user: 'bob@example.com',
    password: 'S3cret!',
    clientStrategy: MOCK_SYNC,
  });
  t.true(await asBob.bind());
});
