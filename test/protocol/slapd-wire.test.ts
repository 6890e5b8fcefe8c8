/**
 * The codec against a real OpenLDAP slapd: requests encoded by encodeMessage go over TCP, and
 * every PDU slapd sends back is framed by MessageFramer and decoded by decodeMessage. Covers
 * each operation, every filter choice (RFC 4526 absolute filters, extensible match with
 * dnAttributes), controls (paged results, assertion, pre/post-read) and extended operations.
 * Skipped (never passed) when slapd is not installed.
 */
import type { ExecutionContext } from 'ava';
import { connect, type Socket } from 'node:net';
import type { Filter } from '../../src/filter/index.js';
import {
  ControlOid,
  ExtendedOid,
  MessageFramer,
  ResultCode,
  decodeMessage,
  decodePasswordModifyResponseValue,
  decodeReadEntryResponseValue,
  decodeWhoAmIResponseValue,
  describeControls,
  encodeMessage,
  makeControl,
  passwordModifyRequest,
  whoAmIRequest,
  type Control,
  type LdapMessage,
  type ProtocolOp,
  type SearchResultEntry,
} from '../../src/protocol/index.js';
import { fromUtf8, utf8 } from '../../src/util/index.js';
import { slapdTest, useSlapd } from '../helpers/slapd.js';
import { toHex } from './json.js';

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
objectClass: posixAccount
uid: alice
cn: Alice Archer
sn: Archer
mail: alice@example.com
uidNumber: 1001
gidNumber: 100
homeDirectory: /home/alice
userPassword: alice-pw

