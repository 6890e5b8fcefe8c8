/**
 * ldap3ts public surface. Every exported name is listed explicitly; test/exports.test.ts pins
 * the list, so adding or removing a name is a deliberate act.
 */

// Errors (src/errors.ts): one base class with a stable `code`.
export {
  LdapError,
  LdapResultError,
  BerError,
  ProtocolError,
  FilterSyntaxError,
  DnSyntaxError,
  UrlSyntaxError,
  LdifError,
  SchemaError,
  LdapOptionError,
  LdapConnectionError,
  LdapTimeoutError,
  LdapAbortError,
} from './errors.js';
export type { LdapResultInfo } from './errors.js';

// Constants (API.md table).
export {
  SYNC,
  SAFE_SYNC,
  ASYNC,
  ASYNC_STREAM,
  RESTARTABLE,
  SAFE_RESTARTABLE,
  REUSABLE,
  LDIF,
  MOCK_SYNC,
  MOCK_ASYNC,
  BASE,
  LEVEL,
  SUBTREE,
  DEREF_NEVER,
  DEREF_SEARCH,
  DEREF_BASE,
  DEREF_ALWAYS,
  ALL_ATTRIBUTES,
  ALL_OPERATIONAL_ATTRIBUTES,
  NO_ATTRIBUTES,
  MODIFY_ADD,
  MODIFY_DELETE,
  MODIFY_REPLACE,
  MODIFY_INCREMENT,
  ANONYMOUS,
  SIMPLE,
  SASL,
  EXTERNAL,
  PLAIN,
  SCRAM_SHA_256,
  DIGEST_MD5,
  AUTO_BIND_NONE,
  AUTO_BIND_NO_TLS,
  AUTO_BIND_TLS_BEFORE_BIND,
  AUTO_BIND_TLS_AFTER_BIND,
  NONE,
  DSA,
  SCHEMA,
  ALL,
  OFFLINE_SLAPD_2_5,
  OFFLINE_AD_SAMBA_4,
  OFFLINE_DS389_2,
  FIRST,
  ROUND_ROBIN,
  RANDOM,
  IP_SYSTEM_DEFAULT,
  IP_V4_ONLY,
  IP_V6_ONLY,
  IP_V4_PREFERRED,
  IP_V6_PREFERRED,
} from './client/index.js';
export type {
  Strategy,
  Scope,
  Deref,
  ModifyOp,
  Authentication,
  AutoBind,
  GetInfo,
  OfflineProfile,
  PoolStrategy,
  IpMode,
} from './client/index.js';

// The client.
export {
  Server,
  ServerPool,
  Tls,
  Connection,
  DsaInfo,
  responseToLdif,
  responseToJson,
  ExternalMechanism,
  PlainMechanism,
  ScramSha256Mechanism,
  DigestMd5Mechanism,
  AttributeMap,
  StandardExtend,
  MicrosoftExtend,
  NovellExtend,
  CLIENT_CHANNEL,
} from './client/index.js';
export type {
  ServerOptions,
  ServerPoolOptions,
  TlsOptions,
  ConnectionOptions,
  SearchOptions,
  AttributesInput,
  ModifyChanges,
  Result,
  ResponseItem,
  SearchResEntry,
  SearchResRef,
  SaslMechanism,
  SocketFactory,
  ClientEntry,
  ClientEntryBase,
  EntryAttribute,
  ControlInput,
  ModifyChange,
  AttributeValue,
  RequestInfo,
  SafeOutcome,
  ControlInfo,
  PersistentSearchEvent,
  PersistentSearchOptions,
  SaslCredentials,
  TraceEvent,
} from './client/index.js';

// The in-memory directory (MOCK strategies and the TCP mock server run on it).
export { Directory, DirectoryAssertionError } from './dit/index.js';
export type { DirectoryOptions, DirectorySnapshot, RequestHandler, Session } from './dit/index.js';

// The abstraction layer.
export {
  ObjectDef,
  AttrDef,
  Reader,
  Writer,
  Entry,
  EntryBase,
  WritableEntry,
  Attribute,
  OperationalAttribute,
  WritableAttribute,
  LdapCursorError,
  LdapObjectDefError,
  LdapAttributeError,
  LdapDereferenceError,
  compileQuery,
  parseQuery,
  STATUS_INIT,
  STATUS_VIRTUAL,
  STATUS_MANDATORY_MISSING,
  STATUS_READ,
  STATUS_WRITABLE,
  STATUS_PENDING_CHANGES,
  STATUS_COMMITTED,
  STATUS_READY_FOR_DELETION,
  STATUS_READY_FOR_MOVING,
  STATUS_READY_FOR_RENAMING,
  STATUS_DELETED,
  STATUSES,
} from './abstract/index.js';
export type {
  AttrDefOptions,
  ObjectDefOptions,
  EntryStatus,
  ReaderEntry,
  WriterEntry,
  ReaderOptions,
  CursorOptions,
  CommitOptions,
  EntryAttributes,
  WritableEntryAttributes,
  EntryToJsonOptions,
  EntryWritableOptions,
  Validator,
} from './abstract/index.js';

// Schema.
export { Schema, getProfile, formatValue, parseDefinition, PROFILE_NAMES } from './schema/index.js';
export type {
  AttributeType,
  ObjectClass,
  MatchingRule,
  ServerProfile,
  ProfileName,
  SchemaDefinitions,
  SchemaOptions,
  Syntax,
  ResolvedDescription,
} from './schema/index.js';

// Protocol utilities.
export { parseFilter, formatFilter, escapeFilterValue } from './filter/index.js';
export type { Filter, FilterType, ParseFilterOptions } from './filter/index.js';
export {
  parseDn,
  formatDn,
  escapeRdnValue,
  normalizeDn,
  dnEquals,
  parseRdn,
  formatRdn,
  parentDn,
  rdnOf,
  joinDn,
  isDescendant,
} from './dn/index.js';
export type { Dn, Rdn, Ava, DnNormalizer, FormatDnOptions, ParseDnOptions } from './dn/index.js';
export {
  parseLdif,
  formatLdif,
  formatLdifRecord,
  readLdif,
  readLdifFile,
  LdifParser,
  isSafeString,
} from './ldif/index.js';
export type {
  LdifRecord,
  LdifContentRecord,
  LdifChangeRecord,
  LdifAttribute,
  LdifControl,
  LdifLocation,
  LdifAddRecord,
  LdifDeleteRecord,
  LdifModifyRecord,
  LdifModDnRecord,
  LdifModification,
  LdifModifyOperation,
  LdifParseOptions,
  LdifFormatOptions,
  LdifInput,
} from './ldif/index.js';
export { parseLdapUrl, formatLdapUrl } from './url/index.js';
export type { LdapUrl, LdapUrlExtension, LdapUrlScheme, LdapUrlScope } from './url/index.js';
export {
  encodeMessage,
  decodeMessage,
  MessageFramer,
  ResultCode,
  ControlOid,
  ExtendedOid,
  resultCodeName,
  resultCodeInfo,
  makeControl,
  describeControls,
} from './protocol/index.js';
export { encodeFilter, decodeFilter } from './filter/index.js';
export type { LdapMessage, ProtocolOp, Control } from './protocol/index.js';
