/**
 * The relax rules control (draft-zeilenga-ldap-relax, slapd's 1.3.6.1.4.1.4203.666.5.12): the
 * values a client sets for the attributes slapd calls manageable are kept as set (the recorded
 * scenarios relax-* check the result codes; their summaries hide timestamps and UUIDs).
 */
import test from 'ava';
import type { Control, PartialAttribute } from '../../src/protocol/index.js';
import { dec, enc, makeDir, run, searchReq, session } from './helpers.js';

const ADMIN = 'cn=admin,dc=example,dc=com';
const ALICE = 'uid=alice,ou=people,dc=example,dc=com';
const RELAX: Control = { oid: '1.3.6.1.4.1.4203.666.5.12', critical: true };

async function valuesOf(
  dir: Awaited<ReturnType<typeof makeDir>>,
  dn: string,
  type: string,
): Promise<string[]> {
  const a = await run(dir, searchReq(dn, '(objectClass=*)', 0, [type]), session(ADMIN));
  const e = a.messages.find((m) => m.type === 'SearchResultEntry') as unknown as {
    attributes: readonly PartialAttribute[];
  };
  return e.attributes.find((x) => x.type.toLowerCase() === type.toLowerCase())?.vals.map(dec) ?? [];
}

const replace = (type: string, value: string) => ({
  type: 'ModifyRequest' as const,
  object: ALICE,
  changes: [{ operation: 2 as const, modification: { type, vals: [enc(value)] } }],
});

test('under relax a modifyTimestamp and modifiersName set by the client stay as set', async (t) => {
  const dir = await makeDir();
  const a = await run(dir, replace('modifyTimestamp', '20010101000000Z'), session(ADMIN), [RELAX]);
  t.is(a.last.resultCode, 0);
  t.deepEqual(await valuesOf(dir, ALICE, 'modifyTimestamp'), ['20010101000000Z']);
  const b = await run(dir, replace('modifiersName', 'cn=someone,dc=example,dc=com'), session(ADMIN), [RELAX]);
  t.is(b.last.resultCode, 0);
  t.deepEqual(await valuesOf(dir, ALICE, 'modifiersName'), ['cn=someone,dc=example,dc=com']);
  // the other stamp of that modification is the server's as usual
  t.not((await valuesOf(dir, ALICE, 'modifyTimestamp'))[0], '20010101000000Z');
});

test('under relax createTimestamp and entryUUID take the client value; without it they are refused', async (t) => {
  const dir = await makeDir();
  t.is((await run(dir, replace('createTimestamp', '20000101000000Z'), session(ADMIN))).last.resultCode, 19);
  t.is(
    (await run(dir, replace('createTimestamp', '20000101000000Z'), session(ADMIN), [RELAX])).last.resultCode,
    0,
  );
  t.deepEqual(await valuesOf(dir, ALICE, 'createTimestamp'), ['20000101000000Z']);
  const uuid = '11111111-1111-1111-1111-111111111111';
  t.is((await run(dir, replace('entryUUID', uuid), session(ADMIN), [RELAX])).last.resultCode, 0);
  t.deepEqual(await valuesOf(dir, ALICE, 'entryUUID'), [uuid]);
  t.is(
    (await run(dir, replace('entryCSN', '20000101000000.000000Z#000000#000#000000'), session(ADMIN), [RELAX]))
      .last.resultCode,
    19,
  );
});
