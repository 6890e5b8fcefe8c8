/**
 * RFC 4515 string filters to the AST of `ast.ts`.
 *
 *   filter     = LPAREN filtercomp RPAREN
 *   filtercomp = and / or / not / item
 *   and = AMPERSAND filterlist ; or = VERTBAR filterlist ; not = EXCLAMATION filter
 *   filterlist = 1*filter                      ; RFC 4526 also allows zero: (&) true, (|) false
 *   item       = simple / present / substring / extensible
 *   extensible = ( attr [dnattrs] [matchingrule] COLON EQUALS assertionvalue )
 *                / ( [dnattrs] matchingrule COLON EQUALS assertionvalue )
 *   valueencoding = 0*(normal / escaped) ; escaped = ESC HEX HEX
 *
 * Strict on values (unescaped `(` `)` `*` where not a wildcard, `\` without two hex digits,
 * and NUL are errors); lenient only where OpenLDAP tools and ldap3 are: a filter without outer
 * parentheses (`cn=x`), and whitespace (SPACE, TAB, LF, CR) around the filter and between the
 * filters of a list, so a filter can be written over several lines. The parser keeps its own stack,
 * so nesting depth is a checked limit, never a stack overflow.
 */
import { FilterSyntaxError } from '../errors.js';
import { concatBytes, utf8 } from '../util/index.js';
import type { Filter } from './ast.js';

