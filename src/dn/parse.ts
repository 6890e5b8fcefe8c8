/**
 * RFC 4514 section 3: string representation of distinguished names, parsed into the model of
 * `types.ts`.
 *
 *   distinguishedName = [ relativeDistinguishedName *( COMMA relativeDistinguishedName ) ]
 *   relativeDistinguishedName = attributeTypeAndValue *( PLUS attributeTypeAndValue )
 *   attributeTypeAndValue = attributeType EQUALS attributeValue
 *   attributeType = descr / numericoid
 *   attributeValue = string / hexstring
 *
 * Strict on what a value may contain (unescaped `"` `<` `>` NUL are errors, a backslash must be
 * followed by a special character or two hex digits, hex pairs must form UTF-8), liberal on
 * layout the way slapd is for legacy input (RFC 4514 section 3 lets implementations accept
 * RFC 2253 strings): spaces (and TAB, LF, CR, as libldap does) around `,` `+` `=` are skipped,
 * `;` separates RDNs like `,`, and a value may be a RFC 2253 quoted string, in which a `\` pair
 * is an escape as RFC 2253 section 3 says (libldap keeps the backslash there).
 */
import { DnSyntaxError } from '../errors.js';
import { fromHex, fromUtf8Strict } from '../util/index.js';
import type { Ava, Dn, Rdn } from './types.js';

const SPACE = 0x20;

