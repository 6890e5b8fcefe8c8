/**
 * Connection behaviour without a real server: MOCK strategies over the in-memory directory,
 * the LDIF strategy, and fake peers over in-memory duplexes (lazy, debug redaction, referrals,
 * autoRange, persistent search, Notice of Disconnection).
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import test from 'ava';
import {
  CLIENT_CHANNEL,
  Connection,
  DsaInfo,
  MODIFY_REPLACE,
  OFFLINE_AD_SAMBA_4,
  OFFLINE_DS389_2,
  OFFLINE_SLAPD_2_5,
  Server,
  Tls,
  responseToJson,
  responseToLdif,
  type ConnectTarget,
  type SearchResEntry,
} from '../../src/client/index.js';
import { Directory } from '../../src/dit/index.js';
import { LdapConnectionError, LdapError } from '../../src/errors.js';
import type { LdapMessage, SearchRequest } from '../../src/protocol/index.js';
import { fromUtf8, utf8 } from '../../src/util/index.js';
import { FakeServer, ok } from './fake-server.js';

const ADMIN = 'cn=admin,dc=example,dc=com';
const LDIF = 'fixtures/client/directory.ldif';

async function mock(getInfo?: typeof OFFLINE_SLAPD_2_5) {
  const server = new Server('mock', {
    directory: new Directory({ rootDn: ADMIN, rootPassword: 'secret' }),
    ...(getInfo ? { getInfo } : {}),
  });
  const conn = new Connection(server, {
    user: ADMIN,
    password: 'secret',
    clientStrategy: 'MOCK_SYNC',
    autoBind: true,
  });
  await conn.strategy.entriesFromLdif(LDIF);
  await conn.open();
  return conn;
}

/** A socket factory handing out fake peers by host name, counting connects. */
function peers(map: Record<string, () => FakeServer>): {
  factory: (t: ConnectTarget) => Promise<FakeServer['client']>;
  connects: string[];
} {
  const connects: string[] = [];
  return {
    connects,
    factory: (target) => {
      connects.push(target.host);
      const make = map[target.host];
      if (!make)
        return Promise.reject(new LdapConnectionError('LDAP_CONNECT_FAILED', `no fake peer ${target.host}`));
      return Promise.resolve(make().client);
    },
  };
}

const bindOk = (m: LdapMessage, s: FakeServer): boolean => {
  if (m.protocolOp.type !== 'BindRequest') return false;
  s.send(m.messageID, { type: 'BindResponse', ...ok });
  return true;
};

test('LDIF strategy: writes become RFC 2849 change records, nothing is sent', async (t) => {
  const conn = new Connection('ldap://nowhere.invalid', { clientStrategy: 'LDIF' });
  await conn.open();
  t.true(await conn.add('cn=x,dc=example,dc=com', ['person'], { sn: 'x', cn: 'x' }));
  t.regex(
    conn.response?.[0] ?? '',
    /^dn: cn=x,dc=example,dc=com\r?\nchangetype: add\r?\nobjectClass: person\r?\n/,
  );
  t.true(await conn.modify('cn=x,dc=example,dc=com', { sn: [MODIFY_REPLACE, ['y']] }));
  t.regex(conn.response?.[0] ?? '', /changetype: modify\r?\nreplace: sn\r?\nsn: y\r?\n-/);
  t.true(await conn.modifyDn('cn=x,dc=example,dc=com', 'cn=z', { deleteOldDn: false }));
  t.regex(conn.response?.[0] ?? '', /changetype: modrdn\r?\nnewrdn: cn=z\r?\ndeleteoldrdn: 0/);
  t.true(await conn.delete('cn=z,dc=example,dc=com'));
  t.regex(conn.response?.[0] ?? '', /changetype: delete/);
  t.false(await conn.search('dc=example,dc=com', '(objectClass=*)'));
  t.is(conn.result?.description, 'unwillingToPerform');
});

