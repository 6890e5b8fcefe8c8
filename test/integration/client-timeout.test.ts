/**
 * One search timing out (and abandoned) while another on the same connection completes, against
 * a real slapd; the REUSABLE pool and an AbortSignal on the same data.
 */
import { Connection } from '../../src/client/index.js';
import { LdapAbortError, LdapTimeoutError } from '../../src/errors.js';
import { slapdTest, useSlapd } from '../helpers/slapd.js';

const COUNT = 1500;
const filler = 'x'.repeat(8000);
const bulk = Array.from(
  { length: COUNT },
  (_, i) =>
    `dn: cn=bulk${i},ou=bulk,dc=example,dc=com\nobjectClass: person\ncn: bulk${i}\nsn: bulk\ndescription: ${filler}\n`,
).join('\n');
const slapd = useSlapd({
  ldif: 'fixtures/client/directory.ldif',
  ldifText: `dn: ou=bulk,dc=example,dc=com\nobjectClass: organizationalUnit\nou: bulk\n\n${bulk}`,
});
const ADMIN = 'cn=admin,dc=example,dc=com';

slapdTest('a search timing out is abandoned while another on the same connection completes', async (t) => {
  const conn = new Connection(slapd().url, {
    user: ADMIN,
    password: 'secret',
    autoBind: true,
    clientStrategy: 'SAFE_SYNC',
  });
  await conn.open();
  // ~12 MB of entries cannot arrive within 5 ms; the small search shares the socket.
  const slow = conn.search('ou=bulk,dc=example,dc=com', '(objectClass=person)', {
    attributes: ['*'],
    timeout: 5,
  });
  const fast = conn.search('ou=people,dc=example,dc=com', '(uid=alice)', { attributes: ['uid'] });
  const err = await t.throwsAsync(slow);
  t.true(err instanceof LdapTimeoutError);
  const [status, result, response] = await fast;
  t.true(status);
  t.is(result.description, 'success');
  t.is(response.length, 1);
  // The connection is intact and the abandoned search no longer feeds it.
  const [again, , people] = await conn.search('ou=people,dc=example,dc=com', '(objectClass=inetOrgPerson)');
  t.true(again);
  t.is(people.length, 3);
  await conn.close();
});

slapdTest('an AbortSignal abandons a long search; the connection goes on', async (t) => {
  const conn = new Connection(slapd().url, { user: ADMIN, password: 'secret', autoBind: true });
  await conn.open();
  const controller = new AbortController();
  let seen = 0;
  const stream = conn.searchStream('ou=bulk,dc=example,dc=com', '(objectClass=person)', {
    attributes: ['cn'],
    signal: controller.signal,
  });
  const err = await t.throwsAsync(
    (async () => {
      for await (const entry of stream) {
        t.truthy(entry.dn);
        if (++seen === 10) controller.abort();
      }
    })(),
  );
  t.true(err instanceof LdapAbortError);
  t.true(seen >= 10 && seen < COUNT);
  t.true(await conn.search('ou=people,dc=example,dc=com', '(uid=bob)'));
  await conn.close();
});

slapdTest('searchStream delivers every entry and leaving the loop early abandons', async (t) => {
  const conn = new Connection(slapd().url, { user: ADMIN, password: 'secret', autoBind: true });
  await conn.open();
  let n = 0;
  for await (const e of conn.searchStream('ou=bulk,dc=example,dc=com', '(objectClass=person)', {
    attributes: ['cn'],
  })) {
    t.true(e.dn.startsWith('cn=bulk'));
    n++;
  }
  t.is(n, COUNT);
  let m = 0;
  for await (const e of conn.searchStream('ou=bulk,dc=example,dc=com', '(objectClass=person)', {
    attributes: ['cn'],
  })) {
    void e;
    if (++m === 5) break;
  }
  t.is(m, 5);
  t.true(await conn.search('ou=people,dc=example,dc=com', '(uid=bob)'));
  await conn.close();
});

slapdTest('REUSABLE spreads pipelined operations over a pool of bound connections', async (t) => {
  const conn = new Connection(slapd().url, {
    user: ADMIN,
    password: 'secret',
    clientStrategy: 'REUSABLE',
    poolSize: 3,
    autoBind: true,
  });
  await conn.open();
  const ids = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      conn.search('ou=bulk,dc=example,dc=com', `(cn=bulk${i})`, { attributes: ['cn'] }),
    ),
  );
  for (const id of ids) {
    const [response, result] = await conn.getResponse(id);
    t.is(result.result, 0);
    t.is(response.length, 1);
  }
  const who = await conn.extend.standard.whoAmI();
  t.is(who, `dn:${ADMIN}`, 'every member is bound with the connection credentials');
  await conn.close();
});

slapdTest('REUSABLE connections naming the same pool share it until the last one closes', async (t) => {
  const options = {
    user: ADMIN,
    password: 'secret',
    clientStrategy: 'REUSABLE' as const,
    poolName: 'shared-test-pool',
    poolSize: 2,
    autoBind: true,
  };
  const a = new Connection(slapd().url, options);
  const b = new Connection(slapd().url, options);
  await a.open();
  await b.open();
  t.is(a.channel.isOpen, true);
  const [response] = await b.getResponse(await b.search('ou=people,dc=example,dc=com', '(uid=alice)'));
  t.is(response.length, 1);
  await a.close();
  t.true(b.channel.isOpen, 'the pool stays open while b uses it');
  const [, result] = await b.getResponse(
    await b.compare('uid=alice,ou=people,dc=example,dc=com', 'uid', 'alice'),
  );
  t.is(result.description, 'compareTrue');
  await b.close();
  t.false(b.channel.isOpen);
});
