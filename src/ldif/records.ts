/**
 * Logical lines of one record to an LDIF record (RFC 2849 section 3):
 *
 *   ldif-attrval-record = dn-spec SEP 1*attrval-spec
 *   ldif-change-record  = dn-spec SEP *control changerecord
 *   changerecord = "changetype:" FILL (change-add / change-delete / change-modify / change-moddn)
 *   value-spec   = ":" (FILL 0*1(SAFE-STRING) / ":" FILL BASE64-STRING / "<" FILL url)
 *
 * ABNF literals are case-insensitive, so `DN:` and `changeType: Add` are accepted.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LdifError } from '../errors.js';
import { fromUtf8Strict } from '../util/index.js';
import { positionOf, type LogicalLine } from './lines.js';
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
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const VALUE_PLAIN = 0;
const VALUE_BASE64 = 1;
const VALUE_URL = 2;

/** A split `name: value` line. `at` is where the value text starts in the logical line. */
interface Spec {
  readonly name: string;
  readonly kind: number;
  readonly raw: string;
  readonly at: number;
}

const MODIFY_OPERATIONS: ReadonlySet<string> = new Set(['add', 'delete', 'replace', 'increment']);

export class RecordBuilder {
  private first = true;
  private mode: 'content' | 'changes' | undefined;
  private readonly source: string | undefined;
  private readonly allowUrls: boolean;
  private readonly baseDir: string;
  private readonly locations: boolean;
  private readonly slab = new Slab();

  constructor(options: LdifParseOptions = {}) {
    this.source = options.source;
    this.allowUrls = options.allowUrls === true;
    this.baseDir = resolve(options.baseDir ?? (options.source ? dirname(options.source) : '.'));
    this.locations = options.locations !== false;
  }

  /** Build one record; undefined when the lines were only the version line. */
  build(lines: readonly LogicalLine[]): LdifRecord | undefined {
    let i = 0;
    const head = lines[0] as LogicalLine;
    if (this.first) {
      this.first = false;
      if (head.text.length >= 8 && head.text.slice(0, 8).toLowerCase() === 'version:') {
        const spec = this.split(head);
        if (spec.kind !== VALUE_PLAIN || spec.raw !== '1') {
          this.fail(
            head,
            spec.at,
            `unsupported LDIF version ${JSON.stringify(spec.raw)} (only 1 is defined)`,
          );
        }
        i = 1;
        if (lines.length === 1) return undefined;
      }
    }
    const dnLine = lines[i] as LogicalLine;
    const dnSpec = this.split(dnLine);
    if (dnSpec.name.toLowerCase() !== 'dn') {
      this.fail(dnLine, 0, `expected "dn:" to start a record, found "${dnSpec.name}:"`);
    }
    const dn = this.text(dnLine, dnSpec);
    i++;
    const location: LdifLocation | undefined = this.locations
      ? this.source === undefined
        ? { line: dnLine.line }
        : { line: dnLine.line, source: this.source }
      : undefined;

    const controls: LdifControl[] = [];
    let spec: Spec | undefined;
    while (i < lines.length) {
      const l = lines[i] as LogicalLine;
      spec = this.split(l);
      if (spec.name.toLowerCase() !== 'control') break;
      controls.push(this.control(l, spec));
      spec = undefined;
      i++;
    }
    if (i >= lines.length && controls.length === 0) this.fail(dnLine, 0, `record "${dn}" has no attributes`);
    if (spec === undefined || spec.name.toLowerCase() !== 'changetype') {
      if (controls.length > 0) {
        const l = (lines[i] ?? lines[i - 1]) as LogicalLine;
        this.fail(l, 0, 'control: lines must be followed by changetype:');
      }
      this.setMode('content', dnLine);
      const attributes = this.attributes(lines, i, 'content');
      return location ? { type: 'content', dn, attributes, location } : { type: 'content', dn, attributes };
    }
    this.setMode('changes', dnLine);
    const ctLine = lines[i] as LogicalLine;
    const changeType = this.plain(ctLine, spec).toLowerCase();
    i++;
    const loc = location ? { location } : {};
    switch (changeType) {
      case 'add': {
        if (i >= lines.length) this.fail(ctLine, 0, `add record "${dn}" has no attributes`);
        return { type: 'add', dn, controls, attributes: this.attributes(lines, i, 'add'), ...loc };
      }
      case 'delete':
        if (i < lines.length) this.fail(lines[i] as LogicalLine, 0, 'a delete record takes no further lines');
        return { type: 'delete', dn, controls, ...loc };
      case 'modify':
        return { type: 'modify', dn, controls, changes: this.modifications(lines, i), ...loc };
      case 'modrdn':
      case 'moddn':
        return this.modDn(lines, i, dn, controls, changeType, ctLine, loc);
      default:
        return this.fail(ctLine, spec.at, `unknown changetype "${changeType}"`);
    }
  }

