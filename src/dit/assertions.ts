/**
 * UnboundID-style assertions for tests (InMemoryDirectoryServer.assertEntryExists and friends):
 * each throws an Error whose message lists what was expected, what was found, and a diff.
 */
import { fromUtf8, utf8 } from '../util/index.js';
import type { Engine } from './engine.js';
import { selectAttributes } from './evaluate-filter.js';
import type { Entry } from './store.js';

export class DirectoryAssertionError extends Error {
  readonly code = 'LDAP_ASSERTION';
}

function find(engine: Engine, dn: string): Entry | undefined {
  return engine.lookup(engine.name(dn).ndn);
}

function describe(engine: Engine, e: Entry): string {
  const lines = [`  dn: ${e.dn}`];
  for (const a of e.attrs.values()) {
    if (a.desc.info.operational) continue;
    for (const v of a.values)
      lines.push(`  ${a.name}: ${a.desc.info.key === 'userpassword' ? '********' : fromUtf8(v)}`);
  }
  void engine;
  return lines.join('\n');
}

export function entryExists(engine: Engine, dns: string[]): void {
  const missing = dns.filter((dn) => !find(engine, dn));
  if (missing.length) {
    throw new DirectoryAssertionError(
      `expected entries to exist, missing:\n${missing.map((d) => `- ${d}`).join('\n')}`,
    );
  }
}

export function entryMissing(engine: Engine, dns: string[]): void {
  const found = dns.map((dn) => find(engine, dn)).filter((e): e is Entry => e !== undefined);
  if (found.length) {
    throw new DirectoryAssertionError(
      `expected entries to be missing, found:\n${found.map((e) => `+ ${e.dn}\n${describe(engine, e)}`).join('\n')}`,
    );
  }
}

function requireEntry(engine: Engine, dn: string): Entry {
  const e = find(engine, dn);
  if (!e) throw new DirectoryAssertionError(`entry ${dn} does not exist`);
  return e;
}

function has(engine: Engine, e: Entry, attribute: string): boolean {
  const d = engine.view.describe(attribute);
  return d !== undefined && selectAttributes(e, d).length > 0;
}

export function attributeExists(engine: Engine, dn: string, attributes: string[]): void {
  const e = requireEntry(engine, dn);
  const missing = attributes.filter((a) => !has(engine, e, a));
  if (missing.length) {
    throw new DirectoryAssertionError(
      `entry ${e.dn} lacks attributes:\n${missing.map((a) => `- ${a}`).join('\n')}\nentry is:\n${describe(engine, e)}`,
    );
  }
}

export function attributeMissing(engine: Engine, dn: string, attributes: string[]): void {
  const e = requireEntry(engine, dn);
  const present = attributes.filter((a) => has(engine, e, a));
  if (present.length) {
    throw new DirectoryAssertionError(
      `entry ${e.dn} has attributes expected missing:\n${present.map((a) => `+ ${a}`).join('\n')}`,
    );
  }
}

function valueSplit(engine: Engine, dn: string, attribute: string, values: Array<string | Uint8Array>) {
  const e = requireEntry(engine, dn);
  const d = engine.view.describe(attribute);
  const attrs = d ? selectAttributes(e, d) : [];
  const held = attrs.flatMap((a) => a.values);
  const present: string[] = [];
  const absent: string[] = [];
  for (const v of values) {
    const bytes = typeof v === 'string' ? utf8(v) : v;
    const label = typeof v === 'string' ? v : fromUtf8(v);
    (attrs.some((a) => engine.hasValue(a, bytes)) ? present : absent).push(label);
  }
  return { e, held: held.map(fromUtf8), present, absent };
}

export function valueExists(
  engine: Engine,
  dn: string,
  attribute: string,
  values: Array<string | Uint8Array>,
): void {
  const { e, held, absent } = valueSplit(engine, dn, attribute, values);
  if (absent.length) {
    throw new DirectoryAssertionError(
      `entry ${e.dn} attribute ${attribute}: expected values missing:\n${absent.map((v) => `- ${v}`).join('\n')}\n` +
        `values held:\n${held.map((v) => `  ${v}`).join('\n') || '  (none)'}`,
    );
  }
}

export function valueMissing(
  engine: Engine,
  dn: string,
  attribute: string,
  values: Array<string | Uint8Array>,
): void {
  const { e, present } = valueSplit(engine, dn, attribute, values);
  if (present.length) {
    throw new DirectoryAssertionError(
      `entry ${e.dn} attribute ${attribute}: values expected missing are present:\n${present.map((v) => `+ ${v}`).join('\n')}`,
    );
  }
}
