/**
 * The handler chain wrappers in isolation (no socket): journal, fault rules, access control,
 * StartTLS refusals and the access log, each around a small stand-in for the directory.
 */
import test from 'ava';
import { Writable } from 'node:stream';
import type { RequestHandler, Session } from '../../src/dit/index.js';
import type { LdapMessage, RequestOp } from '../../src/protocol/index.js';
import { Journal } from '../../mock-server/handlers/journal.js';
import { FaultSet } from '../../mock-server/handlers/faults.js';
import { AccessControl } from '../../mock-server/handlers/access-control.js';
import { accessLog } from '../../mock-server/handlers/access-log.js';
import { startTls, START_TLS_OID } from '../../mock-server/handlers/start-tls.js';
import { buildChain, type ConnectionSession } from '../../mock-server/handlers/types.js';
import { stubHandler } from './helpers/stub-handler.js';
import { enc, searchOp } from './helpers/raw-client.js';

function session(bindDN = '', extra: Partial<ConnectionSession> = {}): ConnectionSession {
  let destroyed = false;
  return {
    id: 7,
    bindDN,
    tls: false,
    remote: 'test',
    canStartTls: true,
    outstanding: () => 1,
    upgradeAfterResponse: () => undefined,
    destroy: () => {
      destroyed = true;
    },
    get destroyedFlag() {
      return destroyed;
    },
    ...extra,
  } as ConnectionSession;
}

let nextId = 1;
async function run(
  handler: RequestHandler,
  op: RequestOp,
  s: Session = session(),
  controls?: LdapMessage['controls'],
) {
  const out: LdapMessage[] = [];
  const request = {
    messageID: nextId++,
    protocolOp: op,
    ...(controls ? { controls } : {}),
  } as LdapMessage<RequestOp>;
  await handler.handle(request, s, (m) => out.push(m));
  const last = out[out.length - 1]?.protocolOp as
    { resultCode?: number; diagnosticMessage?: string } | undefined;
  return {
    out,
    code: last?.resultCode,
    entries: out.filter((m) => m.protocolOp.type === 'SearchResultEntry'),
  };
}

const bind = (name: string, password = 'pw'): RequestOp => ({
  type: 'BindRequest',
  version: 3,
  name,
  authentication: { type: 'simple', password: enc(password) },
});
const del = (dn: string): RequestOp => ({ type: 'DelRequest', dn });
const modify = (object: string, attr: string): RequestOp => ({
  type: 'ModifyRequest',
  object,
  changes: [{ operation: 2, modification: { type: attr, vals: [enc('v')] } }],
});

test('journal records requests, entry counts and results, and redacts passwords', async (t) => {
  const journal = new Journal();
  const h = buildChain(stubHandler(), [journal.wrapper()]);
  await run(h, bind('cn=ann,dc=example,dc=com', 'hunter2'));
  await run(h, searchOp('dc=example,dc=com', 'cn', { sizeLimit: 4 }) as RequestOp);
  await run(h, del('cn=x,dc=example,dc=com'));
  t.is(journal.records.length, 3);
  const [b, s, d] = journal.records;
  t.is(b!.operation, 'bind');
  t.is(b!.dn, 'cn=ann,dc=example,dc=com');
  t.false(
    JSON.stringify(b!.request, (_k, v) =>
      v instanceof Uint8Array ? new TextDecoder().decode(v) : v,
    ).includes('hunter2'),
  );
  t.is(s!.entries, 4);
  t.is(s!.resultCode, 0);
  t.is(d!.connection, 7);
  t.deepEqual(journal.find({ operation: 'delete', dn: 'CN=X,dc=example,dc=com' }).length, 1);
  t.is(journal.find({ resultCode: 6 }).length, 0);
  journal.clear();
  t.is(journal.records.length, 0);
});

