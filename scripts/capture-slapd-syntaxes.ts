/**
 * Record which values a real slapd accepts for attributes of each common syntax
 * (fixtures/schema/syntaxes-slapd.json): one modify-add per value, result 0 or 21
 * (invalidAttributeSyntax). Starts a throwaway slapd (core, cosine, inetorgperson, nis).
 * Run: `npx tsx scripts/capture-slapd-syntaxes.ts` (needs slapd and ldap-utils).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSlapd } from './slapd.js';

const CASES: Array<[string, string[]]> = [
  ['description', ['Robert', 'ümlaut', ' ', '\u00a0', 'a\u0000b', 'tab\there']],
  ['mail', ['a@b.example', 'é@b', 'plain']],
  ['uidNumber', ['0', '1000', '-5', '01', '+5', '-0', '1.5', 'x', ' 5', '123456789012345678901234567890']],
  [
    'seeAlso',
    [
      'cn=a,dc=example,dc=com',
      'cn=a\\,b+sn=c,dc=com',
      'cn',
      'cn=a,,dc=com',
      '=a',
      'nosuchattr=a',
      '2.5.4.3=x',
      'cn=',
      'cn=x,ou=,dc=com',
    ],
  ],
  ['telephoneNumber', ['+1 555-123-4567', '(0) 123', '+1 555 #4', '555é', 'abc', '*']],
  ['x121Address', ['123 456', '0', '12a', '12-3', ' ']],
  ['postalAddress', ['1 Main St$Springfield', 'a\\24b', 'a$$b', 'a$', '$a', 'a\\b', 'a\\5Cb', 'a\\5c\\24']],
  ['c', ['US', 'de', 'USA', 'U', 'U1', 'é']],
  ['x500UniqueIdentifier', ["'0101'B", "''B", '0101', "'012'B"]],
  ['uniqueMember', ['cn=a,dc=com', "cn=a,dc=com#'0101'B", "cn=a,,dc=com#'01'B", "cn=a,dc=com#'012'B"]],
  [
    'facsimileTelephoneNumber',
    ['+1 555 123', '+1 555 123$twoDimensional', '+1 555$bogus', '$a4Length', '+1 555$', 'é$a', '+1$a;b'],
  ],
  [
    'preferredDeliveryMethod',
    ['telephone', 'telephone $ mhs', 'carrier pigeon', ' telephone', 'TELEPHONE', 'mhs $ '],
  ],
  ['telexNumber', ['123$US$ans', '123$US', 'any', '_$US$ans', '1$2$3$4', '$US$ans', '+-$']],
  // syntaxes slapd does not implement: no value is valid
  ['searchGuide', ['person#cn$EQ']],
  ['enhancedSearchGuide', ['person#cn$EQ#oneLevel']],
  ['teletexTerminalIdentifier', ['abc']],
  ['photo', ['x']],
  // RFC 2307 syntaxes slapd checks
  ['nisNetgroupTriple', ['(host,user,domain)', '(,,)', 'x', '(a,b)']],
  ['bootParameter', ['key=server:/path', 'x', 'key=server', '\tkey=server:/path', '!=http://a', 'k=s:p;q']],
  ['o', ['Example', '']],
  ['dc', ['example', 'exämple']],
  ['jpegPhoto', ['not a jpeg']],
  ['userPassword', ['secret', '']],
  ['labeledURI', ['http://x', 'not a uri at all']],
  ['gecos', ['Robert', 'Röbert']],
  ['homeDirectory', ['/home/x', '/home/é']],
  ['printerName', []],
];

// the project's throwaway slapd (scripts/slapd.ts: core, cosine, inetorgperson, nis; root DN
// cn=admin,dc=example,dc=com with password secret)
const slapd = await startSlapd({
  ldifText:
    'dn: dc=example,dc=com\nobjectClass: dcObject\nobjectClass: organization\no: x\ndc: example\n\n' +
    'dn: cn=t,dc=example,dc=com\nobjectClass: device\nobjectClass: extensibleObject\ncn: t\n',
});
const url = slapd.url;
try {
  const attributes = CASES.filter(([, v]) => v.length > 0).map(([attribute, values]) => ({
    attribute,
    values: values.map((value) => {
      const ldif = `dn: cn=t,dc=example,dc=com\nchangetype: modify\nreplace: ${attribute}\n${attribute}:: ${Buffer.from(value).toString('base64')}\n`;
      const r = spawnSync(
        'ldapmodify',
        ['-x', '-H', url, '-D', 'cn=admin,dc=example,dc=com', '-w', 'secret'],
        { input: ldif },
      );
      const m = /ldap_modify: .*\((\d+)\)/.exec(r.stderr.toString());
      return { value, result: r.status === 0 ? 0 : m ? Number(m[1]) : -1 };
    }),
  }));
  writeFileSync(
    join(import.meta.dirname, '..', 'fixtures', 'schema', 'syntaxes-slapd.json'),
    JSON.stringify(
      { source: 'slapd 2.5.13 (Debian 12), modify replace by the rootdn', attributes },
      null,
      1,
    ) + '\n',
  );
  for (const a of attributes)
    console.log(a.attribute, a.values.map((v) => `${JSON.stringify(v.value)}=${v.result}`).join(' '));
} finally {
  await slapd.stop();
}
