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
// the same answers when trigram substring indexes pick the candidates
const trigram = new Directory({ uuid: 7, substringIndexes: ['cn', 'sn', 'uid', 'mail', 'description'] });
const loaded = Promise.all([
  dir.loadLdif('fixtures/dit/base.ldif'),
  trigram.loadLdif('fixtures/dit/base.ldif'),
]);

for (const v of vectors) {
  test(`filter ${v.filter}: ${v.description}`, async (t) => {
    await loaded;
    for (const d of [dir, trigram]) {
      const got = await searchDns(d, 'dc=example,dc=com', v.filter);
      t.is(got.code, 0);
      t.deepEqual(
        got.dns.map((x) => normalizeDn(x)),
        v.dns.map((x) => normalizeDn(x)),
      );
    }
  });
}

test('trigram index: substring searches still agree after updates', async (t) => {
  const d = new Directory({ uuid: 1, substringIndexes: ['cn'] });
  await d.loadLdif('fixtures/dit/base.ldif');
  const admin = { id: 1, bindDN: 'cn=admin,dc=example,dc=com', tls: false };
  await d.handle(
    {
      messageID: 1,
      protocolOp: {
        type: 'ModifyRequest',
        object: 'uid=alice,ou=people,dc=example,dc=com',
        changes: [
          { operation: 2, modification: { type: 'cn', vals: [new TextEncoder().encode('Alicia Keys')] } },
        ],
      },
    },
    admin,
    () => undefined,
  );
  t.deepEqual((await searchDns(d, 'dc=example,dc=com', '(cn=*lice sm*)')).dns, []);
  t.deepEqual((await searchDns(d, 'dc=example,dc=com', '(cn=*cia ke*)')).dns, [
    'uid=alice,ou=people,dc=example,dc=com',
  ]);
});

test('the vectors cover the filter forms', (t) => {
  const text = vectors.map((v) => v.filter).join(' ');
  for (const form of ['=*', '~=', '>=', '<=', ':dn:', '(&)', '(|)', '(!', '*)', ':='])
    t.true(text.includes(form), form);
});
