/**
 * The matched values control (RFC 3876) where our answer follows the RFC rather than slapd 2.5
 * (listed in fixtures/conformance/DEVIATIONS.md): attributes left with no value come with an
 * empty set of values, and approximate items select values. The cases slapd agrees on are in
 * the recorded scenarios (mv-*).
 */
import test from 'ava';
import { encodeFilter, parseFilter } from '../../src/filter/index.js';
import type { Control, PartialAttribute } from '../../src/protocol/index.js';
import { dec, makeDir, run, searchReq, session } from './helpers.js';

const ALICE = 'uid=alice,ou=people,dc=example,dc=com';
const BOB = 'uid=bob,ou=people,dc=example,dc=com';

/** The control with a ValuesReturnFilter of these items (SEQUENCE OF SimpleFilterItem). */
function matchedValues(...items: string[]): Control {
  const body = Buffer.concat(items.map((f) => encodeFilter(parseFilter(f))));
  return {
    oid: '1.2.826.0.1.3344810.2.3',
    critical: true,
    value: new Uint8Array(Buffer.concat([Buffer.of(0x30, body.length), body])),
  };
}

async function attributesOf(dn: string, attributes: string[], control: Control, typesOnly = false) {
  const dir = await makeDir();
  const a = await run(dir, searchReq(dn, '(objectClass=*)', 0, attributes, { typesOnly }), session(), [
    control,
  ]);
  const entry = a.messages.find((m) => m.type === 'SearchResultEntry') as unknown as {
    attributes: readonly PartialAttribute[];
  };
  return { code: a.last.resultCode, attrs: entry.attributes.map((x) => [x.type, x.vals.map(dec)] as const) };
}

test('only the matching values of each requested attribute are returned; the others come empty', async (t) => {
  const got = await attributesOf(BOB, ['cn', 'sn', 'mail'], matchedValues('(cn=Robert*)'));
  t.is(got.code, 0);
  t.deepEqual(got.attrs, [
    ['cn', ['Robert Jones']],
    ['sn', []],
    ['mail', []],
  ]);
});

test('several items: a value is kept when any item selects it', async (t) => {
  const got = await attributesOf(BOB, ['cn', 'mail'], matchedValues('(mail=*)', '(cn=Bob Jones)'));
  t.deepEqual(got.attrs, [
    ['cn', ['Bob Jones']],
    ['mail', ['bob@example.com']],
  ]);
});

test('an approximate item selects the values it matches, as in a search filter', async (t) => {
  const got = await attributesOf(ALICE, ['cn'], matchedValues('(cn~=alise smyth)'));
  t.deepEqual(got.attrs, [['cn', ['Alice Smith']]]);
});

test('a typesOnly search is not affected (RFC 3876 section 2, step 2)', async (t) => {
  const got = await attributesOf(BOB, ['cn', 'sn'], matchedValues('(cn=nomatch)'), true);
  t.deepEqual(got.attrs, [
    ['cn', []],
    ['sn', []],
  ]);
});

test('an item that does not decode selects nothing; a missing value is a protocol error', async (t) => {
  const garbage: Control = {
    oid: '1.2.826.0.1.3344810.2.3',
    critical: true,
    value: Uint8Array.of(0x30, 2, 0x04, 0),
  };
  t.deepEqual((await attributesOf(BOB, ['sn'], garbage)).attrs, [['sn', []]]);
  const dir = await makeDir();
  const none = await run(dir, searchReq(BOB, '(objectClass=*)', 0), session(), [
    { oid: '1.2.826.0.1.3344810.2.3', critical: false },
  ]);
  t.is(none.last.resultCode, 2);
});