/** Options of `parseFilter`. */
export interface ParseFilterOptions {
  /**
   * Deepest nesting of `&` `|` `!` accepted.
   * @defaultValue 1000
   */
  readonly maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 1000;

function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isKeychar(c: number): boolean {
  return isAlpha(c) || isDigit(c) || c === 0x2d;
}
function hexValue(c: number): number {
  if (isDigit(c)) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

interface Frame {
  readonly kind: 'and' | 'or' | 'not';
  readonly filters: Filter[];
}

type Value = { readonly bytes: Uint8Array; readonly star: false } | { readonly star: true };

class FilterParser {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  private fail(message: string, at = this.pos): never {
    throw new FilterSyntaxError(message, this.text, at);
  }

  private code(at = this.pos): number {
    return at < this.text.length ? this.text.charCodeAt(at) : -1;
  }

  /** Layout between the filters of a list and around the whole filter: SPACE, TAB, LF, CR. */
  private skipSpaces(): void {
    for (let c = this.code(); c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d; c = this.code())
      this.pos++;
  }

  parse(): Filter {
    this.skipSpaces();
    if (this.pos >= this.text.length) this.fail('empty filter');
    // Without outer parentheses the whole text is one filtercomp (OpenLDAP tools, ldap3).
    const bare = this.text[this.pos] !== '(';
    if (!bare) this.pos++;
    const filter = this.parseComponents(bare);
    this.skipSpaces();
    if (this.pos < this.text.length) this.fail('unexpected characters after the filter');
    return filter;
  }

  /** Parses the filtercomp at `pos` and everything nested in it, iteratively. */
  private parseComponents(bare: boolean): Filter {
    const stack: Frame[] = [];
    for (;;) {
      // At the start of a filtercomp: just after its `(` (or at the start of a bare filter).
      let done: Filter | undefined;
      const c = this.text[this.pos];
      if (c === '&' || c === '|' || c === '!') {
        if (stack.length >= this.maxDepth) this.fail(`filter nested deeper than ${this.maxDepth} levels`);
        stack.push({ kind: c === '&' ? 'and' : c === '|' ? 'or' : 'not', filters: [] });
        this.pos++;
      } else {
        done = this.parseItem(stack.length === 0 && bare);
      }
      // Close finished components and their parents until one expects another nested filter.
      for (;;) {
        if (done !== undefined) {
          const atRoot = stack.length === 0;
          if (!(atRoot && bare)) {
            if (this.code() !== 0x29) this.fail('expected ")"');
            this.pos++;
          }
          if (atRoot) return done;
          const top = stack[stack.length - 1]!;
          if (top.kind === 'not' && top.filters.length === 1) this.fail('"!" takes exactly one filter');
          top.filters.push(done);
          done = undefined;
        }
        const top = stack[stack.length - 1]!;
        this.skipSpaces();
        const next = this.code();
        if (next === 0x28) {
          if (top.kind === 'not' && top.filters.length === 1) this.fail('"!" takes exactly one filter');
          this.pos++;
          break; // parse the nested filtercomp
        }
        const end = next === 0x29 || (next === -1 && stack.length === 1 && bare);
        if (!end) this.fail(next === -1 ? 'unexpected end of filter, expected ")"' : 'expected "(" or ")"');
        stack.pop();
        if (top.kind === 'not') {
          const inner = top.filters[0];
          if (inner === undefined) this.fail('"!" takes exactly one filter');
          done = { type: 'not', filter: inner };
        } else {
          done = { type: top.kind, filters: top.filters };
        }
      }
    }
  }

  /** attributedescription = attributetype options (RFC 4512 s2.5); '' when none starts here. */
  private parseAttribute(): string {
    const start = this.pos;
    const first = this.code();
    if (isAlpha(first)) {
      while (isKeychar(this.code())) this.pos++;
    } else if (isDigit(first)) {
      this.parseNumericOid();
    } else {
      return ''; // no attribute: only an extensible match may omit it
    }
    while (this.code() === 0x3b) {
      this.pos++;
      if (!isKeychar(this.code())) this.fail('expected an attribute option after ";"');
      while (isKeychar(this.code())) this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  /** numericoid = number 1*( DOT number ); number = DIGIT / ( LDIGIT 1*DIGIT ). */
  private parseNumericOid(): void {
    const start = this.pos;
    let arcs = 0;
    for (;;) {
      const arcStart = this.pos;
      if (!isDigit(this.code())) this.fail('expected a digit in numeric OID');
      while (isDigit(this.code())) this.pos++;
      if (this.pos - arcStart > 1 && this.code(arcStart) === 0x30)
        this.fail('leading zero in numeric OID', arcStart);
      arcs++;
      if (this.code() !== 0x2e) break;
      this.pos++;
    }
    if (arcs < 2) this.fail('a numeric OID needs at least two arcs', start);
  }

  /** matchingrule = COLON oid; oid = descr / numericoid. */
  private parseRuleName(): string {
    const start = this.pos;
    const first = this.code();
    if (isAlpha(first)) {
      while (isKeychar(this.code())) this.pos++;
    } else if (isDigit(first)) {
      this.parseNumericOid();
    } else {
      this.fail('expected a matching rule name or OID');
    }
    return this.text.slice(start, this.pos);
  }

  private parseItem(bare: boolean): Filter {
    const attrStart = this.pos;
    const attribute = this.parseAttribute();
    const op = this.code();
    if (op === 0x3a) return this.parseExtensible(attribute, attrStart, bare);
    if (attribute === '') this.fail('expected an attribute description', attrStart);
    if (op === 0x7e || op === 0x3e || op === 0x3c) {
      if (this.code(this.pos + 1) !== 0x3d)
        this.fail('expected "=" after ' + JSON.stringify(this.text[this.pos]));
      this.pos += 2;
      const value = this.readValue(bare, false);
      const type = op === 0x7e ? 'approxMatch' : op === 0x3e ? 'greaterOrEqual' : 'lessOrEqual';
      return { type, attribute, value };
    }
    if (op !== 0x3d) this.fail('expected a filter type ("=", "~=", ">=", "<=" or ":")');
    this.pos++;
    const parts: Value[] = [];
    for (;;) {
      const c = this.code();
      if (c === -1 || c === 0x29) break;
      if (c === 0x2a) {
        // RFC 4515 allows "**" but it would send an empty substring, which slapd rejects too.
        if (parts.length > 0 && parts[parts.length - 1]!.star)
          this.fail('empty substring between "*" and "*"');
        parts.push({ star: true });
        this.pos++;
      } else {
        parts.push({ bytes: this.readValue(bare, true), star: false });
      }
    }
    if (parts.length === 0) return { type: 'equalityMatch', attribute, value: new Uint8Array(0) };
    if (parts.length === 1 && !parts[0]!.star)
      return { type: 'equalityMatch', attribute, value: parts[0]!.bytes };
    if (parts.length === 1) return { type: 'present', attribute };
    // substring = attr EQUALS [initial] any [final]; any = ASTERISK *(assertionvalue ASTERISK)
    let initial: Uint8Array | undefined;
    let final: Uint8Array | undefined;
    let i = 0;
    let j = parts.length;
    const head = parts[0]!;
    if (!head.star) {
      initial = head.bytes;
      i = 1;
    }
    const tail = parts[parts.length - 1]!;
    if (!tail.star) {
      final = tail.bytes;
      j--;
    }
    // Between the first and last star: values, each followed by a star.
    const any: Uint8Array[] = [];
    for (let k = i + 1; k < j; k++) {
      const p = parts[k]!;
      if (!p.star) any.push(p.bytes);
    }
    return {
      type: 'substrings',
      attribute,
      ...(initial !== undefined ? { initial } : {}),
      any,
      ...(final !== undefined ? { final } : {}),
    };
  }

  private parseExtensible(attribute: string, attrStart: number, bare: boolean): Filter {
    let dnAttributes = false;
    let matchingRule: string | undefined;
    while (this.code() === 0x3a) {
      if (this.code(this.pos + 1) === 0x3d) break;
      this.pos++;
      const at = this.pos;
      const name = this.parseRuleName();
      if (name.toLowerCase() === 'dn' && !dnAttributes && matchingRule === undefined) {
        dnAttributes = true;
      } else if (matchingRule === undefined) {
        matchingRule = name;
      } else {
        this.fail('unexpected component in extensible match', at);
      }
    }
    if (this.code() !== 0x3a) this.fail('expected ":=" in extensible match');
    if (attribute === '' && matchingRule === undefined) {
      this.fail('an extensible match without an attribute needs a matching rule', attrStart);
    }
    this.pos += 2;
    const value = this.readValue(bare, false);
    return {
      type: 'extensibleMatch',
      ...(matchingRule !== undefined ? { matchingRule } : {}),
      ...(attribute !== '' ? { attribute } : {}),
      value,
      dnAttributes,
    };
  }

  /** valueencoding up to `)` (or the end of a bare filter), or up to `*` when `stopAtStar`. */
  private readValue(bare: boolean, stopAtStar: boolean): Uint8Array {
    const chunks: Uint8Array[] = [];
    let literalStart = this.pos;
    let ascii = true; // the pending literal run is ASCII: copy char codes instead of UTF-8 encoding
    const flush = (end: number): void => {
      if (end <= literalStart) return;
      if (ascii) {
        const run = new Uint8Array(end - literalStart);
        for (let k = 0; k < run.length; k++) run[k] = this.text.charCodeAt(literalStart + k);
        chunks.push(run);
      } else {
        chunks.push(utf8(this.text.slice(literalStart, end)));
      }
      ascii = true;
    };
    for (;;) {
      const c = this.code();
      if (c === 0x29 || (c === 0x2a && stopAtStar)) break;
      if (c === -1) {
        if (bare) break;
        this.fail('unexpected end of filter, expected ")"');
      }
      if (c === 0x5c) {
        flush(this.pos);
        const hi = hexValue(this.code(this.pos + 1));
        const lo = hexValue(this.code(this.pos + 2));
        if (hi < 0 || lo < 0) this.fail('"\\" must be followed by two hex digits');
        const bytes = [hi * 16 + lo];
        this.pos += 3;
        // Gather a run of escapes into one chunk (the common case for binary values).
        while (this.code() === 0x5c) {
          const h = hexValue(this.code(this.pos + 1));
          const l = hexValue(this.code(this.pos + 2));
          if (h < 0 || l < 0) this.fail('"\\" must be followed by two hex digits');
          bytes.push(h * 16 + l);
          this.pos += 3;
        }
        chunks.push(Uint8Array.from(bytes));
        literalStart = this.pos;
        continue;
      }
      if (c === 0x28) this.fail('"(" must be escaped as \\28 in a value');
      if (c === 0x2a) this.fail('"*" must be escaped as \\2a in this value');
      if (c === 0) this.fail('NUL must be escaped as \\00');
      if (c >= 0x80) {
        ascii = false;
        if (c >= 0xd800 && c <= 0xdfff) {
          const low = this.code(this.pos + 1);
          if (c > 0xdbff || low < 0xdc00 || low > 0xdfff)
            this.fail('lone UTF-16 surrogate is not a character');
          this.pos++;
        }
      }
      this.pos++;
    }
    flush(this.pos);
    if (chunks.length === 1) return chunks[0]!;
    if (chunks.length === 0) return new Uint8Array(0);
    return concatBytes(chunks);
  }
}

/**
 * Parse an RFC 4515 filter string into a `Filter`. Also accepts a filter without outer
 * parentheses. Throws `FilterSyntaxError` with the 0-based position of the problem.
 */
export function parseFilter(text: string, options?: ParseFilterOptions): Filter {
  return new FilterParser(text, options?.maxDepth ?? DEFAULT_MAX_DEPTH).parse();
}