  private setMode(mode: 'content' | 'changes', l: LogicalLine): void {
    if (this.mode === undefined) this.mode = mode;
    else if (this.mode !== mode) {
      // RFC 2849 section 2: a file holds either content records or change records.
      this.fail(
        l,
        0,
        `${mode === 'content' ? 'content' : 'change'} record in a file of ${this.mode} records`,
      );
    }
  }

  private attributes(lines: readonly LogicalLine[], from: number, what: string): LdifAttribute[] {
    const out: { type: string; values: Uint8Array[] }[] = [];
    const keys: string[] = [];
    let last: { type: string; values: Uint8Array[] } | undefined;
    for (let i = from; i < lines.length; i++) {
      const l = lines[i] as LogicalLine;
      const spec = this.split(l);
      const name = spec.name;
      const value = this.bytes(l, spec);
      if (last !== undefined && last.type === name) {
        last.values.push(value);
        continue;
      }
      const key = name.toLowerCase();
      if (key === 'dn' || key === 'changetype' || key === 'control') {
        this.fail(l, 0, `unexpected "${name}:" inside a ${what} record (missing blank line before it?)`);
      }
      this.checkDescription(l, name);
      const k = keys.indexOf(key);
      if (k >= 0) {
        last = out[k] as { type: string; values: Uint8Array[] };
        last.values.push(value);
      } else {
        last = { type: name, values: [value] };
        out.push(last);
        keys.push(key);
      }
    }
    return out;
  }

  private modifications(lines: readonly LogicalLine[], from: number): LdifModification[] {
    const out: LdifModification[] = [];
    let i = from;
    while (i < lines.length) {
      const l = lines[i] as LogicalLine;
      const spec = this.split(l);
      const op = spec.name.toLowerCase();
      if (!MODIFY_OPERATIONS.has(op)) {
        this.fail(l, 0, `expected "add:", "delete:", "replace:" or "increment:", found "${spec.name}:"`);
      }
      const type = this.plain(l, spec).trim();
      this.checkDescription(l, type, spec.at);
      const key = type.toLowerCase();
      const values: Uint8Array[] = [];
      i++;
      while (i < lines.length && (lines[i] as LogicalLine).text !== '-') {
        const vl = lines[i] as LogicalLine;
        const vs = this.split(vl);
        if (vs.name.toLowerCase() !== key) {
          // RFC 2849: the attrval-specs of a mod-spec use the AttributeDescription it names.
          this.fail(vl, 0, `value of "${vs.name}" under "${op}: ${type}" (missing "-" line?)`);
        }
        values.push(this.bytes(vl, vs));
        i++;
      }
      // The closing "-" is required by the grammar; a missing one on the last change is tolerated, as ldapmodify does.
      i++;
      out.push({ operation: op as LdifModifyOperation, attribute: { type, values } });
    }
    return out;
  }

  private modDn(
    lines: readonly LogicalLine[],
    from: number,
    dn: string,
    controls: LdifControl[],
    changeType: 'modrdn' | 'moddn',
    ctLine: LogicalLine,
    loc: { location?: LdifLocation },
  ): LdifRecord {
    const expect = (i: number, name: string): [LogicalLine, Spec] | undefined => {
      const l = lines[i];
      if (l === undefined) return undefined;
      const s = this.split(l);
      if (s.name.toLowerCase() !== name) this.fail(l, 0, `expected "${name}:", found "${s.name}:"`);
      return [l, s];
    };
    const rdn = expect(from, 'newrdn');
    if (rdn === undefined) return this.fail(ctLine, 0, `${changeType} record needs "newrdn:"`);
    const newRdn = this.text(rdn[0], rdn[1]);
    const del = expect(from + 1, 'deleteoldrdn');
    if (del === undefined) return this.fail(rdn[0], 0, `${changeType} record needs "deleteoldrdn:"`);
    const flag = this.plain(del[0], del[1]);
    if (flag !== '0' && flag !== '1')
      this.fail(del[0], del[1].at, `deleteoldrdn must be 0 or 1, not "${flag}"`);
    const sup = expect(from + 2, 'newsuperior');
    if (lines.length > from + 3)
      this.fail(lines[from + 3] as LogicalLine, 0, `unexpected line in ${changeType} record`);
    const base = { type: 'moddn' as const, dn, controls, newRdn, deleteOldRdn: flag === '1', changeType };
    return sup === undefined
      ? { ...base, ...loc }
      : { ...base, newSuperior: this.text(sup[0], sup[1]), ...loc };
  }

