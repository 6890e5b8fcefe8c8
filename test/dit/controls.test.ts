/** Search and update controls: paged results, server-side sort, pre/post-read, proxied authorization. */
import test from 'ava';
import { BerReader, BerWriter } from '../../src/ber/index.js';
import type { Control } from '../../src/protocol/index.js';
import { dec, enc, makeDir, run, searchReq, session } from './helpers.js';

const ADMIN = 'cn=admin,dc=example,dc=com';
const ALICE = 'uid=alice,ou=people,dc=example,dc=com';

function paged(size: number, cookie: Uint8Array = new Uint8Array(), critical = true): Control {
  const w = new BerWriter(32);
  w.startSequence();
  w.writeInteger(size);
  w.writeOctetString(cookie);
  w.endSequence();
  return { oid: '1.2.840.113556.1.4.319', critical, value: w.toBytes() };
}
function readPaged(controls: readonly Control[] | undefined): Uint8Array {
  const c = controls?.find((x) => x.oid === '1.2.840.113556.1.4.319');
  if (!c?.value) throw new Error('no paged response control');
  const r = new BerReader(c.value);
  r.enter();
  r.readInteger();
  return r.readOctetString();
}
const names = (msgs: Array<{ type: string }>) =>
  msgs
    .filter((m) => m.type === 'SearchResultEntry')
    .map((m) => (m as unknown as { objectName: string }).objectName);

test('paged results: pages in order, no empty trailing page, stale cookie refused', async (t) => {
  const dir = await makeDir();
  const all = names((await run(dir, searchReq('dc=example,dc=com', '(objectClass=*)'))).messages);
  t.is(all.length, 6);
  const got: string[] = [];
  let cookie: Uint8Array = new Uint8Array();
  let pages = 0;
  const s = session();
  const used: Uint8Array[] = [];
  do {
    const a = await run(dir, searchReq('dc=example,dc=com', '(objectClass=*)'), s, [paged(3, cookie)]);
    t.is(a.last.resultCode, 0);
    got.push(...names(a.messages));
    cookie = readPaged(a.controls[a.controls.length - 1]);
    if (cookie.length) used.push(cookie);
    pages++;
  } while (cookie.length > 0);
  t.deepEqual(got, all);
  t.is(pages, 2, 'exact multiple: the last full page carries the empty cookie');
  const stale = await run(dir, searchReq('dc=example,dc=com', '(objectClass=*)'), s, [paged(3, used[0])]);
  t.is(stale.last.resultCode, 53);
});

test('paged results: size 0 abandons the search', async (t) => {
  const dir = await makeDir();
  const first = await run(dir, searchReq('dc=example,dc=com', '(objectClass=*)'), session(), [paged(2)]);
  const cookie = readPaged(first.controls[first.controls.length - 1]);
  t.true(cookie.length > 0);
  const stop = await run(dir, searchReq('dc=example,dc=com', '(objectClass=*)'), session(), [
    paged(0, cookie),
  ]);
  t.is(stop.last.resultCode, 0);
  t.is(names(stop.messages).length, 0);
  t.is(readPaged(stop.controls[stop.controls.length - 1]).length, 0);
  const after = await run(dir, searchReq('dc=example,dc=com', '(objectClass=*)'), session(), [
    paged(2, cookie),
  ]);
  t.is(after.last.resultCode, 53);
});

function sortControl(keys: Array<[string, boolean]>): Control {
  const w = new BerWriter(64);
  w.startSequence();
  for (const [attr, reverse] of keys) {
    w.startSequence();
    w.writeString(attr);
    if (reverse) w.writeBoolean(true, 0x81);
    w.endSequence();
  }
  w.endSequence();
  return { oid: '1.2.840.113556.1.4.473', critical: true, value: w.toBytes() };
}

