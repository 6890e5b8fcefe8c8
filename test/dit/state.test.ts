/** Snapshots, restore, reset, isolation of a running search, the persistent map and id sets. */
import test from 'ava';
import { Directory } from '../../src/dit/index.js';
import { hashOf, newEdit, PMap } from '../../src/dit/pmap.js';
import {
  idSetAdd,
  idSetDelete,
  idSetHas,
  idSetSize,
  idSetToArray,
  type IdSet,
} from '../../src/dit/id-set.js';
import { enc, makeDir, run, searchDns, searchReq, session } from './helpers.js';

test('snapshot/restore: later writes are undone, the snapshot stays valid', async (t) => {
  const dir = await makeDir();
  const snap = dir.snapshot();
  dir.addEntry('uid=carol,ou=people,dc=example,dc=com', {
    objectClass: 'inetOrgPerson',
    cn: 'Carol',
    sn: 'C',
  });
  await run(
    dir,
    { type: 'DelRequest', dn: 'uid=bob,ou=people,dc=example,dc=com' },
    session('cn=admin,dc=example,dc=com'),
  );
  dir.assertEntryExists('uid=carol,ou=people,dc=example,dc=com');
  dir.assertEntryMissing('uid=bob,ou=people,dc=example,dc=com');
  dir.restore(snap);
  dir.assertEntryMissing('uid=carol,ou=people,dc=example,dc=com');
  dir.assertEntryExists('uid=bob,ou=people,dc=example,dc=com');
  // the same snapshot can be restored again after more writes
  dir.addEntry('uid=dan,ou=people,dc=example,dc=com', { objectClass: 'inetOrgPerson', cn: 'Dan', sn: 'D' });
  dir.restore(snap);
  dir.assertEntryMissing('uid=dan,ou=people,dc=example,dc=com');
  t.is((await searchDns(dir, 'dc=example,dc=com', '(uid=dan)')).dns.length, 0, 'indexes restored too');
});

test('reset returns to the state after the last fixture load', async (t) => {
  const dir = await makeDir();
  dir.addEntry('uid=carol,ou=people,dc=example,dc=com', {
    objectClass: 'inetOrgPerson',
    cn: 'Carol',
    sn: 'C',
  });
  dir.reset();
  dir.assertEntryMissing('uid=carol,ou=people,dc=example,dc=com');
  t.is(dir.size, 6);
  const empty = new Directory();
  empty.addEntry('dc=x', { objectClass: ['dcObject', 'organization'], dc: 'x', o: 'x' });
  empty.reset();
  t.is(empty.size, 0, 'without a fixture, reset empties the directory');
});

test('a search sees one state even when a write happens while it emits', async (t) => {
  const dir = await makeDir();
  const admin = session('cn=admin,dc=example,dc=com');
  const seen: string[] = [];
  let wrote = false;
  await dir.handle(
    { messageID: 1, protocolOp: searchReq('dc=example,dc=com', '(objectClass=*)') },
    session(),
    (m) => {
      if (m.protocolOp.type !== 'SearchResultEntry') return;
      seen.push(m.protocolOp.objectName);
      if (!wrote) {
        wrote = true;
        // a write in the middle of the result stream
        void dir.handle(
          { messageID: 2, protocolOp: { type: 'DelRequest', dn: 'cn=admins,ou=groups,dc=example,dc=com' } },
          admin,
          () => undefined,
        );
        dir.addEntry('ou=late,dc=example,dc=com', { objectClass: 'organizationalUnit', ou: 'late' });
      }
    },
  );
  t.true(wrote);
  t.true(seen.includes('cn=admins,ou=groups,dc=example,dc=com'), 'deleted entry still in the running search');
  t.false(seen.includes('ou=late,dc=example,dc=com'), 'added entry not in the running search');
  dir.assertEntryMissing('cn=admins,ou=groups,dc=example,dc=com');
});

test('snapshot of a large directory is O(1): restoring does not copy', async (t) => {
  const dir = new Directory({ profile: 'none' });
  dir.addEntry('dc=big', { objectClass: 'top', dc: 'big' });
  for (let i = 0; i < 5000; i++) dir.addEntry(`cn=u${i},dc=big`, { objectClass: 'top', cn: `u${i}` });
  const a = dir.snapshot();
  const b = dir.snapshot();
  t.is(a.state, b.state, 'two snapshots with no write between share the same state');
  dir.addEntry('cn=extra,dc=big', { objectClass: 'top', cn: 'extra' });
  t.not(dir.snapshot().state, a.state);
  dir.restore(a);
  t.is(dir.size, 5001);
});

