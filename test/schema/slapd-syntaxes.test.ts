/**
 * Holds the syntax validators to what a real slapd 2.5 accepted (result 0) or refused with
 * invalidAttributeSyntax (21) for the same values (fixtures/schema/syntaxes-slapd.json,
 * recorded by scripts/capture-slapd-syntaxes.ts).
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { getProfile } from '../../src/schema/index.js';
import { utf8 } from '../../src/util/index.js';

const recorded = JSON.parse(
  readFileSync(new URL('../../fixtures/schema/syntaxes-slapd.json', import.meta.url), 'utf8'),
);
const schema = getProfile('openldap').schema;

for (const a of recorded.attributes as any[]) {
  test(`syntax as slapd: ${a.attribute}`, (t) => {
    const type = schema.attributeType(a.attribute)!;
    t.truthy(type);
    for (const v of a.values) {
      if (v.result !== 0 && v.result !== 21) continue; // refused before the syntax check
      t.is(
        schema.validateValue(type, utf8(v.value)),
        v.result === 0,
        `${JSON.stringify(v.value)} (slapd: ${v.result})`,
      );
    }
  });
}
