/**
 * Record which values a real slapd matches for equality, substrings and ordering filters,
 * attribute by attribute (fixtures/schema/matching-slapd.json), so the schema tests can hold
 * ldap3ts's matching rules to slapd's answers without a slapd at test time. Starts the project's
 * throwaway slapd (scripts/slapd.ts: core, cosine, inetorgperson, nis).
 * Run: `npx tsx scripts/capture-slapd-matching.ts` (needs slapd and ldap-utils).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSlapd } from './slapd.js';

type Assertion =
  | { type: 'equality' | 'greaterOrEqual' | 'lessOrEqual' | 'approx'; value: string }
  | { type: 'substrings'; initial?: string; any: string[]; final?: string };
interface Group {
  attribute: string;
  values: string[];
  assertions: Assertion[];
}

const eq = (value: string): Assertion => ({ type: 'equality', value });
const ge = (value: string): Assertion => ({ type: 'greaterOrEqual', value });
const le = (value: string): Assertion => ({ type: 'lessOrEqual', value });
/** `a*b*c` style, no escapes needed in the patterns used here. */
const sub = (pattern: string): Assertion => {
  const parts = pattern.split('*');
  const initial = parts[0] === '' ? undefined : parts[0];
  const final = parts[parts.length - 1] === '' ? undefined : parts[parts.length - 1];
  return {
    type: 'substrings',
    ...(initial !== undefined ? { initial } : {}),
    any: parts.slice(1, -1).filter((p) => p !== ''),
    ...(final !== undefined ? { final } : {}),
  };
};

