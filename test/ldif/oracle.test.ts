/**
 * Cross-check against an independent parser: the `ldif` npm package (peg.js grammar) on the
 * text values of content records. It corrupts binary values, so records are compared on values
 * that are valid UTF-8 text only (REFERENCE.md: usable as a cross-check, not as the loader).
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseLdif, type LdifContentRecord } from '../../src/ldif/index.js';

interface OracleEntry {
  toObject(): { dn: string; attributes: Record<string, string | string[]> };
}
const require = createRequire(import.meta.url);
const oracle = require('ldif') as { parse(text: string): { entries: OracleEntry[] } };

const textOf = (v: Uint8Array): string | undefined => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(v);
  } catch {
    return undefined;
  }
};

for (const file of ['fixtures/example.ldif', 'fixtures/awkward.ldif']) {
  test(`same DNs and text values as the ldif package: ${file}`, (t) => {
    const text = readFileSync(file, 'utf8');
    const ours = parseLdif(text) as LdifContentRecord[];
    const theirs = oracle.parse(text).entries.map((e) => e.toObject());
    t.is(ours.length, theirs.length);
    ours.forEach((r, i) => {
      const o = theirs[i]!;
      t.is(r.dn, o.dn);
      for (const a of r.attributes) {
        const values = a.values.map(textOf);
        if (values.some((v) => v === undefined || v.includes('\ufffd') || /[\x00-\x1f]/.test(v))) continue;
        const other = new Map(Object.entries(o.attributes)).get(a.type);
        t.deepEqual(
          values,
          other === undefined ? undefined : Array.isArray(other) ? other : [other],
          `${r.dn} ${a.type}`,
        );
      }
    });
  });
}