test('MOCK_SYNC with an offline slapd profile: info, schema formatting, checkNames', async (t) => {
  const conn = await mock(OFFLINE_SLAPD_2_5);
  t.true(conn.server.info instanceof DsaInfo);
  t.deepEqual(conn.server.info?.supportedLdapVersions, ['3']);
  t.true(conn.server.info?.supportedExtensions.includes('1.3.6.1.4.1.4203.1.11.3') ?? false, 'who am I');
  t.is(conn.server.schema?.attributeType('inetOrgPerson'), undefined);
  t.truthy(conn.server.schema?.objectClass('inetOrgPerson'));
  t.truthy(conn.server.schema?.attributeType('cn'));
  t.true(
    await conn.search('ou=people,dc=example,dc=com', '(uid=alice)', {
      attributes: ['cn', 'createTimestamp', 'displayName', 'entryUUID'],
    }),
  );
  const e = conn.response?.[0] as SearchResEntry;
  t.deepEqual(e.attributes.get('cn'), ['Alice Liddell']);
  t.true(e.attributes.get('createTimestamp') instanceof Date, 'generalizedTime becomes a Date');
  t.is(typeof e.attributes.get('entryUUID'), 'string', 'SINGLE-VALUE entryUUID is one value');
  t.true(e.rawAttributes.get('createTimestamp')?.[0] instanceof Uint8Array);
  const err = await t.throwsAsync(conn.search('dc=example,dc=com', '(noSuchAttributeAnywhere=1)'));
  t.is((err as LdapError).code, 'LDAP_INVALID_ATTRIBUTE');
  const err2 = await t.throwsAsync(conn.add('cn=q,dc=example,dc=com', ['notAClass'], { cn: 'q' }));
  t.is((err2 as LdapError).code, 'LDAP_INVALID_OBJECT_CLASS');
  const relaxed = new Connection(conn.server, { clientStrategy: 'MOCK_SYNC', checkNames: false });
  await relaxed.open();
  t.true(await relaxed.search('dc=example,dc=com', '(noSuchAttributeAnywhere=1)'));
});

test('offline profiles and Server.fromDefinition; DsaInfo serialises to JSON and back', (t) => {
  for (const profile of [OFFLINE_SLAPD_2_5, OFFLINE_AD_SAMBA_4, OFFLINE_DS389_2] as const) {
    const s = new Server('x', { getInfo: profile });
    t.true((s.info?.raw.size ?? 0) > 0, profile);
    t.truthy(s.schema?.attributeType('objectClass'), profile);
  }
  const info = new Server('x', { getInfo: OFFLINE_SLAPD_2_5 }).info as DsaInfo;
  const copy = DsaInfo.fromJSON(JSON.parse(JSON.stringify(info)) as { raw: Record<string, string[]> });
  t.deepEqual([...copy.raw], [...info.raw]);
  const s = Server.fromDefinition('my_fake_server', copy, null);
  t.is(s.info, copy);
  t.is(s.schema, null);
  t.true(JSON.stringify(s).includes('supportedLDAPVersion'));
});

test('conn.entries, responseToLdif and responseToJson', async (t) => {
  const conn = await mock();
  await conn.search('ou=people,dc=example,dc=com', '(uid=carol)', { attributes: ['cn', 'mail'] });
  const entry = conn.entries[0];
  t.is(entry?.entryDn, 'uid=carol,ou=people,dc=example,dc=com');
  t.deepEqual(entry?.CN?.values, ['Carol Danvers', 'Captain Marvel']);
  const ldif = responseToLdif(conn.response);
  t.regex(ldif, /dn: uid=carol,ou=people,dc=example,dc=com/);
  t.regex(ldif, /cn: Captain Marvel/);
  const json = JSON.parse(responseToJson(conn.response)) as {
    entries: Array<{ dn: string; attributes: Record<string, unknown> }>;
  };
  t.is(json.entries[0]?.dn, 'uid=carol,ou=people,dc=example,dc=com');
  t.deepEqual(json.entries[0]?.attributes.mail, ['carol@example.com']);
});

test('MOCK_ASYNC resolves after the caller continues; abandon of an unknown id is harmless', async (t) => {
  const server = new Server('mock', { directory: new Directory({ rootDn: ADMIN, rootPassword: 'secret' }) });
  const conn = new Connection(server, {
    user: ADMIN,
    password: 'secret',
    clientStrategy: 'MOCK_ASYNC',
    autoBind: true,
  });
  await conn.strategy.entriesFromLdif(LDIF);
  conn.strategy.addEntry('uid=zed,ou=people,dc=example,dc=com', {
    objectClass: ['inetOrgPerson'],
    uid: 'zed',
    cn: 'Zed',
    sn: 'Zed',
  });
  await conn.open();
  const id = await conn.search('ou=people,dc=example,dc=com', '(uid=zed)');
  let settled = false;
  const pending = conn.getResponse(id).then((r) => ((settled = true), r));
  t.false(settled);
  const [response, result] = await pending;
  t.is(result.description, 'success');
  t.is(response.length, 1);
  t.false(await conn.abandon(9999));
});

