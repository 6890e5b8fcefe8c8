/**
 * Filter AST to its RFC 4515 string. Values escape `*` `(` `)` `\` NUL and every byte that is
 * not part of valid UTF-8, so `parseFilter(formatFilter(f))` gives `f` back byte for byte.
 * Iterative, like the parser: any depth the caller can build formats without a stack overflow.
 */
import { utf8 } from '../util/index.js';
import type { Filter } from './ast.js';

const HEX = '0123456789abcdef';
const decoder = new TextDecoder();

function hexEscape(b: number): string {
  return '\\' + HEX[b >> 4]! + HEX[b & 15]!;
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 (RFC 3629 section 4). */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return 1;
  let n: number;
  let min: number;
  let max = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    n = 2;
    min = 0x80;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    n = 3;
    min = b0 === 0xe0 ? 0xa0 : 0x80;
    if (b0 === 0xed) max = 0x9f; // no UTF-16 surrogates
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    n = 4;
    min = b0 === 0xf0 ? 0x90 : 0x80;
    if (b0 === 0xf4) max = 0x8f;
  } else {
    return 0;
  }
  if (i + n > bytes.length) return 0;
  const b1 = bytes[i + 1]!;
  if (b1 < min || b1 > max) return 0;
  for (let k = 2; k < n; k++) {
    const b = bytes[i + k]!;
    if (b < 0x80 || b > 0xbf) return 0;
  }
  return n;
}

/** True when every byte is ASCII other than NUL `(` `)` `*` `\\` (nothing to escape). */
function isPlainAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b >= 0x80 || b === 0 || b === 0x28 || b === 0x29 || b === 0x2a || b === 0x5c) return false;
  }
  return true;
}

/**
 * Escape an assertion value for a filter string (RFC 4515 section 3): `*` `(` `)` `\` and NUL
 * become `\2a` `\28` `\29` `\5c` `\00`; bytes that are not valid UTF-8 become `\XX`; valid
 * UTF-8 characters stay literal.
 */
export function escapeFilterValue(value: string | Uint8Array): string {
  const bytes = typeof value === 'string' ? utf8(value) : value;
  if (bytes.length <= 4096 && isPlainAscii(bytes)) return String.fromCharCode(...bytes);
  let out = '';
  let runStart = 0; // start of the pending literal run
  let i = 0;
  const flush = (end: number): void => {
    if (end > runStart) out += decoder.decode(bytes.subarray(runStart, end));
  };
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === 0x2a || b === 0x28 || b === 0x29 || b === 0x5c || b === 0) {
      flush(i);
      out += hexEscape(b);
      runStart = ++i;
      continue;
    }
    const n = utf8SequenceLength(bytes, i);
    if (n === 0) {
      flush(i);
      out += hexEscape(b);
      runStart = ++i;
      continue;
    }
    i += n;
  }
  flush(i);
  return out;
}

function formatItem(f: Exclude<Filter, { type: 'and' | 'or' | 'not' }>): string {
  switch (f.type) {
    case 'equalityMatch':
      return `(${f.attribute}=${escapeFilterValue(f.value)})`;
    case 'greaterOrEqual':
      return `(${f.attribute}>=${escapeFilterValue(f.value)})`;
    case 'lessOrEqual':
      return `(${f.attribute}<=${escapeFilterValue(f.value)})`;
    case 'approxMatch':
      return `(${f.attribute}~=${escapeFilterValue(f.value)})`;
    case 'present':
      return `(${f.attribute}=*)`;
    case 'substrings': {
      let s = `(${f.attribute}=`;
      if (f.initial !== undefined) s += escapeFilterValue(f.initial);
      s += '*';
      for (const a of f.any) s += escapeFilterValue(a) + '*';
      if (f.final !== undefined) s += escapeFilterValue(f.final);
      return s + ')';
    }
    case 'extensibleMatch': {
      let s = '(' + (f.attribute ?? '');
      if (f.dnAttributes) s += ':dn';
      if (f.matchingRule !== undefined) s += ':' + f.matchingRule;
      return s + ':=' + escapeFilterValue(f.value) + ')';
    }
  }
}

/** The RFC 4515 string of a filter AST, always with outer parentheses. */
export function formatFilter(filter: Filter): string {
  const parts: string[] = [];
  // Work items: a filter to format, or a literal string to emit (closing parentheses).
  const work: (Filter | string)[] = [filter];
  while (work.length > 0) {
    const item = work.pop()!;
    if (typeof item === 'string') {
      parts.push(item);
      continue;
    }
    switch (item.type) {
      case 'and':
      case 'or':
        parts.push(item.type === 'and' ? '(&' : '(|');
        work.push(')');
        for (let i = item.filters.length - 1; i >= 0; i--) work.push(item.filters[i]!);
        break;
      case 'not':
        parts.push('(!');
        work.push(')', item.filter);
        break;
      default:
        parts.push(formatItem(item));
    }
  }
  return parts.join('');
}
