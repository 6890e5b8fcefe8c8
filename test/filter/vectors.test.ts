/**
 * Walks fixtures/filter/vectors.json in both directions: parse -> expected AST (values as hex),
 * format -> expected string, parse(format(ast)) == ast, and errors with their position.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { FilterSyntaxError } from '../../src/errors.js';
import { formatFilter, parseFilter, type Filter } from '../../src/filter/index.js';
import { toHex } from '../../src/util/index.js';

interface Case {
  description: string;
  input: string;
  filter?: unknown;
  format?: string;
  error?: { position: number };
}

/** A filter AST with every Uint8Array as a hex string, the shape the vectors are written in. */
export function filterToJson(filter: Filter): unknown {
  return JSON.parse(JSON.stringify(filter, (_k, v: unknown) => (v instanceof Uint8Array ? toHex(v) : v)));
}

const load = (name: string): Case[] =>
  JSON.parse(readFileSync(new URL(`../../fixtures/filter/${name}`, import.meta.url), 'utf8')) as Case[];
// vectors.json: hand-written cases; byte-table.json: every byte escaped in a value (ASTs confirmed by
// libldap when generated).
const cases = [...load('vectors.json'), ...load('byte-table.json')];

test('the filter vector file holds valid and error cases', (t) => {
  t.true(cases.length >= 100);
  t.true(cases.filter((c) => c.error).length >= 40);
});

for (const [i, c] of cases.entries()) {
  const title = `filter #${i} ${c.description}: ${JSON.stringify(c.input).slice(0, 50)}`;
  if (c.error) {
    test(title, (t) => {
      const e = t.throws(() => parseFilter(c.input), { instanceOf: FilterSyntaxError });
      t.is(e?.position, c.error!.position, e?.message);
      t.is(e?.code, 'LDAP_FILTER_SYNTAX');
    });
    continue;
  }
  test(title, (t) => {
    const ast = parseFilter(c.input);
    t.deepEqual(filterToJson(ast), c.filter);
    const text = formatFilter(ast);
    t.is(text, c.format ?? c.input);
    t.deepEqual(parseFilter(text), ast);
  });
}
