/**
 * The JavaScript client of the admin endpoint, tested at the HTTP level with nock (the endpoint
 * itself is tested with real fetch in admin.test.ts); one end-to-end round trip closes the loop.
 */
import test from 'ava';
import nock from 'nock';
import { AdminClient, AdminClientError } from '../../mock-server/admin-client.js';
import { startMockServer } from '../../mock-server/index.js';

const BASE = 'http://admin.test:8389';

test.before(() => nock.disableNetConnect());
test.after.always(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

test.serial('reset, snapshot and restore hit the documented routes', async (t) => {
  const scope = nock(BASE)
    .post('/reset')
    .reply(200, { ok: true })
    .post('/snapshot')
    .reply(200, { id: 's7' })
    .post('/restore', { id: 's7' })
    .reply(200, { ok: true });
  const admin = new AdminClient(BASE + '/');
  await admin.reset();
  t.is(await admin.snapshot(), 's7');
  await admin.restore('s7');
  t.true(scope.isDone());
});

test.serial('journal queries become URL parameters; clearJournal deletes', async (t) => {
  const scope = nock(BASE)
    .get('/journal')
    .query({ operation: 'delete', dn: 'uid=ann,dc=example,dc=com', resultCode: '0' })
    .reply(200, [{ seq: 1, operation: 'delete', dn: 'uid=ann,dc=example,dc=com', resultCode: 0 }])
    .get('/journal')
    .reply(200, [])
    .delete('/journal')
    .reply(200, { ok: true });
  const admin = new AdminClient(BASE);
  const records = await admin.journal({
    operation: 'delete',
    dn: 'uid=ann,dc=example,dc=com',
    resultCode: 0,
  });
  t.is(records[0]?.seq, 1);
  t.deepEqual(await admin.journal(), []);
  await admin.clearJournal();
  t.true(scope.isDone());
});

test.serial('fault rules are posted as a JSON array and removed by id', async (t) => {
  const rules = [
    { operation: 'bind' as const, resultCode: 49 },
    { operation: 'search' as const, delayMs: 100 },
  ];
  const scope = nock(BASE)
    .post('/faults', rules)
    .reply(201, { ids: ['fault-1', 'fault-2'] })
    .get('/faults')
    .reply(200, rules)
    .delete('/faults/fault%201')
    .reply(200, { ok: true })
    .delete('/faults')
    .reply(200, { ok: true });
  const admin = new AdminClient(BASE);
  t.deepEqual(await admin.addFaults(...rules), ['fault-1', 'fault-2']);
  t.is((await admin.faults()).length, 2);
  await admin.removeFault('fault 1');
  await admin.clearFaults();
  t.true(scope.isDone());
});

test.serial('LDIF goes as text both ways; errors carry status and the server reason', async (t) => {
  const ldif = 'dn: ou=x,dc=example,dc=com\nobjectClass: organizationalUnit\nou: x\n';
  nock(BASE)
    .post('/ldif', ldif)
    .reply(400, { error: 'line 2: no such object class' })
    .get('/ldif')
    .reply(200, 'dn: dc=example,dc=com\n', { 'content-type': 'text/plain' })
    .post('/restore')
    .reply(404, 'gone', { 'content-type': 'text/plain' });
  const admin = new AdminClient(BASE);
  const error = await t.throwsAsync(admin.loadLdif(ldif), { instanceOf: AdminClientError });
  t.is(error!.status, 400);
  t.regex(error!.message, /POST \/ldif: 400 line 2: no such object class/);
  t.is(await admin.exportLdif(), 'dn: dc=example,dc=com\n');
  t.is((await t.throwsAsync(admin.restore('x'), { instanceOf: AdminClientError }))!.status, 404);
});

test.serial('against a real server: add a fault, see it in the journal, reset', async (t) => {
  nock.enableNetConnect('127.0.0.1');
  const server = await startMockServer({ ldif: 'fixtures/mock-server/org.ldif', adminPort: 0 });
  t.teardown(() => server.close());
  const admin = new AdminClient(server.adminUrl!);
  const [id] = await admin.addFaults({ operation: 'delete', resultCode: 53 });
  t.is((await admin.faults())[0]?.id, id);
  await admin.loadLdif('dn: ou=extra,dc=example,dc=com\nobjectClass: organizationalUnit\nou: extra\n');
  t.true((await admin.exportLdif()).includes('ou=extra'));
  await admin.reset();
  t.false((await admin.exportLdif()).includes('ou=extra'));
  await admin.clearFaults();
  t.deepEqual(await admin.faults(), []);
});