const GROUPS: Group[] = [
  {
    attribute: 'description',
    values: [
      'Robert Smith',
      '  robert   smith ',
      'Straße',
      'strasse',
      'ﬁnance',
      'Ｒｏｂｅｒｔ',
      'e\u0301te',
      'Résumé',
      'a b',
      'ab',
      'tab\there',
      'soft\u00adhyphen',
      'Ⅻ',
      'x\u00b2',
      'zero\u200bwidth',
      '\u0130stanbul',
      'line\u2028sep',
      // case pairs after Unicode 3.2 (RFC 3454 table B.2 is 3.2): not folded
      'a\u023Ab',
      'a\u2C00b',
      'a\u13A0b',
      'a\u1E9Eb',
      // NFKC as Unicode 3.2: U+1D2C (added in 4.0) stays, U+3251 (in 3.2) is '21'
      'x\u1D2Cy',
      'x\u3251y',
    ],
    assertions: [
      eq('robert smith'),
      eq('ROBERT  SMITH '),
      eq('strasse'),
      eq('STRASSE'),
      eq('straße'),
      eq('finance'),
      eq('robert'),
      eq('été'),
      eq('résumé'),
      eq('a  b'),
      eq('ab'),
      eq('tab here'),
      eq('softhyphen'),
      eq('xii'),
      eq('ⅻ'),
      eq('x2'),
      eq('zerowidth'),
      eq('\u0130stanbul'),
      eq('i\u0307stanbul'),
      eq('line sep'),
      eq('a\u2C65b'),
      eq('a\u2C30b'),
      eq('A\u2C00B'),
      eq('a\uAB70b'),
      eq('a\u00DFb'),
      eq('xay'),
      eq('x21y'),
      sub('rob*'),
      sub('*smith'),
      sub('*t s*'),
      sub('*ts*'),
      sub('*t  s*'),
      sub('fin*'),
      sub('*ß*'),
      sub('* b*'),
      sub('a *'),
      sub('r*t*h'),
      sub('*e*e*'),
      sub('ROB*SMI*TH'),
      sub('*é*'),
      sub('*e*'),
      sub('*soft*'),
      ge('m'),
      le('m'),
    ],
  },
  {
    attribute: 'dnQualifier',
    values: ['apple', 'Banana', 'cherry', ' date', 'Éclair', 'zebra', '10', '9', 'a b', 'ab'],
    assertions: [
      ge('b'),
      le('b'),
      ge('BANANA'),
      le('banana'),
      ge('é'),
      le('E'),
      ge('9'),
      le('10'),
      ge('a c'),
      le('a  b'),
      eq('DATE'),
      sub('*a*'),
    ],
  },
  {
    attribute: 'labeledURI',
    values: ['http://Example.com/ Home', 'http://example.com/  Home ', 'HTTP://EXAMPLE.COM/ home'],
    assertions: [
      eq('http://Example.com/ Home'),
      eq('http://example.com/ Home'),
      eq('HTTP://EXAMPLE.COM/ home'),
      ge('a'),
    ],
  },
  {
    attribute: 'memberUid',
    values: ['jdoe', 'JDoe', ' jdoe ', 'j doe', 'jdoe2'],
    assertions: [
      eq('jdoe'),
      eq('JDOE'),
      eq('j  doe'),
      sub('jd*'),
      sub('JD*'),
      sub('*doe'),
      sub('*o*e*'),
      sub('j *'),
    ],
  },
  {
    attribute: 'mail',
    values: ['John.Doe@Example.COM', 'john.doe@example.com ', 'jane@example.org', 'x  y@z'],
    assertions: [
      eq('john.doe@example.com'),
      eq('JANE@EXAMPLE.ORG'),
      eq('x y@z'),
      sub('*@example.com'),
      sub('JOHN*'),
      sub('*.*@*.org'),
      sub('x *'),
    ],
  },
  {
    attribute: 'telephoneNumber',
    values: [
      '+1 555-123-4567',
      '+1 (555) 123 4567',
      '+15551234567',
      '555 1234',
      '+44 20 7946 0958',
      '+1-555-123-4568',
    ],
    assertions: [
      eq('+15551234567'),
      eq('+1-555-123-4567'),
      eq('5551234'),
      eq('+1 555 1234 567'),
      sub('*555*'),
      sub('*5 1*'),
      sub('+44*'),
      sub('*0958'),
      sub('*5-1*'),
      sub('+1*4567'),
    ],
  },
  {
    attribute: 'uidNumber',
    values: ['0', '9', '10', '-5', '100', '1000000000000'],
    assertions: [
      eq('10'),
      eq('-5'),
      ge('10'),
      le('9'),
      ge('-10'),
      le('-5'),
      ge('999999999999'),
      eq('010'),
      ge('x'),
    ],
  },
  {
    attribute: 'internationaliSDNNumber',
    values: ['123 456', '123456', '12 34', '999'],
    assertions: [eq('123456'), eq('1234'), eq('12 3456'), sub('*3 4*'), sub('*34*'), sub('12*'), sub('*9 9')],
  },
  {
    attribute: 'seeAlso',
    values: [
      'cn=Robert Smith,dc=example,dc=com',
      'uid=jdoe+cn=John,dc=example,dc=com',
      'cn=a\\,b,dc=example,dc=com',
      'o=Ex,c=US',
    ],
    assertions: [
      eq('cn=robert smith,dc=example,dc=com'),
      eq('commonName=ROBERT  SMITH,DC=EXAMPLE,DC=COM'),
      eq('cn=John+uid=jdoe,dc=example,dc=com'),
      eq('2.5.4.3=robert smith,dc=example,dc=com'),
      eq('cn=a\\2cb,dc=example,dc=com'),
      eq('cn=a\\,b,dc=example,dc=com'),
      eq('O=ex,C=us'),
      eq('cn=robert smith'),
    ],
  },
  {
    attribute: 'postalAddress',
    values: ['1 Main St$Springfield', '1 main st $ springfield', 'PO Box 1$Springfield$USA'],
    assertions: [
      eq('1 MAIN ST$SPRINGFIELD'),
      eq('1 Main St Springfield'),
      sub('*main*'),
      sub('*stspring*'),
      sub('*field'),
      sub('po*usa'),
      sub('*box 1*'),
    ],
  },
  {
    attribute: 'uniqueMember',
    values: ['cn=a,dc=example,dc=com', "cn=b,dc=example,dc=com#'0101'B"],
    assertions: [
      eq('CN=A,dc=example,dc=com'),
      eq("cn=b,dc=example,dc=com#'0101'B"),
      eq('cn=b,dc=example,dc=com'),
      eq("cn=a,dc=example,dc=com#'1'B"),
    ],
  },
  {
    attribute: 'createTimestamp',
    values: ['20261126120000Z', '20261126130000Z', '19700101000000Z', '20261126120000.5Z', '20261126115959Z'],
    assertions: [
      eq('20261126120000Z'),
      eq('2026112612Z'),
      eq('20261126140000+0200'),
      eq('20261126063000-0530'),
      eq('20261126120000.5Z'),
      eq('20261126120000.500Z'),
      eq('20261126120000,5Z'),
      ge('20261126120000Z'),
      le('20261126120000Z'),
      ge('2026112612.5Z'),
      le('1970010100Z'),
      ge('20261126130000+0100'),
      eq('2026-11-26'),
    ],
  },
  {
    attribute: 'entryUUID',
    values: [
      '597ae2f6-16a6-1027-98f4-d28b5365dc14',
      '097ae2f6-16a6-1027-98f4-d28b5365dc14',
      'f97ae2f6-16a6-1027-98f4-d28b5365dc14',
    ],
    assertions: [
      eq('597AE2F6-16A6-1027-98F4-D28B5365DC14'),
      ge('597ae2f6-16a6-1027-98f4-d28b5365dc14'),
      le('597ae2f6-16a6-1027-98f4-d28b5365dc13'),
      eq('597ae2f616a6102798f4d28b5365dc14'),
    ],
  },
  {
    attribute: 'x500UniqueIdentifier',
    values: ["'0101'B", "'1'B"],
    assertions: [eq("'0101'B"), eq("'101'B"), eq("'1'B")],
  },
];

