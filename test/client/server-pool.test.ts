/** Server addresses, Tls options and ServerPool ordering, failover bookkeeping and exhaustion. */
import test from 'ava';
import {
  Connection,
  Server,
  ServerPool,
  Tls,
  parseServerAddress,
  type ConnectTarget,
} from '../../src/client/index.js';
import { LdapConnectionError, LdapOptionError } from '../../src/errors.js';
import { BerReader } from '../../src/ber/index.js';
import { FakeServer, ok } from './fake-server.js';

test('server addresses: ldap, ldaps, ldapi, IPv6, bare host, explicit port', (t) => {
  t.like(parseServerAddress('ldap://h.example'), { scheme: 'ldap', host: 'h.example', port: 389 });
  t.like(parseServerAddress('ldaps://h.example'), { scheme: 'ldaps', host: 'h.example', port: 636 });
  t.like(parseServerAddress('LDAP://h.example:1389/dc=x'), { scheme: 'ldap', host: 'h.example', port: 1389 });
  t.like(parseServerAddress('ldap://[::1]:3389'), { host: '::1', port: 3389 });
  t.like(parseServerAddress('[fe80::1]'), { host: 'fe80::1', port: 389 });
  t.like(parseServerAddress('h.example', 10389), { scheme: 'ldap', port: 10389 });
  t.like(parseServerAddress('h.example', undefined, true), { scheme: 'ldaps', port: 636 });
  t.like(parseServerAddress('ldapi://%2Fvar%2Frun%2Fslapd%2Fldapi'), {
    scheme: 'ldapi',
    path: '/var/run/slapd/ldapi',
  });
  t.throws(() => parseServerAddress('h', 70000), { instanceOf: LdapOptionError });
  const s = new Server('ldaps://[::1]:1636');
  t.is(s.url, 'ldaps://[::1]:1636');
  t.true(s.ssl);
  t.is(s.tls?.validate, 'required', 'ldaps verifies certificates by default');
});

test('Tls options: validation modes, cert and key together, identity check name', (t) => {
  t.is(new Tls().connectionOptions('h').rejectUnauthorized, true);
  t.is(new Tls({ validate: 'none' }).connectionOptions('h').rejectUnauthorized, false);
  t.throws(() => new Tls({ cert: 'x' }), { instanceOf: LdapOptionError });
  t.throws(() => new Tls({ validate: 'sometimes' as 'none' }), { instanceOf: LdapOptionError });
  const o = new Tls({ ca: 'fixtures/tls/ca.crt', servername: 'ldap.example' }).connectionOptions('127.0.0.1');
  t.is(o.servername, 'ldap.example');
  t.true(Array.isArray(o.ca) && (o.ca as Buffer[])[0]?.includes('BEGIN CERTIFICATE'));
  t.is(new Tls().connectionOptions('127.0.0.1').servername, undefined, 'no SNI for an IP address');
});

test('pool strategies: FIRST keeps order, ROUND_ROBIN rotates, RANDOM permutes', (t) => {
  const names = (list: Server[]) => list.map((s) => s.host);
  const first = new ServerPool(['a', 'b', 'c'], { poolStrategy: 'FIRST' });
  t.deepEqual(names(first.candidates()), ['a', 'b', 'c']);
  t.deepEqual(names(first.candidates()), ['a', 'b', 'c']);
  const rr = new ServerPool(['a', 'b', 'c'], { poolStrategy: 'ROUND_ROBIN' });
  t.deepEqual(
    [
      names(rr.candidates())[0],
      names(rr.candidates())[0],
      names(rr.candidates())[0],
      names(rr.candidates())[0],
    ],
    ['a', 'b', 'c', 'a'],
  );
  const random = new ServerPool(['a', 'b', 'c', 'd'], { poolStrategy: 'RANDOM' });
  for (let i = 0; i < 20; i++) t.deepEqual(names(random.candidates()).sort(), ['a', 'b', 'c', 'd']);
  t.deepEqual(
    names(new ServerPool(['a', 'b'], { poolStrategy: 'FIRST', active: false }).candidates()),
    ['a'],
    'no probing: one server',
  );
  t.throws(() => new ServerPool(['a'], { poolStrategy: 'NEAREST' as 'FIRST' }));
});

