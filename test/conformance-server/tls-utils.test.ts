/**
 * TLS with OpenLDAP's clients against the mock server and a real slapd, both using fixtures/tls:
 * StartTLS (-ZZ), ldaps://, and SASL EXTERNAL with the client certificate, which both servers map
 * to the certificate subject. Same exit status and output.
 */
import test from 'ava';
import { resolve } from 'node:path';
import { startMockServer, type MockServer } from '../../mock-server/index.js';
import { startSlapd, type SlapdInstance } from '../../scripts/slapd.js';
import { haveSlapd, slapdTestFn } from '../helpers/slapd.js';
import { normalise, runTool } from './tools.js';
import { ADMIN, LDIF, MOCK_DEFAULT_ACCESS, PW } from './servers.js';

const TLS = resolve('fixtures/tls');
const trust = { LDAPTLS_CACERT: `${TLS}/ca.crt`, LDAPTLS_REQCERT: 'demand' };
const withCert = { ...trust, LDAPTLS_CERT: `${TLS}/client.crt`, LDAPTLS_KEY: `${TLS}/client.key` };

let mock: MockServer | undefined;
let slapd: SlapdInstance | undefined;
if (haveSlapd) {
  test.before(async () => {
    [mock, slapd] = await Promise.all([
      startMockServer({
        ldif: LDIF,
        rootDn: ADMIN,
        rootPassword: PW,
        tls: {
          certFile: `${TLS}/server.crt`,
          keyFile: `${TLS}/server.key`,
          caFile: `${TLS}/ca.crt`,
          ldapsPort: 0,
        },
      }),
      startSlapd({
        ldif: LDIF,
        rootDn: ADMIN,
        rootPassword: PW,
        tls: true,
        access: MOCK_DEFAULT_ACCESS,
        authzRegexp: [],
      }),
    ]);
  });
  test.after.always(async () => {
    await Promise.all([mock?.close(), slapd?.stop()]);
  });
}

const cases: Array<{
  name: string;
  args: (plain: string, secure: string) => string[];
  env: Record<string, string>;
  /** What slapd prints, so a case cannot pass by both servers failing the same way. */
  expect?: RegExp;
}> = [
  {
    name: 'StartTLS then simple bind',
    args: (u) => [
      'ldapwhoami',
      '-ZZ',
      '-x',
      '-H',
      u,
      '-D',
      'uid=bob,ou=people,dc=example,dc=com',
      '-w',
      'bob-secret',
    ],
    env: trust,
    expect: /^dn:uid=bob,ou=people,dc=example,dc=com$/m,
  },
  {
    name: 'ldaps:// anonymous',
    args: (_u, s) => ['ldapwhoami', '-x', '-H', s],
    env: trust,
    expect: /^anonymous$/m,
  },
  {
    name: 'ldaps:// SASL EXTERNAL with a client certificate',
    args: (_u, s) => ['ldapwhoami', '-Y', 'EXTERNAL', '-Q', '-H', s],
    env: withCert,
    expect: /^dn:cn=client,ou=people,dc=example,dc=com$/m,
  },
  {
    name: 'StartTLS SASL EXTERNAL with a client certificate',
    args: (u) => ['ldapwhoami', '-ZZ', '-Y', 'EXTERNAL', '-Q', '-H', u],
    env: withCert,
    expect: /^dn:cn=client,ou=people,dc=example,dc=com$/m,
  },
  {
    name: 'root DSE lists StartTLS when TLS is configured',
    args: (u) => ['ldapsearch', '-x', '-LLL', '-H', u, '-b', '', '-s', 'base', 'supportedExtension'],
    env: trust,
    expect: /^supportedExtension: 1\.3\.6\.1\.4\.1\.1466\.20037$/m,
  },
  {
    name: 'root DSE over ldaps:// lists StartTLS too',
    args: (_u, s) => ['ldapsearch', '-x', '-LLL', '-H', s, '-b', '', '-s', 'base', 'supportedExtension'],
    env: trust,
    expect: /^supportedExtension: 1\.3\.6\.1\.4\.1\.1466\.20037$/m,
  },
  {
    name: 'SASL EXTERNAL without a certificate',
    args: (_u, s) => ['ldapwhoami', '-Y', 'EXTERNAL', '-Q', '-H', s],
    env: trust,
  },
];

const run = slapdTestFn();
for (const c of cases) {
  run.serial(`tls: ${c.name}`, async (t) => {
    const env = { ...process.env, ...c.env };
    const theirs = await runTool(c.args(slapd!.url, slapd!.ldapsUrl!), undefined, env);
    const ours = await runTool(c.args(mock!.url, mock!.ldapsUrl!), undefined, env);
    if (c.expect) t.regex(theirs.stdout, c.expect);
    t.deepEqual(
      normalise(ours),
      normalise(theirs),
      `slapd: ${theirs.stdout}${theirs.stderr}\nmock: ${ours.stdout}${ours.stderr}`,
    );
  });
}
