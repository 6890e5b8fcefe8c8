/**
 * The standalone TCP mock server (`ldap3ts/mock-server`): the same directory engine as the MOCK
 * strategies, behind real sockets, with a handler chain (access log, journal, fault injection,
 * access control, StartTLS) and an optional HTTP admin endpoint.
 */
export { startMockServer, loadFixtures, type MockServer } from './start.js';
export {
  DEFAULT_LIMITS,
  type Limits,
  type MockServerOptions,
  type ProfileName,
  type TlsOptions,
} from './options.js';
export { ListenError } from './server.js';
export { Journal, type JournalQuery, type JournalRecord } from './handlers/journal.js';
export { FaultSet, type FaultAction, type FaultRule } from './handlers/faults.js';
export {
  AccessControl,
  type AccessPolicy,
  type AccessRight,
  type AccessRule,
} from './handlers/access-control.js';
export { accessLog, type AccessLogFormat, type AccessLogOptions } from './handlers/access-log.js';
export { startTls, START_TLS_OID } from './handlers/start-tls.js';
export { buildChain, type ConnectionSession, type HandlerWrapper } from './handlers/types.js';
export { OPERATION_NAMES, type OperationName } from './handlers/ops.js';
export { startAdmin, jsonBytes, type AdminOptions, type AdminServer } from './admin.js';
export { AdminClient, AdminClientError, type JournalRecordJson } from './admin-client.js';
export { resolveConfig, ConfigError } from './config.js';
export { createTestServer, useMockServer, forAva, forNodeTest, type TestServer } from './testing.js';
