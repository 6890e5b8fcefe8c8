/**
 * Logical lines of one record to an LDIF record (RFC 2849 section 3):
 *
 *   ldif-attrval-record = dn-spec SEP 1*attrval-spec
 *   ldif-change-record  = dn-spec SEP *control changerecord
 *   changerecord = "changetype:" FILL (change-add / change-delete / change-modify / change-moddn)
 *   value-spec   = ":" (FILL 0*1(SAFE-STRING) / ":" FILL BASE64-STRING / "<" FILL url)
 *
 * ABNF literals are case-insensitive, so `DN:` and `changeType: Add` are accepted. Works on the
 * bytes of each line: plain values are views of the input, base64 values are decoded into slabs.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isUtf8 } from 'node:buffer';
import { LdifError } from '../errors.js';
import { Lines } from './lines.js';
import { Slab } from './slab.js';
import type {
  LdifAttribute,
  LdifControl,
  LdifLocation,
  LdifModification,
  LdifModifyOperation,
  LdifParseOptions,
  LdifRecord,
} from './types.js';

/** AttributeDescription (RFC 4512 section 2.5): descr or numericoid, then ;options. */
const ATTRIBUTE_DESCRIPTION = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)*)(?:;[A-Za-z0-9-]+)*$/;
const CONTROL = /^(\d+(?:\.\d+)+)(?: +(true|false))? *(?=:|$)/i;

const PLAIN = 0;
const BASE64 = 1;
const URL_REF = 2;
const EMPTY = new Uint8Array(0);
const MODIFY_OPERATIONS: ReadonlySet<string> = new Set(['add', 'delete', 'replace', 'increment']);

type MutableAttribute = { type: string; values: Uint8Array[] };

export class RecordBuilder {
  private first = true;
  private mode: 'content' | 'changes' | undefined;
  private readonly source: string | undefined;
  private readonly allowUrls: boolean;
  private readonly baseDir: string;
  private readonly locations: boolean;
  private readonly values: boolean;
  private readonly slab = new Slab();
  /** Names seen at each line position of the previous record: most records repeat them. */
  private readonly names: string[] = [];
  private readonly lowerNames: string[] = [];
  private readonly validNames = new Set<string>();

  // The current line, split by `split(i)`: name, kind of value-spec, value bytes [vs, ve).
  private L!: Lines;
  private buf!: Buffer;
  private name = '';
  private lowerName = '';
  private kind = PLAIN;
  private vs = 0;
  private ve = 0;

  constructor(options: LdifParseOptions = {}) {
    this.source = options.source;
    this.allowUrls = options.allowUrls === true;
    this.baseDir = resolve(options.baseDir ?? (options.source ? dirname(options.source) : '.'));
    this.locations = options.locations !== false;
    this.values = options.values !== false;
  }

  /** Build one record; undefined when the lines were only the version line. */
  build(L: Lines): LdifRecord | undefined {
    this.L = L;
    const n = L.n;
    let i = 0;
    if (this.first) {
      this.first = false;
      this.split(0);
      if (this.low() === 'version') {
        const v = this.plain(0);
        if (v !== '1')
          this.fail(0, this.vs, `unsupported LDIF version ${JSON.stringify(v)} (only 1 is defined)`);
        i = 1;
        if (n === 1) return undefined;
      }
    }
    const dnLine = i;
    this.split(i);
    if (this.low() !== 'dn')
      this.fail(i, L.start[i] as number, `expected "dn:" to start a record, found "${this.name}:"`);
    const dn = this.text(i);
    i++;
    const line = L.line[dnLine] as number;
    const location: LdifLocation | undefined = this.locations
      ? this.source === undefined
        ? { line }
        : { line, source: this.source }
      : undefined;

    const controls: LdifControl[] = [];
    let changeType = false;
    while (i < n) {
      this.split(i);
      if (this.low() === 'control') {
        controls.push(this.control(i));
        i++;
        continue;
      }
      changeType = this.low() === 'changetype';
      break;
    }
    if (i >= n && controls.length === 0)
      this.fail(dnLine, L.start[dnLine] as number, `record "${dn}" has no attributes`);
    if (!changeType) {
      if (controls.length > 0) {
        const at = i < n ? i : i - 1;
        this.fail(at, L.start[at] as number, 'control: lines must be followed by changetype:');
      }
      this.setMode('content', dnLine);
      const attributes = this.attributes(i, 'content');
      return location ? { type: 'content', dn, attributes, location } : { type: 'content', dn, attributes };
    }
    this.setMode('changes', dnLine);
    const ctLine = i;
    const ctAt = this.vs;
    const type = this.plain(i).toLowerCase();
    i++;
    const loc = location ? { location } : {};
    switch (type) {
      case 'add':
        if (i >= n) this.fail(ctLine, L.start[ctLine] as number, `add record "${dn}" has no attributes`);
        return { type: 'add', dn, controls, attributes: this.attributes(i, 'add'), ...loc };
      case 'delete':
        if (i < n) this.fail(i, L.start[i] as number, 'a delete record takes no further lines');
        return { type: 'delete', dn, controls, ...loc };
      case 'modify':
        return { type: 'modify', dn, controls, changes: this.modifications(i), ...loc };
      case 'modrdn':
      case 'moddn':
        return this.modDn(i, dn, controls, type, ctLine, loc);
      default:
        return this.fail(ctLine, ctAt, `unknown changetype "${type}"`);
    }
  }

