/**
 * Fixture loading and export: LDIF (RFC 2849, via src/ldif) and ldap3's JSON dump format.
 * Content records may come in any order: a run of them is added parents first (by DN depth,
 * file order otherwise), and an entry whose parent is still missing at the end is an error
 * naming the parent. Change records are applied as operations, in file order.
 */
import { dirname } from 'node:path';
import { parentDn } from '../dn/index.js';
import { formatLdif, parseLdif, readLdifFile, type LdifRecord } from '../ldif/index.js';
import type { Change, PartialAttribute } from '../protocol/index.js';
import { fromBase64, utf8 } from '../util/index.js';
import type { Directory } from './directory.js';
import type { Engine } from './engine.js';
import { VIRTUAL } from './operational.js';
import { idSetToArray } from './id-set.js';
import { type Name, ndnOf, parseName } from './names.js';
import { add } from './operations/add.js';
import type { OpContext } from './operations/context.js';
import { del } from './operations/delete.js';
import { modify } from './operations/modify.js';
import { modifyDn } from './operations/modify-dn.js';
import { OperationFailure, RC } from './result.js';
import type { Entry } from './store.js';

export type AttrValue = string | number | boolean | bigint | Uint8Array;
export type AttrInput = AttrValue | readonly AttrValue[];

const toBytes = (v: AttrValue): Uint8Array =>
  v instanceof Uint8Array ? v : typeof v === 'boolean' ? utf8(v ? 'TRUE' : 'FALSE') : utf8(String(v));

export function toPartials(attrs: Record<string, AttrInput> | Map<string, AttrInput>): PartialAttribute[] {
  const entries = attrs instanceof Map ? [...attrs] : Object.entries(attrs);
  const out: PartialAttribute[] = [];
  for (const [type, v] of entries) {
    const list = Array.isArray(v) ? (v as readonly AttrValue[]) : [v as AttrValue];
    if (list.length > 0) out.push({ type, vals: list.map(toBytes) });
  }
  return out;
}

interface Pending {
  readonly dn: string;
  readonly attributes: PartialAttribute[];
  readonly where: string;
  readonly ndn: string;
  readonly parentNdn: string;
  readonly name: Name;
}

function loadError(where: string, err: unknown, pending?: Pending): Error {
  if (err instanceof OperationFailure) {
    const o = err.outcome;
    if (o.resultCode === RC.noSuchObject && pending) {
      let parent: string | undefined;
      try {
        parent = parentDn(pending.dn);
      } catch {
        parent = undefined;
      }
      return new Error(`${where}: parent entry "${parent ?? ''}" of "${pending.dn}" does not exist`);
    }
    return new Error(
      `${where}: ${pending?.dn ?? ''}: result ${o.resultCode}${o.diagnosticMessage ? ` (${o.diagnosticMessage})` : ''}`,
    );
  }
  return err instanceof Error
    ? new Error(`${where}: ${err.message}`, { cause: err })
    : new Error(`${where}: ${String(err)}`);
}

/**
 * Add a run of content records in file order (so entry ids follow the file, like slapadd); an
 * entry whose parent comes later in the run waits for it. What still waits at the end is an
 * error naming the missing parent.
 */
function flush(ctx: OpContext, batch: Pending[]): number {
  const engine = ctx.engine;
  engine.store.bulk = true;
  try {
    return flushBatch(ctx, batch);
  } finally {
    engine.store.bulk = false;
  }
}