test('server-side sort by an ordering rule, reverse, missing values as the largest', async (t) => {
  const dir = await makeDir();
  const base = 'ou=people,dc=example,dc=com';
  const posix = (uid: string, n: number) =>
    dir.addEntry(`uid=${uid},${base}`, {
      objectClass: ['inetOrgPerson', 'posixAccount'],
      cn: uid,
      sn: uid,
      uidNumber: n,
      gidNumber: 1,
      homeDirectory: `/home/${uid}`,
    });
  posix('p10', 10);
  posix('p9', 9);
  posix('p100', 100);
  const short = (msgs: Array<{ type: string }>) => names(msgs).map((d) => d.split(',')[0]);
  const asc = await run(dir, searchReq(base, '(objectClass=person)'), session(), [
    sortControl([['uidNumber', false]]),
  ]);
  // entries without the key count as larger than any value (RFC 2891 section 1.2): last going
  // up, first going down; among themselves in the order the search found them, which below the
  // suffix is slapd's key order under sssvlv (uid=bob before uid=alice)
  t.deepEqual(short(asc.messages), ['uid=p9', 'uid=p10', 'uid=p100', 'uid=bob', 'uid=alice']);
  const desc = await run(dir, searchReq(base, '(objectClass=person)'), session(), [
    sortControl([['uidNumber', true]]),
  ]);
  t.deepEqual(short(desc.messages), ['uid=bob', 'uid=alice', 'uid=p100', 'uid=p10', 'uid=p9']);
  const resp = asc.controls[asc.controls.length - 1]?.find((c) => c.oid === '1.2.840.113556.1.4.474');
  t.truthy(resp, 'sort response control');
  // cn has no ORDERING rule: a critical sort control cannot be honoured
  const bad = await run(dir, searchReq(base, '(objectClass=person)'), session(), [
    sortControl([['cn', false]]),
  ]);
  t.is(bad.last.resultCode, 18);
});

function readEntryValue(c: Control | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!c?.value) return out;
  const r = new BerReader(c.value);
  r.enter();
  out.set('dn', [dec(r.readOctetString())]);
  r.enter();
  while (r.more()) {
    r.enter();
    const type = dec(r.readOctetString());
    r.enter();
    const vals: string[] = [];
    while (r.more()) vals.push(dec(r.readOctetString()));
    r.leave();
    r.leave();
    out.set(type, vals);
  }
  return out;
}
function attrsControl(oid: string, attrs: string[]): Control {
  const w = new BerWriter(32);
  w.startSequence();
  for (const a of attrs) w.writeString(a);
  w.endSequence();
  return { oid, critical: true, value: w.toBytes() };
}

test('pre-read and post-read return the entry around a modify', async (t) => {
  const dir = await makeDir();
  const a = await run(
    dir,
    {
      type: 'ModifyRequest',
      object: ALICE,
      changes: [{ operation: 2, modification: { type: 'mail', vals: [enc('new@example.com')] } }],
    },
    session(ADMIN),
    [attrsControl('1.3.6.1.1.13.1', ['mail']), attrsControl('1.3.6.1.1.13.2', ['mail'])],
  );
  t.is(a.last.resultCode, 0);
  const controls = a.controls[a.controls.length - 1] ?? [];
  t.deepEqual(readEntryValue(controls.find((c) => c.oid === '1.3.6.1.1.13.1')).get('mail'), [
    'alice@example.com',
  ]);
  t.deepEqual(readEntryValue(controls.find((c) => c.oid === '1.3.6.1.1.13.2')).get('mail'), [
    'new@example.com',
  ]);
});

