/**
 * The client's control and extended values (fixtures/client/control-values.json): the bytes
 * each helper builds and what each reader makes of a server's bytes. They are built on the
 * protocol layer's codecs; the vectors pin the client-facing shapes (ldap3's `previousDn`, a
 * boolean `moreResults`, text passwords) and the wire form, e.g. DirSync's signed flags.
 */
import { readFileSync } from 'node:fs';
import test from 'ava';
import {
  describeControl,
  dirSyncControl,
  pagedControl,
  passwordModifyValue,
  persistentSearchControl,
  readDirSync,
  readEntryChange,
  readGeneratedPassword,
  readPagedValue,
} from '../../src/client/controls.js';
import { Connection, Server } from '../../src/client/index.js';
import { fromHex, toHex } from '../../src/util/index.js';
import { FakeServer, ok } from './fake-server.js';

type Arg = string | number | boolean | null;
interface Built {
  name: string;
  kind: 'paged' | 'psearch' | 'passwd' | 'dirsync';
  args: Arg[];
  hex: string;
}
interface Read {
  name: string;
  kind: 'paged' | 'ecn' | 'passwd' | 'dirsync';
  hex: string;
  value: unknown;
}
const vectors = JSON.parse(readFileSync('fixtures/client/control-values.json', 'utf8')) as {
  build: Built[];
  read: Read[];
};

function bytes(hex: string): Uint8Array {
  const out = fromHex(hex.replace(/\s+/g, ''));
  if (!out) throw new Error(`bad hex in the vectors: ${hex}`);
  return out;
}
const optional = <T>(v: Arg, f: (x: NonNullable<Arg>) => T): T | undefined => (v === null ? undefined : f(v));

function build(v: Built): Uint8Array {
  const [a, b, c] = v.args as [Arg, Arg, Arg];
  switch (v.kind) {
    case 'paged':
      return (
        pagedControl(
          Number(a),
          optional(b, (x) => bytes(String(x))),
          Boolean(c),
        ).value ?? new Uint8Array()
      );
    case 'psearch':
      return persistentSearchControl(Number(a), Boolean(b), Boolean(c)).value ?? new Uint8Array();
    case 'passwd':
      return passwordModifyValue(optional(a, String), optional(b, String), optional(c, String));
    case 'dirsync':
      return (
        dirSyncControl(
          Number(a),
          Number(b),
          optional(c, (x) => bytes(String(x))),
        ).value ?? new Uint8Array()
      );
  }
}

/** JSON view of a decoded value: bytes as hex. */
function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return toHex(value);
  if (value === undefined) return null;
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function read(v: Read): unknown {
  const raw = bytes(v.hex);
  switch (v.kind) {
    case 'paged':
      return readPagedValue(raw);
    case 'ecn':
      return readEntryChange(raw);
    case 'passwd':
      return readGeneratedPassword(raw);
    case 'dirsync':
      return readDirSync(raw);
  }
}

test('values the client builds', (t) => {
  for (const v of vectors.build) t.is(toHex(build(v)), v.hex.replace(/\s+/g, '').toLowerCase(), v.name);
});

test('values the client reads', (t) => {
  for (const v of vectors.read) t.deepEqual(plain(read(v)), v.value, v.name);
});

test('result.controls decodes the known values and hands malformed ones over as bytes', (t) => {
  const paged = describeControl({
    oid: '1.2.840.113556.1.4.319',
    critical: false,
    value: bytes('3005020103 0400'),
  });
  t.is(paged.description, 'pagedResults');
  t.deepEqual(plain(paged.value), { size: 3, cookie: '' });
  const broken = describeControl({
    oid: '1.2.840.113556.1.4.841',
    critical: true,
    value: bytes('3003020101'),
  });
  t.true(broken.value instanceof Uint8Array, 'a truncated DirSync value stays bytes');
  t.is(describeControl({ oid: '1.2.3.4', critical: false }).value, null);
});

test('microsoft.dirSync sends the incremental-values flag as MS-ADTS asks (a signed 32-bit INTEGER)', async (t) => {
  const fake = new FakeServer((m, s) => {
    if (m.protocolOp.type === 'SearchRequest') s.send(m.messageID, { type: 'SearchResultDone', ...ok });
  });
  const conn = new Connection(new Server('ldap://dc', { getInfo: 'NONE' }), {
    socketFactory: () => Promise.resolve(fake.client),
  });
  await conn.open();
  const round = await conn.extend.microsoft.dirSync('dc=ad', '(objectClass=*)', { flags: 0x80000000 });
  t.false(round.moreResults);
  t.is(toHex(fake.received[0]?.controls?.[0]?.value ?? new Uint8Array()), '300e02048000000002047fffffff0400');
  await conn.close();
});