/** What libldap (and so slapd) skips around separators: SPACE, TAB, LF, CR. */
function isLayoutSpace(c: number): boolean {
  return c === SPACE || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** Characters RFC 4514 section 3 `special` lets follow a backslash. */
const ESCAPABLE = new Set([...'"+,;<>\\ #=']);
/** Printable ASCII that ends or breaks a plain run in a value: `"` `+` `,` `;` `<` `>` `\`. */
const NOT_PLAIN = new Set([0x22, 0x2b, 0x2c, 0x3b, 0x3c, 0x3e, 0x5c]);

/** How `parseDn` reads what RFC 4514 leaves out. */
export interface ParseDnOptions {
  /**
   * Attribute options after a descriptor type (`cn;lang-en=x`): RFC 4514 section 3 has none, so
   * `refuse` (the default) is a syntax error; `drop` reads `cn;lang-en` as `cn`, as libldap
   * (and so slapd) does outside its pedantic mode. Numeric OIDs never take options there.
   * @defaultValue 'refuse'
   */
  readonly typeOptions?: 'refuse' | 'drop';
}

class DnParser {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly dropOptions = false,
  ) {}

  private fail(message: string, at = this.pos): never {
    throw new DnSyntaxError(message, this.text, at);
  }

  private code(at = this.pos): number {
    return at < this.text.length ? this.text.charCodeAt(at) : -1;
  }

  private skipSpaces(): void {
    while (isLayoutSpace(this.code())) this.pos++;
  }

  parseDn(): Dn {
    const rdns: Rdn[] = [];
    if (this.text.length === 0) return rdns; // the empty DN names the root (RFC 4514 s2.1)
    this.skipSpaces();
    if (this.pos >= this.text.length) this.fail('expected an attribute type'); // slapd rejects "  " too
    for (;;) {
      rdns.push(this.parseRdnAt());
      if (this.pos >= this.text.length) return rdns;
      const c = this.text[this.pos];
      if (c === ',' || c === ';') {
        this.pos++;
        this.skipSpaces();
        if (this.pos >= this.text.length) this.fail('expected an attribute type after RDN separator');
        continue;
      }
      this.fail(`unexpected character ${JSON.stringify(c)}`);
    }
  }

  parseRdnOnly(): Rdn {
    this.skipSpaces();
    if (this.pos >= this.text.length) this.fail('an RDN cannot be empty');
    const rdn = this.parseRdnAt();
    if (this.pos < this.text.length) this.fail(`unexpected character ${JSON.stringify(this.text[this.pos])}`);
    return rdn;
  }

  /** One RDN starting at a (space-skipped) attribute type; stops at `,` `;` or the end. */
  private parseRdnAt(): Rdn {
    const avas: Ava[] = [this.parseAva()];
    while (this.text[this.pos] === '+') {
      this.pos++;
      this.skipSpaces();
      avas.push(this.parseAva());
    }
    return avas;
  }

  private parseAva(): Ava {
    const type = this.parseType();
    this.skipSpaces();
    if (this.text[this.pos] !== '=') this.fail('expected "=" after attribute type');
    this.pos++;
    this.skipSpaces();
    const c = this.text[this.pos];
    let ava: Ava;
    if (c === '#') ava = this.parseHexValue(type);
    else if (c === '"') ava = { type, value: this.parseQuotedValue() };
    else ava = { type, value: this.parseStringValue() };
    this.skipSpaces();
    return ava;
  }

  /** descr = ALPHA *( ALPHA / DIGIT / HYPHEN ); numericoid = number 1*( DOT number ) (RFC 4512 s1.4). */
  private parseType(): string {
    const start = this.pos;
    const first = this.code();
    if (isAlpha(first)) {
      this.pos++;
      for (let c = this.code(); isAlpha(c) || isDigit(c) || c === 0x2d; c = this.code()) this.pos++;
      const type = this.text.slice(start, this.pos);
      if (this.dropOptions && this.code() === 0x3b) {
        // libldap's non-pedantic DN parser skips `;` followed by option characters
        for (let c = this.code(); isAlpha(c) || isDigit(c) || c === 0x2d || c === 0x3b; c = this.code())
          this.pos++;
      }
      return type;
    }
    if (isDigit(first)) {
      let parts = 0;
      for (;;) {
        const numStart = this.pos;
        if (!isDigit(this.code())) this.fail('expected a digit in numeric OID');
        while (isDigit(this.code())) this.pos++;
        if (this.pos - numStart > 1 && this.text.charCodeAt(numStart) === 0x30) {
          this.fail('leading zero in numeric OID', numStart);
        }
        parts++;
        if (this.code() !== 0x2e) break;
        this.pos++;
      }
      if (parts < 2) this.fail('a numeric OID needs at least two arcs', start);
      return this.text.slice(start, this.pos);
    }
    return this.fail('expected an attribute type');
  }

  /** hexstring = SHARP 1*hexpair: the BER encoding of the value (RFC 4514 s2.4, s3). */
  private parseHexValue(type: string): Ava {
    const start = this.pos;
    this.pos++;
    while (isHex(this.code())) this.pos++;
    const hex = this.text.slice(start + 1, this.pos);
    if (hex.length === 0) this.fail('expected hex digits after "#"');
    if (hex.length % 2 !== 0) this.fail('odd number of hex digits in #hexstring', this.pos - 1);
    const end = this.pos;
    this.skipSpaces();
    const c = this.code();
    if (c !== -1 && c !== 0x2c && c !== 0x2b && c !== 0x3b)
      this.fail('unexpected character in #hexstring value');
    this.pos = end;
    return { type, value: this.text.slice(start, end), binary: fromHex(hex)! };
  }

  /** RFC 2253 s4 legacy `quotechar`s between double quotes; only `\` and `"` need escaping. */
  private parseQuotedValue(): string {
    const open = this.pos;
    this.pos++;
    const out = new ValueBuilder(this);
    for (;;) {
      const c = this.code();
      if (c === -1) this.fail('unterminated quoted value', open);
      if (c === 0x22) break;
      if (c === 0x5c) this.readEscape(out);
      else {
        this.literal(out, c);
      }
    }
    this.pos++;
    return out.finish();
  }

  /** `string` of RFC 4514 s3: ends at an unescaped `,` `;` `+` or the end; unescaped trailing spaces are dropped. */
  private parseStringValue(): string {
    const out = new ValueBuilder(this);
    let trailingSpaces = 0; // unescaped spaces at the end are not part of the value
    for (;;) {
      const c = this.code();
      if (c === -1 || c === 0x2c || c === 0x2b || c === 0x3b) break;
      if (c === 0x5c) {
        this.readEscape(out);
        trailingSpaces = 0;
        continue;
      }
      if (c === 0x22 || c === 0x3c || c === 0x3e) {
        this.fail(`${JSON.stringify(this.text[this.pos])} must be escaped in an attribute value`);
      }
      if (c > SPACE && c < 0x7f) {
        // A run of plain printable ASCII in one slice (the common case).
        const start = this.pos;
        let d = c;
        while (d > SPACE && d < 0x7f && !NOT_PLAIN.has(d)) d = this.code(++this.pos);
        out.char(this.text.slice(start, this.pos));
        trailingSpaces = 0;
        continue;
      }
      this.literal(out, c);
      trailingSpaces = isLayoutSpace(c) ? trailingSpaces + 1 : 0;
    }
    out.dropLast(trailingSpaces);
    return out.finish();
  }

  /** One literal character (a surrogate pair counts as one); NUL and lone surrogates are not UTF-8 text. */
  private literal(out: ValueBuilder, c: number): void {
    if (c === 0) this.fail('NUL must be escaped as \\00');
    if (c >= 0xd800 && c <= 0xdfff) {
      const low = this.code(this.pos + 1);
      if (c > 0xdbff || low < 0xdc00 || low > 0xdfff) this.fail('lone UTF-16 surrogate is not a character');
      out.char(this.text.slice(this.pos, this.pos + 2));
      this.pos += 2;
      return;
    }
    out.char(this.text[this.pos]!);
    this.pos++;
  }

  /** pair = ESC ( ESC / special / hexpair ). */
  private readEscape(out: ValueBuilder): void {
    const at = this.pos;
    const c1 = this.code(at + 1);
    if (c1 === -1) this.fail('a backslash must be followed by a character to escape', at);
    if (isHex(c1)) {
      const c2 = this.code(at + 2);
      if (!isHex(c2)) {
        if (ESCAPABLE.has(this.text[at + 1]!)) this.fail('invalid escape', at);
        this.fail('a backslash must be followed by two hex digits or a special character', at);
      }
      out.byte(parseInt(this.text.slice(at + 1, at + 3), 16), at);
      this.pos = at + 3;
      return;
    }
    const ch = this.text[at + 1]!;
    if (!ESCAPABLE.has(ch)) this.fail(`${JSON.stringify(ch)} cannot be escaped`, at);
    out.char(ch);
    this.pos = at + 2;
  }

  failAt(message: string, at: number): never {
    return this.fail(message, at);
  }
}

