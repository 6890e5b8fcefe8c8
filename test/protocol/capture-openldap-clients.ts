/**
 * Records what OpenLDAP's own client tools (libldap/liblber 2.5: ldapsearch, ldapadd, ldapmodify,
 * ldapdelete, ldapmodrdn, ldapcompare, ldapwhoami, ldappasswd, ldapexop) put on the wire, into
 * fixtures/protocol/openldap-client-requests.json: real-peer request PDUs for the decoder.
 * A throwaway TCP listener built on our codec answers each request minimally (success) so the
 * tools proceed; only the bytes the tools send are kept.
 *
 *   npx tsx test/protocol/capture-openldap-clients.ts
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { promisify } from 'node:util';
import {
  MessageFramer,
  decodeMessage,
  encodeMessage,
  ResponseTypeOf,
  type LdapMessage,
} from '../../src/protocol/index.js';
import { toHex, toJson } from './json.js';

const run = promisify(execFile);
let label = '';
const captured: { description: string; hex: string; message: unknown }[] = [];

function answer(sock: Socket, m: LdapMessage): void {
  const op = m.protocolOp;
  const type = (ResponseTypeOf as Record<string, string>)[op.type];
  if (op.type === 'UnbindRequest') return void sock.end();
  if (!type) return;
  const result = { resultCode: op.type === 'CompareRequest' ? 6 : 0, matchedDN: '', diagnosticMessage: '' };
  const reply =
    op.type === 'ExtendedRequest' && op.requestName === '1.3.6.1.4.1.4203.1.11.3'
      ? {
          type: 'ExtendedResponse',
          ...result,
          responseValue: new TextEncoder().encode('dn:cn=admin,dc=example,dc=com'),
        }
      : { type, ...result };
  sock.write(encodeMessage({ messageID: m.messageID, protocolOp: reply as LdapMessage['protocolOp'] }));
}

const server = createServer((sock) => {
  const framer = new MessageFramer();
  let n = 0;
  sock.on('data', (chunk) => {
    for (const pdu of framer.push(chunk)) {
      const m = decodeMessage(pdu);
      captured.push({
        description: `${label} #${++n} ${m.protocolOp.type}`,
        hex: toHex(pdu),
        message: toJson(m),
      });
      answer(sock, m);
    }
  });
  sock.on('error', () => {});
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as { port: number }).port;
const H = ['-H', `ldap://127.0.0.1:${port}`, '-x', '-o', 'nettimeout=3'];
const admin = ['-D', 'cn=admin,dc=example,dc=com', '-w', 'secret'];
const base = ['-b', 'dc=example,dc=com'];

async function tool(cmd: string, args: string[], input?: string): Promise<void> {
  label = `${cmd} ${args.join(' ')}`.replace(/\s+/g, ' ').slice(0, 160);
  const p = run(cmd, [...H, ...args], { timeout: 5000 });
  if (input !== undefined) {
    p.child.stdin?.write(input);
    p.child.stdin?.end();
  }
  await p.catch(() => undefined); // a tool may complain about our minimal answers; its bytes count
}

const filters = [
  '(objectClass=*)',
  '(&(uid=a*b*c)(!(cn=x))(|(sn>=m)(sn<=f))(mail~=y))',
  '(cn:caseExactMatch:=Z)',
  '(:dn:2.5.13.5:=people)',
  '(o:dn:=Example)',
  '(userAccountControl:1.2.840.113556.1.4.803:=2)',
  '(&)',
  '(|)',
  '(cn=\\2a\\28\\29\\5c\\00)',
  '(jpegPhoto=\\ff\\d8)',
  '(cn=*a)',
  '(cn=a*)',
  '(cn=*a*b*)',
  '(cn;lang-fr=Jean)',
  '(2.5.4.3=x)',
  '(cn=J\u00fcrgen M\u00fcller)',
  '(!(!(!(cn=deep))))',
];
for (const f of filters) await tool('ldapsearch', [...base, f]);
await tool('ldapsearch', ['-s', 'base', '-b', '', '(objectClass=*)', '*', '+']);
await tool('ldapsearch', [
  '-s',
  'one',
  '-a',
  'always',
  '-z',
  '10',
  '-l',
  '5',
  '-A',
  '-b',
  'ou=people,dc=example,dc=com',
  '(uid=*)',
  'cn',
  'sn',
]);
await tool('ldapsearch', ['-s', 'children', '-a', 'search', ...base, '(uid=*)', '1.1']);
await tool('ldapsearch', ['-a', 'find', ...admin, ...base, '(uid=*)']);
const controls = [
  ['-E', 'pr=2/noprompt'],
  ['-E', '!sss=cn/-sn:2.5.13.3'],
  ['-E', 'sss=cn', '-E', 'vlv=1/3/1/0'],
  ['-E', 'sss=sn', '-E', '!vlv=0/5:Smith'],
  ['-e', '!assert=(cn=x)'],
  ['-e', 'authzid=dn:cn=other,dc=example,dc=com'],
  ['-e', 'authzid=u:jdoe'],
  ['-M'],
  ['-MM'],
  ['-E', 'sync=ro'],
  ['-E', 'sync=rp/rid=000,csn=20240101000000.000000Z#000000#000#000000'],
  ['-E', 'ps=any/1/1'],
  ['-E', '!dirSync=1/0'],
  ['-E', 'extendedDn=1'],
  ['-E', 'showDeleted'],
  ['-E', 'serverNotif'],
  ['-E', '!dontUseCopy'],
  ['-E', 'subentries=true'],
  ['-E', 'mv=(cn=x)'],
  ['-E', '1.2.3.4=:hello'],
  ['-E', '!1.2.3.5::AAEC'],
  ['-e', 'noop'],
  ['-e', 'relax'],
];
for (const c of controls) await tool('ldapsearch', [...admin, ...c, ...base, '(uid=x)']);

const addLdif = `dn: uid=carol,ou=people,dc=example,dc=com
objectClass: inetOrgPerson
uid: carol
cn: Carol Ca\u00f1as
sn: Ca\u00f1as
jpegPhoto:: /9j/AA==
description:: w6k=
`;
await tool('ldapadd', [...admin], addLdif);
await tool('ldapadd', [...admin, '-e', 'postread=cn,sn'], addLdif);
const modLdif = `dn: uid=carol,ou=people,dc=example,dc=com
changetype: modify
add: mail
mail: carol@example.com
-
delete: description
-
replace: sn
sn: Canas
-
increment: uidNumber
uidNumber: 5
-
replace: telephoneNumber
-

dn: uid=carol,ou=people,dc=example,dc=com
changetype: modrdn
newrdn: uid=caro
deleteoldrdn: 1
newsuperior: ou=staff,dc=example,dc=com

dn: uid=dave,ou=people,dc=example,dc=com
changetype: moddn
newrdn: uid=dave+cn=Dave
deleteoldrdn: 0

dn: uid=caro,ou=staff,dc=example,dc=com
changetype: delete
`;
await tool('ldapmodify', [...admin], modLdif);
await tool(
  'ldapmodify',
  [...admin, '-e', '!assert=(sn=Ca\u00f1as)', '-e', 'preread=sn'],
  modLdif.split('\n\n')[0]! + '\n',
);
await tool('ldapdelete', [...admin, 'uid=x,dc=example,dc=com']);
await tool('ldapdelete', [...admin, '-r', 'ou=tree,dc=example,dc=com']);
await tool('ldapmodrdn', [
  ...admin,
  '-r',
  '-s',
  'ou=new,dc=example,dc=com',
  'uid=y,ou=old,dc=example,dc=com',
  'uid=z',
]);
await tool('ldapcompare', [...admin, 'uid=alice,dc=example,dc=com', 'sn:Archer']);
await tool('ldapcompare', [...admin, 'uid=alice,dc=example,dc=com', 'jpegPhoto::/9j/AA==']);
await tool('ldapwhoami', []);
await tool('ldapwhoami', [...admin, '-e', 'ppolicy']);
await tool('ldappasswd', [...admin, '-s', 'newpw', '-a', 'oldpw', 'uid=alice,dc=example,dc=com']);
await tool('ldappasswd', [...admin, 'uid=alice,dc=example,dc=com']);
await tool('ldapexop', [...admin, 'whoami']);
await tool('ldapexop', [...admin, 'cancel', '5']);
await tool('ldapexop', [...admin, '1.2.3.4:some data']);
await tool('ldapexop', [...admin, '1.2.3.5']);

server.close();
writeFileSync(
  'fixtures/protocol/openldap-client-requests.json',
  JSON.stringify(
    {
      about:
        "Request PDUs sent by OpenLDAP 2.5 client tools (libldap/liblber), captured by test/protocol/capture-openldap-clients.ts. hex is the real peer's bytes; message is their decoding.",
      cases: captured,
    },
    null,
    1,
  ) + '\n',
);
console.log(`${captured.length} PDUs captured`);