  /** control: SPACE ldap-oid [SPACE ("true" / "false")] [value-spec] */
  private control(l: LogicalLine, spec: Spec): LdifControl {
    if (spec.kind !== VALUE_PLAIN) this.fail(l, spec.at, 'control: takes a plain value');
    const raw = spec.raw;
    const m = /^(\d+(?:\.\d+)+)(?: +(true|false))? *(?=:|$)/i.exec(raw);
    if (m === null) return this.fail(l, spec.at, `malformed control line "${raw}"`);
    const oid = m[1] as string;
    const critical = m[2]?.toLowerCase() === 'true';
    const rest = m[0].length;
    if (rest === raw.length) return { oid, critical };
    // The rest is a value-spec starting with ':'.
    const vs = this.valueSpec(l, 'control', raw, rest, spec.at + rest);
    return { oid, critical, value: this.bytes(l, vs) };
  }

  private checkDescription(l: LogicalLine, name: string, at = 0): void {
    if (!ATTRIBUTE_DESCRIPTION.test(name)) this.fail(l, at, `invalid attribute description "${name}"`);
  }

  /** Split `name: value`, `name:: base64`, `name:< url`. */
  private split(l: LogicalLine): Spec {
    const text = l.text;
    const colon = text.indexOf(':');
    if (colon <= 0) {
      return this.fail(
        l,
        colon < 0 ? 0 : colon,
        colon < 0 ? 'expected "name: value"' : 'missing name before ":"',
      );
    }
    return this.valueSpec(l, text.slice(0, colon), text, colon, colon);
  }

  /** Parse a value-spec whose ':' is at `colon` in `text`; `at` maps `colon` into the logical line. */
  private valueSpec(l: LogicalLine, name: string, text: string, colon: number, at: number): Spec {
    let p = colon + 1;
    let kind = VALUE_PLAIN;
    const c = text.charCodeAt(p);
    if (c === 58) {
      kind = VALUE_BASE64;
      p++;
    } else if (c === 60) {
      kind = VALUE_URL;
      p++;
    }
    while (text.charCodeAt(p) === 32) p++;
    return { name, kind, raw: text.slice(p), at: at + (p - colon) };
  }

  private bytes(l: LogicalLine, spec: Spec): Uint8Array {
    if (spec.kind === VALUE_PLAIN) return this.slab.utf8(spec.raw);
    if (spec.kind === VALUE_BASE64) return this.base64(l, spec);
    return this.url(l, spec);
  }

  /** A value that must be text (DN, newrdn, newsuperior): base64 allowed, must be UTF-8. */
  private text(l: LogicalLine, spec: Spec): string {
    if (spec.kind === VALUE_PLAIN) return spec.raw;
    if (spec.kind === VALUE_URL) this.fail(l, spec.at, `"${spec.name}:<" is not allowed here`);
    const s = fromUtf8Strict(this.base64(l, spec));
    if (s === undefined) this.fail(l, spec.at, `base64 value of "${spec.name}" is not valid UTF-8`);
    return s;
  }

  private plain(l: LogicalLine, spec: Spec): string {
    if (spec.kind !== VALUE_PLAIN) this.fail(l, spec.at, `"${spec.name}" takes a plain value`);
    return spec.raw;
  }

  private base64(l: LogicalLine, spec: Spec): Uint8Array {
    const raw =
      spec.raw.length > 0 && spec.raw.charCodeAt(spec.raw.length - 1) === 32 ? spec.raw.trimEnd() : spec.raw;
    if (!BASE64.test(raw)) this.fail(l, spec.at, `invalid base64 in value of "${spec.name}"`);
    return this.slab.base64(raw);
  }

  private url(l: LogicalLine, spec: Spec): Uint8Array {
    if (!this.allowUrls) {
      this.fail(l, spec.at, `"${spec.name}:<" URL values are disabled (pass allowUrls: true to read them)`);
    }
    let url: URL;
    try {
      url = new URL(spec.raw, pathToFileURL(this.baseDir + sep));
    } catch {
      return this.fail(l, spec.at, `malformed URL "${spec.raw}"`);
    }
    if (url.protocol !== 'file:')
      this.fail(l, spec.at, `unsupported URL scheme "${url.protocol}" (only file:)`);
    try {
      const b = readFileSync(fileURLToPath(url));
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    } catch (e) {
      return this.fail(l, spec.at, `cannot read ${url.href}: ${(e as Error).message}`);
    }
  }

  private fail(l: LogicalLine, offset: number, message: string): never {
    const p = positionOf(l, offset);
    throw new LdifError(message, p.line, p.column, this.source);
  }
}