test('lazy: nothing connects until the first operation, which binds first', async (t) => {
  const { factory, connects } = peers({
    lazyhost: () =>
      new FakeServer((m, s) => {
        if (bindOk(m, s)) return;
        if (m.protocolOp.type === 'SearchRequest') s.send(m.messageID, { type: 'SearchResultDone', ...ok });
      }),
  });
  const conn = new Connection(new Server('ldap://lazyhost', { getInfo: 'NONE' }), {
    user: ADMIN,
    password: 'secret',
    lazy: true,
    autoBind: true,
    socketFactory: factory,
  });
  await conn.open();
  t.true(await conn.bind());
  t.is(connects.length, 0);
  t.true(await conn.search('dc=example,dc=com', '(objectClass=*)'));
  t.deepEqual(connects, ['lazyhost']);
  t.true(conn.bound);
});

test('debug tracing publishes messages on a diagnostics channel with secrets redacted', async (t) => {
  const events: unknown[] = [];
  const listener = (e: unknown): void => void events.push(e);
  subscribe(CLIENT_CHANNEL, listener);
  try {
    const { factory } = peers({
      dbg: () =>
        new FakeServer((m, s) => {
          if (bindOk(m, s)) return;
          if (m.protocolOp.type === 'ExtendedRequest')
            s.send(m.messageID, { type: 'ExtendedResponse', ...ok });
          if (m.protocolOp.type === 'AddRequest') s.send(m.messageID, { type: 'AddResponse', ...ok });
          if (m.protocolOp.type === 'ModifyRequest') s.send(m.messageID, { type: 'ModifyResponse', ...ok });
        }),
    });
    const conn = new Connection(new Server('ldap://dbg', { getInfo: 'NONE' }), {
      user: ADMIN,
      password: 'hunter2-secret',
      autoBind: true,
      socketFactory: factory,
    });
    await conn.open();
    await conn.extend.standard.modifyPassword({
      user: ADMIN,
      oldPassword: 'hunter2-secret',
      newPassword: 'n3w-secret',
    });
    await conn.add('cn=p,dc=example,dc=com', ['person'], { sn: 'p', userPassword: 'plain-secret' });
    await conn.modify('cn=p,dc=example,dc=com', {
      userPassword: [['MODIFY_REPLACE', ['modified-secret']]],
      unicodePwd: [['MODIFY_REPLACE', ['"ad-secret"']]],
      description: [['MODIFY_REPLACE', ['kept in the trace']]],
    });
    await conn.close();
  } finally {
    unsubscribe(CLIENT_CHANNEL, listener);
  }
  const text = JSON.stringify(events);
  t.true(events.length >= 6);
  t.regex(text, /BindRequest/);
  t.false(
    /hunter2|n3w-secret|plain-secret|modified-secret|ad-secret/.test(text),
    'no password leaks into traces',
  );
  t.regex(text, /<redacted>/);
  t.regex(text, /ModifyRequest/);
  t.regex(text, /kept in the trace/, 'only secrets are redacted');
});