test('exhaust takes a dead server out of the pool (for good, or for a while)', (t) => {
  const forever = new ServerPool(['a', 'b'], { poolStrategy: 'FIRST', exhaust: true });
  forever.markFailed(forever.servers[0] as Server);
  t.deepEqual(
    forever.candidates().map((s) => s.host),
    ['b'],
  );
  const timed = new ServerPool(['a', 'b'], { poolStrategy: 'FIRST', exhaust: 0.001 });
  timed.markFailed(timed.servers[0] as Server);
  const later = Date.now() + 5;
  while (Date.now() < later) {
    /* let the exhaustion expire */
  }
  t.deepEqual(
    timed.candidates().map((s) => s.host),
    ['a', 'b'],
  );
  const keep = new ServerPool(['a', 'b'], { poolStrategy: 'FIRST' });
  keep.markFailed(keep.servers[0] as Server);
  t.deepEqual(
    keep.candidates().map((s) => s.host),
    ['a', 'b'],
    'without exhaust nothing is removed',
  );
});

test('a connection over a pool fails over to the next server, with active cycles bounded', async (t) => {
  const tried: string[] = [];
  const factory = (target: ConnectTarget) => {
    tried.push(target.host);
    if (target.host !== 'good')
      return Promise.reject(new LdapConnectionError('LDAP_CONNECT_FAILED', 'refused'));
    const fake = new FakeServer((m, s) => {
      if (m.protocolOp.type === 'SearchRequest') s.send(m.messageID, { type: 'SearchResultDone', ...ok });
    });
    return Promise.resolve(fake.client);
  };
  const pool = new ServerPool(['dead1', 'good'], { poolStrategy: 'FIRST', exhaust: true });
  const conn = new Connection(pool, { socketFactory: factory });
  await conn.open();
  t.deepEqual(tried, ['dead1', 'good']);
  t.is(conn.server.host, 'good');
  t.true(await conn.search('dc=x', '(objectClass=*)'));
  await conn.close();
  tried.length = 0;
  await conn.open();
  t.deepEqual(tried, ['good'], 'the exhausted server is skipped');

  tried.length = 0;
  const allDead = new Connection(new ServerPool(['x', 'y'], { active: 3 }), { socketFactory: factory });
  const err = await t.throwsAsync(allDead.open());
  t.true(err instanceof LdapConnectionError);
  t.is(tried.length, 6, 'three cycles over two servers, then a typed error');
});

test('pagedSearch left early sends the cookie back with size 0', async (t) => {
  const pagedValue = (size: number, cookie: number[]) =>
    new Uint8Array([0x30, 5 + cookie.length, 0x02, 0x01, size, 0x04, cookie.length, ...cookie]);
  const sizes: number[] = [];
  const fake = new FakeServer((m, s) => {
    if (m.protocolOp.type !== 'SearchRequest') return;
    const ctl = m.controls?.find((c) => c.oid === '1.2.840.113556.1.4.319');
    const r = new BerReader(ctl?.value ?? new Uint8Array());
    r.enter();
    const size = r.readInteger();
    sizes.push(size);
    if (size === 0) return s.send(m.messageID, { type: 'SearchResultDone', ...ok });
    for (let i = 0; i < size; i++)
      s.send(m.messageID, {
        type: 'SearchResultEntry',
        objectName: `cn=e${sizes.length}-${i}`,
        attributes: [],
      });
    s.send(m.messageID, { type: 'SearchResultDone', ...ok }, [
      { oid: '1.2.840.113556.1.4.319', critical: false, value: pagedValue(0, [1, 2, 3]) },
    ]);
  });
  const conn = new Connection(new Server('ldap://paged', { getInfo: 'NONE' }), {
    socketFactory: () => Promise.resolve(fake.client),
  });
  await conn.open();
  const seen: string[] = [];
  for await (const e of conn.extend.standard.pagedSearch('dc=x', '(objectClass=*)', { pagedSize: 2 })) {
    seen.push(e.dn);
    if (seen.length === 3) break;
  }
  t.deepEqual(seen, ['cn=e1-0', 'cn=e1-1', 'cn=e2-0']);
  t.deepEqual(sizes, [2, 2, 0], 'two pages, then size 0 to release the server-side result set');
});

