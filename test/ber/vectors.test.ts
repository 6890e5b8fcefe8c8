/**
 * Walks fixtures/ber/vectors.json in both directions: decode the hex and compare with the
 * expected value or tree (or the expected BerError code and offset), then encode the value and
 * compare with the hex (skipped for `decodeOnly`: non-canonical input such as long-form lengths).
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import {
  BerReader,
  BerWriter,
  TagClass,
  isConstructed,
  makeTag,
  tagClass,
  tagNumber,
  type BerReaderOptions,
} from '../../src/ber/index.js';
import { BerError, ProtocolError } from '../../src/errors.js';
import { fromJson, hex, toHex } from '../protocol/json.js';

interface Tree {
  tag: string;
  value?: string;
  children?: Tree[];
}
interface Case {
  description: string;
  kind: 'integer' | 'enumerated' | 'boolean' | 'null' | 'octetString' | 'utf8' | 'tree';
  hex: string;
  value?: unknown;
  tree?: Tree;
  decodeOnly?: boolean;
  error?: { code: string; offset: number };
  maxLength?: number;
  maxDepth?: number;
  partial?: boolean;
}

const file = JSON.parse(readFileSync('fixtures/ber/vectors.json', 'utf8')) as { cases: Case[] };
const CLASSES: Record<string, TagClass> = {
  U: TagClass.universal,
  A: TagClass.application,
  C: TagClass.context,
  P: TagClass.private,
};
const LETTERS = new Map<number, string>(Object.entries(CLASSES).map(([k, v]) => [v, k]));

function parseTag(s: string): number {
  const [cls, num, c] = s.split(':');
  return makeTag(CLASSES[cls!]!, c === 'c', Number(num));
}
function formatTag(tag: number): string {
  return `${LETTERS.get(tagClass(tag))}:${tagNumber(tag)}${isConstructed(tag) ? ':c' : ''}`;
}

function readTree(r: BerReader): Tree {
  const tag = r.peekTag();
  if (isConstructed(tag)) {
    r.enter(tag);
    const children: Tree[] = [];
    while (r.more()) children.push(readTree(r));
    r.leave();
    return { tag: formatTag(tag), children };
  }
  return { tag: formatTag(tag), value: toHex(r.readOctetString(tag)) };
}

function writeTree(w: BerWriter, t: Tree): void {
  const tag = parseTag(t.tag);
  if (t.children) {
    w.startSequence(tag);
    for (const c of t.children) writeTree(w, c);
    w.endSequence();
  } else {
    w.writeOctetString(hex(t.value ?? ''), tag);
  }
}

function decode(c: Case, r: BerReader): unknown {
  switch (c.kind) {
    case 'integer':
      return r.readIntegerValue();
    case 'enumerated':
      return r.readEnumerated();
    case 'boolean':
      return r.readBoolean();
    case 'null':
      return r.readNull();
    case 'octetString':
      return toHex(r.readOctetString());
    case 'utf8':
      return r.readUtf8() ?? null;
    case 'tree':
      return readTree(r);
  }
}

function encode(c: Case, w: BerWriter): void {
  const v = fromJson(c.value);
  switch (c.kind) {
    case 'integer':
      return w.writeInteger(v as number | bigint);
    case 'enumerated':
      return w.writeEnumerated(v as number);
    case 'boolean':
      return w.writeBoolean(v as boolean);
    case 'null':
      return w.writeNull();
    case 'octetString':
      return w.writeOctetString(hex(v as string));
    case 'utf8':
      return w.writeString(v as string);
    case 'tree':
      return writeTree(w, c.tree!);
  }
}

test('the BER vector file has enough cases of each kind', (t) => {
  t.true(file.cases.length >= 120);
  t.true(file.cases.filter((c) => c.error).length >= 40);
});

for (const [i, c] of file.cases.entries()) {
  const opts: BerReaderOptions = {};
  if (c.maxLength !== undefined) opts.maxLength = c.maxLength;
  if (c.maxDepth !== undefined) opts.maxDepth = c.maxDepth;
  if (c.partial !== undefined) opts.partial = c.partial;
  const bytes = hex(c.hex);
  if (c.error) {
    test(`ber #${i} ${c.kind}: ${c.description} -> ${c.error.code} at ${c.error.offset}`, (t) => {
      const cls = c.error!.code === 'LDAP_PROTOCOL' ? ProtocolError : BerError;
      const e = t.throws(() => decode(c, new BerReader(bytes, opts)), { instanceOf: cls });
      t.is(e?.code, c.error!.code);
      t.is(e?.offset, c.error!.offset);
      if (e instanceof BerError) t.is(e.incomplete, c.error!.code === 'LDAP_BER_INCOMPLETE');
    });
    continue;
  }
  test(`ber #${i} ${c.kind}: ${c.description}`, (t) => {
    const r = new BerReader(bytes, opts);
    const got = decode(c, r);
    const want = c.kind === 'tree' ? c.tree : c.kind === 'octetString' ? c.value : fromJson(c.value);
    if (c.kind === 'utf8' && c.value === null) t.is(got, null);
    else t.deepEqual(got, want);
    t.is(r.pos, bytes.length, 'consumed every byte');
    if (!c.decodeOnly && !(c.kind === 'utf8' && c.value === null)) {
      const w = new BerWriter(8);
      encode(c, w);
      t.is(toHex(w.toBytes()), c.hex);
    }
  });
}
