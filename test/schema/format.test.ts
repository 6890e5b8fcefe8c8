/** formatValue: values presented by syntax, as Python ldap3 presents them. */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { formatValue, getProfile, type ProfileName } from '../../src/schema/index.js';
import { fromHex, toHex, utf8 } from '../../src/util/index.js';

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/schema/format.json', import.meta.url), 'utf8'),
);

for (const [i, v] of (fixture.vectors as any[]).entries()) {
  test(`format ${i}: ${v.profile} ${v.attribute} ${JSON.stringify(v.raw)}`, (t) => {
    const { schema } = getProfile(v.profile as ProfileName);
    const raw = typeof v.raw === 'string' ? utf8(v.raw) : fromHex(v.raw.hex)!;
    const got = formatValue(schema, v.attribute, raw);
    const e = v.expect;
    if ('string' in e) t.is(got, e.string);
    else if ('number' in e) t.is(got, e.number);
    else if ('bigint' in e) t.is(got, BigInt(e.bigint));
    else if ('boolean' in e) t.is(got, e.boolean);
    else if ('date' in e) t.is((got as Date).toISOString(), e.date);
    else t.is(toHex(got as Uint8Array), e.bytes);
  });
}

test('formatValue accepts a resolved attribute type', (t) => {
  const { schema } = getProfile('openldap');
  t.is(formatValue(schema, schema.attributeType('gidNumber')!, utf8('42')), 42);
});
