/**
 * Walks fixtures/protocol/messages.json in both directions (decode hex -> expected message,
 * encode message -> expected hex), checks that every proper prefix of a valid PDU is reported
 * as incomplete, and walks fixtures/protocol/message-errors.json (error class, code, offset).
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { BerError, ProtocolError } from '../../src/errors.js';
import { decodeMessage, encodeMessage, type DecodeOptions } from '../../src/protocol/index.js';
import { cuts, fromJson, hex, toHex, toJson } from './json.js';

interface Vector {
  description: string;
  hex: string;
  message: unknown;
}
interface ErrorVector {
  description: string;
  hex: string;
  error: { name: 'BerError' | 'ProtocolError'; code: string; offset: number };
  maxLength?: number;
}

const vectors = (JSON.parse(readFileSync('fixtures/protocol/messages.json', 'utf8')) as { cases: Vector[] })
  .cases;
const errors = (
  JSON.parse(readFileSync('fixtures/protocol/message-errors.json', 'utf8')) as { cases: ErrorVector[] }
).cases;

test('vector files hold hundreds of cases', (t) => {
  t.true(vectors.length >= 150, `${vectors.length} message vectors`);
  t.true(errors.length >= 100, `${errors.length} error vectors`);
});

for (const [i, v] of vectors.entries()) {
  test(`message #${i}: ${v.description}`, (t) => {
    const bytes = hex(v.hex);
    const want = toJson(fromJson(v.message));
    t.deepEqual(toJson(decodeMessage(bytes)), want, 'decode');
    t.is(toHex(encodeMessage(fromJson(v.message))), v.hex, 'encode');
    for (const cut of cuts(bytes.length)) {
      const err = t.throws(() => decodeMessage(bytes.subarray(0, cut)), { instanceOf: BerError });
      if (!err?.incomplete) {
        t.fail(`prefix of ${cut} bytes not reported as incomplete: ${err?.message}`);
        return;
      }
    }
  });
}

for (const [i, v] of errors.entries()) {
  test(`message error #${i}: ${v.description} -> ${v.error.name} ${v.error.code} at ${v.error.offset}`, (t) => {
    const opts: DecodeOptions = {};
    if (v.maxLength !== undefined) opts.maxLength = v.maxLength;
    const cls = v.error.name === 'BerError' ? BerError : ProtocolError;
    const e = t.throws(() => decodeMessage(hex(v.hex), opts), { instanceOf: cls });
    t.is(e?.code, v.error.code, e?.message);
    t.is(e?.offset, v.error.offset, e?.message);
  });
}
