/** Bind: password schemes (vectors from slappasswd), SASL PLAIN, EXTERNAL, SCRAM-SHA-256, root identity. */
import test from 'ava';
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { verifyPassword } from '../../src/dit/auth/password.js';
import { Directory } from '../../src/dit/index.js';
import { dec, enc, makeDir, run, session } from './helpers.js';

const { vectors } = JSON.parse(readFileSync('fixtures/dit/passwords.json', 'utf8')) as {
  vectors: Array<{ description: string; stored: string; password: string; match: boolean }>;
};
for (const v of vectors) {
  test(`password: ${v.description}`, (t) => {
    t.is(verifyPassword(enc(v.stored), enc(v.password)), v.match);
  });
}

const ALICE = 'uid=alice,ou=people,dc=example,dc=com';
const simple = (name: string, password: string) =>
  ({
    type: 'BindRequest',
    version: 3,
    name,
    authentication: { type: 'simple', password: enc(password) },
  }) as const;
const sasl = (mechanism: string, credentials?: string | Uint8Array) =>
  ({
    type: 'BindRequest',
    version: 3,
    name: '',
    authentication: {
      type: 'sasl',
      mechanism,
      ...(credentials === undefined
        ? {}
        : { credentials: typeof credentials === 'string' ? enc(credentials) : credentials }),
    },
  }) as const;

test('bind with a hashed userPassword through the handler', async (t) => {
  const dir = await makeDir();
  dir.addEntry('uid=h,ou=people,dc=example,dc=com', {
    objectClass: 'inetOrgPerson',
    cn: 'h',
    sn: 'h',
    userPassword: vectors[0]!.stored,
  });
  const s = session();
  t.is(
    (await run(dir, simple('uid=h,ou=people,dc=example,dc=com', vectors[0]!.password), s)).last.resultCode,
    0,
  );
  t.is(s.bindDN, 'uid=h,ou=people,dc=example,dc=com');
  t.is((await run(dir, simple('uid=h,ou=people,dc=example,dc=com', 'nope'), s)).last.resultCode, 49);
  t.is(s.bindDN, '', 'a failed bind leaves the session anonymous');
});

test('unauthenticated bind allowed by option', async (t) => {
  const dir = await makeDir({ allowUnauthenticatedBind: true });
  const s = session();
  t.is((await run(dir, simple(ALICE, ''), s)).last.resultCode, 0);
  t.is(s.bindDN, '');
});

test('root identity outside the DIT, and its wrong password', async (t) => {
  const dir = await makeDir();
  const s = session();
  t.is((await run(dir, simple('CN=Admin,DC=Example,DC=Com', 'adminpw'), s)).last.resultCode, 0);
  const who = await run(dir, { type: 'ExtendedRequest', requestName: '1.3.6.1.4.1.4203.1.11.3' }, s);
  t.regex(dec((who.last as unknown as { responseValue: Uint8Array }).responseValue), /^dn:CN=Admin/i);
  t.is((await run(dir, simple('cn=admin,dc=example,dc=com', 'x'))).last.resultCode, 49);
});

test('SASL PLAIN with dn: and u: authentication ids, over TLS only (as slapd)', async (t) => {
  const dir = await makeDir();
  const plain = await run(dir, sasl('PLAIN', `\u0000dn:${ALICE}\u0000secret`), session());
  t.is(plain.last.resultCode, 48);
  t.regex(plain.last.diagnosticMessage, /encryption needed/);
  const s = { ...session(), tls: true };
  t.is((await run(dir, sasl('PLAIN', `\u0000dn:${ALICE}\u0000secret`), s)).last.resultCode, 0);
  t.is(s.bindDN, ALICE);
  t.is((await run(dir, sasl('PLAIN', '\u0000u:alice\u0000secret'), s)).last.resultCode, 0);
  t.is((await run(dir, sasl('PLAIN', '\u0000alice\u0000wrong'), s)).last.resultCode, 49);
  t.is((await run(dir, sasl('PLAIN', 'garbage'), s)).last.resultCode, 49);
});

test('SASL EXTERNAL uses the transport identity', async (t) => {
  const dir = await makeDir();
  const s = session();
  t.is((await run(dir, sasl('EXTERNAL'), s)).last.resultCode, 48);
  s.externalIdentity = 'cn=client,dc=example,dc=com';
  t.is((await run(dir, sasl('EXTERNAL'), s)).last.resultCode, 0);
  t.is(s.bindDN, 'cn=client,dc=example,dc=com');
});

test('unknown SASL mechanism', async (t) => {
  const dir = await makeDir();
  t.is((await run(dir, sasl('DIGEST-MD5', ''))).last.resultCode, 7);
});

/** A client side of SCRAM-SHA-256 (RFC 5802 section 3), to drive the engine. */
async function scram(dir: Directory, user: string, password: string, tamper = false) {
  const s = session();
  const nonce = randomBytes(12).toString('base64');
  const first = await run(dir, sasl('SCRAM-SHA-256', `n,,n=${user},r=${nonce}`), s);
  const r1 = first.last as unknown as { resultCode: number; serverSaslCreds?: Uint8Array };
  if (r1.resultCode !== 14) return { first: r1.resultCode, s };
  const serverFirst = dec(r1.serverSaslCreds!);
  const attrs = new Map(serverFirst.split(',').map((p) => [p[0], p.slice(2)] as [string, string]));
  const salted = pbkdf2Sync(
    password,
    Buffer.from(attrs.get('s')!, 'base64'),
    Number(attrs.get('i')),
    32,
    'sha256',
  );
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const withoutProof = `c=biws,r=${attrs.get('r')}`;
  const authMessage = `n=${user},r=${nonce},${serverFirst},${withoutProof}`;
  const sig = createHmac('sha256', storedKey).update(authMessage).digest();
  const proof = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) proof[i] = clientKey[i]! ^ sig[i]! ^ (tamper && i === 0 ? 1 : 0);
  const second = await run(dir, sasl('SCRAM-SHA-256', `${withoutProof},p=${proof.toString('base64')}`), s);
  const r2 = second.last as unknown as { resultCode: number; serverSaslCreds?: Uint8Array };
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  const expected = `v=${createHmac('sha256', serverKey).update(authMessage).digest('base64')}`;
  return {
    first: r1.resultCode,
    second: r2.resultCode,
    verified: r2.serverSaslCreds && dec(r2.serverSaslCreds) === expected,
    s,
  };
}

test('SASL SCRAM-SHA-256: two steps with saslBindInProgress, server signature verifies', async (t) => {
  const dir = await makeDir();
  const ok = await scram(dir, 'alice', 'secret');
  t.is(ok.first, 14);
  t.is(ok.second, 0);
  t.true(ok.verified);
  t.is(ok.s.bindDN, ALICE);
  const bad = await scram(dir, 'alice', 'secret', true);
  t.is(bad.second, 49);
  t.is(bad.s.bindDN, '');
  const unknown = await scram(dir, 'nobody', 'x');
  t.is(unknown.first, 49);
});
