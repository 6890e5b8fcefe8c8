/**
 * Two third-party Node clients, ldapts 8 and ldapjs 3, run one scenario each against the mock
 * server and a real slapd (same LDIF); the recorded outcomes (result codes, entries) must agree.
 */
import test from 'ava';
import { createRequire } from 'node:module';
import { Attribute, Change, Client } from 'ldapts';
import { haveSlapd } from '../helpers/slapd.js';
import { ADMIN, BASE, PW, startPair } from './servers.js';

// ldapjs ships no type declarations.
const ldapjs = createRequire(import.meta.url)('ldapjs') as any;

type Outcome = Record<string, unknown>;
const PEOPLE = `ou=people,${BASE}`;

function codeOf(error: unknown): number | string {
  const e = error as { code?: unknown; message?: string };
  return typeof e.code === 'number' ? e.code : `error: ${e.message ?? String(error)}`;
}

async function outcome(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    const value = await fn();
    return value === undefined ? 0 : value;
  } catch (error) {
    return codeOf(error);
  }
}

function simplify(entries: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  return entries.map((e) => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(e).sort()) {
      const v = e[key];
      out[key.toLowerCase()] = key === 'dn' ? String(v).toLowerCase() : [v].flat().map(String).sort();
    }
    return out;
  });
}

async function ldaptsScenario(url: string): Promise<Outcome> {
  const out: Outcome = {};
  const anon = new Client({ url });
  out.anonSearch = await outcome(async () =>
    simplify((await anon.search(BASE, { filter: '(uid=alice)', attributes: ['cn', 'mail'] })).searchEntries),
  );
  out.anonAdd = await outcome(() => anon.add(`cn=x,${BASE}`, { objectClass: 'organizationalRole', cn: 'x' }));
  await anon.unbind();
  const bad = new Client({ url });
  out.badBind = await outcome(() => bad.bind(`uid=bob,${PEOPLE}`, 'wrong'));
  await bad.unbind();
  const c = new Client({ url });
  out.bind = await outcome(() => c.bind(ADMIN, PW));
  const dn = `uid=ldapts,${PEOPLE}`;
  out.add = await outcome(() =>
    c.add(dn, { objectClass: ['inetOrgPerson'], cn: 'Ts', sn: 'Client', uid: 'ldapts' }),
  );
  out.addAgain = await outcome(() => c.add(dn, { objectClass: ['inetOrgPerson'], cn: 'Ts', sn: 'Client' }));
  out.modify = await outcome(() =>
    c.modify(dn, [
      new Change({
        operation: 'add',
        modification: new Attribute({ type: 'mail', values: ['ts@example.com'] }),
      }),
      new Change({ operation: 'replace', modification: new Attribute({ type: 'sn', values: ['Renamed'] }) }),
    ]),
  );
  out.modifyMissingAttr = await outcome(() =>
    c.modify(
      dn,
      new Change({
        operation: 'delete',
        modification: new Attribute({ type: 'description', values: ['x'] }),
      }),
    ),
  );
  out.compareTrue = await outcome(() => c.compare(dn, 'mail', 'TS@example.com'));
  out.compareFalse = await outcome(() => c.compare(dn, 'sn', 'Client'));
  out.compareMissing = await outcome(() => c.compare(`uid=none,${PEOPLE}`, 'sn', 'x'));
  out.read = await outcome(async () =>
    simplify((await c.search(dn, { scope: 'base', attributes: ['cn', 'sn', 'mail'] })).searchEntries),
  );
  out.rename = await outcome(() => c.modifyDN(dn, `uid=ldapts2,${PEOPLE}`));
  out.whoami = await outcome(async () => (await c.exop('1.3.6.1.4.1.4203.1.11.3')).value ?? '');
  out.paged = await outcome(async () => {
    const r = await c.search(BASE, {
      filter: '(objectClass=*)',
      attributes: ['1.1'],
      paged: { pageSize: 4 },
    });
    return r.searchEntries.map((e) => e.dn.toLowerCase());
  });
  out.sizeLimit = await outcome(() => c.search(PEOPLE, { filter: '(objectClass=person)', sizeLimit: 2 }));
  out.oneLevelCount = await outcome(
    async () => (await c.search(PEOPLE, { scope: 'one', attributes: ['1.1'] })).searchEntries.length,
  );
  out.missingBase = await outcome(() => c.search(`ou=none,${BASE}`, { filter: '(objectClass=*)' }));
  out.deleteNonLeaf = await outcome(() => c.del(PEOPLE));
  out.delete = await outcome(() => c.del(`uid=ldapts2,${PEOPLE}`));
  out.deleteAgain = await outcome(() => c.del(`uid=ldapts2,${PEOPLE}`));
  await c.unbind();
  return out;
}

