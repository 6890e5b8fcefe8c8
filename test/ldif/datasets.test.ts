/** The shared data sets parse with our parser and load into a real slapd unchanged. */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseLdif, type LdifContentRecord } from '../../src/ldif/index.js';
import { startSlapd } from '../../scripts/slapd.js';
import { slapdTest } from '../helpers/slapd.js';

const example = parseLdif(readFileSync('fixtures/example.ldif'), {
  source: 'fixtures/example.ldif',
}) as LdifContentRecord[];
const awkward = parseLdif(readFileSync('fixtures/awkward.ldif'), {
  source: 'fixtures/awkward.ldif',
}) as LdifContentRecord[];
const attr = (r: LdifContentRecord, name: string) =>
  r.attributes.find((a) => a.type.toLowerCase() === name.toLowerCase());
const text = (v: Uint8Array | undefined) => (v ? Buffer.from(v).toString('utf8') : undefined);

test('example.ldif: organisation with people, groups, services and locations', (t) => {
  t.true(example.every((r) => r.type === 'content'));
  const people = example.filter((r) => /^uid=[^,]+,ou=people,dc=example,dc=com$/.test(r.dn));
  t.is(people.length, 20);
  for (const p of people) t.truthy(attr(p, 'userPassword'), p.dn);
  const stored = people.map((p) => text(attr(p, 'userPassword')?.values[0]) ?? '');
  t.true(stored.some((s) => s.startsWith('{SSHA}')) && stored.some((s) => !s.startsWith('{')));
  t.true(example.some((r) => text(attr(r, 'objectClass')?.values[0]) === 'groupOfUniqueNames'));
  t.true(
    example.some(
      (r) =>
        r.dn.startsWith('cn=staff,') &&
        attr(r, 'member')?.values.some((v) => text(v)!.startsWith('cn=engineering-all')),
    ),
  );
  t.is(
    example.filter((r) => r.dn.endsWith('ou=services,dc=example,dc=com') && r.dn.startsWith('uid=svc-'))
      .length,
    3,
  );
  t.is(example[0]?.location?.line, 9);
});

test('awkward.ldif: escaped and multi-valued RDNs, Unicode, binary, referral and alias', (t) => {
  const dns = awkward.map((r) => r.dn);
  t.true(dns.includes('cn=Smith\\, John,ou=awkward,dc=example,dc=com'));
  t.true(dns.includes('cn=a+sn=b,ou=awkward,dc=example,dc=com'));
  t.true(dns.includes('cn=José Álvarez,ou=awkward,dc=example,dc=com'));
  const photo = awkward.find((r) => r.dn.startsWith('cn=Binary Photo'))!;
  const jpeg = attr(photo, 'jpegPhoto')!.values[0]!;
  t.deepEqual([...jpeg.subarray(0, 2)], [0xff, 0xd8]);
  t.is(attr(photo, 'userCertificate;binary')!.values[0]![0], 0x30, 'DER certificate starts with SEQUENCE');
  const decomposed = awkward.find((r) => r.dn.startsWith('cn=Renee Decomposed'))!;
  t.is(text(attr(decomposed, 'cn')!.values[0]), 'Rene\u0301e De\u0301compose\u0301e');
  t.true(awkward.some((r) => attr(r, 'objectClass')?.values.some((v) => text(v) === 'referral')));
  t.true(awkward.some((r) => attr(r, 'aliasedObjectName') !== undefined));
});

slapdTest(
  'example.ldif and awkward.ldif load into slapd and bind with the documented passwords',
  async (t) => {
    const s = await startSlapd({ ldif: ['fixtures/example.ldif', 'fixtures/awkward.ldif'] });
    try {
      const who = (dn: string, pw: string) =>
        execFileSync('ldapwhoami', ['-x', '-H', s.url, '-D', dn, '-w', pw], { encoding: 'utf8' }).trim();
      t.is(
        who('uid=alice,ou=people,dc=example,dc=com', 'alice-pw'),
        'dn:uid=alice,ou=people,dc=example,dc=com',
      );
      t.is(who('uid=bob,ou=people,dc=example,dc=com', 'bob-pw'), 'dn:uid=bob,ou=people,dc=example,dc=com');
      t.is(
        who('uid=svc-ci,ou=services,dc=example,dc=com', 'ci-service-pw'),
        'dn:uid=svc-ci,ou=services,dc=example,dc=com',
      );
      const count = execFileSync(
        'ldapsearch',
        [
          '-x',
          '-LLL',
          '-H',
          s.url,
          '-D',
          s.rootDn,
          '-w',
          s.rootPassword,
          '-M',
          '-b',
          s.suffix,
          '(objectClass=*)',
          '1.1',
        ],
        {
          encoding: 'utf8',
        },
      ).match(/^dn:/gm)?.length;
      t.is(count, example.length + awkward.length);
    } finally {
      await s.stop();
    }
  },
);