test('proxied authorization: root may act as a user, others are denied', async (t) => {
  const dir = await makeDir();
  const proxy = (id: string): Control => ({
    oid: '2.16.840.1.113730.3.4.18',
    critical: true,
    value: enc(id),
  });
  const who = { type: 'ExtendedRequest', requestName: '1.3.6.1.4.1.4203.1.11.3' } as const;
  const asAlice = await run(dir, who, session(ADMIN), [proxy(`dn:${ALICE}`)]);
  t.is(dec((asAlice.last as unknown as { responseValue: Uint8Array }).responseValue), `dn:${ALICE}`);
  const byUid = await run(dir, who, session(ADMIN), [proxy('u:bob')]);
  t.is(
    dec((byUid.last as unknown as { responseValue: Uint8Array }).responseValue),
    'dn:uid=bob,ou=people,dc=example,dc=com',
  );
  const denied = await run(dir, who, session(ALICE), [proxy('u:bob')]);
  t.is(denied.last.resultCode, 123);
  // the modifiersName is the proxied identity
  await run(
    dir,
    {
      type: 'ModifyRequest',
      object: ALICE,
      changes: [{ operation: 0, modification: { type: 'description', vals: [enc('x')] } }],
    },
    session(ADMIN),
    [proxy('u:bob')],
  );
  const r = await run(dir, searchReq(ALICE, '(objectClass=*)', 0, ['modifiersName']));
  const e = r.messages[0] as unknown as { attributes: Array<{ vals: Uint8Array[] }> };
  t.is(dec(e.attributes[0]!.vals[0]!), 'uid=bob,ou=people,dc=example,dc=com');
});

test("don't-use-copy and ManageDsaIT are accepted as critical", async (t) => {
  const dir = await makeDir();
  const a = await run(dir, searchReq(ALICE, '(objectClass=*)', 0), session(), [
    { oid: '1.3.6.1.1.22', critical: true },
    { oid: '2.16.840.1.113730.3.4.2', critical: true },
  ]);
  t.is(a.last.resultCode, 0);
  t.is(names(a.messages).length, 1);
});

function vlvControl(
  before: number,
  after: number,
  target: { offset: number; count: number } | string,
): Control {
  const w = new BerWriter(32);
  w.startSequence();
  w.writeInteger(before);
  w.writeInteger(after);
  if (typeof target === 'string') w.writeString(target, 0x81);
  else {
    w.startSequence(0xa0);
    w.writeInteger(target.offset);
    w.writeInteger(target.count);
    w.endSequence();
  }
  w.endSequence();
  return { oid: '2.16.840.1.113730.3.4.9', critical: true, value: w.toBytes() };
}
function readVlv(controls: readonly Control[] | undefined): [number, number, number] {
  const c = controls?.find((x) => x.oid === '2.16.840.1.113730.3.4.10');
  const r = new BerReader(c!.value!);
  r.enter();
  return [r.readInteger(), r.readInteger(), r.readEnumerated()];
}

test('virtual list view: assertion and offset targets over a sorted result (as slapd sssvlv)', async (t) => {
  const dir = await makeDir();
  const base = 'ou=people,dc=example,dc=com';
  for (let i = 0; i < 6; i++) {
    dir.addEntry(`uid=p${i},${base}`, {
      objectClass: ['inetOrgPerson', 'posixAccount'],
      cn: `p${i}`,
      sn: 'p',
      uidNumber: ((i * 37) % 11) + 10,
      gidNumber: 1,
      homeDirectory: '/h',
    });
  }
  const short = (msgs: Array<{ type: string }>) => names(msgs).map((d) => d.split(',')[0]);
  const sorted = [sortControl([['uidNumber', false]])];
  // slapd: vlv=0/2:15 gives p4 p2 p5 at position 4 of 6
  const byValue = await run(dir, searchReq(base, '(uidNumber=*)'), session(), [
    ...sorted,
    vlvControl(0, 2, '15'),
  ]);
  t.deepEqual(short(byValue.messages), ['uid=p4', 'uid=p2', 'uid=p5']);
  t.deepEqual(readVlv(byValue.controls[byValue.controls.length - 1]), [4, 6, 0]);
  const byOffset = await run(dir, searchReq(base, '(uidNumber=*)'), session(), [
    ...sorted,
    vlvControl(1, 1, { offset: 2, count: 0 }),
  ]);
  t.deepEqual(short(byOffset.messages), ['uid=p0', 'uid=p3', 'uid=p1']);
  t.deepEqual(readVlv(byOffset.controls[byOffset.controls.length - 1]), [2, 6, 0]);
  // the client's content count scales the offset: 3 of 3 is the end of the list
  const scaled = await run(dir, searchReq(base, '(uidNumber=*)'), session(), [
    ...sorted,
    vlvControl(0, 0, { offset: 3, count: 3 }),
  ]);
  t.deepEqual(short(scaled.messages), ['uid=p5']);
  const noSort = await run(dir, searchReq(base, '(uidNumber=*)'), session(), [
    vlvControl(0, 0, { offset: 1, count: 0 }),
  ]);
  t.is(noSort.last.resultCode, 60);
});