/**
 * Accumulates a value from literal characters and hex-escaped bytes; runs of escaped bytes
 * must decode as UTF-8 (RFC 4514 s3: the value is a UTF-8 string).
 */
class ValueBuilder {
  private text = '';
  private bytes: number[] = [];
  private bytesStart = -1;
  constructor(private readonly parser: DnParser) {}

  char(ch: string): void {
    if (this.bytes.length > 0) this.flush();
    this.text += ch;
  }

  byte(b: number, at: number): void {
    if (this.bytes.length === 0) this.bytesStart = at;
    this.bytes.push(b);
  }

  private flush(): void {
    if (this.bytes.length === 0) return;
    const text = fromUtf8Strict(Uint8Array.from(this.bytes));
    if (text === undefined) this.parser.failAt('hex escapes do not form valid UTF-8', this.bytesStart);
    this.bytes = [];
    this.text += text;
  }

  /** Drop the last `n` literal characters (only called with no byte run pending after them). */
  dropLast(n: number): void {
    this.flush();
    if (n > 0) this.text = this.text.slice(0, this.text.length - n);
  }

  finish(): string {
    this.flush();
    return this.text;
  }
}

/** Parse a DN string (RFC 4514). The empty string is the root DN (no RDNs). */
export function parseDn(text: string, options?: ParseDnOptions): Dn {
  return new DnParser(text, options?.typeOptions === 'drop').parseDn();
}

/** Parse a single RDN (`cn=a+sn=b`); a `,` is an error. */
export function parseRdn(text: string, options?: ParseDnOptions): Rdn {
  return new DnParser(text, options?.typeOptions === 'drop').parseRdnOnly();
}
