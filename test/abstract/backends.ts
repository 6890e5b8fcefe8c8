/**
 * The servers the abstraction-layer tests run against, each through the real client:
 * - `slapd`: a throwaway OpenLDAP (test/helpers/slapd.ts) over the SYNC strategy;
 * - `mock`: the in-memory directory over MOCK_SYNC with the offline slapd 2.5 schema;
 * - `mock-server`: the standalone TCP mock server (port 0) over SYNC, like a real server.
 * `backendTest` registers one test per backend; a backend that is not available registers its
 * tests as skipped and says why once (never counted as a pass).
 */
import test, { type ExecutionContext } from 'ava';
import { ALL, Connection, MOCK_SYNC, OFFLINE_SLAPD_2_5, Server, SYNC } from '../../src/client/index.js';
import { startMockServer, type MockServer } from '../../mock-server/index.js';
import { haveSlapd, useSlapd } from '../helpers/slapd.js';

export const PEOPLE_LDIF = 'fixtures/abstract/people.ldif';
export const SUFFIX = 'dc=example,dc=com';
const ADMIN = 'cn=admin,dc=example,dc=com';
const PASSWORD = 'secret';

export type AnyConnection = Connection<'SYNC'> | Connection<'MOCK_SYNC'>;

export interface Backend {
  readonly name: 'slapd' | 'mock' | 'mock-server';
  /** A new bound connection (with the schema loaded). */
  connect(): Promise<AnyConnection>;
}

function mockAvailable(): string | undefined {
  try {
    const server = new Server('probe', { getInfo: OFFLINE_SLAPD_2_5 });
    void new Connection(server, { clientStrategy: MOCK_SYNC });
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

const mockProblem = mockAvailable();
let toldMock = false;

const slapd = useSlapd({ ldif: PEOPLE_LDIF });

async function connectSlapd(): Promise<AnyConnection> {
  const instance = slapd();
  const server = new Server(instance.url, { getInfo: ALL });
  const conn = new Connection(server, {
    user: instance.rootDn,
    password: instance.rootPassword,
    clientStrategy: SYNC,
  });
  await conn.open();
  if (!(await conn.bind())) throw new Error(`bind to slapd failed: ${JSON.stringify(conn.result)}`);
  return conn;
}

/** One in-memory directory per test file, loaded once, shared like the slapd instance. */
let mockServer: Server | undefined;
async function connectMock(): Promise<AnyConnection> {
  const first = mockServer === undefined;
  mockServer ??= new Server('abstract-mock', { getInfo: OFFLINE_SLAPD_2_5 });
  const conn = new Connection(mockServer, { user: ADMIN, password: PASSWORD, clientStrategy: MOCK_SYNC });
  if (first) {
    conn.strategy.addEntry(ADMIN, {
      objectClass: ['person'],
      cn: 'admin',
      sn: 'admin',
      userPassword: PASSWORD,
    });
    await conn.strategy.entriesFromLdif(PEOPLE_LDIF);
  }
  await conn.open();
  if (!(await conn.bind())) throw new Error(`bind to the mock failed: ${JSON.stringify(conn.result)}`);
  return conn;
}

/** One TCP mock server per test file, started on first use and closed after the file. */
let tcpMock: Promise<MockServer> | undefined;
test.after.always(async () => {
  if (tcpMock) await (await tcpMock).close();
});
async function connectMockServer(): Promise<AnyConnection> {
  tcpMock ??= startMockServer({ ldif: PEOPLE_LDIF, rootDn: ADMIN, rootPassword: PASSWORD, port: 0 });
  const srv = await tcpMock;
  const conn = new Connection(new Server(srv.url, { getInfo: ALL }), {
    user: ADMIN,
    password: PASSWORD,
    clientStrategy: SYNC,
  });
  await conn.open();
  if (!(await conn.bind())) throw new Error(`bind to the mock server failed: ${JSON.stringify(conn.result)}`);
  return conn;
}

const BACKENDS: Backend[] = [
  { name: 'slapd', connect: connectSlapd },
  { name: 'mock', connect: connectMock },
  { name: 'mock-server', connect: connectMockServer },
];

/**
 * Registers `impl` once per backend; unavailable backends register a skipped test. With
 * `mockDivergence`, the mock's run is registered as `test.failing` (a known difference from
 * slapd, reported to the directory engine; ava flags it as soon as the mock is fixed).
 */
export function backendTest(
  title: string,
  impl: (t: ExecutionContext, b: Backend) => Promise<void>,
  options: { mockDivergence?: string } = {},
): void {
  for (const b of BACKENDS) {
    const known = b.name !== 'slapd' && options.mockDivergence;
    const name = `[${b.name}] ${title}${known ? ` (known divergence: ${options.mockDivergence})` : ''}`;
    if (b.name === 'slapd' && !haveSlapd) {
      test.skip(name, () => undefined);
    } else if (b.name === 'mock' && mockProblem !== undefined) {
      if (!toldMock) {
        toldMock = true;
        console.log(`SKIPPED: MOCK_SYNC tests registered as skipped: ${mockProblem}`);
      }
      test.skip(name, () => undefined);
    } else if (b.name !== 'slapd' && options.mockDivergence) {
      test.serial.failing(name, (t) => impl(t, b));
    } else {
      test.serial(name, (t) => impl(t, b));
    }
  }
}

let counter = 0;
/** A unique RDN value for entries a test creates (tests share one directory per file). */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}
