/**
 * Entry points of the RFC 2849 parser: `parseLdif` (whole input, synchronous), `readLdif`
 * (async iterator over chunks, constant memory per record) and `readLdifFile`.
 */
import { createReadStream } from 'node:fs';
import { LdifError } from '../errors.js';
import { LineSplitter, type LogicalLine } from './lines.js';
import { RecordBuilder } from './records.js';
import type { LdifParseOptions, LdifRecord } from './types.js';

/** Anything `readLdif` can read: text, bytes, or an (async) iterable of either, e.g. a Node or web stream. */
export type LdifInput =
  | string
  | Uint8Array
  | AsyncIterable<string | Uint8Array>
  | Iterable<string | Uint8Array>
  | ReadableStream<Uint8Array>;

/** Incremental parser: push text, take the records completed so far. */
export class LdifParser {
  private readonly builder: RecordBuilder;
  private readonly splitter: LineSplitter;
  private out: LdifRecord[] = [];

  constructor(options: LdifParseOptions = {}) {
    this.builder = new RecordBuilder(options);
    this.splitter = new LineSplitter((lines: LogicalLine[]) => {
      const r = this.builder.build(lines);
      if (r !== undefined) this.out.push(r);
    }, options.source);
  }

  /** Feed more text; returns the records it completed. */
  push(text: string): LdifRecord[] {
    this.splitter.push(text);
    return this.take();
  }

  /** Signal the end of input; returns the last records. */
  end(): LdifRecord[] {
    this.splitter.end();
    return this.take();
  }

  private take(): LdifRecord[] {
    const r = this.out;
    this.out = [];
    return r;
  }
}

function decodeAll(bytes: Uint8Array, source: string | undefined): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new LdifError('input is not valid UTF-8', lineOfInvalidUtf8(bytes), 1, source);
  }
}

function lineOfInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 10) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}

/** Parse a whole LDIF document (text or UTF-8 bytes) into records. */
export function parseLdif(input: string | Uint8Array, options: LdifParseOptions = {}): LdifRecord[] {
  let text = typeof input === 'string' ? input : decodeAll(input, options.source);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parser = new LdifParser(options);
  const out = parser.push(text);
  for (const r of parser.end()) out.push(r);
  return out;
}

function isAsyncIterable(x: unknown): x is AsyncIterable<string | Uint8Array> {
  return typeof (x as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

/**
 * Stream records from text, bytes, a Node stream, a web `ReadableStream` or any (async)
 * iterable of chunks. Only the record being parsed is held in memory.
 */
export async function* readLdif(
  input: LdifInput,
  options: LdifParseOptions = {},
): AsyncGenerator<LdifRecord> {
  if (typeof input === 'string' || input instanceof Uint8Array) {
    yield* parseLdif(input, options);
    return;
  }
  const parser = new LdifParser(options);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  const chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array> = isAsyncIterable(input)
    ? input
    : (input as Iterable<string | Uint8Array>);
  for await (const chunk of chunks) {
    let text: string;
    if (typeof chunk === 'string') text = chunk;
    else {
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw new LdifError('input is not valid UTF-8', 0, 0, options.source);
      }
    }
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    yield* parser.push(text);
  }
  let tail: string;
  try {
    tail = decoder.decode();
  } catch {
    throw new LdifError('input ends inside a UTF-8 sequence', 0, 0, options.source);
  }
  if (tail.length > 0) yield* parser.push(tail);
  yield* parser.end();
}

/** Stream the records of an LDIF file; errors name the file, relative `file:` URLs resolve beside it. */
export function readLdifFile(path: string, options: LdifParseOptions = {}): AsyncGenerator<LdifRecord> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  return readLdif(stream, { source: path, ...options });
}