function flushBatch(ctx: OpContext, batch: Pending[]): number {
  const engine = ctx.engine;
  const inBatch = new Set(batch.map((p) => p.ndn));
  const waiting = new Map<string, Pending[]>();
  const addOne = (p: Pending): void => {
    if (p.parentNdn !== '' && !engine.lookup(p.parentNdn) && inBatch.has(p.parentNdn)) {
      const list = waiting.get(p.parentNdn);
      if (list) list.push(p);
      else waiting.set(p.parentNdn, [p]);
      return;
    }
    try {
      add(ctx, { type: 'AddRequest', entry: p.dn, attributes: p.attributes }, p.name);
    } catch (err) {
      throw loadError(p.where, err, p);
    }
    inBatch.delete(p.ndn);
    const children = waiting.get(p.ndn);
    if (children) {
      waiting.delete(p.ndn);
      children.forEach(addOne);
    }
  };
  batch.forEach(addOne);
  for (const list of waiting.values()) {
    const p = list[0] as Pending;
    throw loadError(
      p.where,
      new OperationFailure({ resultCode: RC.noSuchObject, matchedDN: '', diagnosticMessage: '' }),
      p,
    );
  }
  const n = batch.length;
  batch.length = 0;
  return n;
}

function pending(engine: Engine, dn: string, attributes: PartialAttribute[], where: string): Pending {
  const r = parseName(engine.view, dn);
  if (!r.ok) throw new Error(`${where}: invalid DN "${dn}": ${r.reason}`);
  return {
    dn,
    attributes,
    where,
    ndn: r.name.ndn,
    parentNdn: r.name.rdns.length > 1 ? r.name.ndn.slice((r.name.rdnKeys[0] as string).length + 1) : '',
    name: r.name,
  };
}

const MOD_OPS = { add: 0, delete: 1, replace: 2, increment: 3 } as const;

function applyChange(ctx: OpContext, rec: LdifRecord, where: string): void {
  try {
    const controls = 'controls' in rec ? new Map(rec.controls.map((c) => [c.oid, c])) : new Map();
    const c = { ...ctx, controls };
    switch (rec.type) {
      case 'delete':
        del(c, { type: 'DelRequest', dn: rec.dn });
        break;
      case 'modify': {
        const changes: Change[] = rec.changes.map((m) => ({
          operation: MOD_OPS[m.operation],
          modification: { type: m.attribute.type, vals: m.attribute.values },
        }));
        modify(c, { type: 'ModifyRequest', object: rec.dn, changes });
        break;
      }
      case 'moddn':
        modifyDn(c, {
          type: 'ModifyDNRequest',
          entry: rec.dn,
          newrdn: rec.newRdn,
          deleteoldrdn: rec.deleteOldRdn,
          ...(rec.newSuperior !== undefined ? { newSuperior: rec.newSuperior } : {}),
        });
        break;
      default:
        break;
    }
  } catch (err) {
    throw loadError(where, err);
  }
}

const looksLikeText = (s: string): boolean => s.includes('\n') || /^\s*(dn|version)\s*:/i.test(s);