function escapeFilter(v: string): string {
  return v.replace(/[\\*()\u0000]/g, (c) => '\\' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}
function filterOf(attr: string, a: Assertion): string {
  switch (a.type) {
    case 'equality':
      return `(${attr}=${escapeFilter(a.value)})`;
    case 'greaterOrEqual':
      return `(${attr}>=${escapeFilter(a.value)})`;
    case 'lessOrEqual':
      return `(${attr}<=${escapeFilter(a.value)})`;
    case 'approx':
      return `(${attr}~=${escapeFilter(a.value)})`;
    case 'substrings':
      return `(${attr}=${[a.initial ?? '', ...a.any, a.final ?? ''].map(escapeFilter).join('*')})`;
  }
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const ldif = ['dn: dc=example,dc=com\nobjectClass: dcObject\nobjectClass: organization\no: x\ndc: example\n'];
GROUPS.forEach((g, gi) =>
  g.values.forEach((v, vi) =>
    ldif.push(
      `dn: cn=g${gi}v${vi},dc=example,dc=com\nobjectClass: device\nobjectClass: extensibleObject\ncn: g${gi}v${vi}\nou: g${gi}\n${g.attribute}:: ${b64(v)}\n`,
    ),
  ),
);
// the project's throwaway slapd (scripts/slapd.ts)
const slapd = await startSlapd({ ldifText: ldif.join('\n') });
const url = slapd.url;
try {
  const groups = GROUPS.map((g, gi) => ({
    attribute: g.attribute,
    values: g.values,
    cases: g.assertions.map((a) => {
      const filter = `(&(ou=g${gi})${filterOf(g.attribute, a)})`;
      const out = execFileSync('ldapsearch', [
        '-x',
        '-LLL',
        '-H',
        url,
        '-b',
        'dc=example,dc=com',
        filter,
        '1.1',
      ]).toString();
      const matches = [...out.matchAll(/^dn: cn=g[0-9]+v([0-9]+),/gm)]
        .map((m) => Number(m[1]))
        .sort((x, y) => x - y);
      return { filter: filterOf(g.attribute, a), assertion: a, matches };
    }),
  }));
  writeFileSync(
    join(import.meta.dirname, '..', 'fixtures', 'schema', 'matching-slapd.json'),
    JSON.stringify(
      { source: 'slapd 2.5.13 (Debian 12) with core, cosine, inetorgperson, nis', groups },
      null,
      1,
    ) + '\n',
  );
  console.log(`${groups.reduce((n, g) => n + g.cases.length, 0)} filters recorded`);
} finally {
  await slapd.stop();
}
