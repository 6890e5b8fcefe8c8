/**
 * The HTTP admin endpoint, driven with real fetch against 127.0.0.1: reset, snapshot/restore,
 * loading LDIF, reading and clearing the journal, setting and clearing fault rules.
 */
import test from 'ava';
import { startMockServer, type MockServer } from '../../mock-server/index.js';
import { RawClient, enc } from './helpers/raw-client.js';

const ADMIN = 'cn=admin,dc=example,dc=com';

async function start(t: { teardown(fn: () => unknown): void }): Promise<MockServer & { adminUrl: string }> {
  const server = await startMockServer({
    ldif: 'fixtures/mock-server/org.ldif',
    rootDn: ADMIN,
    rootPassword: 'secret',
    adminPort: 0,
  });
  t.teardown(() => server.close());
  return server as MockServer & { adminUrl: string };
}

async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: any; text: string }> {
  const res = await fetch(base + path, {
    method,
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

async function del(server: MockServer, dn: string): Promise<number | undefined> {
  const c = await RawClient.connect(server.port);
  try {
    const bind = c.send({
      type: 'BindRequest',
      version: 3,
      name: ADMIN,
      authentication: { type: 'simple', password: enc('secret') },
    });
    await c.result(bind);
    return await c.resultCode(c.send({ type: 'DelRequest', dn }));
  } finally {
    c.close();
  }
}

test('health, LDIF export and load, reset to the fixture', async (t) => {
  const server = await start(t);
  const base = server.adminUrl;
  t.deepEqual((await call(base, 'GET', '/health')).json, { ok: true });
  const added = await call(
    base,
    'POST',
    '/ldif',
    'dn: ou=extra,dc=example,dc=com\nobjectClass: organizationalUnit\nou: extra\n',
  );
  t.is(added.status, 200);
  server.directory.assertEntryExists('ou=extra,dc=example,dc=com');
  t.true((await call(base, 'GET', '/ldif')).text.includes('dn: ou=extra,dc=example,dc=com'));
  t.is((await call(base, 'POST', '/reset')).status, 200);
  server.directory.assertEntryMissing('ou=extra,dc=example,dc=com');
  server.directory.assertEntryExists('uid=alice,ou=people,dc=example,dc=com');
});

test('bad LDIF is a 400 with the reason', async (t) => {
  const server = await start(t);
  const r = await call(
    server.adminUrl,
    'POST',
    '/ldif',
    'dn: cn=x,ou=nowhere,dc=example,dc=com\nobjectClass: person\ncn: x\nsn: x\n',
  );
  t.is(r.status, 400);
  t.truthy(r.json.error);
});

test('snapshot and restore', async (t) => {
  const server = await start(t);
  const base = server.adminUrl;
  const { id } = (await call(base, 'POST', '/snapshot')).json as { id: string };
  t.is(await del(server, 'uid=heidi,ou=people,dc=example,dc=com'), 0);
  server.directory.assertEntryMissing('uid=heidi,ou=people,dc=example,dc=com');
  t.is((await call(base, 'POST', '/restore', { id })).status, 200);
  server.directory.assertEntryExists('uid=heidi,ou=people,dc=example,dc=com');
  t.is((await call(base, 'POST', '/restore', { id: 'nope' })).status, 404);
});

test('journal: read with filters (bytes as utf8/base64, no password), then clear', async (t) => {
  const server = await start(t);
  const base = server.adminUrl;
  await del(server, 'uid=grace,ou=people,dc=example,dc=com');
  const all = (await call(base, 'GET', '/journal')).json as Array<Record<string, any>>;
  t.deepEqual(
    all.map((r) => r.operation),
    ['bind', 'delete'],
  );
  t.false(JSON.stringify(all).includes('secret'));
  t.deepEqual(all[0]!.request.protocolOp.authentication.password, { utf8: '***' });
  const deletes = (await call(base, 'GET', '/journal?operation=delete&resultCode=0')).json as unknown[];
  t.is(deletes.length, 1);
  t.is(
    (
      (await call(base, 'GET', '/journal?dn=UID%3Dgrace%2Cou%3Dpeople%2Cdc%3Dexample%2Cdc%3Dcom'))
        .json as unknown[]
    ).length,
    1,
  );
  t.is((await call(base, 'DELETE', '/journal')).status, 200);
  t.deepEqual((await call(base, 'GET', '/journal')).json, []);
});

test('fault rules: set, list, hit, delete one, clear all; invalid JSON is 400', async (t) => {
  const server = await start(t);
  const base = server.adminUrl;
  const created = await call(base, 'POST', '/faults', [
    { operation: 'delete', resultCode: 53, diagnosticMessage: 'nope' },
    { id: 'slow', operation: 'search', delayMs: 1 },
  ]);
  t.is(created.status, 201);
  t.deepEqual(created.json.ids.length, 2);
  t.is(((await call(base, 'GET', '/faults')).json as unknown[]).length, 2);
  t.is(await del(server, 'uid=frank,ou=people,dc=example,dc=com'), 53);
  t.is((await call(base, 'DELETE', '/faults/slow')).status, 200);
  t.is((await call(base, 'DELETE', '/faults/slow')).status, 404);
  t.is((await call(base, 'DELETE', '/faults')).status, 200);
  t.is(await del(server, 'uid=frank,ou=people,dc=example,dc=com'), 0);
  t.is((await call(base, 'POST', '/faults', '{oops')).status, 400);
  t.is((await call(base, 'POST', '/faults', '[1]')).status, 400);
  t.is((await call(base, 'GET', '/nothing')).status, 404);
});
