/**
 * Access control over the wire with a third-party client (ldapts): anonymous reads refused by
 * option, attribute and entry rules hiding data, insufficientAccessRights (50) on writes, and the
 * root DN above every rule.
 */
import test from 'ava';
import { Attribute, Change, Client } from 'ldapts';
import { startMockServer } from '../../mock-server/index.js';

const ADMIN = 'cn=admin,dc=example,dc=com';
const ALICE = 'uid=alice,ou=people,dc=example,dc=com';
const BOB = 'uid=bob,ou=people,dc=example,dc=com';

async function codeOf(p: Promise<unknown>): Promise<number | undefined> {
  try {
    await p;
    return 0;
  } catch (error) {
    return (error as { code?: number }).code;
  }
}

test('rules as data: hidden attributes, self-write only, root DN bypass, anonymous refused', async (t) => {
  const server = await startMockServer({
    ldif: 'fixtures/mock-server/org.ldif',
    rootDn: ADMIN,
    rootPassword: 'secret',
    anonymousRead: false,
    accessRules: [
      { dn: 'ou=people,dc=example,dc=com', attributes: ['userPassword'], who: 'self', rights: ['write'] },
      { dn: 'ou=people,dc=example,dc=com', attributes: ['userPassword', 'employeeNumber'], rights: [] },
      { dn: 'ou=people,dc=example,dc=com', who: 'self', rights: ['read', 'write', 'compare'] },
      { dn: 'ou=people,dc=example,dc=com', who: 'users', rights: ['read', 'compare'] },
    ],
  });
  t.teardown(() => server.close());

  const anon = new Client({ url: server.url });
  t.is(await codeOf(anon.search('ou=people,dc=example,dc=com', { filter: '(uid=alice)' })), 50);
  const rootDse = await anon.search('', { scope: 'base', attributes: ['namingContexts'] });
  t.is(rootDse.searchEntries.length, 1, 'the root DSE stays readable');
  await anon.unbind();

  const bob = new Client({ url: server.url });
  await bob.bind(BOB, 'bob-secret');
  const seen = await bob.search(ALICE, { scope: 'base' });
  t.is(seen.searchEntries.length, 1);
  t.is(seen.searchEntries[0]!.userPassword, undefined);
  t.is(seen.searchEntries[0]!.employeeNumber, undefined);
  t.is(seen.searchEntries[0]!.mail, 'alice@example.com');
  const replaceMail = new Change({
    operation: 'replace',
    modification: new Attribute({ type: 'mail', values: ['x@example.com'] }),
  });
  t.is(await codeOf(bob.modify(ALICE, replaceMail)), 50);
  t.is(await codeOf(bob.modify(BOB, replaceMail)), 0, 'self may write');
  t.is(await codeOf(bob.compare(ALICE, 'userPassword', 'alice-secret')), 50);
  // the same attribute by its OID or in another case is the same attribute to the rules
  t.is(await codeOf(bob.compare(ALICE, '2.5.4.35', 'alice-secret')), 50);
  t.is(await codeOf(bob.compare(ALICE, 'USERPASSWORD', 'alice-secret')), 50);
  const byOid = await bob.search(ALICE, { scope: 'base', attributes: ['2.5.4.35', 'employeeNumber'] });
  t.is(byOid.searchEntries[0]!.userPassword, undefined);
  const setPw = (type: string) =>
    new Change({ operation: 'replace', modification: new Attribute({ type, values: ['stolen'] }) });
  t.is(await codeOf(bob.modify(ALICE, setPw('2.5.4.35'))), 50);
  // a filter cannot probe an attribute the client may not search: the item is Undefined (slapd)
  const dns = async (filter: string) =>
    (await bob.search('ou=people,dc=example,dc=com', { filter, attributes: ['1.1'] })).searchEntries.map(
      (e) => e.dn,
    );
  t.deepEqual(await dns('(userPassword=alice-secret)'), []);
  t.deepEqual(await dns('(userpassword=*)'), []);
  t.false((await dns('(!(userPassword=wrong guess))')).includes(ALICE));
  t.deepEqual(await dns('(|(userPassword=alice-secret)(uid=alice))'), [ALICE]);
  t.deepEqual(await dns('(&(employeeNumber=*)(uid=alice))'), []);
  t.true((await dns('(uid=*)')).includes(ALICE), 'searchable attributes still match');
  // self-write of the password, named by its OID, is what the first rule allows
  t.is(await codeOf(bob.modify(BOB, setPw('2.5.4.35'))), 0);
  await bob.unbind();

  const admin = new Client({ url: server.url });
  await admin.bind(ADMIN, 'secret');
  t.is(
    (await admin.search(ALICE, { scope: 'base', filter: '(userPassword=alice-secret)' })).searchEntries
      .length,
    1,
  );
  const full = await admin.search(ALICE, { scope: 'base', attributes: ['userPassword'] });
  t.truthy(full.searchEntries[0]!.userPassword, 'the root DN reads everything');
  t.is(await codeOf(admin.modify(ALICE, replaceMail)), 0);
  await admin.unbind();
  server.directory.assertValueExists(BOB, 'mail', 'x@example.com');
});
