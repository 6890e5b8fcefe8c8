/**
 * Walks the schema vector fixtures: definitions (parser), matching rules, RFC 4518 string
 * preparation, syntaxes, and slapd's recorded approximate-match answers.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { getProfile, parseDefinition, prepare, type DefinitionKind } from '../../src/schema/index.js';
import {
  approximateMatch,
  rfcSpaceForm,
  rfcSubstringSpaceForm,
} from '../../src/schema/matching-rules/index.js';
import { SchemaError } from '../../src/errors.js';
import { fromHex, utf8 } from '../../src/util/index.js';

type V = string | { hex: string };
const load = (name: string): any =>
  JSON.parse(readFileSync(new URL(`../../fixtures/schema/${name}`, import.meta.url), 'utf8'));
const bytes = (v: V): Uint8Array => (typeof v === 'string' ? utf8(v) : fromHex(v.hex)!);
const show = (v: V): string => JSON.stringify(v);
const schema = getProfile('openldap').schema;

const defs = load('definitions.json');
for (const [i, v] of (defs.valid as any[]).entries()) {
  test(`definition ${i}: ${v.kind} ${v.text.slice(0, 50)}`, (t) => {
    const parsed: any = parseDefinition(v.kind as DefinitionKind, v.text, { lenient: v.lenient ?? false });
    for (const [k, want] of Object.entries(v.expect)) {
      const got = k === 'extensions' ? Object.fromEntries(parsed.extensions) : parsed[k];
      t.deepEqual(got, want, k);
    }
  });
}
for (const [i, v] of (defs.invalid as any[]).entries()) {
  test(`definition error ${i}: ${v.error}`, (t) => {
    const err = t.throws(
      () => parseDefinition(v.kind as DefinitionKind, v.text, { lenient: v.lenient ?? false }),
      {
        instanceOf: SchemaError,
      },
    );
    t.true(err.message.includes(v.error), err.message);
    t.true(err.message.includes(v.kind), 'names the definition kind');
    t.true(err.message.includes(JSON.stringify(v.text)), 'quotes the definition');
    if (v.position >= 0) t.true(err.message.includes(`at position ${v.position} `), err.message);
    t.is(err.code, 'LDAP_SCHEMA');
  });
}

for (const [i, r] of (load('matching-rules.json').rules as any[]).entries()) {
  test(`matching rule ${i} ${r.rule}`, (t) => {
    const rule = schema.matchingRule(r.rule);
    if (!rule) return t.fail(`unknown rule ${r.rule}`);
    t.true(rule.implemented);
    const norm = (a: V, b: V) => [rule.normalize(bytes(a)), rule.normalizeAssertion(bytes(b))] as const;
    const eq = rule.equal ?? ((x, y) => rule.compare!(x, y) === 0);
    for (const [a, b] of r.equal ?? []) {
      const [x, y] = norm(a, b);
      t.true(x !== undefined && y !== undefined && eq(x, y), `${show(a)} = ${show(b)}`);
    }
    for (const [a, b] of r.notEqual ?? []) {
      const [x, y] = norm(a, b);
      t.true(x !== undefined && y !== undefined && !eq(x, y), `${show(a)} != ${show(b)}`);
    }
    for (const [a, b] of r.undefined ?? []) {
      const [x, y] = norm(a, b);
      t.true(x === undefined || y === undefined, `${show(a)} ? ${show(b)} is Undefined`);
    }
    for (const [a, b] of r.less ?? []) {
      const [x, y] = norm(a, b);
      t.true(x !== undefined && y !== undefined, `${show(a)} and ${show(b)} valid`);
      t.true(rule.compare!(x!, y!) < 0, `${show(a)} < ${show(b)}`);
      t.true(rule.compare!(y!, x!) > 0, `${show(b)} > ${show(a)}`);
    }
    for (const s of r.substrings ?? []) {
      const got = rule.matchSubstrings!(bytes(s.value), {
        initial: s.initial === undefined ? undefined : bytes(s.initial),
        any: (s.any as V[]).map(bytes),
        final: s.final === undefined ? undefined : bytes(s.final),
      });
      t.is(got ?? null, s.expect, `substrings ${JSON.stringify(s)}`);
    }
    for (const [a, b, want] of r.matches ?? []) {
      t.is(rule.matches(bytes(a), bytes(b)) ?? null, want, `extensible ${show(a)} vs ${show(b)}`);
    }
    return undefined;
  });
}

const prep = load('stringprep.json');
for (const v of prep.vectors as any[]) {
  test(`RFC 4518: ${v.name}`, (t) => {
    t.is(prepare(utf8(v.input), { fold: v.fold, handling: v.handling ?? 'space' }) ?? null, v.expected);
  });
}
test('RFC 4518 section 2.6.1 substring and value forms', (t) => {
  for (const v of prep.substringForms)
    t.is(rfcSubstringSpaceForm(v.input, v.part), v.expected, JSON.stringify(v));
  for (const v of prep.valueForms) t.is(rfcSpaceForm(v.input), v.expected, JSON.stringify(v));
});
test('RFC 4518: invalid UTF-8 is not a valid value', (t) => {
  t.is(prepare(new Uint8Array([0x61, 0xc3]), { fold: true }), undefined);
});

for (const a of load('syntaxes.json').attributes as any[]) {
  test(`syntax ${a.syntax} (${a.attribute})`, (t) => {
    const type = schema.attributeType(a.attribute)!;
    t.truthy(type, a.attribute);
    t.is(schema.syntax(type.syntax)?.description, a.syntax);
    for (const v of a.valid) t.true(schema.validateValue(type, bytes(v)), `valid ${show(v)}`);
    for (const v of a.invalid) t.false(schema.validateValue(type, bytes(v)), `invalid ${show(v)}`);
  });
}

const approx = load('approx-slapd.json');
for (const c of approx.cases as any[]) {
  test(`approx as slapd: ~=${c.assertion}`, (t) => {
    const mine = (approx.values as string[]).filter((v) => approximateMatch(v, c.assertion));
    t.deepEqual(mine, c.matches);
  });
}
