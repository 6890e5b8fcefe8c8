/** Tree helpers and the schema hook of normalizeDn, as the directory engine uses them. */
import test from 'ava';
import {
  berStringValue,
  caseIgnoreNormalize,
  dnDepth,
  formatDn,
  prettyDn,
  dnEquals,
  isChild,
  isDescendant,
  isDescendantOrSelf,
  joinDn,
  normalizeDn,
  normalizeRdn,
  parentDn,
  parseDn,
  parseRdn,
  rdnEquals,
  rdnOf,
  type DnNormalizer,
} from '../../src/dn/index.js';
import { DnSyntaxError } from '../../src/errors.js';

test('parentDn and rdnOf on strings give canonical strings', (t) => {
  t.is(parentDn('CN=A\\, B , O=X,dc=com'), 'O=X,dc=com');
  t.is(parentDn('dc=com'), '');
  t.is(parentDn(''), undefined);
  t.is(rdnOf('cn=a+sn=b , o=x'), 'cn=a+sn=b');
  t.is(rdnOf(''), undefined);
});

test('parentDn and rdnOf on parsed DNs give parsed values', (t) => {
  const dn = parseDn('cn=a,o=x');
  t.deepEqual(parentDn(dn), [[{ type: 'o', value: 'x' }]]);
  t.deepEqual(rdnOf(dn), [{ type: 'cn', value: 'a' }]);
  t.is(parentDn([]), undefined);
  t.is(rdnOf([]), undefined);
});

test('joinDn escapes through the model and accepts the root as parent', (t) => {
  t.is(joinDn('cn=a\\,b', 'o=x'), 'cn=a\\,b,o=x');
  t.is(joinDn([{ type: 'cn', value: ' lead' }], ''), 'cn=\\ lead');
  t.is(joinDn(parseRdn('cn=a+sn=b'), parseDn('dc=x,dc=y')), 'cn=a+sn=b,dc=x,dc=y');
  t.throws(() => joinDn('cn=a,o=b', 'o=x'), { instanceOf: DnSyntaxError });
});

test('parseRdn rejects empty input and trailing RDNs', (t) => {
  t.deepEqual(parseRdn(' cn = a + sn = b '), [
    { type: 'cn', value: 'a' },
    { type: 'sn', value: 'b' },
  ]);
  t.is(t.throws(() => parseRdn(''), { instanceOf: DnSyntaxError })?.position, 0);
  t.is(t.throws(() => parseRdn('cn=a,o=b'), { instanceOf: DnSyntaxError })?.position, 4);
});

test('ancestry tests compare normalised DNs', (t) => {
  t.true(isDescendant('cn=a,ou=People,dc=X', 'dc=x'));
  t.true(isDescendant('cn=a,ou=People,dc=X', 'OU=people, DC=x'));
  t.false(isDescendant('dc=x', 'dc=x'));
  t.true(isDescendantOrSelf('dc=x', 'DC=X'));
  t.true(isDescendant('dc=x', ''));
  t.false(isDescendant('', ''));
  t.true(isDescendantOrSelf('', ''));
  t.false(isDescendant('cn=a,dc=y', 'dc=x'));
  t.false(isDescendant('dc=x', 'cn=a,dc=x'));
  t.true(isChild('cn=a\\,b,dc=x', 'dc=x'));
  t.false(isChild('cn=a,ou=b,dc=x', 'dc=x'));
  t.false(isChild('dc=x', 'dc=x'));
  t.is(dnDepth('cn=a,dc=x'), 2);
  t.is(dnDepth(''), 0);
});

test('a value normalizer function replaces the default rule per attribute', (t) => {
  // caseExactMatch for uid: case kept, spaces still insignificant.
  const exactUid = (type: string, value: string): string | undefined =>
    type === 'uid' ? value.trim().replace(/ +/g, ' ') : undefined;
  t.is(normalizeDn('UID=John,CN=Smith', exactUid), 'uid=John,cn=smith');
  t.false(dnEquals('uid=John', 'uid=john', exactUid));
  t.true(dnEquals('uid=John', 'uid=john'));
  t.true(dnEquals('uid=John , cn=X', 'UID=John,cn=x', exactUid));
});

