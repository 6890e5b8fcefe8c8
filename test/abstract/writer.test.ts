/**
 * Writer and writable entries over real servers: every status transition (vectors in
 * fixtures/abstract/transitions.json), new entries with their RDN and MUST attributes,
 * fromCursor/fromResponse, one modify per commit, refresh of the entry and of the read-only
 * entry it came from, move/rename, auxiliary classes added on commit.
 */
import { readFileSync } from 'node:fs';
import type { ExecutionContext } from 'ava';
import { AttrDef, LdapCursorError, ObjectDef, Reader, Writer } from '../../src/abstract/index.js';
import type { WritableEntry, WriterEntry } from '../../src/abstract/index.js';
import { backendTest, SUFFIX, unique, type AnyConnection } from './backends.js';

const PEOPLE = `ou=people,${SUFFIX}`;

interface Vector {
  description: string;
  start: 'read' | 'writable' | 'new' | 'newComplete';
  steps: Array<[string, string | null, string]>;
}
const { vectors } = JSON.parse(
  readFileSync(new URL('../../fixtures/abstract/transitions.json', import.meta.url), 'utf8'),
) as { vectors: Vector[] };

/** A fresh inetOrgPerson + posixAccount entry only this test touches. */
async function freshPerson(
  conn: AnyConnection,
  extra: Record<string, string | string[]> = {},
): Promise<string> {
  const cn = unique('person');
  const dn = `cn=${cn},${PEOPLE}`;
  const ok = await conn.add(dn, ['inetOrgPerson', 'posixAccount'], {
    cn,
    sn: 'Person',
    mail: 'a@example.com',
    uid: cn,
    uidNumber: 2000,
    gidNumber: 100,
    homeDirectory: `/home/${cn}`,
    ...extra,
  });
  if (!ok) throw new Error(`cannot add ${dn}: ${JSON.stringify(conn.result)}`);
  return dn;
}

const splitArg = (arg: string | null): [string, string] => {
  const i = (arg ?? '').indexOf('=');
  return [(arg ?? '').slice(0, i), (arg ?? '').slice(i + 1)];
};

async function runSteps(t: ExecutionContext, conn: AnyConnection, v: Vector): Promise<void> {
  const withAux = new ObjectDef(['inetOrgPerson'], conn, { auxiliaryClass: 'posixAccount' });
  const plain = new ObjectDef(['inetOrgPerson'], conn);
  let entry: WritableEntry | undefined;
  let read: Awaited<ReturnType<Reader['searchObject']>>;
  if (v.start === 'read' || v.start === 'writable') {
    const dn = await freshPerson(conn);
    read = await new Reader(conn, withAux, dn).searchObject();
    t.is(read?.entryStatus, 'Read');
    if (v.start === 'writable') entry = read!.entryWritable();
  } else {
    const w = new Writer(conn, plain);
    entry = w.new(`cn=${unique('new')},${PEOPLE}`);
    if (v.start === 'newComplete') entry.entryAttribute('sn').set('Person');
  }
  for (const [action, arg, expected] of v.steps) {
    const where = `${v.description}: ${action} ${arg ?? ''}`;
    try {
      const [name, value] = splitArg(arg);
      switch (action) {
        case 'writable':
          entry = read!.entryWritable();
          break;
        case 'set':
          entry!.entryAttribute(name).set(name === 'uidNumber' || value === '' ? value : value);
          break;
        case 'add':
          entry!.entryAttribute(name).add(value);
          break;
        case 'deleteValue':
          entry!.entryAttribute(name).delete(value);
          break;
        case 'remove':
          entry!.entryAttribute(arg ?? '').remove();
          break;
        case 'discardAttribute':
          entry!.entryAttribute(arg ?? '').discard();
          break;
        case 'discardChanges':
          entry!.entryDiscardChanges();
          break;
        case 'delete':
          entry!.entryDelete();
          break;
        case 'move':
          entry!.entryMove(`${arg},${SUFFIX}`);
          break;
        case 'rename':
          entry!.entryRename(`${arg}-${unique('r')}`);
          break;
        case 'commit':
          t.true(await entry!.entryCommitChanges(), where);
          break;
        case 'commitFalse':
          t.false(await entry!.entryCommitChanges(), where);
          break;
        default:
          throw new Error(`unknown action ${action}`);
      }
      t.is(entry!.entryStatus as string, expected, where);
    } catch (err) {
      if (!(err instanceof LdapCursorError)) throw err;
      t.is(err.code, expected, `${where}: ${err.message}`);
    }
  }
}