  private setMode(mode: 'content' | 'changes', i: number): void {
    if (this.mode === undefined) this.mode = mode;
    else if (this.mode !== mode) {
      // RFC 2849 section 2: a file holds either content records or change records.
      this.fail(
        i,
        this.L.start[i] as number,
        `${mode === 'content' ? 'content' : 'change'} record in a file of ${this.mode} records`,
      );
    }
  }

  private attributes(from: number, what: string): LdifAttribute[] {
    const L = this.L;
    const out: MutableAttribute[] = [];
    const keys: string[] = [];
    let last: MutableAttribute | undefined;
    for (let i = from; i < L.n; i++) {
      this.split(i);
      const name = this.name;
      const value = this.values || this.kind !== PLAIN ? this.bytes(i) : EMPTY;
      if (last !== undefined && last.type === name) {
        last.values.push(value);
        continue;
      }
      const key = this.low();
      if (key === 'dn' || key === 'changetype' || key === 'control') {
        this.fail(
          i,
          L.start[i] as number,
          `unexpected "${name}:" inside a ${what} record (missing blank line before it?)`,
        );
      }
      this.checkDescription(i, name, L.start[i] as number);
      const k = keys.indexOf(key);
      if (k >= 0) {
        last = out[k] as MutableAttribute;
        last.values.push(value);
      } else {
        last = { type: name, values: [value] };
        out.push(last);
        keys.push(key);
      }
    }
    return out;
  }

  private isDash(i: number): boolean {
    const L = this.L;
    const s = L.start[i] as number;
    return (L.end[i] as number) - s === 1 && (L.buf[i] as Buffer)[s] === 45;
  }

  private modifications(from: number): LdifModification[] {
    const L = this.L;
    const out: LdifModification[] = [];
    let i = from;
    while (i < L.n) {
      this.split(i);
      const op = this.low();
      if (!MODIFY_OPERATIONS.has(op)) {
        this.fail(
          i,
          L.start[i] as number,
          `expected "add:", "delete:", "replace:" or "increment:", found "${this.name}:"`,
        );
      }
      const at = this.vs;
      const type = this.plain(i).trim();
      this.checkDescription(i, type, at);
      const key = type.toLowerCase();
      const values: Uint8Array[] = [];
      i++;
      while (i < L.n && !this.isDash(i)) {
        this.split(i);
        if (this.low() !== key) {
          // RFC 2849: the attrval-specs of a mod-spec use the AttributeDescription it names.
          this.fail(
            i,
            L.start[i] as number,
            `value of "${this.name}" under "${op}: ${type}" (missing "-" line?)`,
          );
        }
        values.push(this.bytes(i));
        i++;
      }
      // The closing "-" is required by the grammar; a missing one on the last change is tolerated, as ldapmodify does.
      i++;
      out.push({ operation: op as LdifModifyOperation, attribute: { type, values } });
    }
    return out;
  }

  private modDn(
    from: number,
    dn: string,
    controls: LdifControl[],
    changeType: 'modrdn' | 'moddn',
    ctLine: number,
    loc: { location?: LdifLocation },
  ): LdifRecord {
    const L = this.L;
    const expect = (i: number, name: string): boolean => {
      if (i >= L.n) return false;
      this.split(i);
      if (this.low() !== name)
        this.fail(i, L.start[i] as number, `expected "${name}:", found "${this.name}:"`);
      return true;
    };
    if (!expect(from, 'newrdn'))
      this.fail(ctLine, L.start[ctLine] as number, `${changeType} record needs "newrdn:"`);
    const newRdn = this.text(from);
    if (!expect(from + 1, 'deleteoldrdn'))
      this.fail(from, L.start[from] as number, `${changeType} record needs "deleteoldrdn:"`);
    const flag = this.plain(from + 1);
    if (flag !== '0' && flag !== '1')
      this.fail(from + 1, this.vs, `deleteoldrdn must be 0 or 1, not "${flag}"`);
    const hasSuperior = expect(from + 2, 'newsuperior');
    const newSuperior = hasSuperior ? this.text(from + 2) : undefined;
    if (L.n > from + 3)
      this.fail(from + 3, L.start[from + 3] as number, `unexpected line in ${changeType} record`);
    const base = { type: 'moddn' as const, dn, controls, newRdn, deleteOldRdn: flag === '1', changeType };
    return newSuperior === undefined ? { ...base, ...loc } : { ...base, newSuperior, ...loc };
  }

