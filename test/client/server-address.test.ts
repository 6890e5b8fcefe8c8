/**
 * Server addresses from fixtures/client/server-addresses.json: what each accepted address
 * becomes, and that malformed ones and unknown schemes are refused when the Server (or the
 * Connection or ServerPool built from a string) is constructed, with a typed LdapOptionError,
 * instead of failing later in DNS or connect.
 */
import { readFileSync } from 'node:fs';
import test from 'ava';
import { Connection, Server, ServerPool, parseServerAddress } from '../../src/client/index.js';
import { LdapOptionError } from '../../src/errors.js';

interface Accepted {
  input: string;
  port?: number;
  useSsl?: boolean;
  expectPort?: number;
  scheme: string;
  host: string;
  path?: string;
}
interface Refused {
  input: string;
  port?: number;
  message: string;
}
const vectors = JSON.parse(readFileSync('fixtures/client/server-addresses.json', 'utf8')) as {
  accepted: Accepted[];
  refused: Refused[];
};

test('accepted server addresses', (t) => {
  for (const v of vectors.accepted) {
    const parsed = parseServerAddress(v.input, v.port, v.useSsl);
    const label = JSON.stringify(v.input);
    t.is(parsed.scheme as string, v.scheme, label);
    t.is(parsed.host, v.host, label);
    t.is(parsed.port as number | undefined, v.expectPort ?? v.port, label);
    t.is(parsed.path, v.path, label);
    const server = new Server(v.input, {
      ...(v.port !== undefined ? { port: v.port } : {}),
      ...(v.useSsl ? { useSsl: true } : {}),
    });
    t.is(server.host, v.host, label);
    t.is(server.ssl, v.scheme === 'ldaps', label);
  }
});

test('refused server addresses throw LdapOptionError at construction', (t) => {
  for (const v of vectors.refused) {
    const label = JSON.stringify(v.input);
    const err = t.throws(() => parseServerAddress(v.input, v.port), { instanceOf: LdapOptionError }, label);
    t.is(err?.code, 'LDAP_OPTION', label);
    t.true(err?.message.includes(v.message), `${label}: ${err?.message}`);
    t.throws(() => new Server(v.input, v.port !== undefined ? { port: v.port } : {}), {
      instanceOf: LdapOptionError,
    });
  }
});

test('a Connection or ServerPool given an unknown scheme fails at construction, naming it', (t) => {
  t.throws(() => new Connection('ldapx://foo', {}), {
    instanceOf: LdapOptionError,
    message: /unsupported URL scheme "ldapx" in "ldapx:\/\/foo"/,
  });
  t.throws(() => new Connection(['ldap://ok.example', 'ldapx://foo']), { instanceOf: LdapOptionError });
  t.throws(() => new ServerPool(['ldapx://foo']), { instanceOf: LdapOptionError });
  const pool = new ServerPool(['ldap://ok.example']);
  t.throws(() => pool.add('ftp://foo'), { instanceOf: LdapOptionError, message: /"ftp"/ });
});