for (const v of vectors) {
  backendTest(`status machine: ${v.description}`, async (t, b) => {
    const conn = await b.connect();
    await runSteps(t, conn, v);
    await conn.unbind();
  });
}

backendTest(
  'Writer.new fills the RDN and object classes; commit adds; the entry is read back',
  async (t, b) => {
    const conn = await b.connect();
    const writer = new Writer(conn, new ObjectDef(['inetOrgPerson'], conn));
    const cn = unique('new');
    const dn = `cn=${cn}+uid=${cn},${PEOPLE}`; // a multi-valued RDN fills both attributes
    const entry = writer.new(dn);
    t.is(entry.entryStatus, 'Missing mandatory attributes');
    t.deepEqual(entry.entryMandatoryAttributes.sort(), ['cn', 'objectClass', 'sn']);
    t.deepEqual(entry.entryVirtualAttributes.sort(), ['cn', 'objectClass', 'sn', 'uid']);
    t.deepEqual([...entry.entryChanges.keys()].sort(), ['cn', 'objectClass', 'uid']);
    t.throws(() => writer.new(dn.toUpperCase()), { instanceOf: LdapCursorError });
    t.throws(() => writer.new(`dc=x,${PEOPLE}`), { message: /rdn type 'dc' not in object class definition/ });
    t.true(Reflect.set(entry, 'sn', 'New')); // entry.sn = 'New' is entry.sn.set('New')
    entry.mail!.set(['n1@example.com', 'n2@example.com']);
    t.is(entry.entryStatus, 'Pending changes');
    t.true(await writer.commit());
    t.is(entry.entryStatus, 'Committed');
    t.deepEqual(entry.mail!.values, ['n1@example.com', 'n2@example.com']);
    t.deepEqual(entry.objectClass!.values, ['inetOrgPerson']);
    const again = await new Reader(conn, new ObjectDef(['inetOrgPerson'], conn), dn).searchObject();
    t.is(again?.sn!.value, 'New');
    t.is(again?.uid!.value, cn);
    await conn.unbind();
  },
);

backendTest('one modify carries every pending change; the read-only origin is refreshed', async (t, b) => {
  const conn = await b.connect();
  const dn = await freshPerson(conn, { description: 'old', telephoneNumber: '+1 555 0199' });
  const reader = new Reader(conn, new ObjectDef(['inetOrgPerson'], conn), dn);
  const read = await reader.searchObject();
  const w = read!.entryWritable();
  w.mail!.add('b@example.com');
  w.description!.set('new');
  w.telephoneNumber!.remove();
  w.title!.set(['t1', 't2']);
  t.deepEqual(w.entryChanges.get('mail'), [['MODIFY_ADD', ['b@example.com']]]);
  t.true(await w.entryCommitChanges());
  const writer = w.entryCursor as unknown as Writer;
  const kinds = writer.operations.map((o) => String((o.request as { type?: string }).type).toLowerCase());
  t.is(kinds.filter((k) => k.includes('modify')).length, 1, kinds.join(','));
  t.deepEqual(w.mail!.values, ['a@example.com', 'b@example.com']);
  t.is(w.description!.value, 'new');
  t.deepEqual(w.telephoneNumber!.values, []);
  t.true(w.entryVirtualAttributes.includes('telephoneNumber'));
  // the read-only entry now shows the committed values
  t.deepEqual(read!.mail!.values, ['a@example.com', 'b@example.com']);
  t.is(read!.description!.value, 'new');
  t.false('telephoneNumber' in read!);
  await conn.unbind();
});