test('transactions (RFC 5805): queued updates commit atomically, a failure rolls all back, abort discards', async (t) => {
  const dir = await makeDir();
  const s = session(ADMIN);
  const start = async () => {
    const a = await run(dir, { type: 'ExtendedRequest', requestName: '1.3.6.1.1.21.1' }, s);
    t.is(a.last.resultCode, 0);
    return (a.last as unknown as { responseValue: Uint8Array }).responseValue;
  };
  const spec = (id: Uint8Array): Control => ({ oid: '1.3.6.1.1.21.2', critical: true, value: id });
  const end = (id: Uint8Array, commit: boolean) => {
    const w = new BerWriter(32);
    w.startSequence();
    if (!commit) w.writeBoolean(false);
    w.writeOctetString(id);
    w.endSequence();
    return run(dir, { type: 'ExtendedRequest', requestName: '1.3.6.1.1.21.3', requestValue: w.toBytes() }, s);
  };
  const desc = (dn: string, v: string) =>
    ({
      type: 'ModifyRequest',
      object: dn,
      changes: [{ operation: 2, modification: { type: 'description', vals: [enc(v)] } }],
    }) as const;
  const BOB = 'uid=bob,ou=people,dc=example,dc=com';

  const t1 = await start();
  t.is((await run(dir, desc(ALICE, 't1'), s, [spec(t1)])).last.resultCode, 0);
  t.is((await run(dir, desc(BOB, 't2'), s, [spec(t1)])).last.resultCode, 0);
  dir.assertAttributeMissing(ALICE, 'description');
  t.is((await end(t1, true)).last.resultCode, 0);
  dir.assertValueExists(ALICE, 'description', 't1');
  dir.assertValueExists(BOB, 'description', 't2');

  const t2 = await start();
  await run(dir, desc(ALICE, 't3'), s, [spec(t2)]);
  await run(dir, desc('uid=nobody,ou=people,dc=example,dc=com', 't4'), s, [spec(t2)]);
  const failed = await end(t2, true);
  t.is(failed.last.resultCode, 32, 'the failing update decides the result');
  dir.assertValueExists(ALICE, 'description', 't1');
  dir.assertValueMissing(ALICE, 'description', 't3');

  const t3 = await start();
  await run(dir, desc(ALICE, 't5'), s, [spec(t3)]);
  t.is((await end(t3, false)).last.resultCode, 0);
  dir.assertValueMissing(ALICE, 'description', 't5');
  t.is(
    (await end(t3, true)).last.resultCode,
    0x4121,
    'a finished transaction is gone (slapd: LDAP_X_TXN_ID_INVALID)',
  );
  t.is((await run(dir, desc(ALICE, 'x'), s, [spec(enc('nope'))])).last.resultCode, 53);
  // as slapd: one transaction per connection at a time, and committing nothing is an error
  const t4 = await start();
  const again = await run(dir, { type: 'ExtendedRequest', requestName: '1.3.6.1.1.21.1' }, s);
  t.is(again.last.resultCode, 51);
  t.is((await end(t4, true)).last.resultCode, 1);
});
