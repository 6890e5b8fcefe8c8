/**
 * The pair of servers every conformance scenario runs against: the mock server and a real slapd,
 * loaded with the same LDIF, with slapd's ACL equal to the mock server's defaults.
 */
import { startMockServer, type MockServer } from '../../mock-server/index.js';
import { startSlapd, type SlapdInstance } from '../../scripts/slapd.js';

export const LDIF = 'fixtures/mock-server/org.ldif';
export const ADMIN = 'cn=admin,dc=example,dc=com';
export const PW = 'secret';
export const BASE = 'dc=example,dc=com';
/** slapd ACL equal to the mock server's defaults: anonymous reads, writes by any bound user. */
export const MOCK_DEFAULT_ACCESS = ['access to * by users write by * read'];

export interface ServerPair {
  mock: MockServer;
  slapd: SlapdInstance;
  close(): Promise<void>;
}

export async function startPair(): Promise<ServerPair> {
  const [mock, slapd] = await Promise.all([
    startMockServer({ ldif: LDIF, rootDn: ADMIN, rootPassword: PW }),
    startSlapd({
      ldif: LDIF,
      rootDn: ADMIN,
      rootPassword: PW,
      overlays: ['sssvlv'],
      access: MOCK_DEFAULT_ACCESS,
    }),
  ]);
  return {
    mock,
    slapd,
    close: async () => {
      await Promise.all([mock.close(), slapd.stop()]);
    },
  };
}