test('server info and schema serialise to JSON and come back through Server.fromDefinition', (t) => {
  const original = new Server('x', { getInfo: 'OFFLINE_SLAPD_2_5' });
  const json = JSON.parse(JSON.stringify(original)) as {
    info: { raw: Record<string, string[]> };
    schema: Record<string, string[]>;
  };
  t.true(json.schema.attributeTypes !== undefined && json.schema.attributeTypes.length > 100);
  const copy = Server.fromDefinition('copy', json.info, json.schema);
  t.deepEqual(copy.info?.supportedControls, original.info?.supportedControls);
  t.is(copy.schema?.attributeType('mail')?.oid, original.schema?.attributeType('mail')?.oid);
  t.is(
    copy.schema?.objectClass('inetOrgPerson')?.must.length,
    original.schema?.objectClass('inetOrgPerson')?.must.length,
  );
});

test('RESTARTABLE retries the first connect (bounded); SYNC fails at once', async (t) => {
  let attempts = 0;
  const factory = () => {
    attempts++;
    if (attempts < 3) return Promise.reject(new LdapConnectionError('LDAP_CONNECT_FAILED', 'not yet'));
    return Promise.resolve(new FakeServer().client);
  };
  const conn = new Connection(new Server('ldap://flaky', { getInfo: 'NONE' }), {
    clientStrategy: 'RESTARTABLE',
    restartDelay: 1,
    restartTries: 5,
    socketFactory: factory,
  });
  await conn.open();
  t.is(attempts, 3);
  attempts = 0;
  const never = new Connection(new Server('ldap://flaky', { getInfo: 'NONE' }), {
    clientStrategy: 'RESTARTABLE',
    restartDelay: 1,
    restartTries: 2,
    socketFactory: () => (attempts++, Promise.reject(new LdapConnectionError('LDAP_CONNECT_FAILED', 'down'))),
  });
  await t.throwsAsync(never.open(), { instanceOf: LdapConnectionError });
  t.is(attempts, 2);
  attempts = 0;
  const sync = new Connection(new Server('ldap://flaky', { getInfo: 'NONE' }), { socketFactory: factory });
  await t.throwsAsync(sync.open(), { instanceOf: LdapConnectionError });
  t.is(attempts, 1);
});

test('REUSABLE replaces a pooled connection past its lifetime and keeps serving', async (t) => {
  let connects = 0;
  const factory = () => {
    connects++;
    const fake = new FakeServer((m, s) => {
      if (m.protocolOp.type === 'SearchRequest') s.send(m.messageID, { type: 'SearchResultDone', ...ok });
    });
    return Promise.resolve(fake.client);
  };
  const conn = new Connection(new Server('ldap://pool', { getInfo: 'NONE' }), {
    clientStrategy: 'REUSABLE',
    poolSize: 1,
    // Long enough that the first search finishes inside it on a loaded machine (no timing assertion:
    // only the order of events matters).
    poolLifetime: 0.5,
    socketFactory: factory,
  });
  await conn.open();
  t.is(connects, 1);
  const first = await conn.search('dc=x', '(objectClass=*)');
  t.is((await conn.getResponse(first))[1].description, 'success');
  await new Promise((r) => setTimeout(r, 600));
  const second = await conn.search('dc=x', '(objectClass=*)');
  t.is((await conn.getResponse(second))[1].description, 'success');
  t.is(connects, 2, 'the expired member was replaced by a fresh connection');
  await conn.close();
});
