/**
 * Physical to logical lines (RFC 2849 section 3, notes 2 and 3), on bytes: a line that starts
 * with one space continues the previous line (the space is dropped), `#` starts a comment (which
 * may itself be folded), SEP is LF or CRLF, and an empty line ends a record.
 *
 * Unfolding works on bytes, not characters: writers such as OpenLDAP's fold at a byte count,
 * which can split a UTF-8 sequence across two physical lines.
 *
 * Input arrives in chunks; `LineSplitter.push` consumes up to the last blank line only, so a
 * block always ends on a record boundary and a record never straddles two blocks. The lines of
 * one record are handed on in a reused `Lines` table (offsets, no object per line).
 */
import { isUtf8 } from 'node:buffer';
import { LdifError } from '../errors.js';

/** The logical lines of one record: line i is `buf[i]` bytes [start[i], end[i]). */
export class Lines {
  n = 0;
  readonly buf: Buffer[] = [];
  readonly start: number[] = [];
  readonly end: number[] = [];
  /** 1-based physical line where line i starts. */
  readonly line: number[] = [];
  /** For a folded line: offsets in its (unfolded) bytes where each continuation begins. */
  readonly folds: (number[] | undefined)[] = [];

  add(buf: Buffer, start: number, end: number, line: number, folds: number[] | undefined): void {
    const i = this.n++;
    this.buf[i] = buf;
    this.start[i] = start;
    this.end[i] = end;
    this.line[i] = line;
    this.folds[i] = folds;
  }

  /** Text of line i (for messages). */
  text(i: number): string {
    return (this.buf[i] as Buffer).toString('utf8', this.start[i], this.end[i]);
  }

  /** Map byte `offset` (absolute in `buf[i]`) to a 1-based physical line and character column. */
  positionOf(i: number, offset: number): { line: number; column: number } {
    const buf = this.buf[i] as Buffer;
    const start = this.start[i] as number;
    const folds = this.folds[i];
    let line = this.line[i] as number;
    let from = start;
    let lead = 1;
    if (folds !== undefined) {
      for (let k = 0; k < folds.length && offset >= (folds[k] as number); k++) {
        line++;
        from = folds[k] as number;
        lead = 2; // the continuation's leading space is column 1
      }
    }
    return { line, column: buf.toString('utf8', from, Math.max(from, offset)).length + lead };
  }
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const HASH = 35;
const BLANK_LF = Buffer.from('\n\n');
const BLANK_CRLF = Buffer.from('\n\r\n');
/** Bytes per parsing step: few records are alive at once, so young-generation GC stays cheap. */
const STEP = 64 * 1024;

/** Offset of the first LF that ends a line followed by an empty line (LF LF or LF CR LF), from `from`. */
function firstBlank(buf: Buffer, from: number): number {
  let p = buf.indexOf(LF, from);
  while (p >= 0) {
    const c = buf[p + 1];
    if (c === LF || (c === CR && buf[p + 2] === LF)) return p;
    p = buf.indexOf(LF, p + 1);
  }
  return -1;
}

function lastBlank(buf: Buffer, at: number): number {
  return Math.max(buf.lastIndexOf(BLANK_LF, at), buf.lastIndexOf(BLANK_CRLF, at));
}

export class LineSplitter {
  private pending: Buffer | undefined;
  /** Bytes of `pending` already searched for a blank line without success. */
  private scanned = 0;
  private lineNo = 1;
  private readonly lines = new Lines();

  constructor(
    private readonly onRecord: (lines: Lines) => void,
    private readonly source: string | undefined,
  ) {}

  /**
   * Feed bytes; complete records are passed to `onRecord` synchronously. With `step`, only up to
   * about STEP bytes are processed per call (call `step()` until it returns false), so a
   * streaming consumer holds few records at a time.
   */
  push(chunk: Buffer): void {
    this.feed(chunk);
    while (this.step());
  }

  /** Add bytes to the pending input without parsing them. */
  feed(chunk: Buffer): void {
    if (chunk.length === 0) return;
    const prev = this.pending;
    if (prev === undefined || prev.length === 0) {
      this.pending = chunk;
      this.scanned = 0;
    } else {
      this.pending = Buffer.concat([prev, chunk]);
    }
  }