test('PMap: persistent updates, deletes, collisions-free iteration', (t) => {
  let m = PMap.empty<string, number>();
  const versions: Array<PMap<string, number>> = [];
  for (let i = 0; i < 2000; i++) {
    m = m.set(`k${i}`, i);
    if (i % 500 === 0) versions.push(m);
  }
  t.is(m.size, 2000);
  t.is(m.get('k1999'), 1999);
  t.is(versions[0]!.size, 1);
  t.is(versions[0]!.get('k5'), undefined, 'old versions unchanged');
  let d = m;
  for (let i = 0; i < 2000; i += 2) d = d.delete(`k${i}`);
  t.is(d.size, 1000);
  t.is(d.get('k2'), undefined);
  t.is(d.get('k3'), 3);
  t.is(m.get('k2'), 2);
  t.is([...d.keys()].length, 1000);
  t.is(m.delete('absent'), m);
  // transient edits mutate in place under their token, copy for others
  const e = newEdit();
  let x = PMap.empty<number, string>();
  for (let i = 0; i < 100; i++) x = x.set(i, 'v', e);
  const frozen = x;
  const y = frozen.set(5, 'changed');
  t.is(frozen.get(5), 'v');
  t.is(y.get(5), 'changed');
});

test('id sets: dense words, single ids, order', (t) => {
  let s: IdSet = undefined;
  for (const id of [70, 3, 31, 32, 1000, 3]) s = idSetAdd(s, id, null);
  t.deepEqual(idSetToArray(s), [3, 31, 32, 70, 1000]);
  t.is(idSetSize(s), 5);
  t.true(idSetHas(s, 31));
  t.false(idSetHas(s, 33));
  s = idSetDelete(s, 31, null);
  s = idSetDelete(s, 999, null);
  t.deepEqual(idSetToArray(s), [3, 32, 70, 1000]);
  let one: IdSet = idSetAdd(undefined, 9, null);
  t.is(one, 9);
  one = idSetDelete(one, 9, null);
  t.is(one, undefined);
});

test('addEntry accepts numbers, booleans, bytes and arrays', async (t) => {
  const dir = await makeDir();
  dir.addEntry('uid=num,ou=people,dc=example,dc=com', {
    objectClass: ['inetOrgPerson', 'posixAccount'],
    cn: 'Num',
    sn: 'N',
    uidNumber: 5000,
    gidNumber: 5000n,
    homeDirectory: '/h',
    jpegPhoto: new Uint8Array([0xff, 0xd8, 0x00]),
  });
  dir.assertValueExists('uid=num,ou=people,dc=example,dc=com', 'uidNumber', '5000');
  dir.assertValueExists(
    'uid=num,ou=people,dc=example,dc=com',
    'jpegPhoto',
    new Uint8Array([0xff, 0xd8, 0x00]),
  );
  t.throws(
    () =>
      dir.addEntry('uid=bad,ou=nowhere,dc=example,dc=com', {
        objectClass: 'inetOrgPerson',
        cn: 'x',
        sn: 'y',
      }),
    { message: /result 32/ },
  );
  // the schema is checked first, as slapd does: person does not allow the RDN's uid
  t.throws(
    () => dir.addEntry('uid=bad,ou=nowhere,dc=example,dc=com', { objectClass: 'person', cn: 'x', sn: 'y' }),
    { message: /result 65 \(attribute 'uid' not allowed\)/ },
  );
  void enc;
});

test('PMap: 300k string keys (full-hash collisions are certain at this size) survive set/get/delete', (t) => {
  let m = PMap.empty<string, number>();
  const e = newEdit();
  const n = 300_000;
  for (let i = 0; i < n; i++) m = m.set(`key:${i}`, i, e);
  t.is(m.size, n);
  let bad = 0;
  for (let i = 0; i < n; i++) if (m.get(`key:${i}`) !== i) bad++;
  t.is(bad, 0);
  const before = m;
  for (let i = 0; i < n; i += 2) m = m.delete(`key:${i}`);
  t.is(m.size, n / 2);
  for (let i = 0; i < n; i++) if (m.get(`key:${i}`) !== (i % 2 ? i : undefined)) bad++;
  t.is(bad, 0);
  t.is(before.get('key:0'), 0, 'the version before the deletes is intact');
  let count = 0;
  m.forEach(() => count++);
  t.is(count, n / 2);
});

test('PMap: keys with equal 32-bit hashes share a collision node', (t) => {
  const seen = new Map<number, string>();
  let pair: [string, string] | undefined;
  for (let i = 0; !pair && i < 2_000_000; i++) {
    const k = `c${i}`;
    const h = hashOf(k);
    const other = seen.get(h);
    if (other !== undefined) pair = [other, k];
    else seen.set(h, k);
  }
  if (!pair) return t.fail('no collision found');
  const [a, b] = pair;
  let m = PMap.empty<string, number>().set('x', 0).set(a, 1).set(b, 2);
  t.is(m.get(a), 1);
  t.is(m.get(b), 2);
  t.is(m.size, 3);
  const updated = m.set(b, 3);
  t.is(updated.get(b), 3);
  t.is(m.get(b), 2, 'persistent');
  t.is(m.set(a, 1), m, 'same value: same map');
  const e = newEdit();
  const owned = m.set(a, 10, e).set(a, 11, e);
  t.is(owned.get(a), 11);
  m = m.delete(a);
  t.is(m.get(a), undefined);
  t.is(m.get(b), 2);
  t.is(m.delete(a), m, 'deleting an absent colliding key changes nothing');
  m = m.delete(b);
  t.is(m.size, 1);
  t.deepEqual([...m.entries()], [['x', 0]]);
});