function call<T>(fn: (cb: (err: unknown, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value as T))));
}

function ldapjsSearch(
  client: any,
  base: string,
  options: Record<string, unknown>,
): Promise<Array<Record<string, unknown>>> {
  return new Promise((resolve, reject) => {
    client.search(base, options, (err: unknown, res: any) => {
      if (err) return reject(err);
      const entries: Array<Record<string, unknown>> = [];
      res.on('searchEntry', (entry: any) => {
        const row: Record<string, unknown> = { dn: entry.pojo.objectName };
        for (const a of entry.pojo.attributes) row[a.type] = a.values;
        entries.push(row);
      });
      res.on('error', reject);
      res.on('end', (result: any) =>
        result.status === 0
          ? resolve(entries)
          : reject(Object.assign(new Error('search'), { code: result.status })),
      );
    });
  });
}

async function ldapjsScenario(url: string): Promise<Outcome> {
  const out: Outcome = {};
  const client = ldapjs.createClient({ url });
  client.on('error', () => undefined);
  out.anonSearch = await outcome(async () =>
    simplify(await ldapjsSearch(client, BASE, { filter: '(uid=bob)', scope: 'sub', attributes: ['cn'] })),
  );
  out.badBind = await outcome(() => call((cb) => client.bind(`uid=bob,${PEOPLE}`, 'nope', cb)));
  out.bind = await outcome(() => call((cb) => client.bind(ADMIN, PW, cb)).then(() => 0));
  const dn = `cn=jsgroup,ou=groups,${BASE}`;
  out.add = await outcome(() =>
    call((cb) =>
      client.add(dn, { objectClass: ['groupOfNames'], cn: 'jsgroup', member: [`uid=alice,${PEOPLE}`] }, cb),
    ).then(() => 0),
  );
  out.addNoParent = await outcome(() =>
    call((cb) => client.add(`cn=x,ou=none,${BASE}`, { objectClass: 'organizationalRole', cn: 'x' }, cb)),
  );
  out.modify = await outcome(() =>
    call((cb) =>
      client.modify(
        dn,
        new ldapjs.Change({
          operation: 'add',
          modification: new ldapjs.Attribute({ type: 'member', values: [`uid=bob,${PEOPLE}`] }),
        }),
        cb,
      ),
    ).then(() => 0),
  );
  out.compare = await outcome(() =>
    call<boolean>((cb) => client.compare(dn, 'member', `UID=Bob,ou=people,${BASE}`, cb)),
  );
  out.read = await outcome(async () =>
    simplify(await ldapjsSearch(client, dn, { scope: 'base', attributes: ['member'] })),
  );
  out.rename = await outcome(() =>
    call((cb) => client.modifyDN(dn, `cn=jsgroup2,ou=groups,${BASE}`, cb)).then(() => 0),
  );
  out.subtree = await outcome(
    async () =>
      (await ldapjsSearch(client, BASE, { scope: 'sub', filter: '(member=*)', attributes: ['cn'] })).length,
  );
  out.delete = await outcome(() =>
    call((cb) => client.del(`cn=jsgroup2,ou=groups,${BASE}`, cb)).then(() => 0),
  );
  out.deleteAgain = await outcome(() => call((cb) => client.del(`cn=jsgroup2,ou=groups,${BASE}`, cb)));
  await new Promise<void>((resolve) => client.unbind(() => resolve()));
  client.destroy();
  return out;
}

if (!haveSlapd) console.log('SKIPPED: slapd not installed; Node client conformance is registered as skipped');
const run = haveSlapd ? test.serial : test.skip;

run('ldapts 8: every outcome equals slapd', async (t) => {
  const pair = await startPair();
  t.teardown(() => pair.close());
  const expected = await ldaptsScenario(pair.slapd.url);
  const actual = await ldaptsScenario(pair.mock.url);
  t.is(expected.bind, 0);
  t.is(expected.addAgain, 68);
  t.deepEqual(actual, expected);
});

run('ldapjs 3: every outcome equals slapd', async (t) => {
  const pair = await startPair();
  t.teardown(() => pair.close());
  const expected = await ldapjsScenario(pair.slapd.url);
  const actual = await ldapjsScenario(pair.mock.url);
  t.is(expected.bind, 0);
  t.is(expected.compare, true);
  t.deepEqual(actual, expected);
});
