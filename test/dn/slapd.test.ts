/**
 * Against a real slapd: (1) the DN slapd prints for an entry is `prettyDn` of the DN it was
 * loaded with (schema names, AVAs sorted, `\\XX` escapes); (2) slapd finds an entry by a base DN exactly when our default
 * `dnEquals` says the two DNs are equal (case, spaces, escapes, legacy forms, AVA order).
 * Skipped, saying so, when slapd is not installed.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { dnEquals, prettyDn } from '../../src/dn/index.js';
import { slapdTest, useSlapd } from '../helpers/slapd.js';

const run = promisify(execFile);

const ENTRIES = new Map<string, string>([
  ['cn=a\\,b,dc=example,dc=com', 'objectClass: person\ncn: a,b\nsn: x'],
  [
    'cn=\\#h\\=x\\;y\\<\\>\\"q\\" \\+ \\\\ \\ ,dc=example,dc=com',
    'objectClass: person\ncn: #h=x;y<>"q" + \\  \nsn: x',
  ],
  ['cn=Émile+sn=Zola , dc=example,dc=com', 'objectClass: person\ncn: Émile\nsn: Zola'],
  ['cn=Spaced   Name,dc=example,dc=com', 'objectClass: person\ncn: Spaced   Name\nsn: x'],
  ['uid=JDoe+cn=John Doe,dc=example,dc=com', 'objectClass: inetOrgPerson\ncn: John Doe\nsn: Doe\nuid: JDoe'],
  ['CN=Upper,dc=example,dc=com', 'objectClass: person\ncn: Upper\nsn: x'],
  ['2.5.4.3=oid,DC=example,dc=com', 'objectClass: person\ncn: oid\nsn: x'],
  ['commonName=alias+SN=b,dc=example,dc=com', 'objectClass: person\ncn: alias\nsn: b'],
]);

/** What the schema would give for the types above: slapd prints each type's first NAME. */
const SCHEMA_NAMES = new Map([
  ['cn', 'cn'],
  ['commonname', 'cn'],
  ['2.5.4.3', 'cn'],
  ['sn', 'sn'],
  ['uid', 'uid'],
  ['dc', 'dc'],
]);
const typeName = (type: string): string | undefined => SCHEMA_NAMES.get(type.toLowerCase());

const ldifText =
  'dn: dc=example,dc=com\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example\n\n' +
  [...ENTRIES].map(([dn, body]) => `dn: ${dn}\n${body}\n`).join('\n');

const slapd = useSlapd({ ldifText });

/** Base DNs to look up, each paired with the entry it might name. */
const LOOKUPS: [base: string, entry: string][] = [
  ['CN=A\\2cB, DC=Example, DC=COM', 'cn=a\\,b,dc=example,dc=com'],
  ['cn="a,b";dc=example;dc=com', 'cn=a\\,b,dc=example,dc=com'],
  ['cn=a\\,c,dc=example,dc=com', 'cn=a\\,b,dc=example,dc=com'],
  ['cn=a,dc=example,dc=com', 'cn=a\\,b,dc=example,dc=com'],
  ['sn=zola+cn=émile,dc=example,dc=com', 'cn=Émile+sn=Zola , dc=example,dc=com'],
  ['CN=\\c3\\89MILE + SN=ZOLA,dc=example,dc=com', 'cn=Émile+sn=Zola , dc=example,dc=com'],
  ['cn=Émile,dc=example,dc=com', 'cn=Émile+sn=Zola , dc=example,dc=com'],
  ['cn=spaced name,dc=example,dc=com', 'cn=Spaced   Name,dc=example,dc=com'],
  ['cn=\\ spaced  name\\ ,dc=example,dc=com', 'cn=Spaced   Name,dc=example,dc=com'],
  ['cn=spacedname,dc=example,dc=com', 'cn=Spaced   Name,dc=example,dc=com'],
  ['cn=john doe+uid=jdoe,dc=example,dc=com', 'uid=JDoe+cn=John Doe,dc=example,dc=com'],
  ['uid=jdoe,dc=example,dc=com', 'uid=JDoe+cn=John Doe,dc=example,dc=com'],
  [
    'cn=\\23H\\3DX\\3BY\\3C\\3E\\22Q\\22 \\2B \\5C \\20,dc=example,dc=com',
    'cn=\\#h\\=x\\;y\\<\\>\\"q\\" \\+ \\\\ \\ ,dc=example,dc=com',
  ],
];

async function ldapsearch(url: string, args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run('ldapsearch', ['-x', '-H', url, '-LLL', '-o', 'ldif-wrap=no', ...args]);
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code?: number; stdout?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '' };
  }
}

slapdTest('slapd prints each entry DN as prettyDn does', async (t) => {
  const { stdout, code } = await ldapsearch(slapd().url, ['-b', 'dc=example,dc=com', '-s', 'one', 'dn']);
  t.is(code, 0);
  const printed = new Set(
    stdout
      .split('\n')
      .filter((l) => l.startsWith('dn:'))
      .map((l) => (l.startsWith('dn:: ') ? Buffer.from(l.slice(5), 'base64').toString('utf8') : l.slice(4))),
  );
  t.is(printed.size, ENTRIES.size);
  for (const dn of ENTRIES.keys()) {
    const ours = prettyDn(dn, typeName);
    t.true(printed.has(ours), `${ours} not among ${[...printed].join(' | ')}`);
  }
});

slapdTest('slapd finds an entry by a base DN exactly when dnEquals says they are equal', async (t) => {
  for (const [base, entry] of LOOKUPS) {
    const { code } = await ldapsearch(slapd().url, ['-b', base, '-s', 'base', 'dn']);
    t.true(code === 0 || code === 32, `ldapsearch -b ${base} exited ${code}`);
    t.is(
      dnEquals(base, entry),
      code === 0,
      `${base} vs ${entry}: slapd ${code === 0 ? 'found' : 'did not find'} it`,
    );
  }
});

/** Lookups that need the schema's type names: compared with a DnNormalizer mapping them. */
const SCHEMA_LOOKUPS: [base: string, entry: string][] = [
  ['2.5.4.3=UPPER,dc=example,dc=com', 'CN=Upper,dc=example,dc=com'],
  ['commonName=oid,dc=example,dc=com', '2.5.4.3=oid,DC=example,dc=com'],
  ['sn=B+2.5.4.3=Alias,dc=example,dc=com', 'commonName=alias+SN=b,dc=example,dc=com'],
  ['sn=alias,dc=example,dc=com', 'CN=Upper,dc=example,dc=com'],
];

slapdTest(
  'with the schema type names as DnNormalizer, dnEquals agrees with slapd on aliases and OIDs',
  async (t) => {
    for (const [base, entry] of SCHEMA_LOOKUPS) {
      const { code } = await ldapsearch(slapd().url, ['-b', base, '-s', 'base', 'dn']);
      t.true(code === 0 || code === 32, `ldapsearch -b ${base} exited ${code}`);
      t.is(dnEquals(base, entry, { type: typeName }), code === 0, `${base} vs ${entry}`);
    }
  },
);