test('journal keeps at most `limit` records', async (t) => {
  const journal = new Journal(2);
  const h = buildChain(stubHandler(), [journal.wrapper()]);
  for (let i = 0; i < 5; i++) await run(h, del(`cn=${i}`));
  t.deepEqual(
    journal.records.map((r) => r.dn),
    ['cn=3', 'cn=4'],
  );
});

test('fault: result code by operation and DN (normalised), limited by times', async (t) => {
  const faults = new FaultSet();
  const h = buildChain(stubHandler(), [faults.wrapper()]);
  faults.add({
    operation: 'delete',
    dn: 'CN=Busy, dc=example,dc=com',
    resultCode: 51,
    diagnosticMessage: 'try later',
    times: 2,
  });
  t.is((await run(h, del('cn=busy,dc=example,dc=com'))).code, 51);
  t.is((await run(h, del('cn=other,dc=example,dc=com'))).code, 0);
  t.is((await run(h, modify('cn=busy,dc=example,dc=com', 'cn'))).code, 0);
  t.is((await run(h, del('cn=busy,dc=example,dc=com'))).code, 51);
  t.is((await run(h, del('cn=busy,dc=example,dc=com'))).code, 0, 'removed after `times`');
  t.is(faults.rules.length, 0);
});

test('fault: subtree, filter substring, control OID and extended name', async (t) => {
  const faults = new FaultSet();
  const h = buildChain(stubHandler(), [faults.wrapper()]);
  faults.add({
    dn: 'ou=people,dc=example,dc=com',
    subtree: true,
    operation: ['modify', 'add'],
    resultCode: 53,
  });
  faults.add({ filter: 'uid=ann', resultCode: 3 });
  faults.add({ control: '1.2.840.113556.1.4.319', resultCode: 12 });
  faults.add({ requestName: '1.3.6.1.4.1.4203.1.11.3', resultCode: 2 });
  t.is((await run(h, modify('uid=x,ou=people,dc=example,dc=com', 'cn'))).code, 53);
  t.is((await run(h, modify('uid=x,ou=groups,dc=example,dc=com', 'cn'))).code, 0);
  const annFilter: RequestOp = {
    ...(searchOp('dc=example,dc=com') as RequestOp & { type: 'SearchRequest' }),
    filter: { type: 'and', filters: [{ type: 'equalityMatch', attribute: 'uid', value: enc('ann') }] },
  };
  t.is((await run(h, annFilter)).code, 3);
  t.is((await run(h, searchOp('dc=example,dc=com') as RequestOp)).code, 0);
  t.is(
    (
      await run(h, searchOp('dc=example,dc=com') as RequestOp, session(), [
        { oid: '1.2.840.113556.1.4.319', critical: false },
      ])
    ).code,
    12,
  );
  t.is((await run(h, { type: 'ExtendedRequest', requestName: '1.3.6.1.4.1.4203.1.11.3' })).code, 2);
  t.is((await run(h, { type: 'ExtendedRequest', requestName: '1.3.6.1.1.8' })).code, 0);
});

test('fault: N entries then an error', async (t) => {
  const faults = new FaultSet();
  const h = buildChain(stubHandler(), [faults.wrapper()]);
  faults.add({ operation: 'search', entries: 2, resultCode: 4 });
  const r = await run(h, searchOp('dc=example,dc=com', 'cn', { sizeLimit: 10 }) as RequestOp);
  t.is(r.entries.length, 2);
  t.is(r.code, 4);
  t.is(r.out.length, 3);
});

test('fault: dropped response still runs the operation; disconnect closes the connection', async (t) => {
  const faults = new FaultSet();
  const journal = new Journal();
  const h = buildChain(stubHandler(), [faults.wrapper(), journal.wrapper()]);
  faults.add({ operation: 'delete', drop: true, times: 1 });
  const dropped = await run(h, del('cn=a'));
  t.is(dropped.out.length, 0);
  t.is(journal.records[0]?.resultCode, 0, 'the directory did run it');
  faults.add({ operation: 'delete', disconnect: true });
  const s = session();
  const gone = await run(h, del('cn=a'), s);
  t.is(gone.out.length, 0);
  t.true((s as unknown as { destroyedFlag: boolean }).destroyedFlag);
});

