/**
 * Values typed by syntax: the generated standard-class interfaces are up to date, and what the
 * client returns at run time matches them (numbers, bytes that round-trip, strings).
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { ObjectDef, Reader, Writer } from '../../src/abstract/index.js';
import type { InetOrgPersonAttributes, PosixAccountAttributes } from '../../src/abstract/index.js';
import { backendTest, unique } from './backends.js';
import { generate } from './tools/standard-types.js';

test('src/abstract/standard-types.ts is what the generator makes of the schema fixture', (t) => {
  const schema = readFileSync(new URL('../../fixtures/abstract/schema-slapd.json', import.meta.url), 'utf8');
  const current = readFileSync(new URL('../../src/abstract/standard-types.ts', import.meta.url), 'utf8');
  t.is(current, generate(schema));
  t.regex(current, /uidNumber: number;/);
  t.regex(current, /jpegPhoto\?: Uint8Array\[\];/);
});

type Posix = InetOrgPersonAttributes & PosixAccountAttributes;

backendTest('typed entries: integers are numbers, binary values round-trip byte for byte', async (t, b) => {
  const conn = await b.connect();
  const def = new ObjectDef<Posix>(['inetOrgPerson'], conn, { auxiliaryClass: 'posixAccount' });
  const photo = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x80, 0x00, 0x0a, 0x0d, 0x20, 0xff]);
  const writer = new Writer(conn, def);
  const uid = unique('typed');
  const entry = writer.new(`uid=${uid},ou=people,dc=example,dc=com`);
  entry.cn.set(uid);
  entry.sn.set('Typed');
  // @ts-expect-error uidNumber takes numbers (and the schema's Integer validator agrees at run time)
  t.throws(() => entry.uidNumber.set('forty-two'), { code: 'LDAP_CURSOR_VALIDATION' });
  entry.uidNumber.set(4242);
  entry.gidNumber.set(100);
  entry.homeDirectory.set(`/home/${uid}`);
  entry.jpegPhoto.set([photo]);
  t.true(await writer.commit(), JSON.stringify(conn.result));

  const [read] = await new Reader(conn, def, 'ou=people,dc=example,dc=com', `uid: ${uid}`).search();
  if (!read) return t.fail('not found');
  const n: number | undefined = read.uidNumber.values[0];
  t.is(n, 4242);
  const bytes: Uint8Array | undefined = read.jpegPhoto.values[0];
  t.true(bytes instanceof Uint8Array);
  t.deepEqual(Uint8Array.from(bytes ?? []), photo);
  t.deepEqual(Uint8Array.from(read.entryRawAttribute('jpegPhoto')?.[0] ?? []), photo);
  const names: string[] = read.cn.values;
  // compile-time checks (tsc runs over the tests): typed entries reject unknown names and
  // values of the wrong type
  // @ts-expect-error noSuchAttribute is not in the definition's type
  t.throws(() => read.noSuchAttribute);
  // @ts-expect-error uidNumber holds numbers
  const wrong: string | undefined = read.uidNumber.values[0];
  void wrong;
  t.deepEqual(names, [uid]);
  // JSON shows bytes that are not UTF-8 as base64
  const json = JSON.parse(read.entryToJson()) as { attributes: Record<string, unknown[]> };
  t.deepEqual(json.attributes.jpegPhoto, [Buffer.from(photo).toString('base64')]);
  t.regex(read.entryToLdif(), /\njpegPhoto:: \/9j\/4AAQgAAKDSD\/\n/);
  await conn.unbind();
});

backendTest(
  'deleting a value of an attribute without an EQUALITY rule is refused; removing it works',
  async (t, b) => {
    const conn = await b.connect();
    const def = new ObjectDef<Posix>(['inetOrgPerson'], conn);
    const photo = new Uint8Array([0xff, 0xd8, 0x00, 0x01]);
    const cn = unique('photo');
    t.true(
      await conn.add(`cn=${cn},ou=people,dc=example,dc=com`, ['inetOrgPerson'], {
        cn,
        sn: 'P',
        jpegPhoto: photo,
      }),
    );
    const read = await new Reader(conn, def, `cn=${cn},ou=people,dc=example,dc=com`).searchObject();
    if (!read) return t.fail('not found');
    // slapd: inappropriateMatching (RFC 4511 section 4.6, the value cannot be matched)
    const w = read.entryWritable();
    w.jpegPhoto.delete(new Uint8Array(photo));
    t.false(await w.entryCommitChanges(), 'value delete without an equality rule');
    t.is((w.entryCursor as unknown as Writer).errors[0]?.result.description, 'inappropriateMatching');
    w.jpegPhoto.remove();
    t.true(await w.entryCommitChanges());
    t.deepEqual(w.jpegPhoto.values, []);
    await conn.unbind();
  },
);