  /** control: SPACE ldap-oid [SPACE ("true" / "false")] [value-spec] */
  private control(i: number): LdifControl {
    if (this.kind !== PLAIN) this.fail(i, this.vs, 'control: takes a plain value');
    const at = this.vs;
    const raw = this.buf.toString('utf8', this.vs, this.ve);
    const m = CONTROL.exec(raw);
    if (m === null) return this.fail(i, at, `malformed control line "${raw}"`);
    const oid = m[1] as string;
    const critical = m[2]?.toLowerCase() === 'true';
    if (m[0].length === raw.length) return { oid, critical };
    // The rest is a value-spec starting with ':'; re-split on the bytes after the criticality.
    const colon = at + Buffer.byteLength(m[0]);
    this.valueSpec(colon, this.ve);
    return { oid, critical, value: this.bytes(i) };
  }

  private checkDescription(i: number, name: string, at: number): void {
    if (this.validNames.has(name)) return;
    if (!ATTRIBUTE_DESCRIPTION.test(name)) this.fail(i, at, `invalid attribute description "${name}"`);
    if (this.validNames.size > 10_000) this.validNames.clear();
    this.validNames.add(name);
  }

  /** Lower-cased name of the current line (a method, so type narrowing does not stick across splits). */
  private low(): string {
    return this.lowerName;
  }

  /** Split line i into `name: value`, `name:: base64`, `name:< url`. */
  private split(i: number): void {
    const L = this.L;
    const buf = L.buf[i] as Buffer;
    const s = L.start[i] as number;
    const e = L.end[i] as number;
    this.buf = buf;
    let c = s;
    while (c < e && buf[c] !== 58) c++;
    if (c === e) this.fail(i, s, 'expected "name: value"');
    if (c === s) this.fail(i, s, 'missing name before ":"');
    // Reuse the name string of the same line position in the previous record when the bytes match.
    let name = this.names[i];
    if (name === undefined || name.length !== c - s || !sameAscii(name, buf, s)) {
      name = buf.toString('latin1', s, c);
      this.names[i] = name;
      this.lowerNames[i] = name.toLowerCase();
    }
    this.name = name;
    this.lowerName = this.lowerNames[i] as string;
    this.valueSpec(c, e);
  }

  /** Parse the value-spec whose ':' is at byte `colon` of the current line. */
  private valueSpec(colon: number, e: number): void {
    const buf = this.buf;
    let p = colon + 1;
    let kind = PLAIN;
    const c = buf[p];
    if (c === 58) {
      kind = BASE64;
      p++;
    } else if (c === 60) {
      kind = URL_REF;
      p++;
    }
    while (p < e && buf[p] === 32) p++;
    this.kind = kind;
    this.vs = p;
    this.ve = e;
  }

  private bytes(i: number): Uint8Array {
    const n = this.ve - this.vs;
    if (this.kind === PLAIN)
      return n === 0 ? EMPTY : new Uint8Array(this.buf.buffer, this.buf.byteOffset + this.vs, n);
    if (this.kind === BASE64) return this.base64(i);
    return this.url(i);
  }

  /** A value that must be text (DN, newrdn, newsuperior): base64 allowed, must be UTF-8. */
  private text(i: number): string {
    if (this.kind === URL_REF) this.fail(i, this.vs, `"${this.name}:<" is not allowed here`);
    if (this.kind === PLAIN) {
      const s = this.buf.toString('utf8', this.vs, this.ve);
      if (s.includes('\ufffd') && !isUtf8(this.buf.subarray(this.vs, this.ve))) {
        this.fail(i, this.vs, `value of "${this.name}" is not valid UTF-8`);
      }
      return s;
    }
    const b = this.base64(i);
    if (!isUtf8(b)) this.fail(i, this.vs, `base64 value of "${this.name}" is not valid UTF-8`);
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  }

  private plain(i: number): string {
    if (this.kind !== PLAIN) this.fail(i, this.vs, `"${this.name}" takes a plain value`);
    return this.buf.toString('utf8', this.vs, this.ve);
  }

  private base64(i: number): Uint8Array {
    let e = this.ve;
    while (e > this.vs && this.buf[e - 1] === 32) e--;
    const out = this.slab.base64(this.buf, this.vs, e);
    if (out === undefined) this.fail(i, this.vs, `invalid base64 in value of "${this.name}"`);
    return out;
  }

  private url(i: number): Uint8Array {
    if (!this.allowUrls) {
      this.fail(i, this.vs, `"${this.name}:<" URL values are disabled (pass allowUrls: true to read them)`);
    }
    const raw = this.buf.toString('utf8', this.vs, this.ve);
    let url: URL;
    try {
      url = new URL(raw, pathToFileURL(this.baseDir + sep));
    } catch {
      return this.fail(i, this.vs, `malformed URL "${raw}"`);
    }
    if (url.protocol !== 'file:')
      this.fail(i, this.vs, `unsupported URL scheme "${url.protocol}" (only file:)`);
    try {
      const b = readFileSync(fileURLToPath(url));
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    } catch (e) {
      return this.fail(i, this.vs, `cannot read ${url.href}: ${(e as Error).message}`);
    }
  }

  private fail(i: number, offset: number, message: string): never {
    const p = this.L.positionOf(i, offset);
    throw new LdifError(message, p.line, p.column, this.source);
  }
}

function sameAscii(s: string, buf: Buffer, at: number): boolean {
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) !== buf[at + k]) return false;
  return true;
}
