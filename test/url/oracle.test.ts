/**
 * Differential test against OpenLDAP's libldap `ldap_url_parse`. libldap is far more lenient
 * than RFC 4516 (it accepts bad ports, bad percent escapes, unknown scopes), so only inputs both
 * accept are compared, field by field after percent-decoding. Skips, saying so, when python3 or
 * libldap is missing.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { parseLdapUrl, type LdapUrl } from '../../src/url/index.js';
import { mutate, prng } from '../dn/fuzz-support.js';
import { runOracle, type OracleUrl } from '../dn/libldap-oracle.js';

const vectors = (
  JSON.parse(readFileSync(new URL('../../fixtures/url/vectors.json', import.meta.url), 'utf8')) as {
    input: string;
  }[]
).map((c) => c.input);

const SCOPES = ['base', 'one', 'sub'];

/** libldap's LDAPURLDesc in our shape. */
function fromOracle(o: OracleUrl): unknown {
  const scheme = o.scheme!.toLowerCase();
  const extensions = (o.extensions ?? []).map((e) => {
    const critical = e.startsWith('!');
    const body = critical ? e.slice(1) : e;
    const eq = body.indexOf('=');
    return eq === -1
      ? { type: body, critical }
      : { type: body.slice(0, eq), value: body.slice(eq + 1), critical };
  });
  return {
    scheme,
    host: o.host ?? '',
    ...(scheme === 'ldapi' ? {} : { port: o.port }),
    dn: o.dn ?? '',
    attributes: o.attributes ?? [],
    scope: SCOPES[o.scope!],
    filter: o.filter ?? '(objectClass=*)',
    extensions,
  };
}

function ours(text: string): LdapUrl | null {
  try {
    return parseLdapUrl(text);
  } catch {
    return null;
  }
}

function compare(t: { log: (...a: unknown[]) => void }, inputs: string[], theirs: OracleUrl[]): string[] {
  const problems: string[] = [];
  let both = 0;
  for (const [i, input] of inputs.entries()) {
    const o = theirs[i]!;
    const mine = ours(input);
    if (mine === null || !o.ok) continue;
    both++;
    const a = JSON.stringify(mine);
    const b = JSON.stringify(fromOracle(o));
    if (a !== b) problems.push(`${input}: ${a} vs ${b}`);
  }
  t.log(`${inputs.length} inputs, ${both} accepted by both`);
  return problems;
}

test('URL vectors accepted by both parsers decode to the same parts', (t) => {
  const theirs = runOracle<OracleUrl>('url', vectors);
  if (theirs === undefined) {
    t.log('SKIPPED: /usr/bin/python3 with libldap-2.5 not available, differential test not run');
    t.pass();
    return;
  }
  // ldap://host:0/ : libldap reads port 0 as "use the default"; RFC 3986 makes it port 0.
  t.deepEqual(
    compare(
      t,
      vectors.filter((v) => v !== 'ldap://host:0/'),
      theirs.filter((_o, i) => vectors[i] !== 'ldap://host:0/'),
    ),
    [],
  );
});

test('mutated URLs: whenever both parsers accept, they agree', (t) => {
  const rand = prng(4516);
  const inputs: string[] = [];
  for (let i = 0; i < 2000; i++) inputs.push(mutate(rand, vectors[i % vectors.length]!));
  // Skip what libldap cannot see (NUL) and port 0, which it reads as the default.
  const filtered = inputs.filter((s) => !s.includes('\u0000') && !/:0+\//.test(s));
  const theirs = runOracle<OracleUrl>('url', filtered);
  if (theirs === undefined) {
    t.log('SKIPPED: libldap oracle not available');
    t.pass();
    return;
  }
  t.deepEqual(compare(t, filtered, theirs).slice(0, 20), []);
});