backendTest('commit without refresh keeps the old values and clears the changes', async (t, b) => {
  const conn = await b.connect();
  const dn = await freshPerson(conn);
  const w = (await new Reader(
    conn,
    new ObjectDef(['inetOrgPerson'], conn),
    dn,
  ).searchObject())!.entryWritable();
  w.description!.set('quiet');
  t.true(await w.entryCommitChanges({ refresh: false }));
  t.is(w.entryStatus, 'Committed');
  t.deepEqual(w.description!.values, []);
  t.is(w.entryChanges.size, 0);
  t.true(await w.entryRefresh());
  t.is(w.description!.value, 'quiet');
  await conn.unbind();
});

backendTest('Writer.fromCursor and Writer.fromResponse; writer.discard and writer.commit', async (t, b) => {
  const conn = await b.connect();
  const dn1 = await freshPerson(conn, { employeeType: 'batch' });
  const dn2 = await freshPerson(conn, { employeeType: 'batch' });
  const def = new ObjectDef(['inetOrgPerson'], conn);
  def.add(new AttrDef('employeeType', { key: 'Kind' }));
  const reader = new Reader(conn, def, PEOPLE, 'Kind: batch');
  t.is((await reader.search()).length, 2);
  const writer = Writer.fromCursor(reader);
  t.is(writer.entries.length, 2);
  t.true(writer.entries.every((e) => e.entryStatus === 'Writable'));
  for (const e of writer) e.Kind!.set('done');
  writer.discard();
  t.true(writer.entries.every((e) => e.entryStatus === 'Writable'));
  for (const e of writer) e.Kind!.set('done');
  t.true(await writer.commit());
  t.deepEqual(
    writer.entries.map((e) => e.Kind!.value),
    ['done', 'done'],
  );
  t.false(writer.failed);

  await conn.search(dn1, '(objectClass=*)', { scope: 'BASE', attributes: ['*'] });
  const fromResponse = await Writer.fromResponse(conn, def);
  t.is(fromResponse.entries[0]?.entryDn.toLowerCase(), dn1.toLowerCase());
  t.is(fromResponse.entries[0]?.entryStatus, 'Writable');
  t.is(fromResponse.entries[0]?.Kind!.value, 'done');
  void dn2;
  await conn.unbind();
});

backendTest('auxiliary class attributes: objectClass is extended on commit', async (t, b) => {
  const conn = await b.connect();
  const cn = unique('plain');
  const dn = `cn=${cn},${PEOPLE}`;
  t.true(await conn.add(dn, ['inetOrgPerson'], { cn, sn: 'Plain' }));
  const def = new ObjectDef(['inetOrgPerson'], conn, { auxiliaryClass: ['posixAccount'] });
  t.true(def.get('uidNumber').mandatory);
  const w = (await new Reader(conn, def, dn).searchObject())!.entryWritable();
  w.uid!.set(cn);
  w.uidNumber!.set(3000);
  w.gidNumber!.set(100);
  w.homeDirectory!.set(`/home/${cn}`);
  t.true(await w.entryCommitChanges(), JSON.stringify(conn.result));
  t.deepEqual(w.objectClass!.values, ['inetOrgPerson', 'posixAccount']);
  t.is(Number(w.uidNumber!.value), 3000);

  // a new entry gets the auxiliary class in its add
  const writer = new Writer(conn, def);
  const cn2 = unique('newaux');
  const fresh = writer.new(`uid=${cn2},${PEOPLE}`);
  t.is(fresh.entryStatus, 'Missing mandatory attributes');
  fresh.cn!.set(cn2);
  fresh.sn!.set('Aux');
  fresh.uidNumber!.set(3001);
  fresh.gidNumber!.set(100);
  fresh.homeDirectory!.set(`/home/${cn2}`);
  t.is(fresh.entryStatus, 'Pending changes');
  t.true(await fresh.entryCommitChanges(), JSON.stringify(conn.result));
  t.deepEqual(fresh.objectClass!.values, ['inetOrgPerson', 'posixAccount']);
  await conn.unbind();
});