test('referrals are followed to allowed hosts only, with loop detection', async (t) => {
  const referTo = (url: string) => (m: LdapMessage, s: FakeServer) => {
    if (bindOk(m, s)) return;
    if (m.protocolOp.type === 'SearchRequest')
      s.send(m.messageID, {
        type: 'SearchResultDone',
        resultCode: 10,
        matchedDN: '',
        diagnosticMessage: '',
        referral: [url],
      });
  };
  const answer = (m: LdapMessage, s: FakeServer) => {
    if (bindOk(m, s)) return;
    if (m.protocolOp.type === 'SearchRequest') {
      s.send(m.messageID, {
        type: 'SearchResultEntry',
        objectName: (m.protocolOp as SearchRequest).baseObject,
        attributes: [{ type: 'cn', vals: [utf8('from b')] }],
      });
      s.send(m.messageID, { type: 'SearchResultDone', ...ok });
    }
  };
  const { factory, connects } = peers({
    a: () => new FakeServer(referTo('ldap://b/ou=moved,dc=example,dc=com')),
    b: () => new FakeServer(answer),
    loop1: () => new FakeServer(referTo('ldap://loop2/dc=x')),
    loop2: () => new FakeServer(referTo('ldap://loop1/dc=x')),
  });
  const allowed = new Server('ldap://a', { getInfo: 'NONE', allowedReferralHosts: [['b', false]] });
  const conn = new Connection(allowed, { socketFactory: factory });
  await conn.open();
  t.true(await conn.search('ou=old,dc=example,dc=com', '(objectClass=*)'));
  const e = conn.response?.[0] as SearchResEntry;
  t.is(e.dn, 'ou=moved,dc=example,dc=com', 'the search went to the referral DN on b');
  t.is(fromUtf8(e.rawAttributes.get('cn')?.[0] ?? new Uint8Array()), 'from b');

  const notAllowed = new Connection(new Server('ldap://a', { getInfo: 'NONE' }), { socketFactory: factory });
  await notAllowed.open();
  t.false(await notAllowed.search('ou=old,dc=example,dc=com', '(objectClass=*)'));
  t.is(notAllowed.result?.description, 'referral');
  t.deepEqual(notAllowed.result?.referrals, ['ldap://b/ou=moved,dc=example,dc=com']);

  const before = connects.length;
  const looping = new Connection(
    new Server('ldap://loop1', { getInfo: 'NONE', allowedReferralHosts: [['*', false]] }),
    { socketFactory: factory },
  );
  await looping.open();
  t.false(await looping.search('dc=x', '(objectClass=*)'));
  t.is(looping.result?.description, 'referral');
  t.true(connects.length - before <= 12, 'the chain stops (loop detection / hop limit)');
});

test('autoRange fetches and merges ranged attribute values', async (t) => {
  const { factory } = peers({
    ad: () =>
      new FakeServer((m, s) => {
        if (bindOk(m, s)) return;
        if (m.protocolOp.type !== 'SearchRequest') return;
        const wanted = m.protocolOp.attributes[0] ?? '';
        const vals = (from: number, to: number) =>
          Array.from({ length: to - from + 1 }, (_, i) => utf8(`cn=m${from + i}`));
        if (wanted === 'member;range=2-*') {
          s.send(m.messageID, {
            type: 'SearchResultEntry',
            objectName: 'cn=g',
            attributes: [{ type: 'member;range=2-3', vals: vals(2, 3) }],
          });
        } else if (wanted === 'member;range=4-*') {
          s.send(m.messageID, {
            type: 'SearchResultEntry',
            objectName: 'cn=g',
            attributes: [{ type: 'member;range=4-*', vals: vals(4, 4) }],
          });
        } else {
          s.send(m.messageID, {
            type: 'SearchResultEntry',
            objectName: 'cn=g',
            attributes: [{ type: 'member;range=0-1', vals: vals(0, 1) }],
          });
        }
        s.send(m.messageID, { type: 'SearchResultDone', ...ok });
      }),
  });
  const conn = new Connection(new Server('ldap://ad', { getInfo: 'NONE' }), { socketFactory: factory });
  await conn.open();
  t.true(await conn.search('cn=g', '(objectClass=*)', { attributes: ['member'] }));
  const e = conn.response?.[0] as SearchResEntry;
  t.deepEqual(e.rawAttributes.get('member')?.map(fromUtf8), ['cn=m0', 'cn=m1', 'cn=m2', 'cn=m3', 'cn=m4']);
  t.false(e.rawAttributes.has('member;range=0-1'));
  const off = new Connection(new Server('ldap://ad', { getInfo: 'NONE' }), {
    socketFactory: factory,
    autoRange: false,
  });
  await off.open();
  await off.search('cn=g', '(objectClass=*)', { attributes: ['member'] });
  t.true((off.response?.[0] as SearchResEntry).rawAttributes.has('member;range=0-1'));
});

