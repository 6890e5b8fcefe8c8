/**
 * Walks fixtures/ldif/vectors.json: each vector is parsed whole and streamed in every chunking
 * that matters, compared with the expected records (or error position), then formatted and
 * parsed again, which must give the same records (parse . format is the identity).
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { LdifError } from '../../src/errors.js';
import { formatLdif, parseLdif, readLdif, type LdifRecord } from '../../src/ldif/index.js';

type JsonValue = string | { b64: string };
interface Vector {
  description: string;
  input: string;
  records?: Array<Record<string, unknown>>;
  error?: { line: number; column: number; message?: string };
}

const vectors = (JSON.parse(readFileSync('fixtures/ldif/vectors.json', 'utf8')) as { parse: Vector[] }).parse;

/** Records as plain JSON: bytes as UTF-8 text when valid, else {b64}; location dropped unless asked. */
export function toJson(records: readonly LdifRecord[], keepLine: boolean[] = []): unknown[] {
  return records.map((r, i) => {
    const replacer = (key: string, v: unknown): unknown => {
      if (key === 'location') return undefined;
      if (v instanceof Uint8Array) {
        try {
          return new TextDecoder('utf-8', { fatal: true }).decode(v);
        } catch {
          return { b64: Buffer.from(v).toString('base64') };
        }
      }
      return v;
    };
    const o = JSON.parse(JSON.stringify(r, replacer)) as Record<string, unknown>;
    if (keepLine[i] && r.location) o.line = r.location.line;
    return o;
  });
}

function normalizeExpected(records: Array<Record<string, unknown>>): unknown[] {
  const fix = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(fix);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.b64 === 'string' && Object.keys(o).length === 1) {
        const bytes = Buffer.from(o.b64, 'base64');
        try {
          return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          return o as JsonValue;
        }
      }
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, fix(x)]));
    }
    return v;
  };
  return records.map(fix);
}

async function streamed(input: string, cuts: number[]): Promise<LdifRecord[]> {
  const bytes = Buffer.from(input, 'utf8');
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (const c of cuts) {
    chunks.push(bytes.subarray(at, c));
    at = c;
  }
  chunks.push(bytes.subarray(at));
  const out: LdifRecord[] = [];
  for await (const r of readLdif(chunks)) out.push(r);
  return out;
}

for (const v of vectors) {
  if (v.error) {
    const expected = v.error;
    test(`parse error: ${v.description}`, async (t) => {
      const e = t.throws(() => parseLdif(v.input, { source: 'vec.ldif' }), { instanceOf: LdifError });
      t.is(e?.line, expected.line, 'line');
      t.is(e?.column, expected.column, 'column');
      t.is(e?.source, 'vec.ldif');
      t.is(e?.code, 'LDAP_LDIF');
      if (expected.message) t.true(e!.message.includes(expected.message), e!.message);
      // Streaming reports the same position, whatever the chunking.
      const bytes = Buffer.from(v.input).length;
      for (const cut of [1, Math.floor(bytes / 2), bytes - 1]) {
        const err = await t.throwsAsync(streamed(v.input, [cut]), { instanceOf: LdifError });
        t.is(`${err?.line}:${err?.column}`, `${expected.line}:${expected.column}`, `cut at ${cut}`);
      }
    });
    continue;
  }
  test(`parse: ${v.description}`, async (t) => {
    const expected = v.records ?? [];
    const keep = expected.map((r) => 'line' in r);
    const got = parseLdif(v.input);
    t.deepEqual(toJson(got, keep), normalizeExpected(expected));
    // Byte input, and streaming cut at every byte (single cut) and into 1-byte chunks.
    t.deepEqual(toJson(parseLdif(Buffer.from(v.input))), toJson(got));
    const n = Buffer.from(v.input).length;
    for (let cut = 1; cut < n; cut++) {
      t.deepEqual(toJson(await streamed(v.input, [cut]), keep), toJson(got, keep), `cut at ${cut}`);
    }
    const every = Array.from({ length: Math.max(0, n - 1) }, (_, i) => i + 1);
    t.deepEqual(toJson(await streamed(v.input, every), keep), toJson(got, keep), '1-byte chunks');
    // parse(format(x)) === x, with and without folding, sorting is not identity so not here.
    for (const opts of [
      {},
      { foldWidth: 10 },
      { foldWidth: false as const, version: true },
      { lineSeparator: '\r\n' as const },
    ]) {
      t.deepEqual(toJson(parseLdif(formatLdif(got, opts))), toJson(got), JSON.stringify(opts));
    }
  });
}
