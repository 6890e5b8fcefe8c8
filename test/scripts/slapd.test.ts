/** The throwaway slapd harness itself: load, TLS, ldapi, restart keeps data, stop cleans up. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'ldapts';
import { startSlapd, writeSlapdConfig } from '../../scripts/slapd.js';
import { slapdTest } from '../helpers/slapd.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import test from 'ava';

const base = 'dc=example,dc=com';
const data = `version: 1

dn: ${base}
objectClass: domain
dc: example

dn: cn=alice,${base}
objectClass: inetOrgPerson
cn: alice
sn: Liddell
userPassword: wonder
`;

test('writeSlapdConfig: schema, overlays, TLS and authz-regexp lines', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'slapd-conf-'));
  try {
    const conf = readFileSync(writeSlapdConfig(dir, { overlays: ['memberof', 'sssvlv'], tls: true }), 'utf8');
    for (const s of ['core', 'cosine', 'inetorgperson', 'nis'])
      t.true(conf.includes(`/etc/ldap/schema/${s}.schema`), s);
    t.regex(conf, /moduleload memberof\nmoduleload sssvlv/);
    t.regex(conf, /overlay memberof\n/);
    t.regex(conf, /TLSCertificateFile .*fixtures\/tls\/server\.crt/);
    t.true(conf.includes('authz-regexp "^gidNumber=0\\\\+uidNumber=0'), 'ldapi root maps to rootdn');
    t.regex(conf, /rootdn "cn=admin,dc=example,dc=com"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

slapdTest(
  'starts with LDIF (version line stripped), answers binds over ldap, ldaps and ldapi, restarts, stops clean',
  async (t) => {
    const s = await startSlapd({
      ldifText: data,
      tls: true,
      ldapi: true,
      overlays: ['sssvlv', 'memberof', 'refint', 'ppolicy'],
    });
    try {
      t.regex(s.url, /^ldap:\/\/127\.0\.0\.1:\d+$/);
      const who = (args: string[]) =>
        execFileSync('ldapwhoami', args, {
          encoding: 'utf8',
          env: { ...process.env, LDAPTLS_CACERT: 'fixtures/tls/ca.crt' },
        }).trim();
      t.is(who(['-x', '-H', s.url, '-D', s.rootDn, '-w', s.rootPassword]), `dn:${s.rootDn}`);
      t.is(who(['-x', '-H', s.ldapsUrl!, '-D', `cn=alice,${base}`, '-w', 'wonder']), `dn:cn=alice,${base}`);
      t.is(who(['-Y', 'EXTERNAL', '-Q', '-H', s.ldapiUrl!]), `dn:${s.rootDn}`);
      // SASL EXTERNAL over ldaps with the test client certificate: the identity is its subject.
      const ext = execFileSync('ldapwhoami', ['-Y', 'EXTERNAL', '-Q', '-H', s.ldapsUrl!], {
        encoding: 'utf8',
        env: {
          ...process.env,
          LDAPTLS_CACERT: 'fixtures/tls/ca.crt',
          LDAPTLS_CERT: 'fixtures/tls/client.crt',
          LDAPTLS_KEY: 'fixtures/tls/client.key',
        },
      });
      t.is(ext.trim(), 'dn:cn=client,ou=people,dc=example,dc=com');
      const client = new Client({ url: s.url });
      await client.bind(s.rootDn, s.rootPassword);
      const { searchEntries } = await client.search(base, { filter: '(cn=alice)' });
      t.is(searchEntries.length, 1);
      await client.unbind();
      await s.restart();
      t.is(who(['-x', '-H', s.url, '-D', `cn=alice,${base}`, '-w', 'wonder']), `dn:cn=alice,${base}`);
    } finally {
      await s.stop();
    }
    t.false(existsSync(s.dir));
  },
);

slapdTest('a bad LDIF makes startSlapd reject with slapadd output and leaves nothing behind', async (t) => {
  const e = await t.throwsAsync(
    startSlapd({ ldifText: `dn: cn=orphan,ou=missing,${base}\nobjectClass: person\ncn: orphan\nsn: o\n` }),
  );
  t.regex(e!.message, /slapadd failed/);
});
