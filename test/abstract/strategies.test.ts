/**
 * The abstraction layer over every result convention of the client: SYNC-like (boolean and
 * conn.result), SAFE_SYNC (tuples) and ASYNC-like (message ids and getResponse), on slapd and on
 * the in-memory directory; and the seam's own checks with a tiny test double.
 */
import test from 'ava';
import {
  ASYNC,
  Connection,
  MOCK_ASYNC,
  OFFLINE_SLAPD_2_5,
  SAFE_SYNC,
  ALL,
  Server,
} from '../../src/client/index.js';
import { LdapCursorError, ObjectDef, Reader, Writer } from '../../src/abstract/index.js';
import type { CursorConnection } from '../../src/abstract/index.js';
import { haveSlapd, useSlapd } from '../helpers/slapd.js';
import { PEOPLE_LDIF, unique } from './backends.js';

const PEOPLE = 'ou=people,dc=example,dc=com';
const slapd = useSlapd({ ldif: PEOPLE_LDIF });

async function exercise(conn: CursorConnection, t: import('ava').ExecutionContext): Promise<void> {
  const def = new ObjectDef(['inetOrgPerson'], conn);
  const reader = new Reader(conn, def, PEOPLE, 'sn: Smith');
  const [john] = await reader.search();
  t.is(john?.givenName!.value, 'John');
  const writer = new Writer(conn, def);
  const cn = unique('strategy');
  const entry = writer.new(`cn=${cn},${PEOPLE}`);
  entry.sn!.set('Strategy');
  t.true(await entry.entryCommitChanges());
  entry.description!.set('changed');
  t.true(await entry.entryCommitChanges());
  t.is(entry.description!.value, 'changed');
  entry.entryDelete();
  t.true(await entry.entryCommitChanges());
  t.is(entry.entryStatus, 'Deleted');
  let paged = 0;
  for await (const e of new Reader(conn, def, 'ou=archive,dc=example,dc=com').searchPaged(4))
    paged += e ? 1 : 0;
  t.is(paged, 12);
}

for (const strategy of [SAFE_SYNC, ASYNC] as const) {
  (haveSlapd ? test.serial : test.skip)(`[slapd] Reader and Writer over ${strategy}`, async (t) => {
    const s = slapd();
    const conn = new Connection(new Server(s.url, { getInfo: ALL }), {
      user: s.rootDn,
      password: s.rootPassword,
      clientStrategy: strategy,
    });
    await conn.open();
    await conn.bind();
    await exercise(conn as unknown as CursorConnection, t);
    await conn.unbind();
  });
}

test.serial('[mock] Reader and Writer over MOCK_ASYNC', async (t) => {
  const server = new Server('abstract-async', { getInfo: OFFLINE_SLAPD_2_5 });
  const admin = 'cn=admin,dc=example,dc=com';
  const conn = new Connection(server, { user: admin, password: 'secret', clientStrategy: MOCK_ASYNC });
  conn.strategy.addEntry(admin, {
    objectClass: ['person'],
    cn: 'admin',
    sn: 'admin',
    userPassword: 'secret',
  });
  await conn.strategy.entriesFromLdif(PEOPLE_LDIF);
  await conn.open();
  await conn.bind(); // like slapd, the directory refuses anonymous writes
  await exercise(conn as unknown as CursorConnection, t);
});

/** A tiny test double: one canned outcome per call, in the given convention. */
function double(outcome: unknown, extra: Partial<CursorConnection> = {}): CursorConnection {
  const fail = () => Promise.reject(new Error('not used'));
  return {
    search: () => Promise.resolve(outcome),
    add: fail,
    modify: fail,
    modifyDn: fail,
    delete: fail,
    ...extra,
  };
}

test('the seam refuses outcomes it does not understand, and missing results', async (t) => {
  const def = new ObjectDef(['person']);
  await t.throwsAsync(() => new Reader(double('weird'), def, 'o=x').search(), {
    code: 'LDAP_CURSOR_STRATEGY',
  });
  await t.throwsAsync(() => new Reader(double(true), def, 'o=x').search(), { code: 'LDAP_CURSOR_NO_RESULT' });
  const safe = double([
    true,
    { result: 0, description: 'success' },
    [{ type: 'searchResRef', uri: ['ldap://x'] }],
    {},
  ]);
  t.deepEqual(await new Reader(safe, def, 'o=x').search(), []);
  await t.throwsAsync(
    async () => {
      for await (const _ of new Reader(safe, def, 'o=x').searchPaged(5)) void _;
    },
    { instanceOf: LdapCursorError, message: /no paged search/ },
  );
});

test('responses as plain records and single values are accepted', async (t) => {
  const def = new ObjectDef(['person']);
  def.add('cn');
  const response = [
    {
      type: 'searchResEntry',
      dn: 'cn=a,o=x',
      attributes: { cn: 'a', objectClass: ['person'] },
      rawAttributes: {
        cn: [new TextEncoder().encode('a')],
        objectClass: [new TextEncoder().encode('person')],
      },
    },
  ];
  const conn = double(7, {
    getResponse: () => Promise.resolve([response, { result: 0, description: 'success' }, {}]),
  });
  const reader = new Reader(conn, def, 'o=x');
  const [a] = await reader.search();
  t.deepEqual(a?.cn!.values, ['a']);
  t.is(a?.entryStatus, 'Read');
  t.false(reader.failed);
  t.is(reader.operations.length, 1);
  t.regex(String(reader), /FILTER : \(objectClass=person\)/);
  t.regex(String(a), /cn: a/);
  t.throws(() => a?.entryWritable(), { message: /schema must be available/ });
});