test('persistent search yields changes with their Entry Change Notification, as iterator and callback', async (t) => {
  const ecn = (type: number) => new Uint8Array([0x30, 0x03, 0x0a, 0x01, type]);
  let searchId = 0;
  const fake = new FakeServer((m, s) => {
    if (m.protocolOp.type === 'SearchRequest') {
      searchId = m.messageID;
      t.is(m.controls?.[0]?.oid, '2.16.840.1.113730.3.4.3');
      s.send(m.messageID, { type: 'SearchResultEntry', objectName: 'cn=a', attributes: [] }, [
        { oid: '2.16.840.1.113730.3.4.7', critical: false, value: ecn(1) },
      ]);
      s.send(m.messageID, { type: 'SearchResultEntry', objectName: 'cn=b', attributes: [] }, [
        { oid: '2.16.840.1.113730.3.4.7', critical: false, value: ecn(4) },
      ]);
    }
  });
  const conn = new Connection(new Server('ldap://ps', { getInfo: 'NONE' }), {
    clientStrategy: 'ASYNC_STREAM',
    socketFactory: () => Promise.resolve(fake.client),
  });
  await conn.open();
  const seen: string[] = [];
  const events: string[] = [];
  for await (const ev of conn.extend.standard.persistentSearch('dc=x', '(objectClass=*)', {
    callback: (e) => seen.push(e.entry.dn),
  })) {
    events.push(`${ev.changeType}:${ev.entry.dn}`);
    if (events.length === 2) break;
  }
  t.deepEqual(events, ['add:cn=a', 'modify:cn=b']);
  t.deepEqual(seen, ['cn=a', 'cn=b']);
  await fake.waitFor(2);
  t.deepEqual(
    fake.received.at(-1)?.protocolOp,
    { type: 'AbandonRequest', messageID: searchId },
    'leaving the loop abandons the search',
  );
});

test('a Notice of Disconnection fails the operation with a typed error; the next one says closed', async (t) => {
  const fake = new FakeServer((m, s) => {
    if (m.protocolOp.type === 'SearchRequest')
      s.send(0, {
        type: 'ExtendedResponse',
        resultCode: 52,
        matchedDN: '',
        diagnosticMessage: 'bye',
        responseName: '1.3.6.1.4.1.1466.20036',
      });
  });
  const conn = new Connection(new Server('ldap://nod', { getInfo: 'NONE' }), {
    socketFactory: () => Promise.resolve(fake.client),
  });
  await conn.open();
  const err = await t.throwsAsync(conn.search('dc=x', '(objectClass=*)'));
  t.is((err as LdapError).code, 'LDAP_NOTICE_OF_DISCONNECTION');
  const next = await t.throwsAsync(conn.search('dc=x', '(objectClass=*)'));
  t.is((next as LdapError).code, 'LDAP_CONNECTION_CLOSED');
});

for (const mechanism of ['SCRAM-SHA-256', 'PLAIN'] as const) {
  test(`SASL ${mechanism} end to end against the in-memory directory (multi-step for SCRAM)`, async (t) => {
    const server = new Server('mock', {
      directory: new Directory({ rootDn: ADMIN, rootPassword: 'secret' }),
    });
    const conn = new Connection(server, {
      clientStrategy: 'MOCK_SYNC',
      authentication: 'SASL',
      saslMechanism: mechanism,
      user: 'alice',
      password: 'alicepw',
    });
    await conn.strategy.entriesFromLdif(LDIF);
    await conn.open();
    if (mechanism === 'PLAIN') {
      // like slapd, the directory takes a cleartext mechanism only on a protected connection
      t.false(await conn.bind());
      t.is(conn.result?.description, 'inappropriateAuthentication');
      t.true(await conn.startTls());
    }
    t.true(await conn.bind(), conn.result?.message);
    t.is(await conn.extend.standard.whoAmI(), 'dn:uid=alice,ou=people,dc=example,dc=com');
    const wrong = new Connection(server, {
      clientStrategy: 'MOCK_SYNC',
      authentication: 'SASL',
      saslMechanism: mechanism,
      user: 'alice',
      password: 'nope',
    });
    await wrong.open();
    if (mechanism === 'PLAIN') t.true(await wrong.startTls());
    t.false(await wrong.bind());
    t.is(wrong.result?.description, 'invalidCredentials');
  });
}

