/** CLI configuration: vectors from fixtures/mock-server/config-vectors.json, plus the config file. */
import test from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, resolveConfig, usage } from '../../mock-server/config.js';

interface Vector {
  description: string;
  argv: string[];
  env: Record<string, string>;
  options?: Record<string, unknown>;
  quiet?: boolean;
  error?: string;
}

const vectors = (
  JSON.parse(readFileSync('fixtures/mock-server/config-vectors.json', 'utf8')) as { cases: Vector[] }
).cases;

for (const v of vectors) {
  test(`config: ${v.description}`, (t) => {
    if (v.error !== undefined) {
      const error = t.throws(() => resolveConfig(v.argv, v.env), { instanceOf: ConfigError });
      t.true(error!.message.includes(v.error), error!.message);
      return;
    }
    const { options, quiet } = resolveConfig(v.argv, v.env);
    t.deepEqual({ ...options }, v.options);
    t.is(quiet, v.quiet ?? false);
  });
}

test('config file: paths relative to the file, flags and env win over it', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ldap3ts-config-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'server.json');
  writeFileSync(
    file,
    JSON.stringify({
      ldif: 'data/one.ldif',
      port: 7000,
      host: '::1',
      tls: { certFile: 'tls/s.pem', keyFile: 'tls/s.key' },
      faults: [{ operation: 'delete', resultCode: 53 }],
      accessRules: [{ dn: 'ou=secret,dc=example,dc=com', rights: [] }],
    }),
  );
  const { options } = resolveConfig(['--config', file, '--port', '7001'], { LDAP3TS_HOST: '127.0.0.2' });
  t.deepEqual(options.ldif, [join(dir, 'data/one.ldif')]);
  t.is(options.port, 7001);
  t.is(options.host, '127.0.0.2');
  t.is(options.tls?.certFile, join(dir, 'tls/s.pem'));
  t.deepEqual(options.faults, [{ operation: 'delete', resultCode: 53 }]);
  t.is(options.accessRules?.length, 1);
});

test('config file: invalid JSON and non-object are clear errors', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ldap3ts-config-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'bad.json'), '{ port: 1 ');
  writeFileSync(join(dir, 'list.json'), '[1]');
  t.regex(t.throws(() => resolveConfig(['--config', join(dir, 'bad.json')], {}))!.message, /invalid JSON/);
  t.regex(
    t.throws(() => resolveConfig([], { LDAP3TS_CONFIG: join(dir, 'list.json') }))!.message,
    /expected a JSON object/,
  );
});

test('--help lists every flag with its environment variable', (t) => {
  const { help } = resolveConfig(['--help'], {});
  t.true(help);
  const text = usage();
  for (const flag of ['--ldif', '--port', '--ldaps-port', '--admin-port', '--socket', '--config'])
    t.true(text.includes(flag));
  t.true(text.includes('LDAP3TS_ROOT_PASSWORD'));
});

test('--size-limit and LDAP3TS_SIZE_LIMIT set the server size limit; a non-number is an error', (t) => {
  t.is(resolveConfig(['--size-limit', '0'], {}).options.sizeLimit, 0);
  t.is(resolveConfig([], { LDAP3TS_SIZE_LIMIT: '1000' }).options.sizeLimit, 1000);
  t.is(resolveConfig([], {}).options.sizeLimit, undefined); // the profile's default (openldap: 500)
  t.throws(() => resolveConfig(['--size-limit', 'lots'], {}), { instanceOf: ConfigError });
});