export async function loadLdifInto(
  _dir: Directory,
  ctx: OpContext,
  pathOrText: string,
  options: { allowFileUrls?: boolean },
): Promise<number> {
  const engine = ctx.engine;
  const isText = looksLikeText(pathOrText);
  const source = isText ? 'LDIF' : pathOrText;
  const parseOptions = {
    source,
    allowUrls: options.allowFileUrls ?? false,
    locations: true,
    ...(isText ? {} : { baseDir: dirname(pathOrText) }),
  };
  const open = (values = true): AsyncIterable<LdifRecord> | Iterable<LdifRecord> => {
    const o = { ...parseOptions, values };
    return isText ? parseLdif(pathOrText, o) : readLdifFile(pathOrText, o);
  };
  // First pass: the normalised DNs of each run of content records, so that the second pass
  // knows whether a missing parent comes later in the run (syntax errors surface here too,
  // before anything is added).
  const runs: Array<Set<string>> = [];
  let run = new Set<string>();
  for await (const rec of open(false)) {
    if (rec.type === 'content' || rec.type === 'add') {
      const ndn = ndnOf(engine.view, rec.dn);
      if (ndn !== undefined) run.add(ndn);
    } else {
      runs.push(run);
      run = new Set();
    }
  }
  runs.push(run);
  let runIndex = 0;
  const batch: Pending[] = [];
  let count = 0;
  for await (const rec of open()) {
    const where = `${source}:${rec.location?.line ?? '?'}`;
    if (rec.type === 'content' || rec.type === 'add') {
      const attributes = rec.attributes.map((a) => ({ type: a.type, vals: a.values }));
      const p = pending(engine, rec.dn, attributes, where);
      // Streaming: while no record waits, a record whose parent exists or is not in the run at
      // all is added at its turn exactly as flushing the run would, without holding a million
      // records. From the first record that waits for a later parent, the rest of the run is
      // batched as before.
      const inRun = runs[runIndex] as Set<string>;
      if (
        batch.length === 0 &&
        (p.parentNdn === '' || engine.lookup(p.parentNdn) || !inRun.has(p.parentNdn))
      ) {
        engine.store.bulk = true;
        try {
          add(ctx, { type: 'AddRequest', entry: p.dn, attributes: p.attributes }, p.name);
        } catch (err) {
          throw loadError(p.where, err, p);
        } finally {
          engine.store.bulk = false;
        }
        count++;
        continue;
      }
      batch.push(p);
      continue;
    }
    count += flush(ctx, batch);
    runIndex++;
    applyChange(ctx, rec, where);
    count++;
  }
  count += flush(ctx, batch);
  return count;
}

type JsonValue = string | number | boolean | { encoding?: string; encoded?: string };

function jsonBytes(v: JsonValue): Uint8Array {
  if (typeof v === 'object' && v !== null) {
    if (v.encoding === 'base64' && typeof v.encoded === 'string') return fromBase64(v.encoded);
    throw new Error(`unsupported JSON value ${JSON.stringify(v)}`);
  }
  return toBytes(v);
}

export function loadJsonInto(_dir: Directory, ctx: OpContext, data: unknown): number {
  const entries = (data as { entries?: unknown }).entries;
  if (!Array.isArray(entries)) throw new Error('JSON fixture: expected {"entries": [...]}');
  const batch: Pending[] = [];
  entries.forEach((raw: unknown, i: number) => {
    const e = raw as { dn?: unknown; raw?: Record<string, unknown>; attributes?: Record<string, unknown> };
    const where = `JSON entries[${i}]`;
    if (typeof e.dn !== 'string') throw new Error(`${where}: no dn`);
    const source = e.raw ?? e.attributes ?? {};
    const attributes: PartialAttribute[] = [];
    // Object.entries only: keys are never used to index a plain object
    for (const [type, vals] of Object.entries(source)) {
      const list = (Array.isArray(vals) ? vals : [vals]) as JsonValue[];
      if (list.length) attributes.push({ type, vals: list.map(jsonBytes) });
    }
    batch.push(pending(ctx.engine, e.dn, attributes, where));
  });
  return flush(ctx, batch);
}

/** Entries parents first: depth-first from the naming contexts, siblings in entry-id order. */
export function* entriesInTreeOrder(engine: Engine): Generator<Entry> {
  const state = engine.state;
  const stack: number[] = idSetToArray(state.children.get(0)).reverse();
  while (stack.length) {
    const id = stack.pop() as number;
    const e = state.byId.get(id);
    if (!e) continue;
    yield e;
    stack.push(...idSetToArray(state.children.get(id)).reverse());
  }
}

export function exportLdif(engine: Engine, operational: boolean): string {
  const records: LdifRecord[] = [];
  for (const e of entriesInTreeOrder(engine)) {
    const attributes = [...e.attrs.values()]
      .filter((a) => operational || !a.desc.info.operational)
      .filter((a) => !VIRTUAL.has(a.desc.info.key))
      .map((a) => ({ type: a.name, values: a.values }));
    records.push({ type: 'content', dn: e.dn, attributes });
  }
  return formatLdif(records);
}
