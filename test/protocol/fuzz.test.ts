/**
 * Random and mutated input to the decoders: they may only return a message or throw BerError
 * or ProtocolError, never another exception or a hang (bounded iterations), and a decoded
 * message never holds more than its input justifies: every byte value is a view of the input
 * (no copy sized by a declared length) and the object count is at most the input length.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { BerError, ProtocolError } from '../../src/errors.js';
import { decodeFilter } from '../../src/filter/index.js';
import {
  MessageFramer,
  controlDefinitions,
  decodeCancelRequestValue,
  decodeEndTransactionRequestValue,
  decodeEndTransactionResponseValue,
  decodeMessage,
  decodePasswordModifyRequestValue,
  decodePasswordModifyResponseValue,
  decodeSyncInfoValue,
} from '../../src/protocol/index.js';
import { hex } from './json.js';

const seeds = (
  JSON.parse(readFileSync('fixtures/protocol/messages.json', 'utf8')) as { cases: { hex: string }[] }
).cases
  .map((c) => hex(c.hex))
  .filter((b) => b.length < 4096);

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

function expectTyped(t: { fail: (m: string) => void }, fn: () => unknown, input: Uint8Array): unknown {
  try {
    return fn();
  } catch (e) {
    if (e instanceof BerError || e instanceof ProtocolError) return undefined;
    t.fail(
      `unexpected ${(e as Error).name}: ${(e as Error).message} for ${Buffer.from(input).toString('hex')}`,
    );
    return undefined;
  }
}

/** Count objects and check that every Uint8Array is a view of `input`'s memory. */
function audit(value: unknown, input: Uint8Array): { nodes: number; foreign: number } {
  let nodes = 0;
  let foreign = 0;
  const walk = (v: unknown): void => {
    nodes++;
    if (v instanceof Uint8Array) {
      if (v.length > 0 && v.buffer !== input.buffer) foreign++;
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return { nodes, foreign };
}

function mutate(rand: () => number, src: Uint8Array): Uint8Array {
  const b = Array.from(src);
  const edits = 1 + Math.floor(rand() * 4);
  for (let k = 0; k < edits; k++) {
    const i = Math.floor(rand() * Math.max(1, b.length));
    switch (Math.floor(rand() * 6)) {
      case 0:
        b[i] = Math.floor(rand() * 256);
        break;
      case 1:
        b[i] = (b[i] ?? 0) ^ (1 << Math.floor(rand() * 8));
        break;
      case 2:
        b.splice(i, 1);
        break;
      case 3:
        b.splice(i, 0, Math.floor(rand() * 256));
        break;
      case 4:
        b.length = i;
        break;
      default:
        b.splice(i, 0, ...b.slice(i, i + Math.floor(rand() * 8)));
    }
  }
  return new Uint8Array(b);
}

test('20k mutated vectors: only typed errors, decoded values are views of the input', (t) => {
  const rand = prng(0xdecaf);
  let decoded = 0;
  for (let n = 0; n < 20000; n++) {
    const input = mutate(rand, seeds[Math.floor(rand() * seeds.length)]!);
    const m = expectTyped(t, () => decodeMessage(input), input);
    if (m !== undefined) {
      decoded++;
      const { nodes, foreign } = audit(m, input);
      if (foreign !== 0 || nodes > input.length + 8)
        t.fail(`out of proportion: ${nodes} nodes, ${foreign} copies`);
    }
  }
  t.log(`${decoded} of 20000 mutants still decoded`);
  t.pass();
});

test('20k random buffers: only typed errors', (t) => {
  const rand = prng(42);
  for (let n = 0; n < 20000; n++) {
    const len = Math.floor(rand() * 48);
    const input = new Uint8Array(len);
    for (let i = 0; i < len; i++) input[i] = Math.floor(rand() * 256);
    // Half of them look like an LDAPMessage header, to get past the first check.
    if (len > 2 && n % 2 === 0) {
      input[0] = 0x30;
      input[1] = len - 2;
      input[2] = 0x02;
    }
    expectTyped(t, () => decodeMessage(input), input);
  }
  t.pass();
});

test('random input to the filter and control/extended value decoders: only typed errors', (t) => {
  const rand = prng(7);
  const decoders: ((b: Uint8Array) => unknown)[] = [
    (b) => decodeFilter(b),
    decodeCancelRequestValue,
    decodeEndTransactionRequestValue,
    decodeEndTransactionResponseValue,
    decodePasswordModifyRequestValue,
    decodePasswordModifyResponseValue,
    decodeSyncInfoValue,
  ];
  for (const d of controlDefinitions()) {
    if (d.request) decoders.push((b) => d.request!.decode(b));
    if (d.response) decoders.push((b) => d.response!.decode(b));
  }
  const filterSeeds = seeds.map((s) => s.subarray(2));
  for (let n = 0; n < 20000; n++) {
    const len = Math.floor(rand() * 32);
    let input: Uint8Array = new Uint8Array(len);
    for (let i = 0; i < len; i++) input[i] = Math.floor(rand() * 256);
    if (n % 3 === 0 && len > 2) input[0] = [0x30, 0xa0, 0xa3, 0x80, 0xa9][n % 5]!;
    if (n % 3 === 1) input = mutate(rand, filterSeeds[n % filterSeeds.length]!);
    const dec = decoders[n % decoders.length]!;
    expectTyped(t, () => dec(input), input);
  }
  t.pass();
});

test('the framer fed 2k garbage streams fails only with typed errors', (t) => {
  const rand = prng(99);
  for (let n = 0; n < 2000; n++) {
    const f = new MessageFramer({ maxMessageSize: 4096 });
    const stream = mutate(rand, seeds[n % seeds.length]!);
    try {
      for (let p = 0; p < stream.length; p += 7) f.pushMessages(stream.subarray(p, p + 7));
    } catch (e) {
      if (!(e instanceof BerError || e instanceof ProtocolError))
        t.fail(`${(e as Error).name}: ${(e as Error).message}`);
    }
  }
  t.pass();
});

test('deep nesting is refused by the depth limit, not by a stack overflow', (t) => {
  const depth = 100000;
  const bytes = new Uint8Array(depth * 2);
  for (let i = 0; i < depth; i++) bytes[i * 2] = 0xa2; // not [2] constructed, length patched below
  // Lengths that fit: the innermost is empty, each outer one says "the rest".
  for (let i = 0; i < depth; i++) bytes[i * 2 + 1] = 0x80; // indefinite: rejected as such
  t.throws(() => decodeFilter(bytes), { instanceOf: BerError });
  const nested = new Uint8Array(2 * 200);
  for (let i = 0; i < 200; i++) {
    nested[i * 2] = 0xa2;
    nested[i * 2 + 1] = Math.min(0x7f, 2 * (200 - i - 1));
  }
  t.throws(
    () => decodeFilter(nested.subarray(0, 2 * 60).map((b, i) => (i % 2 ? 2 * (60 - 1 - (i - 1) / 2) : b))),
    {
      instanceOf: ProtocolError,
    },
  );
  const e = t.throws(
    () =>
      decodeFilter(
        nested.subarray(0, 2 * 60).map((b, i) => (i % 2 ? 2 * (60 - 1 - (i - 1) / 2) : b)),
        { maxDepth: 10 },
      ),
    { instanceOf: BerError },
  );
  t.regex(e!.message, /nesting deeper than 10/);
});
