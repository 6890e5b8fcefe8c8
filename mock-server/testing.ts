/**
 * Test-runner helpers (`ldap3ts/testing`): one mock server per test file (with ava and node:test
 * every file runs in its own process, so that is also one per worker) on a free port, the loaded
 * fixture restored before each test, and journal assertions. Runner-neutral: pass the runner's
 * hook functions, or use `forAva` / `forNodeTest`.
 */
import { startMockServer, type MockServer } from './start.js';
import type { MockServerOptions } from './options.js';
import type { JournalQuery, JournalRecord } from './handlers/journal.js';

type Hook = (fn: () => Promise<void> | void) => unknown;

export interface TestServer {
  /** The running server (throws before the `before` hook ran). */
  readonly server: MockServer;
  readonly url: string;
  /** Restore the fixture, clear the journal and the fault rules. */
  reset(): void;
  /** Journal records matching `query`. */
  requests(query?: JournalQuery): JournalRecord[];
  /** Throw unless exactly `count` (default: at least one) requests match `query`. */
  assertRequested(query: JournalQuery, count?: number): void;
  start(): Promise<MockServer>;
  stop(): Promise<void>;
}

function describeQuery(query: JournalQuery): string {
  return JSON.stringify(query);
}

/** A server handle whose start/reset/stop you call from your runner's hooks. */
export function createTestServer(options: MockServerOptions = {}): TestServer {
  let running: MockServer | undefined;
  const get = (): MockServer => {
    if (!running) throw new Error('mock server not started: call start() in a before hook');
    return running;
  };
  return {
    get server() {
      return get();
    },
    get url() {
      return get().url;
    },
    async start() {
      running ??= await startMockServer({ port: 0, ...options });
      return running;
    },
    reset() {
      const s = get();
      s.reset();
      s.journal.clear();
      s.faults.clear();
    },
    requests(query = {}) {
      return get().journal.find(query);
    },
    assertRequested(query, count) {
      const found = get().journal.find(query);
      const ok = count === undefined ? found.length > 0 : found.length === count;
      if (!ok) {
        const seen = get()
          .journal.records.map(
            (r) =>
              `  #${r.seq} conn=${r.connection} ${r.operation} ${JSON.stringify(r.dn)} -> ${r.resultCode ?? '-'}`,
          )
          .join('\n');
        throw new Error(
          `expected ${count === undefined ? 'at least one request' : `${count} request(s)`} matching ${describeQuery(query)}, found ${found.length}; journal:\n${seen || '  (empty)'}`,
        );
      }
    },
    async stop() {
      const s = running;
      running = undefined;
      await s?.close();
    },
  };
}

/** Register start / reset-before-each / stop with any runner's hook functions. */
export function useMockServer(
  hooks: { before: Hook; beforeEach: Hook; after: Hook },
  options: MockServerOptions = {},
): TestServer {
  const handle = createTestServer(options);
  hooks.before(async () => {
    await handle.start();
  });
  hooks.beforeEach(() => handle.reset());
  hooks.after(() => handle.stop());
  return handle;
}

/** ava: `const ldap = forAva(test, { ldif: 'fixtures/example.ldif' })`; use `test.serial` when tests write. */
export function forAva(
  test: { before: Hook; beforeEach: Hook; after: { always: Hook } },
  options: MockServerOptions = {},
): TestServer {
  return useMockServer(
    {
      before: (fn) => test.before(fn),
      beforeEach: (fn) => test.beforeEach(fn),
      after: (fn) => test.after.always(fn),
    },
    options,
  );
}

/** node:test: `forNodeTest(await import('node:test'), options)`. */
export function forNodeTest(
  nodeTest: { before: Hook; beforeEach: Hook; after: Hook },
  options: MockServerOptions = {},
): TestServer {
  return useMockServer(
    {
      before: (fn) => nodeTest.before(fn),
      beforeEach: (fn) => nodeTest.beforeEach(fn),
      after: (fn) => nodeTest.after(fn),
    },
    options,
  );
}

export { AdminClient, AdminClientError, type JournalRecordJson } from './admin-client.js';
