/**
 * Physical to logical lines (RFC 2849 section 3, notes 2 and 3): a line that starts with one
 * space continues the previous line (the space is dropped), `#` starts a comment (which may
 * itself be folded), SEP is LF or CRLF, and an empty line ends a record.
 *
 * Text arrives in chunks; `LineSplitter.push` only consumes up to the last blank line, so a
 * block it hands on always ends on a record boundary and a record never straddles two blocks.
 */
import { LdifError } from '../errors.js';

/** One unfolded line of a record. */
export interface LogicalLine {
  readonly text: string;
  /** 1-based physical line where it starts. */
  readonly line: number;
  /** Offsets in `text` where each continuation line begins (undefined when not folded). */
  readonly folds: readonly number[] | undefined;
}

/** Map an offset in a logical line to a 1-based physical line and column. */
export function positionOf(l: LogicalLine, offset: number): { line: number; column: number } {
  const folds = l.folds;
  if (folds === undefined || folds.length === 0 || offset < (folds[0] as number)) {
    return { line: l.line, column: offset + 1 };
  }
  let k = 0;
  while (k + 1 < folds.length && offset >= (folds[k + 1] as number)) k++;
  // +2: the continuation's leading space occupies column 1.
  return { line: l.line + k + 1, column: offset - (folds[k] as number) + 2 };
}

export class LineSplitter {
  private pending = '';
  private lineNo = 1;
  private lines: LogicalLine[] = [];

  constructor(
    private readonly onRecord: (lines: LogicalLine[]) => void,
    private readonly source: string | undefined,
  ) {}

  /** Feed text; complete records are passed to `onRecord` synchronously. */
  push(chunk: string): void {
    if (chunk.length === 0) return;
    const prevLen = this.pending.length;
    const text = prevLen === 0 ? chunk : this.pending + chunk;
    // Search only the new text plus two characters of overlap for the last blank line.
    const from = Math.max(0, prevLen - 2);
    const window = from === 0 ? text : text.slice(from);
    const a = window.lastIndexOf('\n\n');
    const b = window.lastIndexOf('\n\r\n');
    const cut = Math.max(a, b);
    if (cut < 0) {
      this.pending = text;
      return;
    }
    const end = from + cut + 1;
    this.pending = text.slice(end);
    this.block(text, end);
  }

  /** Flush the rest of the input. */
  end(): void {
    const text = this.pending;
    this.pending = '';
    this.block(text, text.length);
  }

  private flush(): void {
    const lines = this.lines;
    this.lines = [];
    this.onRecord(lines);
  }

  private fail(message: string, line: number, column: number): never {
    throw new LdifError(message, line, column, this.source);
  }

  /** Split text[0, len) into logical lines; `len` is on a record boundary or the end of input. */
  private block(text: string, len: number): void {
    let pos = 0;
    let line = this.lineNo;
    while (pos < len) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0 || nl > len) nl = len;
      let end = nl;
      if (end > pos && text.charCodeAt(end - 1) === 13) end--;
      const startLine = line++;
      let next = nl + 1;
      if (end === pos) {
        if (this.lines.length > 0) this.flush();
        pos = next;
        continue;
      }
      const c0 = text.charCodeAt(pos);
      if (c0 === 32) {
        this.fail('continuation line (leading space) with no line to continue', startLine, 1);
      }
      let s = text.slice(pos, end);
      let folds: number[] | undefined;
      if (next < len && text.charCodeAt(next) === 32) {
        // Folded: gather the pieces and join once (a 1 MiB value is thousands of pieces).
        const pieces = [s];
        let total = s.length;
        folds = [];
        while (next < len && text.charCodeAt(next) === 32) {
          let nl2 = text.indexOf('\n', next);
          if (nl2 < 0 || nl2 > len) nl2 = len;
          let end2 = nl2;
          if (end2 > next && text.charCodeAt(end2 - 1) === 13) end2--;
          folds.push(total);
          const piece = text.slice(next + 1, end2);
          pieces.push(piece);
          total += piece.length;
          line++;
          next = nl2 + 1;
        }
        s = pieces.join('');
      }
      pos = next;
      if (c0 === 35) continue; // '#' comment, with its continuation lines
      this.lines.push({ text: s, line: startLine, folds });
    }
    this.lineNo = line;
    // A block always ends on a record boundary (a blank line follows, or the input ends).
    if (this.lines.length > 0) this.flush();
  }
}
