/**
 * Property tests of the LDAP URL parser: random and mutated strings only raise UrlSyntaxError
 * (position inside the input), and every accepted URL formats to a string that parses back to
 * the same parts. Bounded, seeded iterations.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { UrlSyntaxError } from '../../src/errors.js';
import { formatLdapUrl, parseLdapUrl, type LdapUrl } from '../../src/url/index.js';
import { mutate, pick, prng, randomString } from '../dn/fuzz-support.js';

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

const DNS = ['', 'dc=example,dc=com', 'cn=a?b\\,c,o=x', 'cn=100%,o=x', 'cn=日本 #1+sn=x y', 'cn=a/b:c@d&e'];
const FILTERS = ['(objectClass=*)', '(cn=a?b*)', '(&(cn=%)(sn=\\2a))', '(cn=日本 x)', 'cn=#1', '(cn=a,b!)'];
const HOSTS = ['', 'ldap.example.com', '127.0.0.1', '::1', '2001:db8::7', 'my-host'];
const EXT_VALUES = [undefined, '', 'cn=admin,dc=x', 'a?b', '100%', '!x=y,z', 'é'];

test('random LdapUrl parts survive format -> parse unchanged', (t) => {
  const rand = prng(23);
  for (let i = 0; i < 3000; i++) {
    const scheme = pick(rand, ['ldap', 'ldaps', 'ldapi'] as const);
    const host =
      scheme === 'ldapi' ? pick(rand, ['', '/var/run/ldapi', '/tmp/a b/s?c,d']) : pick(rand, HOSTS);
    const extensions = Array.from({ length: Math.floor(rand() * 3) }, (_v, k) => {
      const value = pick(rand, EXT_VALUES);
      return {
        type: pick(rand, ['bindname', 'x-ext', '1.2.3']) + k,
        ...(value === undefined ? {} : { value }),
        critical: rand() < 0.5,
      };
    });
    const url: LdapUrl = {
      scheme,
      host,
      ...(scheme === 'ldapi' ? {} : { port: pick(rand, [389, 636, 1, 65535, 3389]) }),
      dn: pick(rand, DNS),
      attributes:
        rand() < 0.5 ? [] : ['cn', 'mail;lang-fr', '*', '+', '1.1'].slice(0, 1 + Math.floor(rand() * 5)),
      scope: pick(rand, ['base', 'one', 'sub'] as const),
      filter: pick(rand, FILTERS),
      extensions,
    };
    const text = formatLdapUrl(url);
    let back: LdapUrl;
    try {
      back = parseLdapUrl(text);
    } catch (e) {
      t.fail(`${text}: ${String(e)}`);
      return;
    }
    if (JSON.stringify(back) !== JSON.stringify(url)) {
      t.fail(`${JSON.stringify(url)} formatted to ${text} parsed as ${JSON.stringify(back)}`);
      return;
    }
  }
  t.pass();
});
