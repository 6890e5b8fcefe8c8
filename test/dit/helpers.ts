/** Helpers for the engine tests: a Directory with example data and a request runner. */
import { Directory, type DirectoryOptions } from '../../src/dit/index.js';
import type { Session } from '../../src/dit/index.js';
import { parseFilter } from '../../src/filter/index.js';
import type { Control, LdapMessage, ProtocolOp, RequestOp } from '../../src/protocol/index.js';

export const enc = (s: string) => new TextEncoder().encode(s);
export const dec = (b: Uint8Array) => new TextDecoder().decode(b);

export const BASE_LDIF = `dn: dc=example,dc=com
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
cn: Alice Smith
sn: Smith
givenName: Alice
mail: alice@example.com
telephoneNumber: +1 555 0100
userPassword: secret

dn: uid=bob,ou=people,dc=example,dc=com
objectClass: inetOrgPerson
uid: bob
cn: Bob Jones
cn: Robert Jones
sn: Jones
mail: bob@example.com
employeeNumber: 42
userPassword: {SSHA}Ik6Ap6Xn3N5J1Rv1sUNK5fVNQL+kWm8V

dn: ou=groups,dc=example,dc=com
objectClass: organizationalUnit
ou: groups

dn: cn=admins,ou=groups,dc=example,dc=com
objectClass: groupOfNames
cn: admins
member: uid=alice,ou=people,dc=example,dc=com
`;

export async function makeDir(options: DirectoryOptions = {}): Promise<Directory> {
  const dir = new Directory({
    rootDn: 'cn=admin,dc=example,dc=com',
    rootPassword: 'adminpw',
    uuid: 1,
    clock: () => new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
    ...options,
  });
  await dir.loadLdif(BASE_LDIF);
  return dir;
}

let nextSession = 1;
export function session(bindDN = ''): Session {
  return { id: nextSession++, bindDN, tls: false };
}

export interface Answer {
  readonly messages: ProtocolOp[];
  readonly controls: Array<readonly Control[] | undefined>;
  readonly last: ProtocolOp & { resultCode: number; matchedDN: string; diagnosticMessage: string };
}

let mid = 1;
export async function run(
  dir: Directory,
  op: RequestOp,
  s: Session = session(),
  controls?: Control[],
): Promise<Answer> {
  const messages: ProtocolOp[] = [];
  const ctl: Array<readonly Control[] | undefined> = [];
  const msg: LdapMessage<RequestOp> = controls
    ? { messageID: mid++, protocolOp: op, controls }
    : { messageID: mid++, protocolOp: op };
  await dir.handle(msg, s, (m) => {
    messages.push(m.protocolOp);
    ctl.push(m.controls);
  });
  return { messages, controls: ctl, last: messages[messages.length - 1] as Answer['last'] };
}

export function searchReq(
  base: string,
  filter: string,
  scope: 0 | 1 | 2 | 3 = 2,
  attributes: string[] = [],
  extra: Record<string, unknown> = {},
): RequestOp {
  return {
    type: 'SearchRequest',
    baseObject: base,
    scope,
    derefAliases: 0,
    sizeLimit: 0,
    timeLimit: 0,
    typesOnly: false,
    filter: parseFilter(filter),
    attributes,
    ...extra,
  } as RequestOp;
}

export async function searchDns(
  dir: Directory,
  base: string,
  filter: string,
  scope: 0 | 1 | 2 | 3 = 2,
  s?: Session,
): Promise<{ dns: string[]; code: number; matchedDN: string }> {
  const a = await run(dir, searchReq(base, filter, scope), s);
  const dns = a.messages
    .filter((m) => m.type === 'SearchResultEntry')
    .map((m) => (m as { objectName: string }).objectName);
  return { dns, code: a.last.resultCode, matchedDN: a.last.matchedDN };
}
