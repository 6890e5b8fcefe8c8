/**
 * Walks fixtures/url/vectors.json: parse -> expected fields, format -> expected canonical string,
 * parse(format(u)) == u, and errors with their position in the URL.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { UrlSyntaxError } from '../../src/errors.js';
import { formatLdapUrl, parseLdapUrl } from '../../src/url/index.js';

interface Case {
  description: string;
  input: string;
  url?: Record<string, unknown>;
  format?: string;
  error?: { position: number };
}

const cases = JSON.parse(
  readFileSync(new URL('../../fixtures/url/vectors.json', import.meta.url), 'utf8'),
) as Case[];

test('the URL vector file holds valid and error cases', (t) => {
  t.true(cases.length >= 80);
  t.true(cases.filter((c) => c.error).length >= 30);
});

for (const [i, c] of cases.entries()) {
  const title = `url #${i} ${c.description}: ${c.input.slice(0, 60)}`;
  if (c.error) {
    test(title, (t) => {
      const e = t.throws(() => parseLdapUrl(c.input), { instanceOf: UrlSyntaxError });
      t.is(e?.position, c.error!.position, e?.message);
      t.is(e?.code, 'LDAP_URL_SYNTAX');
    });
    continue;
  }
  test(title, (t) => {
    const url = parseLdapUrl(c.input);
    t.deepEqual({ ...url }, c.url);
    const text = formatLdapUrl(url);
    t.is(text, c.format ?? c.input);
    t.deepEqual(parseLdapUrl(text), url);
  });
}
