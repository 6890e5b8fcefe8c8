/** The client: Server, ServerPool, Tls, Connection, strategies, extend, server info. */
export * from './constants.js';
export { Server, parseServerAddress, type ServerOptions, type ParsedAddress } from './server.js';
export { ServerPool, type ServerPoolOptions } from './pool.js';
export { Tls, type TlsOptions, type TlsValidate, type PemSource } from './tls.js';
export { Connection, type Outcome, type Completed, type ServerInput } from './connection.js';
export type { ConnectionOptions } from './options.js';
export type {
  AttributeValue,
  AttributeValues,
  AttributesInput,
  ControlInput,
  ModifyChange,
  ModifyChanges,
  SearchOptions,
} from './requests.js';
export type {
  Result,
  ResponseItem,
  SearchResEntry,
  SearchResRef,
  RequestInfo,
  SafeOutcome,
  ControlInfo,
} from './types.js';
export { AttributeMap } from './attribute-map.js';
export type { ClientEntry, ClientEntryBase, EntryAttribute } from './entry.js';
export { DsaInfo } from './info.js';
export { schemaFromEntry } from './info-reader.js';
export { Extend, StandardExtend, MicrosoftExtend, NovellExtend } from './extend/index.js';
export type { PersistentSearchEvent, PersistentSearchOptions } from './extend/index.js';
export type { SaslMechanism, SaslCredentials } from './sasl/mechanism.js';
export { ExternalMechanism, PlainMechanism } from './sasl/simple-mechanisms.js';
export { ScramSha256Mechanism } from './sasl/scram.js';
export { DigestMd5Mechanism } from './sasl/digest-md5.js';
export type { Channel, Exchange, SendOptions } from './transport/exchange.js';
export type { SocketFactory, TlsUpgrader, ConnectTarget } from './transport/socket-factory.js';
export { Transport, type WireCodec } from './transport/transport.js';
export { responseToLdif, responseToJson } from './response-format.js';
export { CLIENT_CHANNEL, redact, type TraceEvent } from './debug.js';