test('StartTLS over MOCK_SYNC marks the session as TLS; autoEscape keeps a stray backslash literal', async (t) => {
  const conn = await mock();
  t.true(await conn.startTls());
  t.true(conn.tlsStarted);
  conn.strategy.addEntry('cn=back\\\\slash,dc=example,dc=com', {
    objectClass: ['person'],
    cn: 'back\\slash',
    sn: 'x',
  });
  t.true(await conn.search('dc=example,dc=com', '(cn=back\\slash)'));
  t.is(conn.response?.length, 1, 'a lone backslash is escaped as \\5c');
  const strict = new Connection(conn.server, { clientStrategy: 'MOCK_SYNC', autoEscape: false });
  await strict.open();
  await t.throwsAsync(strict.search('dc=example,dc=com', '(cn=back\\slash)'), { code: 'LDAP_FILTER_SYNTAX' });
});

test('searchStream applies backpressure: a slow consumer pauses reading, and every entry still arrives', async (t) => {
  const fake = new FakeServer((m, s) => {
    if (m.protocolOp.type !== 'SearchRequest') return;
    for (let i = 0; i < 5000; i++)
      s.send(m.messageID, {
        type: 'SearchResultEntry',
        objectName: `cn=e${i}`,
        attributes: [{ type: 'cn', vals: [utf8(`e${i}`)] }],
      });
    s.send(m.messageID, { type: 'SearchResultDone', ...ok });
  });
  const conn = new Connection(new Server('ldap://bp', { getInfo: 'NONE' }), {
    socketFactory: () => Promise.resolve(fake.client),
  });
  await conn.open();
  let n = 0;
  let sawPause = false;
  for await (const e of conn.searchStream('dc=x', '(objectClass=*)')) {
    t.is(e.dn, `cn=e${n}`);
    if (n++ === 0) {
      await new Promise((r) => setTimeout(r, 100));
      sawPause = fake.client.isPaused();
    }
  }
  t.is(n, 5000);
  t.true(sawPause, 'the socket was paused while the consumer lagged');
  t.false(fake.client.isPaused(), 'reading resumed once the consumer caught up');
  t.true(await conn.search('dc=x', '(objectClass=*)'), 'the connection still works');
  t.is(conn.response?.length, 5000);
});

test('autoEncode: numbers, booleans and dates become LDAP strings; off, they are refused', async (t) => {
  const conn = new Connection('ldap://unused.invalid', { clientStrategy: 'LDIF' });
  await conn.open();
  await conn.add('cn=n,dc=example,dc=com', ['extensibleObject'], {
    uidNumber: 42,
    flag: true,
    when: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
  });
  const text = conn.response?.[0] ?? '';
  t.regex(text, /uidNumber: 42/);
  t.regex(text, /flag: TRUE/);
  t.regex(text, /when: 20240102030405Z/);
  const strict = new Connection('ldap://unused.invalid', { clientStrategy: 'LDIF', autoEncode: false });
  await strict.open();
  await t.throwsAsync(strict.add('cn=n,dc=example,dc=com', ['person'], { uidNumber: 42 }), {
    code: 'LDAP_OPTION',
  });
  t.true(
    await strict.add('cn=n,dc=example,dc=com', ['person'], { sn: 'text', photo: new Uint8Array([1, 2]) }),
  );
});

test('SASL EXTERNAL over MOCK_SYNC binds as the Tls client certificate subject', async (t) => {
  const tls = new Tls({ cert: 'fixtures/tls/client.crt', key: 'fixtures/tls/client.key' });
  t.is(tls.clientCertificateDn(), 'cn=client,ou=people,dc=example,dc=com');
  const server = new Server('mock', { tls, directory: new Directory(), getInfo: 'NONE' });
  const conn = new Connection(server, {
    clientStrategy: 'MOCK_SYNC',
    authentication: 'SASL',
    saslMechanism: 'EXTERNAL',
    autoBind: 'AUTO_BIND_TLS_BEFORE_BIND',
  });
  await conn.strategy.entriesFromLdif(LDIF);
  await conn.open();
  t.true(conn.bound);
  t.is(await conn.extend.standard.whoAmI(), 'dn:cn=client,ou=people,dc=example,dc=com');
  const noCert = new Connection(new Server('mock', { directory: new Directory(), getInfo: 'NONE' }), {
    clientStrategy: 'MOCK_SYNC',
    authentication: 'SASL',
    saslMechanism: 'EXTERNAL',
  });
  await noCert.open();
  t.false(await noCert.bind());
  t.is(noCert.result?.description, 'inappropriateAuthentication');
});
