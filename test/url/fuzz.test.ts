/**
 * Property tests of the LDAP URL parser: random and mutated strings only raise UrlSyntaxError
 * (position inside the input), and every accepted URL formats to a string that parses back to
 * the same parts. Bounded, seeded iterations.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { UrlSyntaxError } from '../../src/errors.js';
import { formatLdapUrl, parseLdapUrl, type LdapUrl } from '../../src/url/index.js';
import { mutate, prng, randomString } from '../dn/fuzz-support.js';

const vectors = (
  JSON.parse(readFileSync(new URL('../../fixtures/url/vectors.json', import.meta.url), 'utf8')) as {
    input: string;
  }[]
).map((c) => c.input);

function check(
  t: { fail: (m: string) => void; true: (v: boolean, m?: string) => void },
  input: string,
): void {
  let url: LdapUrl;
  try {
    url = parseLdapUrl(input);
  } catch (e) {
    if (!(e instanceof UrlSyntaxError)) return t.fail(`${JSON.stringify(input)} threw ${String(e)}`);
    t.true(
      e.position >= 0 && e.position <= input.length,
      `position ${e.position} outside ${JSON.stringify(input)}`,
    );
    return;
  }
  const text = formatLdapUrl(url);
  let back: LdapUrl | undefined;
  try {
    back = parseLdapUrl(text);
  } catch (e) {
    return t.fail(
      `${JSON.stringify(input)} formatted to ${JSON.stringify(text)} which does not parse: ${String(e)}`,
    );
  }
  t.true(JSON.stringify(back) === JSON.stringify(url), `round trip of ${JSON.stringify(input)} via ${text}`);
}

test('random strings only raise UrlSyntaxError', (t) => {
  const rand = prng(21);
  for (let i = 0; i < 5000; i++) check(t, 'ldap://' + randomString(rand, 30));
  for (let i = 0; i < 2000; i++) check(t, randomString(rand, 20));
});

test('mutated vectors only raise UrlSyntaxError, and accepted ones round-trip', (t) => {
  const rand = prng(22);
  for (let i = 0; i < 10000; i++) check(t, mutate(rand, vectors[i % vectors.length]!));
});
