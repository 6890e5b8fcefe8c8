/**
 * The abstraction layer: ObjectDef, AttrDef, Reader, Writer and entries with change tracking
 * (ldap3's "more pythonic LDAP").
 */
export { AttrDef, compactKey } from './attr-def.js';
export type { AttrDefOptions, Validator } from './attr-def.js';
export { ObjectDef, resolveSchema } from './object-def.js';
export type { ObjectDefOptions, SchemaSource } from './object-def.js';
export { ListSchemaView, schemaViewOf, isOperational } from './schema-view.js';
export type { SchemaView, ObjectClassInfo, AttributeTypeInfo, ObjectClassKind } from './schema-view.js';
export { compileQuery, parseQuery, escapeQueryValue, objectClassFilter } from './query.js';
export type { CompiledQuery, QueryComponent, QueryValue, QueryOperator } from './query.js';
export { validatorForSyntax, toGeneralizedTime } from './validators.js';
export { LdapCursorError, LdapObjectDefError, LdapAttributeError, LdapDereferenceError } from './errors.js';
export * from './status.js';
