/**
 * The Microsoft and Novell helpers against a fake peer that records what they send
 * (MS-ADTS unicodePwd encoding, DirSync cookies, RFC 5805 transaction values).
 */
import test from 'ava';
import { Connection, Server } from '../../src/client/index.js';
import { BerWriter } from '../../src/ber/index.js';
import type { LdapMessage, ModifyRequest } from '../../src/protocol/index.js';
import { fromUtf8, toHex, utf8 } from '../../src/util/index.js';
import { FakeServer, ok } from './fake-server.js';

function connect(answer: (m: LdapMessage, s: FakeServer) => void): { conn: Connection; fake: FakeServer } {
  const fake = new FakeServer(answer);
  const conn = new Connection(new Server('ldap://dc', { getInfo: 'NONE' }), {
    socketFactory: () => Promise.resolve(fake.client),
  });
  return { conn, fake };
}

const modifyOk = (m: LdapMessage, s: FakeServer): void => {
  if (m.protocolOp.type === 'ModifyRequest') s.send(m.messageID, { type: 'ModifyResponse', ...ok });
};

test('microsoft.modifyPassword sends unicodePwd as quoted UTF-16LE (replace, or delete old + add new)', async (t) => {
  const { conn, fake } = connect(modifyOk);
  await conn.open();
  t.true(await conn.extend.microsoft.modifyPassword('cn=u,dc=ad', 'Nouveau1!'));
  t.true(await conn.extend.microsoft.modifyPassword('cn=u,dc=ad', 'Next2!', 'Nouveau1!'));
  const [admin, change] = fake.received.map((m) => m.protocolOp as ModifyRequest);
  t.is(admin?.changes.length, 1);
  t.is(admin?.changes[0]?.operation, 2);
  t.is(Buffer.from(admin?.changes[0]?.modification.vals[0] ?? []).toString('utf16le'), '"Nouveau1!"');
  t.deepEqual(
    change?.changes.map((c) => c.operation),
    [1, 0],
  );
  t.is(Buffer.from(change?.changes[0]?.modification.vals[0] ?? []).toString('utf16le'), '"Nouveau1!"');
});

test('microsoft.unlockAccount and group membership helpers', async (t) => {
  const { conn, fake } = connect(modifyOk);
  await conn.open();
  t.true(await conn.extend.microsoft.unlockAccount('cn=u,dc=ad'));
  t.true(
    await conn.extend.microsoft.addMembersToGroups(
      ['cn=a,dc=ad', 'cn=b,dc=ad'],
      ['cn=g1,dc=ad', 'cn=g2,dc=ad'],
    ),
  );
  t.true(await conn.extend.microsoft.removeMembersFromGroups('cn=a,dc=ad', 'cn=g1,dc=ad'));
  const ops = fake.received.map((m) => m.protocolOp as ModifyRequest);
  t.deepEqual(
    ops.map((o) => [
      o.object,
      o.changes[0]?.operation,
      o.changes[0]?.modification.type,
      o.changes[0]?.modification.vals.map(fromUtf8),
    ]),
    [
      ['cn=u,dc=ad', 2, 'lockoutTime', ['0']],
      ['cn=g1,dc=ad', 0, 'member', ['cn=a,dc=ad', 'cn=b,dc=ad']],
      ['cn=g2,dc=ad', 0, 'member', ['cn=a,dc=ad', 'cn=b,dc=ad']],
      ['cn=g1,dc=ad', 1, 'member', ['cn=a,dc=ad']],
    ],
  );
});

test('microsoft.dirSync sends the DirSync control and returns the next cookie', async (t) => {
  const { conn, fake } = connect((m, s) => {
    if (m.protocolOp.type !== 'SearchRequest') return;
    s.send(m.messageID, { type: 'SearchResultEntry', objectName: 'cn=changed,dc=ad', attributes: [] });
    const w = new BerWriter();
    w.startSequence();
    w.writeInteger(1);
    w.writeInteger(0);
    w.writeOctetString(utf8('next-cookie'));
    w.endSequence();
    s.send(m.messageID, { type: 'SearchResultDone', ...ok }, [
      { oid: '1.2.840.113556.1.4.841', critical: true, value: w.toBytes() },
    ]);
  });
  await conn.open();
  const round = await conn.extend.microsoft.dirSync('dc=ad', '(objectClass=*)', { cookie: utf8('old') });
  t.deepEqual(
    round.entries.map((e) => e.dn),
    ['cn=changed,dc=ad'],
  );
  t.true(round.moreResults);
  t.is(fromUtf8(round.cookie ?? new Uint8Array()), 'next-cookie');
  const sent = fake.received[0]?.controls?.[0];
  t.is(sent?.oid, '1.2.840.113556.1.4.841');
  t.true(toHex(sent?.value ?? new Uint8Array()).endsWith(toHex(utf8('old'))));
});

test('novell.getBindDn, startTransaction and endTransaction (RFC 5805 value)', async (t) => {
  const { conn, fake } = connect((m, s) => {
    if (m.protocolOp.type !== 'ExtendedRequest') return;
    const name = m.protocolOp.requestName;
    if (name === '2.16.840.1.113719.1.27.100.31')
      s.send(m.messageID, {
        type: 'ExtendedResponse',
        ...ok,
        responseValue: new Uint8Array([0x04, 0x06, ...utf8('cn=me,')]),
      });
    else if (name === '1.3.6.1.1.21.1')
      s.send(m.messageID, { type: 'ExtendedResponse', ...ok, responseValue: utf8('txn-1') });
    else s.send(m.messageID, { type: 'ExtendedResponse', ...ok });
  });
  await conn.open();
  t.is(await conn.extend.novell.getBindDn(), 'cn=me,');
  const id = await conn.extend.novell.startTransaction();
  t.is(fromUtf8(id ?? new Uint8Array()), 'txn-1');
  t.true(await conn.extend.novell.endTransaction(id ?? new Uint8Array(), false));
  const end = fake.received[2]?.protocolOp;
  // txnEndReq ::= SEQUENCE { commit BOOLEAN (FALSE), identifier OCTET STRING }
  t.is(
    end?.type === 'ExtendedRequest' ? toHex(end.requestValue ?? new Uint8Array()) : '',
    '300a010100040574786e2d31',
  );
});
