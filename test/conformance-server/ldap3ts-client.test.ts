/**
 * ldap3ts's own client (SYNC strategy, real sockets) runs one scenario against the mock server and
 * against slapd: the results (code and description) and entries must agree. This closes the loop
 * of the product: client, wire codec, mock server and directory engine together.
 */
import test from 'ava';
import { Connection, MODIFY_ADD, MODIFY_INCREMENT, MODIFY_REPLACE, SUBTREE } from '../../src/client/index.js';
import { haveSlapd } from '../helpers/slapd.js';
import { ADMIN, BASE, PW, startPair } from './servers.js';

type Row = Record<string, unknown>;

async function scenario(url: string): Promise<Row[]> {
  const rows: Row[] = [];
  const conn = new Connection(url, { user: ADMIN, password: PW });
  await conn.open();
  const record = async (step: string, op: () => Promise<unknown>, withEntries = false): Promise<void> => {
    const ok = await op();
    const row: Row = { step, ok, result: conn.result?.result, description: conn.result?.description };
    if (withEntries) {
      row.entries = (conn.response ?? [])
        .filter((e) => e.type === 'searchResEntry')
        .map((item) => item as unknown as { dn: string; rawAttributes: Map<string, Uint8Array[]> })
        .map((e) => ({
          dn: e.dn.toLowerCase(),
          attributes: Object.fromEntries(
            [...e.rawAttributes]
              .map(([k, v]) => [k.toLowerCase(), v.map((b) => Buffer.from(b).toString()).sort()])
              .sort(),
          ),
        }));
    }
    rows.push(row);
  };
  const people = `ou=people,${BASE}`;
  const dn = `uid=l3ts,${people}`;
  await record('bind', () => conn.bind());
  await record(
    'search',
    () =>
      conn.search(BASE, '(|(uid=alice)(cn=staff))', { scope: SUBTREE, attributes: ['cn', 'mail', 'member'] }),
    true,
  );
  await record('add', () =>
    conn.add(dn, 'inetOrgPerson', { cn: 'L3 TS', sn: 'Client', mail: 'l3ts@example.com' }),
  );
  await record('add again', () => conn.add(dn, 'inetOrgPerson', { cn: 'L3 TS', sn: 'Client' }));
  await record('modify', () =>
    conn.modify(dn, { mail: [MODIFY_ADD, ['two@example.com']], sn: [MODIFY_REPLACE, ['Changed']] }),
  );
  await record('increment', () =>
    conn.modify(`cn=counter1,ou=counters,${BASE}`, { gidNumber: [MODIFY_INCREMENT, [7]] }),
  );
  await record('compare true', () => conn.compare(dn, 'mail', 'TWO@example.com'));
  await record('compare false', () => conn.compare(dn, 'sn', 'Client'));
  await record(
    'read back',
    () => conn.search(BASE, '(|(uid=l3ts)(cn=counter1))', { attributes: ['sn', 'mail', 'gidNumber'] }),
    true,
  );
  await record('modify dn', () => conn.modifyDn(dn, 'uid=l3ts2'));
  await record('delete non-leaf', () => conn.delete(people));
  await record('delete', () => conn.delete(`uid=l3ts2,${people}`));
  await record('delete missing', () => conn.delete(`uid=l3ts2,${people}`));
  await record('size limit', () =>
    conn.search(people, '(objectClass=person)', { attributes: ['1.1'], sizeLimit: 3 }),
  );
  await conn.unbind();
  return rows;
}

if (!haveSlapd)
  console.log('SKIPPED: slapd not installed; ldap3ts client conformance is registered as skipped');
(haveSlapd ? test : test.skip)('ldap3ts SYNC client: every step equals slapd', async (t) => {
  const pair = await startPair();
  t.teardown(() => pair.close());
  const expected = await scenario(pair.slapd.url);
  const actual = await scenario(pair.mock.url);
  t.is(expected.find((r) => r.step === 'add again')?.result, 68);
  t.is(expected.find((r) => r.step === 'size limit')?.result, 4);
  const readBack = expected.find((r) => r.step === 'read back') as { entries: Array<{ attributes: Row }> };
  t.deepEqual(readBack.entries[0]!.attributes, { gidnumber: ['7'] }, 'the entries carry their attributes');
  for (let i = 0; i < expected.length; i++) t.deepEqual(actual[i], expected[i], String(expected[i]!.step));
});