test('DN names: the sibling fast path agrees with a full parse', async (t) => {
  const { parseName } = await import('../../src/dit/names.js');
  const dir = new Directory();
  const v = dir.engine.view;
  for (const dn of [
    'uid=a,ou=People,dc=Example,dc=com',
    'UID=A , OU=people,dc=example,dc=com',
    'cn=Smith\\, John+uid=js,ou=people,dc=example,dc=com',
    'cn=x\\,y,ou=people,dc=example,dc=com',
    'cn=x\\2Cy+SN=b,ou=people,dc=example,dc=com',
    '2.5.4.3=z,ou=people,dc=example,dc=com',
    'cn;lang-en=z,ou=people,dc=example,dc=com',
  ]) {
    const a = parseName(v, dn);
    const b = parseName(v, dn); // second time: parent from the cache
    t.true(a.ok && b.ok);
    if (a.ok && b.ok) {
      t.is(a.name.ndn, b.name.ndn);
      t.deepEqual(a.name.rdnKeys, b.name.rdnKeys);
    }
  }
  const x = parseName(v, 'uid=a,ou=people,dc=example,dc=com');
  const y = parseName(v, 'UID=A,OU=People,DC=Example,DC=Com');
  t.true(x.ok && y.ok && x.name.ndn === y.name.ndn);
});

test('DN names in the openldap profile are read and written as slapd does', async (t) => {
  const { parseName } = await import('../../src/dit/names.js');
  const v = new Directory().engine.view;
  const written = (dn: string): string | undefined => {
    const r = parseName(v, dn);
    return r.ok ? r.name.dn : undefined;
  };
  // types by their schema name, AVAs sorted by it, options dropped, classes by name, slapd's escapes
  t.is(written('CN=Foo,OU=x, DC=com'), 'cn=Foo,ou=x,dc=com');
  t.is(written('2.5.4.3=Foo+2.5.4.4=b,dc=com'), 'cn=Foo+sn=b,dc=com');
  t.is(written('sn=b+commonName=Foo+description=d,dc=com'), 'cn=Foo+description=d+sn=b,dc=com');
  t.is(written('uid;x-foo=bob;dc=com'), 'uid=bob,dc=com');
  t.is(written('objectClass=PERSON+cn=a,dc=com'), 'cn=a+objectClass=person,dc=com');
  t.is(written('seeAlso=CN\\=X\\, DC\\=Y+cn=a,dc=com'), 'cn=a+seeAlso=cn\\3DX\\2Cdc\\3DY,dc=com');
  t.is(written('description=\\09x\\0d+cn=a,dc=com'), 'cn=a+description=\\09x\\0D,dc=com');
  // a hex value names the BER string inside (RFC 4514 section 2.4; slapd refuses: a deviation)
  const hex = parseName(v, 'cn=#0c024869,dc=com');
  t.true(hex.ok && hex.name.ndn === (parseName(v, 'cn=Hi,dc=com') as { name: { ndn: string } }).name.ndn);
  // refused as slapd refuses them (invalidDNSyntax): hex values that are no BER string, empty
  // values, IA5 spaces, unknown classes, options on numeric OIDs or with characters options
  // cannot have
  for (const bad of [
    'cn=#41,dc=com',
    'uid=#0c06616c696365,dc=com',
    'uid=,dc=com',
    'seeAlso=,dc=com',
    'mail=\\ ,dc=com',
    'objectClass=remote,dc=com',
    'objectClass=1.2.3,dc=com',
    '2.5.4.3;lang-en=x,dc=com',
    'cn;x_y=x,dc=com',
    'cn ;x=y,dc=com',
  ])
    t.is(written(bad), undefined, bad);
  // what stays accepted: a space in a Directory String, a telephone number of a hyphen
  t.is(written('cn=\\ ,dc=com'), 'cn=\\20,dc=com');
  t.is(written('telephoneNumber=-,dc=com'), 'telephoneNumber=-,dc=com');
  // other profiles keep RFC 4514's reading: the hex form names the value, options are errors
  const none = new Directory({ profile: 'none' }).engine.view;
  t.true(parseName(none, 'cn=#0c024869,dc=com').ok);
  t.false(parseName(none, 'cn;lang-en=x,dc=com').ok);
});
