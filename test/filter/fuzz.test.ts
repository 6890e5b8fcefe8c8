/**
 * Property tests of the filter parser and formatter: random and mutated strings only ever raise
 * FilterSyntaxError (with a position inside the input), deep nesting is a checked limit rather
 * than a stack overflow, and random ASTs survive format -> parse unchanged. Bounded iterations,
 * seeded, so a failure reproduces.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { FilterSyntaxError } from '../../src/errors.js';
import { formatFilter, parseFilter, type Filter } from '../../src/filter/index.js';
import { mutate, pick, prng, randomString } from '../dn/fuzz-support.js';

const vectors = (
  JSON.parse(readFileSync(new URL('../../fixtures/filter/vectors.json', import.meta.url), 'utf8')) as {
    input: string;
  }[]
).map((c) => c.input);

function check(
  t: { fail: (m: string) => void; true: (v: boolean, m?: string) => void },
  input: string,
): void {
  let ast: Filter;
  try {
    ast = parseFilter(input);
  } catch (e) {
    if (!(e instanceof FilterSyntaxError)) return t.fail(`${JSON.stringify(input)} threw ${String(e)}`);
    t.true(
      e.position >= 0 && e.position <= input.length,
      `position ${e.position} outside ${JSON.stringify(input)}`,
    );
    return;
  }
  const text = formatFilter(ast);
  // Escaping at most triples a byte and a UTF-16 unit is at most 3 UTF-8 bytes: bounded output.
  t.true(text.length <= 9 * input.length + 2, `format of ${JSON.stringify(input)} grew to ${text.length}`);
  t.true(
    formatFilter(parseFilter(text)) === text,
    `format is not a fixed point for ${JSON.stringify(input)}`,
  );
}

test('random strings only raise FilterSyntaxError', (t) => {
  const rand = prng(1);
  for (let i = 0; i < 10000; i++) check(t, randomString(rand, 40));
  for (let i = 0; i < 5000; i++) check(t, '(' + randomString(rand, 30) + ')');
});

test('mutated vectors only raise FilterSyntaxError, and accepted ones round-trip', (t) => {
  const rand = prng(2);
  for (let i = 0; i < 10000; i++) check(t, mutate(rand, vectors[i % vectors.length]!));
});

test('deep nesting is a FilterSyntaxError, never a stack overflow', (t) => {
  for (const input of ['('.repeat(100000), '(&'.repeat(100000), '(|'.repeat(100000), '(!'.repeat(100000)]) {
    const e = t.throws(() => parseFilter(input), { instanceOf: FilterSyntaxError });
    t.true(e!.position < 2100);
  }
  const deep = '(!'.repeat(100000) + '(a=b)' + ')'.repeat(100000);
  t.throws(() => parseFilter(deep), { instanceOf: FilterSyntaxError, message: /nested deeper than 1000/ });
});

test('the nesting limit is configurable, and the parser itself has no depth limit', (t) => {
  const nested = (n: number): string => '(&'.repeat(n) + '(a=b)' + ')'.repeat(n);
  t.notThrows(() => parseFilter(nested(1000)));
  t.throws(() => parseFilter(nested(1001)), { instanceOf: FilterSyntaxError });
  t.throws(() => parseFilter(nested(4), { maxDepth: 3 }), { instanceOf: FilterSyntaxError });
  t.notThrows(() => parseFilter(nested(3), { maxDepth: 3 }));
  // An explicit stack: 100k levels parse and format without recursion.
  const text = nested(100000);
  const ast = parseFilter(text, { maxDepth: Infinity });
  t.is(formatFilter(ast), text);
});

test('large values parse in proportion to their size', (t) => {
  const big = 'x'.repeat(1 << 20);
  const ast = parseFilter(`(cn=${big})`);
  t.is(ast.type === 'equalityMatch' ? ast.value.length : -1, 1 << 20);
  const escaped = '\\ff'.repeat(1 << 18);
  const bin = parseFilter(`(photo=${escaped})`);
  t.is(bin.type === 'equalityMatch' ? bin.value.length : -1, 1 << 18);
  t.is(formatFilter(bin).length, escaped.length + 8);
});

test('lone UTF-16 surrogates in a value are rejected (they are not UTF-8 text)', (t) => {
  t.is(t.throws(() => parseFilter('(cn=a\ud800)'), { instanceOf: FilterSyntaxError })?.position, 5);
  t.is(t.throws(() => parseFilter('(cn=\udc00)'), { instanceOf: FilterSyntaxError })?.position, 4);
  t.notThrows(() => parseFilter('(cn=\ud83d\ude00)'));
});

const ATTRS = ['cn', 'sn', 'objectClass', 'cn;lang-fr', '2.5.4.3', 'x-a-1', 'userCertificate;binary'];
const RULES = ['caseExactMatch', '1.2.840.113556.1.4.803', '2.5.13.2'];

function randomBytes(rand: () => number): Uint8Array {
  const n = Math.floor(rand() * 8);
  const out = new Uint8Array(n);
  const interesting = [0x00, 0x28, 0x29, 0x2a, 0x5c, 0x20, 0x41, 0xc3, 0xa9, 0xff, 0xe6, 0x97, 0xa5, 0x80];
  for (let i = 0; i < n; i++) out[i] = rand() < 0.7 ? pick(rand, interesting) : Math.floor(rand() * 256);
  return out;
}

function randomFilter(rand: () => number, depth: number): Filter {
  const attribute = pick(rand, ATTRS);
  const r = Math.floor(rand() * (depth > 4 ? 7 : 10));
  switch (r) {
    case 0:
      return { type: 'equalityMatch', attribute, value: randomBytes(rand) };
    case 1:
      return { type: 'greaterOrEqual', attribute, value: randomBytes(rand) };
    case 2:
      return { type: 'lessOrEqual', attribute, value: randomBytes(rand) };
    case 3:
      return { type: 'approxMatch', attribute, value: randomBytes(rand) };
    case 4:
      return { type: 'present', attribute };
    case 5: {
      const nonEmpty = (): Uint8Array => {
        const b = randomBytes(rand);
        return b.length > 0 ? b : new Uint8Array([0x61]);
      };
      const any = Array.from({ length: Math.floor(rand() * 3) }, nonEmpty);
      const initial = rand() < 0.5 ? nonEmpty() : undefined;
      const final = rand() < 0.5 || (initial === undefined && any.length === 0) ? nonEmpty() : undefined;
      return {
        type: 'substrings',
        attribute,
        ...(initial ? { initial } : {}),
        any,
        ...(final ? { final } : {}),
      };
    }
    case 6: {
      const withAttr = rand() < 0.6;
      const rule = !withAttr || rand() < 0.5 ? pick(rand, RULES) : undefined;
      return {
        type: 'extensibleMatch',
        ...(rule ? { matchingRule: rule } : {}),
        ...(withAttr ? { attribute } : {}),
        value: randomBytes(rand),
        dnAttributes: rand() < 0.5,
      };
    }
    case 7:
      return { type: 'not', filter: randomFilter(rand, depth + 1) };
    default: {
      const n = Math.floor(rand() * 4);
      const filters = Array.from({ length: n }, () => randomFilter(rand, depth + 1));
      return { type: r === 8 ? 'and' : 'or', filters };
    }
  }
}

test('random ASTs with arbitrary bytes survive format -> parse unchanged', (t) => {
  const rand = prng(3);
  for (let i = 0; i < 5000; i++) {
    const ast = randomFilter(rand, 0);
    const text = formatFilter(ast);
    const back = parseFilter(text);
    if (JSON.stringify(back, replacer) !== JSON.stringify(ast, replacer)) {
      t.fail(`round trip of ${text}`);
      return;
    }
  }
  t.pass();
});

function replacer(_k: string, v: unknown): unknown {
  return v instanceof Uint8Array ? Array.from(v) : v;
}
