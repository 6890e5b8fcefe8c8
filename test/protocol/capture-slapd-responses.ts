/**
 * Records the response PDUs of a real OpenLDAP 2.5 slapd (liblber encoder) into
 * fixtures/protocol/slapd-responses.json: requests encoded by ldap3ts go to a throwaway slapd,
 * and every PDU it answers is kept as hex with its decoding. Also notes how slapd reacts to
 * malformed PDUs (for the mock server's fidelity).
 *
 *   npx tsx test/protocol/capture-slapd-responses.ts
 */
import { writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { startSlapd } from '../../scripts/slapd.js';
import {
  MessageFramer,
  decodeMessage,
  encodeMessage,
  makeControl,
  passwordModifyRequest,
  startTlsRequest,
  whoAmIRequest,
  type LdapMessage,
  type ProtocolOp,
} from '../../src/protocol/index.js';
import { utf8 } from '../../src/util/index.js';
import { hex, toHex, toJson } from './json.js';

const ldif = `
dn: dc=example,dc=com
objectClass: dcObject
objectClass: organization
dc: example
o: Example

dn: ou=people,dc=example,dc=com
objectClass: organizationalUnit
ou: people

dn: uid=alice,ou=people,dc=example,dc=com
objectClass: inetOrgPerson
uid: alice
cn: Alice Archer
sn: Archer
mail: alice@example.com
jpegPhoto:: /9j/4AAQSkZJRgABAQ==
userPassword: alice-pw
`;

const slapd = await startSlapd({ ldifText: ldif });
const captured: { description: string; hex: string; message: unknown }[] = [];
const notes: string[] = [];

async function conversation(
  name: string,
  fn: (
    send: (op: ProtocolOp | Uint8Array, label: string, controls?: LdapMessage['controls']) => Promise<void>,
  ) => Promise<void>,
) {
  const sock: Socket = await new Promise((r) => {
    const s = connect(slapd.port, '127.0.0.1', () => r(s));
  });
  const framer = new MessageFramer();
  let label = '';
  let waiting: (() => void) | undefined;
  let closed = false;
  let id = 1;
  sock.on('data', (chunk) => {
    for (const pdu of framer.push(chunk)) {
      const m = decodeMessage(pdu);
      captured.push({
        description: `${name}: ${label} -> ${m.protocolOp.type}`,
        hex: toHex(pdu),
        message: toJson(m),
      });
      const t = m.protocolOp.type;
      if (t !== 'SearchResultEntry' && t !== 'SearchResultReference' && t !== 'IntermediateResponse')
        waiting?.();
    }
  });
  sock.on('close', () => {
    closed = true;
    waiting?.();
  });
  sock.on('error', () => {});
  const send = (op: ProtocolOp | Uint8Array, l: string, controls?: LdapMessage['controls']) =>
    new Promise<void>((resolve) => {
      label = l;
      waiting = resolve;
      if (op instanceof Uint8Array) sock.write(op);
      else
        sock.write(
          encodeMessage(
            controls ? { messageID: id++, protocolOp: op, controls } : { messageID: id++, protocolOp: op },
          ),
        );
      setTimeout(resolve, 1500);
    });
  await fn(send);
  if (!closed) sock.end();
  if (closed) notes.push(`${name}: slapd closed the connection after "${label}"`);
}

const bind = (name: string, pw: string): ProtocolOp => ({
  type: 'BindRequest',
  version: 3,
  name,
  authentication: { type: 'simple', password: utf8(pw) },
});
const search = (baseObject: string, filter: string, extra: Record<string, unknown> = {}): ProtocolOp =>
  ({
    type: 'SearchRequest',
    baseObject,
    scope: 2,
    derefAliases: 0,
    sizeLimit: 0,
    timeLimit: 0,
    typesOnly: false,
    filter: { type: 'present', attribute: filter },
    attributes: [],
    ...extra,
  }) as ProtocolOp;
const alice = 'uid=alice,ou=people,dc=example,dc=com';

await conversation('session', async (send) => {
  await send(bind(alice, 'wrong'), 'bind with a wrong password');
  await send(bind('', ''), 'anonymous bind');
  await send(bind(slapd.rootDn, slapd.rootPassword), 'root bind');
  await send(search('', 'objectClass', { scope: 0, attributes: ['*', '+'] }), 'root DSE');
  await send(search('dc=example,dc=com', 'objectClass'), 'subtree search');
  await send(search('dc=example,dc=com', 'objectClass', { typesOnly: true }), 'typesOnly search');
  await send(search('dc=example,dc=com', 'objectClass', { attributes: ['1.1'] }), '1.1 search');
  await send(search('dc=example,dc=com', 'objectClass', { sizeLimit: 1 }), 'sizeLimit 1');
  await send(search('ou=missing,ou=people,dc=example,dc=com', 'objectClass'), 'search under a missing entry');
  await send(
    search('dc=example,dc=com', 'objectClass', {
      attributes: ['entryUUID', 'createTimestamp', 'hasSubordinates'],
    }),
    'operational attributes',
  );
  await send(search('dc=example,dc=com', 'objectClass'), 'paged search', [
    makeControl('pagedResults', { size: 2, cookie: new Uint8Array(0) }),
  ]);
  await send(
    { type: 'CompareRequest', entry: alice, attributeDesc: 'sn', assertionValue: utf8('Archer') },
    'compare true',
  );
  await send(
    { type: 'CompareRequest', entry: alice, attributeDesc: 'sn', assertionValue: utf8('x') },
    'compare false',
  );
  await send(
    { type: 'CompareRequest', entry: alice, attributeDesc: 'nope', assertionValue: utf8('x') },
    'compare undefined attribute',
  );
  await send(
    {
      type: 'AddRequest',
      entry: 'uid=bob,ou=people,dc=example,dc=com',
      attributes: [
        { type: 'objectClass', vals: [utf8('inetOrgPerson')] },
        { type: 'uid', vals: [utf8('bob')] },
        { type: 'cn', vals: [utf8('Bob')] },
        { type: 'sn', vals: [utf8('B\u00e4cker')] },
      ],
    },
    'add',
    [makeControl('postRead', ['sn', 'entryUUID'])],
  );
  await send(
    {
      type: 'AddRequest',
      entry: alice,
      attributes: [
        { type: 'objectClass', vals: [utf8('inetOrgPerson')] },
        { type: 'cn', vals: [utf8('A')] },
        { type: 'sn', vals: [utf8('A')] },
      ],
    },
    'add existing',
  );
  await send(
    {
      type: 'AddRequest',
      entry: 'uid=x,ou=nowhere,dc=example,dc=com',
      attributes: [
        { type: 'objectClass', vals: [utf8('inetOrgPerson')] },
        { type: 'cn', vals: [utf8('A')] },
        { type: 'sn', vals: [utf8('A')] },
      ],
    },
    'add without parent',
  );
  await send(
    {
      type: 'AddRequest',
      entry: 'uid=y,dc=example,dc=com',
      attributes: [{ type: 'objectClass', vals: [utf8('top')] }],
    },
    'add violating the schema',
  );
  await send(
    {
      type: 'ModifyRequest',
      object: alice,
      changes: [{ operation: 2, modification: { type: 'mail', vals: [utf8('a@example.com')] } }],
    },
    'modify',
    [makeControl('preRead', ['mail'])],
  );
  await send(
    {
      type: 'ModifyRequest',
      object: alice,
      changes: [{ operation: 1, modification: { type: 'telephoneNumber', vals: [] } }],
    },
    'modify delete missing attribute',
  );
  await send(
    {
      type: 'ModifyRequest',
      object: alice,
      changes: [{ operation: 2, modification: { type: 'sn', vals: [utf8('Z')] } }],
    },
    'modify with failed assertion',
    [makeControl('assertion', { type: 'present', attribute: 'telephoneNumber' }, true)],
  );
  await send({ type: 'ModifyRequest', object: alice, changes: [] }, 'modify with unknown critical control', [
    { oid: '1.2.3.4.5', critical: true },
  ]);
  await send(
    {
      type: 'ModifyDNRequest',
      entry: 'uid=bob,ou=people,dc=example,dc=com',
      newrdn: 'uid=robert',
      deleteoldrdn: true,
      newSuperior: 'dc=example,dc=com',
    },
    'modify DN',
  );
  await send({ type: 'DelRequest', dn: 'ou=people,dc=example,dc=com' }, 'delete non-leaf');
  await send({ type: 'DelRequest', dn: 'uid=robert,dc=example,dc=com' }, 'delete');
  await send(whoAmIRequest(), 'who am I');
  await send(passwordModifyRequest({ userIdentity: alice }), 'password modify generating a password');
  await send({ type: 'ExtendedRequest', requestName: '1.2.3.4' }, 'unknown extended operation');
  await send(startTlsRequest(), 'StartTLS without TLS configured');
  await send({ type: 'AbandonRequest', messageID: 999 }, 'abandon (no answer expected)');
});
await conversation('malformed search scope', async (send) => {
  await send(hex('301c020109631704000a01040a01000201000201000101008702636e3000'), 'search with scope 4');
});
await conversation('unknown protocolOp', async (send) => {
  await send(hex('30050201097400'), 'APPLICATION 20');
});
await conversation('bad BER', async (send) => {
  await send(hex('3006020109420100'), 'unbind with content');
});
await slapd.stop();
writeFileSync(
  'fixtures/protocol/slapd-responses.json',
  JSON.stringify(
    {
      about:
        'Response PDUs of OpenLDAP slapd 2.5 (liblber encoder), captured by test/protocol/capture-slapd-responses.ts.',
      notes,
      cases: captured,
    },
    null,
    1,
  ) + '\n',
);
console.log(`${captured.length} PDUs captured`);
for (const n of notes) console.log(n);
for (const c of captured.filter((c) => !c.description.startsWith('session')))
  console.log(c.description, c.hex);