backendTest('move and rename change the DN; the origin follows', async (t, b) => {
  const conn = await b.connect();
  const dn = await freshPerson(conn);
  const read = await new Reader(conn, new ObjectDef(['inetOrgPerson'], conn), dn).searchObject();
  const w = read!.entryWritable();
  w.entryMove(`ou=archive,${SUFFIX}`);
  t.true(await w.entryCommitChanges());
  const rdn = dn.split(',')[0]!;
  t.is(w.entryDn.toLowerCase(), `${rdn},ou=archive,${SUFFIX}`.toLowerCase());
  t.is(read!.entryDn, w.entryDn);
  const newName = unique('renamed');
  w.entryRename(`cn=${newName}`);
  t.true(await w.entryCommitChanges());
  t.is(w.entryDn.toLowerCase(), `cn=${newName},ou=archive,${SUFFIX}`.toLowerCase());
  t.is(w.cn!.value, newName); // deleteOldRdn: the old cn value is gone
  // a refused move (no such parent) leaves the entry ready to move
  w.entryMove(`ou=nowhere,${SUFFIX}`);
  t.false(await w.entryCommitChanges());
  t.is(w.entryStatus, 'Ready for moving');
  t.true((w.entryCursor as unknown as Writer).failed);
  await conn.unbind();
});

backendTest('typed definitions give typed attributes', async (t, b) => {
  const conn = await b.connect();
  interface Person {
    cn: string;
    sn: string;
    mail: string[];
    uidNumber: number;
  }
  const def = new ObjectDef<Person>(['inetOrgPerson'], conn, { auxiliaryClass: 'posixAccount' });
  const [john] = await new Reader(conn, def, PEOPLE, 'sn: Smith').search();
  const sn: string | string[] | undefined = john?.sn.value;
  const mails: string[] = john?.mail.values ?? [];
  t.is(sn, 'Smith');
  t.is(mails.length, 2);
  const uid: number | number[] | undefined = john?.uidNumber.value;
  t.is(uid, 1001);
  const w: WriterEntry<Person> | undefined = john?.entryWritable();
  w?.mail.add('typed@example.com');
  t.is(w?.entryStatus, 'Pending changes');
  w?.entryDiscardChanges();
  await conn.unbind();
});

backendTest('dereferenced attributes stay entries in writable copies and refreshed origins', async (t, b) => {
  const conn = await b.connect();
  const dn = await freshPerson(conn, { manager: `cn=Alice Boss,${PEOPLE}` });
  const def = new ObjectDef(['inetOrgPerson'], conn);
  def.add(new AttrDef('manager', { key: 'Boss', dereferenceDn: new ObjectDef(['inetOrgPerson'], conn) }));
  const read = await new Reader(conn, def, dn).searchObject();
  const bossOf = (e: { entryAttribute(n: string): { value: unknown } } | undefined) =>
    (e?.entryAttribute('Boss').value as { entryDn?: string } | undefined)?.entryDn?.toLowerCase();
  t.is(bossOf(read), `cn=alice boss,${PEOPLE}`);
  const w = read!.entryWritable();
  t.is(bossOf(w), `cn=alice boss,${PEOPLE}`);
  w.description!.set('with boss');
  t.true(await w.entryCommitChanges());
  t.is(bossOf(w), `cn=alice boss,${PEOPLE}`);
  t.is(bossOf(read), `cn=alice boss,${PEOPLE}`);
  t.is(read!.description!.value, 'with boss');
  await conn.unbind();
});

backendTest('writer.commit goes on after a refused entry and reports false', async (t, b) => {
  const conn = await b.connect();
  const def = new ObjectDef(['inetOrgPerson'], conn);
  const writer = new Writer(conn, def);
  const good = writer.new(`cn=${unique('good')},${PEOPLE}`);
  good.sn!.set('Good');
  const orphan = writer.new(`cn=${unique('orphan')},ou=nowhere,${SUFFIX}`); // no such parent
  orphan.sn!.set('Orphan');
  const later = writer.new(`cn=${unique('later')},${PEOPLE}`);
  later.sn!.set('Later');
  t.false(await writer.commit());
  t.is(good.entryStatus, 'Committed');
  t.is(orphan.entryStatus, 'Pending changes');
  t.is(later.entryStatus, 'Committed');
  t.true(writer.failed);
  t.is(writer.errors.length, 1);
  t.is(writer.errors[0]?.result.description, 'noSuchObject');
  t.is(writer.errors[0]?.result.dn?.toLowerCase(), SUFFIX);
  await conn.unbind();
});