dn: uid=bob,ou=people,dc=example,dc=com
objectClass: inetOrgPerson
objectClass: posixAccount
uid: bob
cn: Bob Baker
sn: Baker
uidNumber: 1002
gidNumber: 100
homeDirectory: /home/bob
`;

const slapd = useSlapd({ ldifText: ldif });

/** One LDAP connection speaking through our codec only. */
class Wire {
  private readonly framer = new MessageFramer();
  private readonly inbox: LdapMessage[] = [];
  private wake: (() => void) | undefined;
  private failure: Error | undefined;
  private nextId = 1;
  /** Every PDU received, as bytes, for the re-encode comparison. */
  readonly received: Uint8Array[] = [];

  private constructor(private readonly sock: Socket) {
    sock.on('data', (chunk: Buffer) => {
      try {
        for (const pdu of this.framer.push(chunk)) {
          this.received.push(pdu);
          this.inbox.push(decodeMessage(pdu));
        }
      } catch (e) {
        this.failure = e as Error;
      }
      this.wake?.();
    });
    sock.on('error', (e) => {
      this.failure = e;
      this.wake?.();
    });
  }

  static open(port: number): Promise<Wire> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new Wire(s)));
      s.once('error', reject);
    });
  }

  /** Send one request; resolve with every response up to its final one (in order). */
  async request(op: ProtocolOp, controls?: Control[]): Promise<LdapMessage[]> {
    const id = this.nextId++;
    this.sock.write(
      encodeMessage(
        controls ? { messageID: id, protocolOp: op, controls } : { messageID: id, protocolOp: op },
      ),
    );
    const out: LdapMessage[] = [];
    for (;;) {
      if (this.failure) throw this.failure;
      const m = this.inbox.shift();
      if (!m) {
        await new Promise<void>((r) => (this.wake = r));
        continue;
      }
      if (m.messageID !== id) throw new Error(`unexpected messageID ${m.messageID}`);
      out.push(m);
      const t = m.protocolOp.type;
      if (t !== 'SearchResultEntry' && t !== 'SearchResultReference' && t !== 'IntermediateResponse')
        return out;
    }
  }

  close(): void {
    this.sock.write(encodeMessage({ messageID: this.nextId++, protocolOp: { type: 'UnbindRequest' } }));
    this.sock.end();
  }
}

const base = 'dc=example,dc=com';
const search = (
  filter: Filter,
  extra: Partial<Extract<ProtocolOp, { type: 'SearchRequest' }>> = {},
): ProtocolOp => ({
  type: 'SearchRequest',
  baseObject: base,
  scope: 2,
  derefAliases: 0,
  sizeLimit: 0,
  timeLimit: 0,
  typesOnly: false,
  filter,
  attributes: ['uid'],
  ...extra,
});
const eq = (attribute: string, v: string): Filter => ({ type: 'equalityMatch', attribute, value: utf8(v) });
const done = (msgs: LdapMessage[]) =>
  msgs[msgs.length - 1]!.protocolOp as { type: string; resultCode: number };
const dns = (msgs: LdapMessage[]) =>
  msgs
    .filter((m) => m.protocolOp.type === 'SearchResultEntry')
    .map((m) => (m.protocolOp as SearchResultEntry).objectName)
    .sort();
const alice = `uid=alice,ou=people,${base}`;
const bob = `uid=bob,ou=people,${base}`;

async function session(t: ExecutionContext, fn: (w: Wire) => Promise<void>): Promise<void> {
  const w = await Wire.open(slapd().port);
  try {
    const [bind] = await w.request({
      type: 'BindRequest',
      version: 3,
      name: slapd().rootDn,
      authentication: { type: 'simple', password: utf8(slapd().rootPassword) },
    });
    t.is((bind!.protocolOp as { resultCode: number }).resultCode, ResultCode.success);
    await fn(w);
  } finally {
    w.close();
  }
  // slapd (liblber) encodes minimally, as we do: every PDU it sent re-encodes byte for byte.
  const differ = w.received.filter((b) => toHex(encodeMessage(decodeMessage(b))) !== toHex(b));
  t.deepEqual(differ.map(toHex), []);
  t.log(`${w.received.length} PDUs from slapd decoded and re-encoded byte-identical`);
}

slapdTest('slapd: simple bind success and invalidCredentials', async (t) => {
  const w = await Wire.open(slapd().port);
  const bad = await w.request({
    type: 'BindRequest',
    version: 3,
    name: alice,
    authentication: { type: 'simple', password: utf8('wrong') },
  });
  t.is(done(bad).resultCode, ResultCode.invalidCredentials);
  const ok = await w.request({
    type: 'BindRequest',
    version: 3,
    name: alice,
    authentication: { type: 'simple', password: utf8('alice-pw') },
  });
  t.deepEqual(ok[0]!.protocolOp, {
    type: 'BindResponse',
    resultCode: 0,
    matchedDN: '',
    diagnosticMessage: '',
  });
  const who = await w.request(whoAmIRequest());
  t.is(
    decodeWhoAmIResponseValue((who[0]!.protocolOp as { responseValue?: Uint8Array }).responseValue),
    `dn:${alice}`,
  );
  w.close();
});

slapdTest('slapd: every filter choice selects the expected entries', async (t) => {
  await session(t, async (w) => {
    const cases: [Filter, string[]][] = [
      [eq('uid', 'alice'), [alice]],
      [{ type: 'and', filters: [eq('objectClass', 'posixAccount'), eq('sn', 'Baker')] }, [bob]],
      [{ type: 'or', filters: [eq('uid', 'alice'), eq('uid', 'bob')] }, [alice, bob]],
      [
        {
          type: 'and',
          filters: [eq('objectClass', 'posixAccount'), { type: 'not', filter: eq('uid', 'alice') }],
        },
        [bob],
      ],
      [
        {
          type: 'substrings',
          attribute: 'cn',
          initial: utf8('Al'),
          any: [utf8('ce A')],
          final: utf8('cher'),
        },
        [alice],
      ],
      [{ type: 'greaterOrEqual', attribute: 'uidNumber', value: utf8('1002') }, [bob]],
      [{ type: 'lessOrEqual', attribute: 'uidNumber', value: utf8('1001') }, [alice]],
      [{ type: 'present', attribute: 'mail' }, [alice]],
      [{ type: 'approxMatch', attribute: 'sn', value: utf8('Archer') }, [alice]],
      [
        {
          type: 'extensibleMatch',
          matchingRule: 'caseExactMatch',
          attribute: 'sn',
          value: utf8('Baker'),
          dnAttributes: false,
        },
        [bob],
      ],
      [
        {
          type: 'extensibleMatch',
          matchingRule: 'caseExactMatch',
          attribute: 'sn',
          value: utf8('baker'),
          dnAttributes: false,
        },
        [],
      ],
      [
        {
          type: 'and',
          filters: [
            eq('objectClass', 'posixAccount'),
            { type: 'extensibleMatch', attribute: 'ou', value: utf8('people'), dnAttributes: true },
          ],
        },
        [alice, bob],
      ],
      [
        { type: 'and', filters: [eq('objectClass', 'posixAccount'), { type: 'and', filters: [] }] },
        [alice, bob],
      ],
      [{ type: 'or', filters: [] }, []],
    ];
    for (const [filter, want] of cases) {
      const res = await w.request(search(filter));
      t.is(done(res).resultCode, 0, JSON.stringify(filter));
      t.deepEqual(
        dns(res),
        want.sort(),
        JSON.stringify(filter, (_k, v) => (v instanceof Uint8Array ? fromUtf8(v) : v)),
      );
    }
    const limited = await w.request(search({ type: 'present', attribute: 'objectClass' }, { sizeLimit: 1 }));
    t.is(done(limited).resultCode, ResultCode.sizeLimitExceeded);
    const missing = await w.request(
      search({ type: 'present', attribute: 'objectClass' }, { baseObject: `ou=nowhere,${base}` }),
    );
    t.is(done(missing).resultCode, ResultCode.noSuchObject);
    t.is((missing[0]!.protocolOp as { matchedDN: string }).matchedDN, base);
    const entry = (await w.request(search(eq('uid', 'alice'), { attributes: ['*'] })))[0]!
      .protocolOp as SearchResultEntry;
    t.deepEqual(entry.attributes.find((a) => a.type === 'mail')?.vals.map(fromUtf8), ['alice@example.com']);
  });
});

slapdTest('slapd: add, compare, modify, modify DN, delete', async (t) => {
  await session(t, async (w) => {
    const carol = `uid=carol,ou=people,${base}`;
    const add = await w.request({
      type: 'AddRequest',
      entry: carol,
      attributes: [
        { type: 'objectClass', vals: [utf8('inetOrgPerson')] },
        { type: 'uid', vals: [utf8('carol')] },
        { type: 'cn', vals: [utf8('Carol Cañas')] },
        { type: 'sn', vals: [utf8('Cañas')] },
        { type: 'jpegPhoto', vals: [new Uint8Array([0xff, 0xd8, 0x00, 0xff])] },
      ],
    });
    t.is(done(add).resultCode, 0);
    const again = await w.request({
      type: 'AddRequest',
      entry: carol,
      attributes: [
        { type: 'objectClass', vals: [utf8('inetOrgPerson')] },
        { type: 'cn', vals: [utf8('C')] },
        { type: 'sn', vals: [utf8('C')] },
      ],
    });
    t.is(done(again).resultCode, ResultCode.entryAlreadyExists);
    const invalid = await w.request({
      type: 'AddRequest',
      entry: `uid=x,${base}`,
      attributes: [{ type: 'objectClass', vals: [utf8('top')] }],
    });
    t.is(done(invalid).resultCode, ResultCode.objectClassViolation);
    t.is(
      done(
        await w.request({
          type: 'CompareRequest',
          entry: carol,
          attributeDesc: 'sn',
          assertionValue: utf8('Cañas'),
        }),
      ).resultCode,
      ResultCode.compareTrue,
    );
    t.is(
      done(
        await w.request({
          type: 'CompareRequest',
          entry: carol,
          attributeDesc: 'sn',
          assertionValue: utf8('x'),
        }),
      ).resultCode,
      ResultCode.compareFalse,
    );
    const mod = await w.request(
      {
        type: 'ModifyRequest',
        object: carol,
        changes: [
          { operation: 0, modification: { type: 'mail', vals: [utf8('carol@example.com')] } },
          { operation: 2, modification: { type: 'sn', vals: [utf8('Canas')] } },
          { operation: 1, modification: { type: 'jpegPhoto', vals: [] } },
        ],
      },
      [makeControl('postRead', ['sn', 'mail']), makeControl('preRead', ['sn'])],
    );
    t.is(done(mod).resultCode, 0);
    const ctl = describeControls(mod[0]!.controls);
    t.deepEqual(
      (ctl[ControlOid.postRead]!.value as { attributes: { type: string; vals: Uint8Array[] }[] }).attributes
        .map((a) => [a.type, a.vals.map(fromUtf8)])
        .sort(),
      [
        ['mail', ['carol@example.com']],
        ['sn', ['Canas']],
      ],
    );
    const pre = decodeReadEntryResponseValue(
      mod[0]!.controls!.find((c) => c.oid === ControlOid.preRead)!.value,
    );
    t.is(fromUtf8(pre.attributes[0]!.vals[0]!), 'Cañas');
    const failed = await w.request(
      {
        type: 'ModifyRequest',
        object: carol,
        changes: [{ operation: 2, modification: { type: 'sn', vals: [utf8('Z')] } }],
      },
      [makeControl('assertion', eq('sn', 'nope'), true)],
    );
    t.is(done(failed).resultCode, ResultCode.assertionFailed);
    const moved = await w.request({
      type: 'ModifyDNRequest',
      entry: carol,
      newrdn: 'uid=caro',
      deleteoldrdn: true,
      newSuperior: base,
    });
    t.is(done(moved).resultCode, 0);
    t.is(done(await w.request({ type: 'DelRequest', dn: carol })).resultCode, ResultCode.noSuchObject);
    t.is(
      done(await w.request({ type: 'DelRequest', dn: `ou=people,${base}` })).resultCode,
      ResultCode.notAllowedOnNonLeaf,
    );
    t.is(done(await w.request({ type: 'DelRequest', dn: `uid=caro,${base}` })).resultCode, 0);
  });
});

slapdTest('slapd: paged results control round trip', async (t) => {
  await session(t, async (w) => {
    let cookie: Uint8Array = new Uint8Array(0);
    const seen: string[] = [];
    for (let page = 0; page < 10; page++) {
      const res = await w.request(search({ type: 'present', attribute: 'objectClass' }), [
        makeControl('pagedResults', { size: 2, cookie }),
      ]);
      seen.push(...dns(res));
      const ctl = describeControls(res[res.length - 1]!.controls)[ControlOid.pagedResults]!.value as {
        cookie: Uint8Array;
      };
      cookie = ctl.cookie;
      if (cookie.length === 0) break;
    }
    const all = dns(await w.request(search({ type: 'present', attribute: 'objectClass' })));
    t.true(all.length >= 4);
    t.deepEqual(seen.sort(), all);
  });
});

slapdTest('slapd: extended operations', async (t) => {
  await session(t, async (w) => {
    const who = await w.request(whoAmIRequest());
    t.is(
      decodeWhoAmIResponseValue((who[0]!.protocolOp as { responseValue?: Uint8Array }).responseValue),
      `dn:${slapd().rootDn}`,
    );
    const pw = await w.request(passwordModifyRequest({ userIdentity: bob }));
    const gen = decodePasswordModifyResponseValue(
      (pw[0]!.protocolOp as { responseValue?: Uint8Array }).responseValue,
    );
    t.is(done(pw).resultCode, 0);
    t.true((gen.genPasswd?.length ?? 0) > 0, 'slapd generated a password');
    const unknown = await w.request({ type: 'ExtendedRequest', requestName: '1.2.3.4.5.6.7.8' });
    t.is(done(unknown).resultCode, ResultCode.protocolError);
    const cancel = await w.request({
      type: 'ExtendedRequest',
      requestName: ExtendedOid.cancel,
      requestValue: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x63]),
    });
    t.not(done(cancel).resultCode, ResultCode.success);
  });
});
