/**
 * RFC 2849 writer. A value is written as-is only when it is a SAFE-STRING:
 *
 *   SAFE-INIT-CHAR = %x01-09 / %x0B-0C / %x0E-1F / %x21-39 / %x3B / %x3D-7F   ; not NUL LF CR SPACE : <
 *   SAFE-CHAR      = %x01-09 / %x0B-0C / %x0E-7F                             ; not NUL LF CR, ASCII only
 *
 * and, per the RFC's note 8, does not end with a space; everything else is `::` base64.
 * Lines are folded at 76 columns by default (note 2: continuation lines start with one space).
 */
import { toBase64, utf8 } from '../util/index.js';
import type { LdifAttribute, LdifControl, LdifFormatOptions, LdifRecord } from './types.js';

/** True when `value` may be written after `name: ` without base64 (RFC 2849 SAFE-STRING). */
export function isSafeString(value: Uint8Array): boolean {
  const n = value.length;
  if (n === 0) return true;
  const c0 = value[0] as number;
  if (c0 === 0x20 || c0 === 0x3a || c0 === 0x3c) return false;
  for (let i = 0; i < n; i++) {
    const c = value[i] as number;
    if (c === 0 || c === 10 || c === 13 || c > 127) return false;
  }
  return value[n - 1] !== 0x20;
}

function ascii(value: Uint8Array): string {
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('latin1');
}

class Writer {
  readonly lines: string[] = [];
  private readonly width: number;

  constructor(options: LdifFormatOptions) {
    const w = options.foldWidth;
    this.width = w === false || w === 0 ? 0 : (w ?? 76);
    if (this.width !== 0 && this.width < 2) throw new RangeError('foldWidth must be at least 2');
  }

  line(text: string): void {
    const w = this.width;
    if (w === 0 || text.length <= w) {
      this.lines.push(text);
      return;
    }
    this.lines.push(text.slice(0, w));
    for (let i = w; i < text.length; i += w - 1) this.lines.push(' ' + text.slice(i, i + w - 1));
  }

  value(name: string, value: Uint8Array): void {
    if (value.length === 0) this.line(name + ':');
    else if (isSafeString(value)) this.line(name + ': ' + ascii(value));
    else this.line(name + ':: ' + toBase64(value));
  }

  text(name: string, text: string): void {
    this.value(name, utf8(text));
  }

  attribute(a: LdifAttribute): void {
    for (const v of a.values) this.value(a.type, v);
  }

  control(c: LdifControl): void {
    const head = `control: ${c.oid}${c.critical ? ' true' : ''}`;
    if (c.value === undefined) this.line(head);
    else this.value(head, c.value);
  }
}

function compareAttributes(a: LdifAttribute, b: LdifAttribute): number {
  const x = a.type.toLowerCase();
  const y = b.type.toLowerCase();
  if (x === y) return 0;
  if (x === 'objectclass') return -1;
  if (y === 'objectclass') return 1;
  return x < y ? -1 : 1;
}

/** Number of RDNs: unescaped commas plus one (RFC 4514 escapes with a backslash). */
function dnDepth(dn: string): number {
  if (dn.length === 0) return 0;
  let depth = 1;
  for (let i = 0; i < dn.length; i++) {
    const c = dn.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 44) depth++;
  }
  return depth;
}

function writeRecord(w: Writer, r: LdifRecord, sort: boolean): void {
  w.text('dn', r.dn);
  if (r.type !== 'content') {
    for (const c of r.controls) w.control(c);
  }
  switch (r.type) {
    case 'content':
    case 'add': {
      if (r.type === 'add') w.line('changetype: add');
      const attrs = sort ? [...r.attributes].sort(compareAttributes) : r.attributes;
      for (const a of attrs) w.attribute(a);
      return;
    }
    case 'delete':
      w.line('changetype: delete');
      return;
    case 'modify':
      w.line('changetype: modify');
      for (const m of r.changes) {
        w.line(`${m.operation}: ${m.attribute.type}`);
        w.attribute(m.attribute);
        w.line('-');
      }
      return;
    case 'moddn':
      w.line(`changetype: ${r.changeType ?? 'modrdn'}`);
      w.text('newrdn', r.newRdn);
      w.line(`deleteoldrdn: ${r.deleteOldRdn ? 1 : 0}`);
      if (r.newSuperior !== undefined) w.text('newsuperior', r.newSuperior);
      return;
    default: {
      const never: never = r;
      throw new TypeError(`unknown LDIF record type ${(never as { type: string }).type}`);
    }
  }
}

/** Format one record (no blank line after it). */
export function formatLdifRecord(record: LdifRecord, options: LdifFormatOptions = {}): string {
  const w = new Writer(options);
  writeRecord(w, record, options.sort === true);
  return w.lines.join(options.lineSeparator ?? '\n') + (options.lineSeparator ?? '\n');
}

/**
 * Format records as an LDIF document: one record per block, blank lines between, ending with a
 * newline. With `sort`, attributes are ordered (objectClass first) and, when every record is a
 * content record, parents come before children.
 */
export function formatLdif(records: Iterable<LdifRecord>, options: LdifFormatOptions = {}): string {
  const sep = options.lineSeparator ?? '\n';
  const sort = options.sort === true;
  let list = [...records];
  if (sort && list.every((r) => r.type === 'content')) {
    list = list
      .map((r) => ({ r, d: dnDepth(r.dn), k: r.dn.toLowerCase() }))
      .sort((a, b) => a.d - b.d || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
      .map((x) => x.r);
  }
  const w = new Writer(options);
  if (options.version === true) {
    w.line('version: 1');
    w.lines.push('');
  }
  for (let i = 0; i < list.length; i++) {
    if (i > 0) w.lines.push('');
    writeRecord(w, list[i] as LdifRecord, sort);
  }
  return w.lines.length === 0 ? '' : w.lines.join(sep) + sep;
}
