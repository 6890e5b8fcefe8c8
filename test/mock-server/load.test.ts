/**
 * Load: 200 concurrent connections, each bound, running rounds of mixed pipelined operations
 * (equality search, add, compare, MODIFY_INCREMENT on shared counters, delete). No operation may
 * fail, and every counter must end exactly at the number of increments sent to it: no lost write.
 */
import test from 'ava';
import { startMockServer } from '../../mock-server/index.js';
import type { RequestOp } from '../../src/protocol/index.js';
import { RawClient, enc } from './helpers/raw-client.js';

const CONNECTIONS = 200;
const ROUNDS = 20;
const COUNTERS = 5;
const ADMIN = 'cn=admin,dc=example,dc=com';
const counterDn = (k: number): string => `cn=counter${k},ou=counters,dc=example,dc=com`;

test('200 connections of mixed operations: no error, no lost increment', async (t) => {
  const server = await startMockServer({
    ldif: 'fixtures/mock-server/org.ldif',
    rootDn: ADMIN,
    rootPassword: 'secret',
  });
  t.teardown(() => server.close());
  const increments = new Array<number>(COUNTERS).fill(0);
  const failures: string[] = [];
  let operations = 0;

  const worker = async (w: number): Promise<void> => {
    const c = await RawClient.connect(server.port);
    try {
      // Half the workers bind as a directory user, half as the root DN.
      const user =
        w % 2 === 0
          ? ADMIN
          : `uid=${['alice', 'bob', 'carol', 'dave'][w % 4 === 1 ? 0 : 1]},ou=people,dc=example,dc=com`;
      const password = user === ADMIN ? 'secret' : `${user.slice(4, user.indexOf(','))}-secret`;
      const bind = c.send({
        type: 'BindRequest',
        version: 3,
        name: user,
        authentication: { type: 'simple', password: enc(password) },
      });
      if ((await c.resultCode(bind)) !== 0) failures.push(`bind ${user}`);
      for (let r = 0; r < ROUNDS; r++) {
        const k = (w + r) % COUNTERS;
        const dn = `cn=load-${w}-${r},ou=groups,dc=example,dc=com`;
        const ops: Array<[RequestOp, number]> = [
          [
            {
              type: 'ModifyRequest',
              object: counterDn(k),
              changes: [{ operation: 3, modification: { type: 'gidNumber', vals: [enc('1')] } }],
            },
            0,
          ],
          [
            {
              type: 'SearchRequest',
              baseObject: 'ou=people,dc=example,dc=com',
              scope: 2,
              derefAliases: 0,
              sizeLimit: 0,
              timeLimit: 0,
              typesOnly: false,
              filter: { type: 'equalityMatch', attribute: 'uid', value: enc('carol') },
              attributes: ['cn'],
            },
            0,
          ],
          [
            {
              type: 'AddRequest',
              entry: dn,
              attributes: [
                { type: 'objectClass', vals: [enc('groupOfNames')] },
                { type: 'cn', vals: [enc(`load-${w}-${r}`)] },
                { type: 'member', vals: [enc('uid=alice,ou=people,dc=example,dc=com')] },
              ],
            },
            0,
          ],
          [
            {
              type: 'CompareRequest',
              entry: counterDn(k),
              attributeDesc: 'cn',
              assertionValue: enc(`counter${k}`),
            },
            6,
          ],
        ];
        const ids = ops.map(([op]) => c.send(op));
        increments[k]!++;
        for (let i = 0; i < ids.length; i++) {
          const all = await c.result(ids[i]!);
          const code = (all.at(-1)!.protocolOp as { resultCode: number }).resultCode;
          operations++;
          if (code !== ops[i]![1]) failures.push(`${ops[i]![0].type} -> ${code}`);
          if (ops[i]![0].type === 'SearchRequest' && all.length !== 2)
            failures.push(`search found ${all.length - 1}`);
        }
        const del = c.send({ type: 'DelRequest', dn });
        operations++;
        if ((await c.resultCode(del)) !== 0) failures.push(`delete ${dn}`);
      }
    } finally {
      c.close();
    }
  };

  await Promise.all(Array.from({ length: CONNECTIONS }, (_, w) => worker(w)));
  t.deepEqual(failures.slice(0, 10), []);
  t.is(operations, CONNECTIONS * ROUNDS * 5);
  for (let k = 0; k < COUNTERS; k++) {
    server.directory.assertValueExists(counterDn(k), 'gidNumber', String(increments[k]));
  }
  t.is(
    increments.reduce((a, b) => a + b, 0),
    CONNECTIONS * ROUNDS,
  );
  server.directory.assertEntryMissing(`cn=load-0-0,ou=groups,dc=example,dc=com`);
});
