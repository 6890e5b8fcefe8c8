/**
 * Holds the matching rules to what a real slapd 2.5 answered for the same values and filters
 * (fixtures/schema/matching-slapd.json, recorded by scripts/capture-slapd-matching.ts). Where
 * ldap3ts follows the RFC instead, the case is listed in fixtures/schema/slapd-deviations.json
 * with the section that justifies it, and the test asserts the RFC answer.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { getProfile, type AttributeType } from '../../src/schema/index.js';
import { utf8 } from '../../src/util/index.js';

const load = (name: string): any =>
  JSON.parse(readFileSync(new URL(`../../fixtures/schema/${name}`, import.meta.url), 'utf8'));
const recorded = load('matching-slapd.json');
const deviations = new Map<string, { matches: number[]; rfc: string }>(
  (load('slapd-deviations.json').deviations as any[]).map((d) => [d.filter, d]),
);
const schema = getProfile('openldap').schema;

/** Evaluate one filter item against one value, as the engine does; undefined is Undefined. */
function evaluate(type: AttributeType, a: any, raw: Uint8Array): boolean | undefined {
  switch (a.type) {
    case 'equality': {
      const r = type.equality;
      if (!r) return undefined;
      const x = r.normalize(raw);
      const y = r.normalizeAssertion(utf8(a.value));
      return x === undefined || y === undefined ? undefined : r.equal!(x, y);
    }
    case 'greaterOrEqual':
    case 'lessOrEqual': {
      const r = type.ordering;
      if (!r) return undefined;
      const x = r.normalize(raw);
      const y = r.normalizeAssertion(utf8(a.value));
      if (x === undefined || y === undefined) return undefined;
      const c = r.compare!(x, y);
      return a.type === 'greaterOrEqual' ? c >= 0 : c <= 0;
    }
    case 'substrings':
      return type.substr?.matchSubstrings!(raw, {
        initial: a.initial === undefined ? undefined : utf8(a.initial),
        any: (a.any as string[]).map(utf8),
        final: a.final === undefined ? undefined : utf8(a.final),
      });
  }
  return undefined;
}

for (const g of recorded.groups as any[]) {
  const type = schema.attributeType(g.attribute)!;
  for (const [i, c] of (g.cases as any[]).entries()) {
    test(`as slapd: ${g.attribute} ${i} ${JSON.stringify(c.filter)}`, (t) => {
      t.truthy(type, g.attribute);
      const ours = (g.values as string[]).flatMap((v, i) =>
        evaluate(type, c.assertion, utf8(v)) === true ? [i] : [],
      );
      const dev = deviations.get(c.filter);
      if (dev) {
        t.deepEqual(ours, dev.matches, `deviation: ${dev.rfc}`);
        t.notDeepEqual(ours, c.matches, 'listed as a deviation but agrees with slapd');
      } else {
        t.deepEqual(ours, c.matches, `over ${JSON.stringify(g.values)}`);
      }
    });
  }
}