test('fault: delay, then the real answer; an abort during the delay ends it silently', async (t) => {
  const faults = new FaultSet();
  const h = buildChain(stubHandler(), [faults.wrapper()]);
  const id = faults.add({ operation: 'delete', delayMs: 5 });
  t.is((await run(h, del('cn=a'))).code, 0);
  t.true(faults.remove(id));
  t.false(faults.remove(id));
  faults.add({ operation: 'delete', delayMs: 10_000 });
  const ac = new AbortController();
  const out: LdapMessage[] = [];
  const p = h.handle(
    { messageID: 1, protocolOp: del('cn=a') } as LdapMessage<RequestOp>,
    session(),
    (m) => out.push(m),
    ac.signal,
  );
  ac.abort();
  await p;
  t.is(out.length, 0);
});

test('access: anonymous reads allowed by default, writes need a bind', async (t) => {
  const h = buildChain(stubHandler(), [new AccessControl().wrapper()]);
  t.is((await run(h, searchOp('dc=example,dc=com') as RequestOp)).code, 0);
  t.is((await run(h, del('cn=a,dc=example,dc=com'))).code, 8, 'strongerAuthRequired, as slapd');
  t.is((await run(h, modify('cn=a,dc=example,dc=com', 'cn'))).code, 8);
  t.is((await run(h, del('cn=a,dc=example,dc=com'), session('cn=ann,dc=example,dc=com'))).code, 0);
  t.is((await run(h, bind('cn=ann,dc=example,dc=com'))).code, 0, 'bind is never refused');
});

test('access: anonymous reads refused by option, root DSE still readable', async (t) => {
  const h = buildChain(stubHandler(), [new AccessControl({ anonymousRead: false }).wrapper()]);
  t.is((await run(h, searchOp('dc=example,dc=com') as RequestOp)).code, 50);
  t.is(
    (await run(h, { type: 'CompareRequest', entry: 'cn=a', attributeDesc: 'cn', assertionValue: enc('a') }))
      .code,
    50,
  );
  t.is((await run(h, searchOp('', 'objectClass', { scope: 0 }) as RequestOp)).code, 0);
  t.is((await run(h, searchOp('dc=example,dc=com') as RequestOp, session('cn=ann'))).code, 0);
});

test('access rules: first match wins; attributes, self, users, DNs; root DN bypasses', async (t) => {
  const access = new AccessControl({
    rootDn: 'cn=admin,dc=example,dc=com',
    rules: [
      { dn: 'ou=people,dc=example,dc=com', attributes: ['userPassword'], who: 'self', rights: ['write'] },
      { dn: 'ou=people,dc=example,dc=com', attributes: ['userPassword'], rights: [] },
      { dn: 'ou=people,dc=example,dc=com', who: 'self', rights: ['read', 'write', 'compare'] },
      { dn: 'ou=people,dc=example,dc=com', who: ['users'], rights: ['read', 'compare'] },
      { dn: 'ou=secret,dc=example,dc=com', who: 'cn=boss,dc=example,dc=com', rights: ['read'] },
      { dn: 'ou=secret,dc=example,dc=com', rights: [] },
    ],
  });
  const h = buildChain(stubHandler(), [access.wrapper()]);
  const ann = 'uid=ann,ou=people,dc=example,dc=com';
  const bob = 'uid=bob,ou=people,dc=example,dc=com';
  t.is((await run(h, modify(ann, 'mail'), session(ann))).code, 0, 'self may write');
  t.is((await run(h, modify(ann, 'mail'), session(bob))).code, 50, 'other users may not');
  t.is((await run(h, modify(ann, 'userPassword'), session(ann))).code, 0);
  t.is(
    (
      await run(
        h,
        { type: 'CompareRequest', entry: ann, attributeDesc: 'userPassword', assertionValue: enc('x') },
        session(bob),
      )
    ).code,
    50,
  );
  t.is(
    (
      await run(
        h,
        { type: 'CompareRequest', entry: ann, attributeDesc: 'mail', assertionValue: enc('x') },
        session(bob),
      )
    ).code,
    6,
  );
  t.is((await run(h, modify(ann, 'mail'), session('cn=Admin,dc=example,dc=com'))).code, 0, 'root DN');
  t.is((await run(h, searchOp('ou=secret,dc=example,dc=com') as RequestOp, session(bob))).code, 50);
  t.is(
    (await run(h, searchOp('ou=secret,dc=example,dc=com') as RequestOp, session('cn=boss,dc=example,dc=com')))
      .code,
    0,
  );
  t.true(access.allowed('', 'dc=example,dc=com', 'cn', 'read'), 'no rule: default policy');
});

