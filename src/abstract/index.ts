/**
 * The abstraction layer: ObjectDef, AttrDef, Reader, Writer and entries with change tracking
 * (ldap3's "more pythonic LDAP").
 */
export { AttrDef, compactKey } from './attr-def.js';
export type { AttrDefOptions, Validator } from './attr-def.js';
export { ObjectDef, resolveSchema } from './object-def.js';
export type { ObjectDefOptions, SchemaSource } from './object-def.js';
export { ListSchemaView, schemaViewOf, isOperational, classAllows } from './schema-view.js';
export type { SchemaView, ObjectClassInfo, AttributeTypeInfo, ObjectClassKind } from './schema-view.js';
export { compileQuery, parseQuery, escapeQueryValue, objectClassFilter } from './query.js';
export type { CompiledQuery, QueryComponent, QueryValue, QueryOperator } from './query.js';
export { validatorForSyntax, toGeneralizedTime } from './validators.js';
export { LdapCursorError, LdapObjectDefError, LdapAttributeError, LdapDereferenceError } from './errors.js';
export * from './status.js';
export { Attribute, OperationalAttribute, WritableAttribute } from './attribute.js';
export type { ValueOf, SingleOrMany, Change, ChangeOp } from './attribute.js';
export { EntryBase, Entry } from './entry.js';
export type {
  EntryAttributes,
  WritableEntryAttributes,
  EntryToJsonOptions,
  EntryWritableOptions,
} from './entry.js';
export { WritableEntry } from './writable-entry.js';
export type { CommitOptions } from './writable-entry.js';
export { EntryState } from './entry-state.js';
export { Cursor, OPERATIONAL_PREFIX } from './cursor.js';
export type { CursorOptions, CursorOperation } from './cursor.js';
export { Reader } from './reader.js';
export type { ReaderEntry, ReaderOptions } from './reader.js';
export { Writer } from './writer.js';
export type { WriterEntry } from './writer.js';
export type { CursorConnection } from './connection.js';
export type * from './standard-types.js';
