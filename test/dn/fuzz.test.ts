/**
 * Property tests of the DN parser: random and mutated strings only ever raise DnSyntaxError
 * (with a position inside the input), accepted DNs format to a canonical fixed point, random DN
 * models survive format -> parse, and normalisation is idempotent. Bounded, seeded iterations.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { DnSyntaxError } from '../../src/errors.js';
import { formatDn, normalizeDn, parseDn, type Ava, type Dn } from '../../src/dn/index.js';
import { mutate, pick, prng, randomString } from './fuzz-support.js';

const vectors = (
  JSON.parse(readFileSync(new URL('../../fixtures/dn/vectors.json', import.meta.url), 'utf8')) as {
    input: string;
  }[]
).map((c) => c.input);

function check(
  t: { fail: (m: string) => void; true: (v: boolean, m?: string) => void },
  input: string,
): void {
  let dn: Dn;
  try {
    dn = parseDn(input);
  } catch (e) {
    if (!(e instanceof DnSyntaxError)) return t.fail(`${JSON.stringify(input)} threw ${String(e)}`);
    t.true(
      e.position >= 0 && e.position <= input.length,
      `position ${e.position} outside ${JSON.stringify(input)}`,
    );
    return;
  }
  const text = formatDn(dn);
  t.true(text.length <= 3 * input.length + 2, `format of ${JSON.stringify(input)} grew to ${text.length}`);
  t.true(formatDn(parseDn(text)) === text, `format is not a fixed point for ${JSON.stringify(input)}`);
  const norm = normalizeDn(dn);
  t.true(normalizeDn(norm) === norm, `normalizeDn not idempotent for ${JSON.stringify(input)}`);
}

test('random strings only raise DnSyntaxError', (t) => {
  const rand = prng(11);
  for (let i = 0; i < 10000; i++) check(t, randomString(rand, 30));
  for (let i = 0; i < 5000; i++) check(t, 'cn=' + randomString(rand, 20));
});

test('mutated vectors only raise DnSyntaxError, and accepted ones reach a fixed point', (t) => {
  const rand = prng(12);
  for (let i = 0; i < 10000; i++) check(t, mutate(rand, vectors[i % vectors.length]!));
});

test('long DNs and values parse in proportion to their size', (t) => {
  const many = Array.from({ length: 20000 }, (_v, i) => `ou=n${i}`).join(',');
  t.is(parseDn(many).length, 20000);
  const bigValue = 'cn=' + 'a\\,'.repeat(100000);
  t.is(parseDn(bigValue)[0]![0]!.value.length, 200000);
  const wide = Array.from({ length: 5000 }, (_v, i) => `a${i}=x`).join('+');
  t.is(parseDn(wide)[0]!.length, 5000);
  t.is(normalizeDn(wide).length, wide.length);
  t.throws(() => parseDn('cn=a,'.repeat(100000) + '='), { instanceOf: DnSyntaxError });
});

test('lone UTF-16 surrogates in a value are rejected (they are not UTF-8 text)', (t) => {
  t.is(t.throws(() => parseDn('cn=a\ud800'), { instanceOf: DnSyntaxError })?.position, 4);
  t.is(t.throws(() => parseDn('cn="\udc00"'), { instanceOf: DnSyntaxError })?.position, 4);
  t.deepEqual(parseDn('cn=\ud83d\ude00'), [[{ type: 'cn', value: '\ud83d\ude00' }]]);
});

const TYPES = ['cn', 'sn', 'O', 'dc', '2.5.4.3', 'x-a1'];
const CHARS = [...' ,+"\\<>;=#a\u0000b\r\n*()é日', '😀', 'Z'];

function randomValue(rand: () => number): string {
  const n = Math.floor(rand() * 6);
  let s = '';
  for (let i = 0; i < n; i++) s += pick(rand, CHARS);
  return s;
}

function randomDn(rand: () => number): Dn {
  return Array.from({ length: Math.floor(rand() * 4) }, () =>
    Array.from({ length: 1 + Math.floor(rand() * 3) }, (): Ava => ({
      type: pick(rand, TYPES),
      value: randomValue(rand),
    })),
  );
}

test('random DN models with every special character survive format -> parse unchanged', (t) => {
  const rand = prng(13);
  for (let i = 0; i < 10000; i++) {
    const dn = randomDn(rand);
    const text = formatDn(dn);
    const back = parseDn(text);
    if (JSON.stringify(back) !== JSON.stringify(dn)) {
      t.fail(`round trip of ${JSON.stringify(dn)} via ${JSON.stringify(text)} gave ${JSON.stringify(back)}`);
      return;
    }
  }
  t.pass();
});
