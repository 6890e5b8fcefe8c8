/**
 * Connection options (API.md) and their normalised form.
 */
import { LdapOptionError } from '../errors.js';
import type { Authentication, AutoBind, Strategy } from './constants.js';
import { STRATEGIES } from './constants.js';
import type { SaslMechanismInput } from './bind.js';
import type { SaslCredentials } from './sasl/mechanism.js';
import type { SocketFactory, TlsUpgrader } from './transport/socket-factory.js';

export interface ConnectionOptions<S extends Strategy = Strategy> {
  /** Bind DN (simple) or authentication identity (SASL). */
  user?: string;
  password?: string | Uint8Array;
  /** @defaultValue `'SIMPLE'` when a user is given, else `'ANONYMOUS'` */
  authentication?: Authentication;
  /** @defaultValue `'SYNC'` */
  clientStrategy?: S;
  /** `true` means `'AUTO_BIND_NO_TLS'`. @defaultValue `'AUTO_BIND_NONE'` */
  autoBind?: AutoBind | boolean;
  saslMechanism?: SaslMechanismInput;
  /** ldap3 tuples (`[authzid]` for EXTERNAL, `[realm, user, password, authzid]` for DIGEST-MD5) or named. */
  saslCredentials?: SaslCredentials | readonly unknown[];
  /** Refuse add, delete, modify and modifyDn client-side. */
  readOnly?: boolean;
  /** Connect and bind only when the first operation needs it. */
  lazy?: boolean;
  /** Check attribute and class names against the server schema when it is loaded. @defaultValue `true` */
  checkNames?: boolean;
  /** Reject with LdapResultError on error result codes. @defaultValue `false` */
  raiseExceptions?: boolean;
  /** Follow referrals to allowed hosts. @defaultValue `true` */
  autoReferrals?: boolean;
  /** Fetch and merge AD ranged attributes (`member;range=0-1499`). @defaultValue `true` */
  autoRange?: boolean;
  /** Milliseconds before an operation is abandoned with LdapTimeoutError. */
  receiveTimeout?: number;
  poolName?: string;
  /** REUSABLE: connections in the pool. @defaultValue `5` */
  poolSize?: number;
  /** REUSABLE: seconds a pooled connection lives before it is replaced. @defaultValue `3600` */
  poolLifetime?: number;
  /** Keep attributes that came back without values. @defaultValue `true` */
  returnEmptyAttributes?: boolean;
  /** Escape stray backslashes in filters. @defaultValue `true` */
  autoEscape?: boolean;
  /** Encode numbers, booleans and dates to their LDAP string forms. @defaultValue `true` */
  autoEncode?: boolean;
  sourceAddress?: string;
  sourcePort?: number;
  /** Allow a simple bind with a DN and an empty password (an unauthenticated bind, RFC 4513 section 5.1.2). */
  allowEmptyPassword?: boolean;
  /** RESTARTABLE: reconnect attempts per operation. @defaultValue `3` */
  restartTries?: number;
  /** RESTARTABLE: milliseconds between reconnect attempts. @defaultValue `100` */
  restartDelay?: number;
  /** MOCK_*: round-trip every message through the BER codec. @defaultValue `false` */
  mockRoundTrip?: boolean;
  /** Injectable socket source (tests hand in an in-memory duplex). */
  socketFactory?: SocketFactory;
  tlsUpgrader?: TlsUpgrader;
  /**
   * Most requests on the wire at once per connection; more wait their turn. slapd closes a
   * connection exceeding conn_max_pending (100 anonymous, 1000 bound by default).
   * @defaultValue unlimited
   */
  maxOutstanding?: number;
  /** Referral hop limit. @defaultValue `10` */
  referralHopLimit?: number;
}

export interface NormalizedOptions extends ConnectionOptions {
  authentication: Authentication;
  autoBind: AutoBind;
  checkNames: boolean;
  raiseExceptions: boolean;
  autoReferrals: boolean;
  autoRange: boolean;
  returnEmptyAttributes: boolean;
  autoEscape: boolean;
  autoEncode: boolean;
  readOnly: boolean;
  lazy: boolean;
}

export function normalizeOptions(options: ConnectionOptions): NormalizedOptions {
  const strategy = options.clientStrategy ?? 'SYNC';
  if (!(STRATEGIES as readonly string[]).includes(strategy))
    throw new LdapOptionError(`unknown client strategy ${String(strategy)}`);
  let autoBind: AutoBind;
  if (options.autoBind === true) autoBind = 'AUTO_BIND_NO_TLS';
  else if (options.autoBind === false || options.autoBind === undefined) autoBind = 'AUTO_BIND_NONE';
  else autoBind = options.autoBind;
  const authentication =
    options.authentication ??
    (options.saslMechanism !== undefined ? 'SASL' : options.user !== undefined ? 'SIMPLE' : 'ANONYMOUS');
  if (!['ANONYMOUS', 'SIMPLE', 'SASL'].includes(authentication))
    throw new LdapOptionError(`unknown authentication ${authentication}`);
  if (options.receiveTimeout !== undefined && !(options.receiveTimeout > 0))
    throw new LdapOptionError('receiveTimeout must be positive (ms)');
  return {
    ...options,
    clientStrategy: strategy,
    authentication,
    autoBind,
    checkNames: options.checkNames ?? true,
    raiseExceptions: options.raiseExceptions ?? false,
    autoReferrals: options.autoReferrals ?? true,
    autoRange: options.autoRange ?? true,
    returnEmptyAttributes: options.returnEmptyAttributes ?? true,
    autoEscape: options.autoEscape ?? true,
    autoEncode: options.autoEncode ?? true,
    readOnly: options.readOnly ?? false,
    lazy: options.lazy ?? false,
  };
}
