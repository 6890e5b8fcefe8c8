/** The packed stored form of entries: every value comes back byte for byte, shapes are shared. */
import test from 'ava';
import { Directory } from '../../src/dit/index.js';
import { PackedAttrs } from '../../src/dit/attr-map.js';
import { enc, run, session } from './helpers.js';

const bytes = (n: number, seed: number): Uint8Array =>
  Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

function dirWithPeople(): Directory {
  const dir = new Directory({
    uuid: 7,
    clock: () => new Date('2024-01-01T00:00:00Z'),
    rootDn: 'cn=admin,dc=example,dc=com',
    rootPassword: 'secret',
  });
  dir.addEntry('dc=example,dc=com', {
    objectClass: ['dcObject', 'organization'],
    dc: 'example',
    o: 'Example',
  });
  return dir;
}

test('values of every length (varint boundaries 127/128, 16383/16384) come back byte for byte', (t) => {
  const dir = dirWithPeople();
  const lengths = [1, 127, 128, 300, 16383, 16384, 70000];
  const photos = lengths.map((n, i) => bytes(n, i));
  dir.addEntry('cn=pics,dc=example,dc=com', {
    objectClass: 'inetOrgPerson',
    cn: ['pics', 'Pictures'],
    'cn;lang-fr': 'images',
    sn: 'x'.repeat(200),
    jpegPhoto: photos,
  });
  const e = dir.engine.lookup(dir.engine.name('cn=pics,dc=example,dc=com').ndn);
  t.true(e?.attrs instanceof PackedAttrs);
  const photo = dir.engine.get(e!, 'jpegPhoto');
  t.deepEqual(
    photo?.values.map((v) => v.length),
    lengths,
  );
  photo?.values.forEach((v, i) => t.deepEqual([...v], [...(photos[i] as Uint8Array)]));
  const text = dir.getEntry('cn=pics,dc=example,dc=com');
  t.deepEqual(text?.get('cn'), ['pics', 'Pictures']);
  t.deepEqual(text?.get('cn;lang-fr'), ['images']);
  t.deepEqual(text?.get('sn'), ['x'.repeat(200)]);
  t.is(text?.get('structuralObjectClass')?.[0], 'inetOrgPerson');
  t.is(text?.get('createTimestamp')?.[0], '20240101000000Z');
  // reading one attribute, then all, then one again agrees (decoding cache)
  t.deepEqual(dir.engine.get(e!, 'sn')?.values.length, 1);
  t.deepEqual([...e!.attrs.keys()].length, e!.attrs.size);
  t.deepEqual(dir.engine.get(e!, 'cn')?.values.length, 2);
});

test('entries added from one template share one shape; values and stamps stay per entry', (t) => {
  const dir = dirWithPeople();
  for (let i = 0; i < 3; i++)
    dir.addEntry(`uid=u${i},dc=example,dc=com`, {
      objectClass: 'inetOrgPerson',
      uid: `u${i}`,
      cn: `U ${i}`,
      sn: 'S',
    });
  const entries = [0, 1, 2].map((i) => dir.engine.lookup(dir.engine.name(`uid=u${i},dc=example,dc=com`).ndn));
  const shapes = entries.map((e) => (e?.attrs as PackedAttrs).shape);
  t.is(shapes[0], shapes[1]);
  t.is(shapes[1], shapes[2]);
  const uuids = [0, 1, 2].map((i) => dir.getEntry(`uid=u${i},dc=example,dc=com`)?.get('entryUUID')?.[0]);
  t.is(new Set(uuids).size, 3);
  t.deepEqual(
    [0, 1, 2].map((i) => dir.getEntry(`uid=u${i},dc=example,dc=com`)?.get('cn')?.[0]),
    ['U 0', 'U 1', 'U 2'],
  );
});

test('a modified entry is repacked: old and new states both read correctly', async (t) => {
  const dir = dirWithPeople();
  dir.addEntry('uid=m,dc=example,dc=com', {
    objectClass: 'inetOrgPerson',
    uid: 'm',
    cn: 'M',
    sn: 'S',
    mail: 'm@x',
  });
  const before = dir.snapshot();
  dir.addEntry('uid=n,dc=example,dc=com', { objectClass: 'inetOrgPerson', uid: 'n', cn: 'N', sn: 'S' });
  t.notThrows(() => dir.assertValueExists('uid=m,dc=example,dc=com', 'mail', 'm@x'));
  dir.restore(before);
  t.notThrows(() => dir.assertEntryMissing('uid=n,dc=example,dc=com'));
  t.deepEqual(dir.getEntry('uid=m,dc=example,dc=com')?.get('mail'), ['m@x']);
  t.throws(() => dir.assertValueExists('uid=m,dc=example,dc=com', 'mail', 'other@x'));
  await run(
    dir,
    {
      type: 'ModifyRequest',
      object: 'uid=m,dc=example,dc=com',
      changes: [{ operation: 2, modification: { type: 'mail', vals: [enc('new@x'), enc('x'.repeat(500))] } }],
    },
    session('cn=admin,dc=example,dc=com'),
  );
  t.deepEqual(dir.getEntry('uid=m,dc=example,dc=com')?.get('mail'), ['new@x', 'x'.repeat(500)]);
  t.deepEqual(dir.getEntry('uid=m,dc=example,dc=com')?.get('cn'), ['M']);
  dir.restore(before);
  t.deepEqual(dir.getEntry('uid=m,dc=example,dc=com')?.get('mail'), ['m@x']);
});
