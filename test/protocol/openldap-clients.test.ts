/**
 * Request PDUs captured from OpenLDAP 2.5's own client tools (a real, independent encoder; see
 * capture-openldap-clients.ts): each decodes to the recorded message, and our encoder gives back
 * the very same bytes (liblber writes minimal lengths, as we do). The search filters are also
 * checked against the RFC 4515 string the tool was given, parsed by parseFilter.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { parseFilter } from '../../src/filter/index.js';
import { decodeMessage, encodeMessage, type SearchRequest } from '../../src/protocol/index.js';
import { fromJson, hex, toHex, toJson } from './json.js';

const cases = (
  JSON.parse(readFileSync('fixtures/protocol/openldap-client-requests.json', 'utf8')) as {
    cases: { description: string; hex: string; message: unknown }[];
  }
).cases;

test('captured libldap requests: enough of them, every operation type', (t) => {
  t.true(cases.length >= 150, `${cases.length}`);
  const types = new Set(cases.map((c) => (c.message as { protocolOp: { type: string } }).protocolOp.type));
  for (const op of [
    'BindRequest',
    'UnbindRequest',
    'SearchRequest',
    'AddRequest',
    'ModifyRequest',
    'DelRequest',
  ]) {
    t.true(types.has(op), op);
  }
  for (const op of ['ModifyDNRequest', 'CompareRequest', 'ExtendedRequest']) t.true(types.has(op), op);
});

for (const [i, c] of cases.entries()) {
  test(`libldap #${i}: ${c.description}`, (t) => {
    const bytes = hex(c.hex);
    const m = decodeMessage(bytes);
    t.deepEqual(toJson(m), toJson(fromJson(c.message)));
    t.is(toHex(encodeMessage(m)), c.hex, 'our encoder reproduces libldap byte for byte');
  });
}

test('libldap filter encodings agree with parseFilter on the same RFC 4515 strings', (t) => {
  let n = 0;
  for (const c of cases) {
    const m = /^ldapsearch -b dc=example,dc=com (\(.*\)) #\d+ SearchRequest$/.exec(c.description);
    if (!m) continue;
    const op = decodeMessage(hex(c.hex)).protocolOp as SearchRequest;
    t.deepEqual(toJson(op.filter), toJson(parseFilter(m[1]!)), m[1]);
    n++;
  }
  t.true(n >= 15, `${n} filters compared`);
});
