/**
 * PDUs captured from real OpenLDAP 2.5 peers, an independent encoder (liblber): requests sent by
 * its client tools (capture-openldap-clients.ts) and responses sent by slapd
 * (capture-slapd-responses.ts). Each decodes to the recorded message, and our encoder gives back
 * the very same bytes (liblber writes minimal lengths, as we do). The search filters are also
 * checked against the RFC 4515 string the tool was given, parsed by parseFilter.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { parseFilter } from '../../src/filter/index.js';
import { decodeMessage, encodeMessage, type SearchRequest } from '../../src/protocol/index.js';
import { fromJson, hex, toHex, toJson } from './json.js';

type Case = { description: string; hex: string; message: unknown };
const load = (f: string) => (JSON.parse(readFileSync(f, 'utf8')) as { cases: Case[] }).cases;
const cases = load('fixtures/protocol/openldap-client-requests.json');
const responses = load('fixtures/protocol/slapd-responses.json');

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

test('captured slapd responses: every response type it sent', (t) => {
  t.true(responses.length >= 40, `${responses.length}`);
  const types = new Set(
    responses.map((c) => (c.message as { protocolOp: { type: string } }).protocolOp.type),
  );
  for (const op of [
    'BindResponse',
    'SearchResultEntry',
    'SearchResultDone',
    'AddResponse',
    'ModifyResponse',
  ]) {
    t.true(types.has(op), op);
  }
  for (const op of ['DelResponse', 'ModifyDNResponse', 'CompareResponse', 'ExtendedResponse'])
    t.true(types.has(op), op);
});

for (const [i, c] of [
  ...cases.map((c) => ['libldap', c] as const),
  ...responses.map((c) => ['slapd', c] as const),
].entries()) {
  test(`${c[0]} #${i}: ${c[1].description}`, (t) => {
    const c2 = c[1];
    const bytes = hex(c2.hex);
    const m = decodeMessage(bytes);
    t.deepEqual(toJson(m), toJson(fromJson(c2.message)));
    t.is(toHex(encodeMessage(m)), c2.hex, 'our encoder reproduces liblber byte for byte');
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
