/**
 * Walks fixtures/protocol/values.json: control values through the registry (request and
 * response codecs) and extended-operation values, in both directions, and the error cases.
 * The expected hex was built by an independent TLV writer (Python), not by ldap3ts.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { BerError, ProtocolError } from '../../src/errors.js';
import {
  decodeCancelRequestValue,
  decodeEndTransactionRequestValue,
  decodeEndTransactionResponseValue,
  decodePasswordModifyRequestValue,
  decodePasswordModifyResponseValue,
  decodeSyncInfoValue,
  decodeWhoAmIResponseValue,
  encodeCancelRequestValue,
  encodeEndTransactionRequestValue,
  encodeEndTransactionResponseValue,
  encodePasswordModifyRequestValue,
  encodePasswordModifyResponseValue,
  encodeSyncInfoValue,
  getControlDefinition,
  type ValueCodec,
} from '../../src/protocol/index.js';
import { fromJson, hex, toHex, toJson } from './json.js';

interface Case {
  codec: string;
  description: string;
  value?: unknown;
  hex: string | null;
  decodeOnly?: boolean;
  error?: { name: 'BerError' | 'ProtocolError'; offset?: number };
}
const cases = (JSON.parse(readFileSync('fixtures/protocol/values.json', 'utf8')) as { cases: Case[] }).cases;

const pair = (
  encode: (v: never) => Uint8Array | undefined,
  decode: (b: Uint8Array | undefined) => unknown,
): ValueCodec => ({
  encode: encode as (v: unknown) => Uint8Array | undefined,
  decode,
});
const EXTENDED = new Map<string, ValueCodec>([
  ['syncInfo', pair(encodeSyncInfoValue, decodeSyncInfoValue)],
  ['endTransaction:request', pair(encodeEndTransactionRequestValue, decodeEndTransactionRequestValue)],
  ['endTransaction:response', pair(encodeEndTransactionResponseValue, decodeEndTransactionResponseValue)],
  ['passwordModify:request', pair(encodePasswordModifyRequestValue, decodePasswordModifyRequestValue)],
  ['passwordModify:response', pair(encodePasswordModifyResponseValue, decodePasswordModifyResponseValue)],
  ['cancel:request', pair(encodeCancelRequestValue, decodeCancelRequestValue)],
  ['whoAmI:response', pair(() => undefined, decodeWhoAmIResponseValue)],
]);

function codecFor(name: string): ValueCodec {
  const ext = EXTENDED.get(name);
  if (ext) return ext;
  const [control, direction] = name.split(':') as [string, 'request' | 'response'];
  const c = getControlDefinition(control)?.[direction];
  if (!c) throw new Error(`no codec ${name}`);
  return c;
}
const norm = (v: unknown) => toJson(v === undefined ? null : v);

test('value vectors cover every registered control with a value and every extended value', (t) => {
  t.true(cases.length >= 100);
  const names = new Set(cases.map((c) => c.codec.split(':')[0]));
  for (const n of [
    'pagedResults',
    'sortRequest',
    'sortResponse',
    'vlvRequest',
    'vlvResponse',
    'preRead',
    'postRead',
  ]) {
    t.true(names.has(n), n);
  }
  for (const n of [
    'assertion',
    'proxiedAuthorizationV2',
    'passwordPolicy',
    'persistentSearch',
    'entryChangeNotification',
  ]) {
    t.true(names.has(n), n);
  }
  for (const n of [
    'syncRequest',
    'syncState',
    'syncDone',
    'transactionSpecification',
    'dirSync',
    'sdFlags',
    'extendedDn',
  ]) {
    t.true(names.has(n), n);
  }
});

for (const [i, c] of cases.entries()) {
  const bytes = c.hex === null ? undefined : hex(c.hex);
  if (c.error) {
    test(`value #${i} ${c.codec}: ${c.description} -> ${c.error.name}`, (t) => {
      const cls = c.error!.name === 'BerError' ? BerError : ProtocolError;
      const e = t.throws(() => codecFor(c.codec).decode(bytes), { instanceOf: cls });
      if (c.error!.offset !== undefined) t.is(e?.offset, c.error!.offset, e?.message);
      if (e instanceof BerError) t.false(e.incomplete, 'a value is complete: never "need more bytes"');
    });
    continue;
  }
  test(`value #${i} ${c.codec}: ${c.description}`, (t) => {
    const codec = codecFor(c.codec);
    t.deepEqual(norm(codec.decode(bytes)), norm(fromJson(c.value)), 'decode');
    if (!c.decodeOnly) {
      const v = fromJson(c.value);
      const out = codec.encode(v === null ? undefined : v);
      t.is(out === undefined ? null : toHex(out), c.hex, 'encode');
    }
  });
}
