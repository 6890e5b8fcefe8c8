/**
 * Entry points of the RFC 2849 parser: `parseLdif` (whole input, synchronous), `readLdif`
 * (async iterator over chunks, memory bounded by the largest record) and `readLdifFile`.
 *
 * Input is UTF-8. Plain values are views of a private copy of the input; do not expect them to
 * be separate ArrayBuffers.
 */
import { createReadStream } from 'node:fs';
import { LineSplitter, type Lines } from './lines.js';
import { RecordBuilder } from './records.js';
import type { LdifParseOptions, LdifRecord } from './types.js';

/** Anything `readLdif` can read: text, bytes, or an (async) iterable of either, e.g. a Node or web stream. */
export type LdifInput =
  | string
  | Uint8Array
  | AsyncIterable<string | Uint8Array>
  | Iterable<string | Uint8Array>
  | ReadableStream<Uint8Array>;

/** Incremental parser: push text or bytes, take the records completed so far. */
export class LdifParser {
  private readonly builder: RecordBuilder;
  private readonly splitter: LineSplitter;
  private out: LdifRecord[] = [];
  private started = false;

  constructor(options: LdifParseOptions = {}) {
    this.builder = new RecordBuilder(options);
    this.splitter = new LineSplitter((lines: Lines) => {
      const r = this.builder.build(lines);
      if (r !== undefined) this.out.push(r);
    }, options.source);
  }

  /** Feed more input (text, or UTF-8 bytes cut anywhere); returns the records it completed. */
  push(chunk: string | Uint8Array): LdifRecord[] {
    this.splitter.push(this.bytes(chunk));
    return this.take();
  }

  private bytes(chunk: string | Uint8Array): Buffer {
    // Copy: values are views of the input and must not change if the caller reuses its buffer.
    let buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    if (!this.started && buf.length > 0) {
      this.started = true;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    }
    return buf;
  }

  /** Add input without parsing it yet; then call `step()` until it returns false. */
  feed(chunk: string | Uint8Array): void {
    this.splitter.feed(this.bytes(chunk));
  }

  /** Parse the next block (about 64 KiB) of fed input; returns false when no complete record is left. */
  step(): boolean {
    return this.splitter.step();
  }

  /** Records completed by `step()` calls since the last `take()`. */
  take(): LdifRecord[] {
    const r = this.out;
    this.out = [];
    return r;
  }

  /** Signal the end of input; returns the last records. */
  end(): LdifRecord[] {
    this.splitter.end();
    return this.take();
  }
}

/** Parse a whole LDIF document (text or UTF-8 bytes) into records. */
export function parseLdif(input: string | Uint8Array, options: LdifParseOptions = {}): LdifRecord[] {
  const parser = new LdifParser(options);
  const out = parser.push(input);
  for (const r of parser.end()) out.push(r);
  return out;
}

function isAsyncIterable(x: unknown): x is AsyncIterable<string | Uint8Array> {
  return typeof (x as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

/**
 * Stream records from text, bytes, a Node stream, a web `ReadableStream` or any (async)
 * iterable of chunks. Only the records of the current chunk are held in memory.
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
  const chunks = isAsyncIterable(input) ? input : (input as Iterable<string | Uint8Array>);
  for await (const chunk of chunks) {
    parser.feed(chunk);
    while (parser.step()) {
      for (const r of parser.take()) yield r;
    }
  }
  for (const r of parser.end()) yield r;
}

/** Stream the records of an LDIF file; errors name the file, relative `file:` URLs resolve beside it. */
export function readLdifFile(path: string, options: LdifParseOptions = {}): AsyncGenerator<LdifRecord> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  return readLdif(stream, { source: path, ...options });
}