test('a DnNormalizer maps type aliases and OIDs, and sees binary values', (t) => {
  const names = new Map([
    ['2.5.4.3', 'cn'],
    ['commonname', 'cn'],
    ['cn', 'cn'],
  ]);
  const seen: string[] = [];
  const n: DnNormalizer = {
    type: (type) => names.get(type.toLowerCase()),
    value: (type, value, ava) => {
      seen.push(`${type}:${ava.binary ? 'binary' : 'text'}`);
      return type === 'serial' ? value.replace(/^0+/, '') : undefined;
    },
  };
  t.true(dnEquals('2.5.4.3=Foo', 'commonName=foo', n));
  t.true(dnEquals('cn=Foo+serial=007', 'serial=7+CN=FOO', n));
  t.false(dnEquals('2.5.4.3=Foo', 'cn=foo'));
  normalizeDn('cn=#0403616263', n);
  t.true(seen.includes('cn:binary'));
});

test('normalizeRdn and rdnEquals', (t) => {
  t.is(normalizeRdn('SN=B+cn=A'), 'cn=a+sn=b');
  t.is(normalizeRdn(parseRdn('cn=x')), 'cn=x');
  t.true(rdnEquals('cn=a+sn=b', 'SN=b + CN=a'));
  t.false(rdnEquals('cn=a', 'cn=b'));
});

test('caseIgnoreNormalize follows RFC 4518 preparation', (t) => {
  t.is(caseIgnoreNormalize('  Hello   World  '), 'hello world');
  t.is(caseIgnoreNormalize('a\u200bb'), 'ab');
  t.is(caseIgnoreNormalize('a\tb\nc'), 'a b c');
  t.is(caseIgnoreNormalize('ǅ'), 'd\u017e'); // NFKC splits the digraph
  t.is(caseIgnoreNormalize('ﬁ'), 'fi');
  t.is(caseIgnoreNormalize(''), '');
});

test('berStringValue decodes only well-formed primitive string encodings', (t) => {
  t.is(berStringValue(Uint8Array.from([0x04, 0x02, 0x68, 0x69])), 'hi');
  t.is(berStringValue(Uint8Array.from([0x13, 0x81, 0x01, 0x41])), 'A');
  t.is(berStringValue(Uint8Array.from([0x04, 0x03, 0x68, 0x69])), undefined);
  t.is(berStringValue(Uint8Array.from([0x02, 0x01, 0x01])), undefined);
  t.is(berStringValue(Uint8Array.from([0x04])), undefined);
  t.is(berStringValue(Uint8Array.from([0x04, 0x80])), undefined);
  t.is(berStringValue(Uint8Array.from([0x04, 0x85, 1, 2, 3, 4, 5])), undefined);
  t.is(berStringValue(Uint8Array.from([0x04, 0x82, 0x00])), undefined);
  t.is(berStringValue(Uint8Array.from([0x04, 0x01, 0xff])), undefined);
});

test('prettyDn writes what slapd prints: schema names, AVAs sorted by name, \\XX escapes', (t) => {
  const names = new Map([
    ['2.5.4.3', 'cn'],
    ['commonname', 'cn'],
  ]);
  const typeName = (type: string): string | undefined => names.get(type.toLowerCase()) ?? type.toLowerCase();
  t.is(
    prettyDn('uid=JDoe+CN=John Doe, DC=Example,dc=com', typeName),
    'cn=John Doe+uid=JDoe,dc=Example,dc=com',
  );
  t.is(prettyDn('2.5.4.3=a\\,b'), '2.5.4.3=a\\2Cb');
  t.is(prettyDn('2.5.4.3=a\\,b', typeName), 'cn=a\\2Cb');
  t.is(prettyDn(parseDn('sn=x+commonName=\\ y=z#'), typeName), 'cn=\\20y\\3Dz#+sn=x');
  t.is(prettyDn('cn=#0402abcd'), 'cn=#0402ABCD');
  t.is(prettyDn(''), '');
  t.is(formatDn(parseDn('b=1+a=2+c=3'), { sortAvas: true }), 'a=2+b=1+c=3');
  t.is(formatDn(parseDn('CN=x'), { typeName: () => undefined }), 'CN=x');
});
