/**
 * Late binding between the entry and cursor modules: entries create Writers (entryWritable) and
 * cursors create Readers (dereferenced DNs), while Reader and Writer extend Cursor. Importing
 * each other's classes directly would make an import cycle that breaks `class extends` at load
 * time, so reader.ts and writer.ts register their constructors here when they load.
 */
import type { CursorConnection } from './connection.js';
import type { ObjectDef } from './object-def.js';

/** What entries and cursors need from a cursor class, structurally. */
export interface CursorFactories {
  reader?: (
    conn: CursorConnection,
    def: ObjectDef<object>,
    base: string,
    options: Record<string, unknown>,
  ) => unknown;
  writer?: (conn: CursorConnection, def: ObjectDef<object>, options: Record<string, unknown>) => unknown;
}

export const factories: CursorFactories = {};
