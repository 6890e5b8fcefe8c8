/**
 * One behavioural suite (fixtures/client/behaviour.json) run three ways: MOCK_SYNC, MOCK_ASYNC
 * (no socket, the in-memory directory) and a real slapd. Each run must give slapd's answers.
 */
import { readFileSync } from 'node:fs';
import test, { type ExecutionContext } from 'ava';
import {
  Connection,
  Server,
  type ModifyChanges,
  type ResponseItem,
  type Result,
  type Scope,
} from '../../src/client/index.js';
import { Directory } from '../../src/dit/index.js';
import { fromUtf8 } from '../../src/util/index.js';
import { slapdTest, useSlapd } from '../helpers/slapd.js';

interface Step {
  description: string;
  op: 'search' | 'compare' | 'add' | 'modify' | 'modifyDn' | 'delete' | 'whoAmI' | 'bind';
  base?: string;
  scope?: Scope;
  filter?: string;
  attributes?: string[];
  sizeLimit?: number;
  typesOnly?: boolean;
  dn?: string;
  attribute?: string;
  value?: string;
  objectClass?: string[];
  attributes_?: never;
  changes?: ModifyChanges;
  newRdn?: string;
  user?: string;
  password?: string;
  expect: {
    result?: string;
    matchedDn?: string;
    dns?: string[];
    values?: Record<string, string[]>;
    count?: number;
    attributeCount?: number;
    value?: string;
  };
}
const suite = JSON.parse(readFileSync('fixtures/client/behaviour.json', 'utf8')) as { steps: Step[] };
const LDIF = 'fixtures/client/directory.ldif';
const ADMIN = 'cn=admin,dc=example,dc=com';

type AnyConn = Connection<'SAFE_SYNC'> | Connection<'MOCK_SYNC'> | Connection<'MOCK_ASYNC'>;

/** Whatever the strategy, the [result, response] of one operation. */
async function outcome(
  conn: AnyConn,
  run: (c: AnyConn) => Promise<unknown>,
): Promise<[Result, ResponseItem[]]> {
  const r = await run(conn);
  if (typeof r === 'number') {
    const [response, result] = await (conn as Connection<'MOCK_ASYNC'>).getResponse(r);
    return [result, response];
  }
  if (Array.isArray(r)) return [r[1] as Result, r[2] as ResponseItem[]];
  return [conn.result as Result, (conn.response ?? []) as ResponseItem[]];
}

async function runSuite(t: ExecutionContext, conn: AnyConn): Promise<void> {
  for (const step of suite.steps) {
    const label = step.description;
    if (step.op === 'whoAmI') {
      t.is(await conn.extend.standard.whoAmI(), step.expect.value ?? null, label);
      continue;
    }
    if (step.op === 'bind') {
      await conn.rebind(step.user ?? '', step.password ?? '');
      t.is(conn.result?.description, step.expect.result, label);
      continue;
    }
    const [result, response] = await outcome(conn, (c): Promise<unknown> => {
      switch (step.op) {
        case 'search':
          return c.search(step.base ?? '', step.filter ?? '', {
            ...(step.scope ? { scope: step.scope } : {}),
            ...(step.attributes ? { attributes: step.attributes } : {}),
            ...(step.sizeLimit ? { sizeLimit: step.sizeLimit } : {}),
            ...(step.typesOnly ? { typesOnly: true } : {}),
          });
        case 'compare':
          return c.compare(step.dn ?? '', step.attribute ?? '', step.value ?? '');
        case 'add':
          return c.add(
            step.dn ?? '',
            step.objectClass,
            (step as unknown as { attributes: Record<string, string> }).attributes,
          );
        case 'modify':
          return c.modify(step.dn ?? '', step.changes ?? {});
        case 'modifyDn':
          return c.modifyDn(step.dn ?? '', step.newRdn ?? '');
        default:
          return c.delete(step.dn ?? '');
      }
    });
    const e = step.expect;
    if (e.result) t.is(result.description, e.result, label);
    if (e.matchedDn !== undefined)
      t.is(result.dn.toLowerCase(), e.matchedDn.toLowerCase(), `${label}: matchedDN`);
    const entries = response.filter((r) => r.type === 'searchResEntry');
    if (e.dns)
      t.deepEqual(
        entries.map((r) => r.dn.toLowerCase()).sort(),
        e.dns.map((d) => d.toLowerCase()).sort(),
        `${label}: entries`,
      );
    if (e.count !== undefined) t.is(entries.length, e.count, `${label}: count`);
    const first = entries[0];
    if (e.attributeCount !== undefined)
      t.is(first?.rawAttributes.size, e.attributeCount, `${label}: attribute count`);
    for (const [name, values] of Object.entries(e.values ?? {})) {
      t.deepEqual(first?.rawAttributes.get(name)?.map(fromUtf8), values, `${label}: ${name}`);
    }
  }
}

function mockServer(): Server {
  return new Server('mock_server', { directory: new Directory({ rootDn: ADMIN, rootPassword: 'secret' }) });
}

for (const strategy of ['MOCK_SYNC', 'MOCK_ASYNC'] as const) {
  test(`behaviour suite over ${strategy}`, async (t) => {
    const conn = new Connection(mockServer(), { user: ADMIN, password: 'secret', clientStrategy: strategy });
    await conn.strategy.entriesFromLdif(LDIF);
    await conn.open();
    t.true(await conn.bind());
    await runSuite(t, conn as AnyConn);
    await conn.close();
  });
}

test('behaviour suite over MOCK_SYNC with every message round-tripped through the BER codec', async (t) => {
  const conn = new Connection(mockServer(), {
    user: ADMIN,
    password: 'secret',
    clientStrategy: 'MOCK_SYNC',
    mockRoundTrip: true,
  });
  await conn.strategy.entriesFromLdif(LDIF);
  await conn.open();
  t.true(await conn.bind());
  await runSuite(t, conn);
});

const slapd = useSlapd({ ldif: LDIF });
slapdTest('behaviour suite over a real slapd', async (t) => {
  const conn = new Connection(slapd().url, {
    user: ADMIN,
    password: 'secret',
    clientStrategy: 'SAFE_SYNC',
    autoBind: true,
  });
  await conn.open();
  await runSuite(t, conn);
  await conn.close();
});
