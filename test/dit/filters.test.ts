/**
 * Filter evaluation against vectors recorded from a real slapd 2.5 on fixtures/dit/base.ldif
 * (test/dit/generate-filter-vectors.ts): the same entries, in the same order, for every filter
 * form, matching rule and three-valued-logic case.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { Directory } from '../../src/dit/index.js';
import { normalizeDn } from '../../src/dn/index.js';
import { searchDns } from './helpers.js';

interface Vector {
  description: string;
  filter: string;
  dns: string[];
}
const { vectors } = JSON.parse(readFileSync('fixtures/dit/filters.json', 'utf8')) as { vectors: Vector[] };

const dir = new Directory({ uuid: 7 });
const loaded = dir.loadLdif('fixtures/dit/base.ldif');

for (const v of vectors) {
  test(`filter ${v.filter}: ${v.description}`, async (t) => {
    await loaded;
    const got = await searchDns(dir, 'dc=example,dc=com', v.filter);
    t.is(got.code, 0);
    t.deepEqual(
      got.dns.map((d) => normalizeDn(d)),
      v.dns.map((d) => normalizeDn(d)),
    );
  });
}

test('the vectors cover the filter forms', (t) => {
  const text = vectors.map((v) => v.filter).join(' ');
  for (const form of ['=*', '~=', '>=', '<=', ':dn:', '(&)', '(|)', '(!', '*)', ':='])
    t.true(text.includes(form), form);
});