  /** Parse the next block of about STEP bytes that ends on a record boundary; false when none is complete. */
  step(): boolean {
    const buf = this.pending;
    if (buf === undefined) return false;
    const len = buf.length;
    // [0, scanned) is known to hold no blank line; the two bytes of overlap catch one that straddled.
    const start = Math.max(0, this.scanned - 2);
    let cut = -1;
    if (len > STEP) {
      cut = firstBlank(buf, Math.max(STEP - 2, start));
      if (cut < 0 && start < STEP) cut = lastBlank(buf, STEP);
    } else if (len > start) {
      cut = lastBlank(buf, len);
    }
    if (cut < 0) {
      this.scanned = len;
      return false;
    }
    const end = cut + 1;
    this.pending = end < len ? buf.subarray(end) : undefined;
    this.scanned = 0;
    this.block(buf, end);
    return true;
  }

  /** Flush the rest of the input. */
  end(): void {
    while (this.step());
    const buf = this.pending;
    this.pending = undefined;
    if (buf !== undefined) this.block(buf, buf.length);
  }

  /** Throw for the first invalid UTF-8 byte of logical line i (only called when the line is invalid). */
  private badUtf8(i: number): never {
    const L = this.lines;
    const buf = L.buf[i] as Buffer;
    const start = L.start[i] as number;
    let good = start;
    while (isUtf8(buf.subarray(start, good + 1))) good++;
    const p = L.positionOf(i, good);
    throw new LdifError('invalid UTF-8', p.line, p.column, this.source);
  }

  private flush(): void {
    this.onRecord(this.lines);
    this.lines.n = 0;
  }

  /** Split buf[0, len) into logical lines; `len` is on a record boundary or the end of input. */
  private block(buf: Buffer, len: number): void {
    // One native check per block; only when it fails (a bad byte, or a fold inside a UTF-8
    // sequence) are the unfolded lines checked one by one.
    const checkLines = !isUtf8(buf.subarray(0, len));
    const lines = this.lines;
    let pos = 0;
    let line = this.lineNo;
    while (pos < len) {
      let nl = buf.indexOf(LF, pos);
      if (nl < 0 || nl > len) nl = len;
      let end = nl;
      if (end > pos && buf[end - 1] === CR) end--;
      const startLine = line++;
      let next = nl + 1;
      if (end === pos) {
        if (lines.n > 0) this.flush();
        pos = next;
        continue;
      }
      const c0 = buf[pos];
      if (c0 === SPACE) {
        throw new LdifError(
          'continuation line (leading space) with no line to continue',
          startLine,
          1,
          this.source,
        );
      }
      if (next < len && buf[next] === SPACE) {
        // Folded: copy the pieces into one buffer (a 1 MiB value is thousands of pieces).
        const pieces: Buffer[] = [buf.subarray(pos, end)];
        const folds: number[] = [];
        let total = end - pos;
        while (next < len && buf[next] === SPACE) {
          let nl2 = buf.indexOf(LF, next);
          if (nl2 < 0 || nl2 > len) nl2 = len;
          let end2 = nl2;
          if (end2 > next && buf[end2 - 1] === CR) end2--;
          folds.push(total);
          const piece = buf.subarray(next + 1, Math.max(next + 1, end2));
          pieces.push(piece);
          total += piece.length;
          line++;
          next = nl2 + 1;
        }
        if (c0 !== HASH) lines.add(Buffer.concat(pieces, total), 0, total, startLine, folds);
      } else if (c0 !== HASH) {
        lines.add(buf, pos, end, startLine, undefined);
      }
      if (checkLines && c0 !== HASH) {
        const i = lines.n - 1;
        if (!isUtf8((lines.buf[i] as Buffer).subarray(lines.start[i], lines.end[i]))) this.badUtf8(i);
      }
      pos = next;
    }
    this.lineNo = line;
    // A block always ends on a record boundary (a blank line follows, or the input ends).
    if (lines.n > 0) this.flush();
  }
}