test('access rules filter search entries and attributes', async (t) => {
  const access = new AccessControl({
    rules: [
      { attributes: ['cn'], who: 'anonymous', rights: [] },
      { dn: 'cn=e1,dc=example,dc=com', who: 'anonymous', rights: [] },
    ],
  });
  const h = buildChain(stubHandler(), [access.wrapper()]);
  const r = await run(h, searchOp('dc=example,dc=com', 'objectClass', { sizeLimit: 3 }) as RequestOp);
  t.is(r.code, 0);
  t.deepEqual(
    r.entries.map((m) => (m.protocolOp as { objectName: string }).objectName),
    ['cn=e0,dc=example,dc=com', 'cn=e2,dc=example,dc=com'],
  );
  t.true(
    r.entries.every((m) => (m.protocolOp as unknown as { attributes: unknown[] }).attributes.length === 0),
  );
  // a filter on cn, which anonymous may not search, matches nothing (no recheck given here)
  const probe = await run(h, searchOp('dc=example,dc=com', 'cn', { sizeLimit: 3 }) as RequestOp);
  t.is(probe.code, 0);
  t.deepEqual(probe.entries, []);
});

test('StartTLS refusals: unavailable without a certificate, operationsError when busy or already TLS', async (t) => {
  const h = buildChain(stubHandler(), [startTls()]);
  const op: RequestOp = { type: 'ExtendedRequest', requestName: START_TLS_OID };
  t.is((await run(h, op, session('', { canStartTls: false }))).code, 52);
  t.is((await run(h, op, session('', { outstanding: () => 2 }))).code, 1);
  t.is((await run(h, op, session('', { tls: true }))).code, 1);
  let upgraded = false;
  const ok = await run(h, op, session('', { upgradeAfterResponse: () => (upgraded = true) }));
  t.is(ok.code, 0);
  t.true(upgraded);
  t.is((ok.out[0]!.protocolOp as { responseName?: string }).responseName, START_TLS_OID);
});

test('access log: text and JSON lines for start and result, never the password', async (t) => {
  for (const format of ['text', 'json'] as const) {
    let text = '';
    const stream = new Writable({
      write(chunk, _enc, cb) {
        text += String(chunk);
        cb();
      },
    });
    const h = buildChain(stubHandler(), [accessLog({ format, stream })]);
    await run(h, bind('cn=ann,dc=example,dc=com', 'hunter2'));
    await run(h, searchOp('dc=example,dc=com', 'cn', { sizeLimit: 2 }) as RequestOp);
    const lines = text.trim().split('\n');
    t.is(lines.length, 4);
    t.false(text.includes('hunter2'));
    if (format === 'json') {
      const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      t.is(parsed[0]!.verb, 'BIND');
      t.is(parsed[2]!.filter, '(cn=*)');
      t.is(parsed[3]!.nentries, 2);
      t.is(parsed[3]!.err, 0);
    } else {
      t.regex(lines[0]!, /^conn=7 op=\d+ BIND dn="cn=ann,dc=example,dc=com" method="simple"$/);
      t.regex(lines[3]!, /RESULT type="SearchResultDone" err=0 nentries=2/);
    }
  }
});
