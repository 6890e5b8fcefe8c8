/**
 * Public constants, ldap3 style: each string value equals its name unless noted (API.md table).
 */

export const SYNC = 'SYNC';
export const SAFE_SYNC = 'SAFE_SYNC';
export const ASYNC = 'ASYNC';
export const ASYNC_STREAM = 'ASYNC_STREAM';
export const RESTARTABLE = 'RESTARTABLE';
export const SAFE_RESTARTABLE = 'SAFE_RESTARTABLE';
export const REUSABLE = 'REUSABLE';
export const LDIF = 'LDIF';
export const MOCK_SYNC = 'MOCK_SYNC';
export const MOCK_ASYNC = 'MOCK_ASYNC';

export const STRATEGIES = [
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
] as const;
export type Strategy = (typeof STRATEGIES)[number];
/** Strategies whose operations resolve to a boolean and fill `conn.result` / `conn.response`. */
export type SyncStrategy = typeof SYNC | typeof RESTARTABLE | typeof MOCK_SYNC | typeof LDIF;
/** Strategies whose operations resolve to `[status, result, response, request]`. */
export type SafeStrategy = typeof SAFE_SYNC | typeof SAFE_RESTARTABLE;
/** Strategies whose operations resolve to a message id for `getResponse`. */
export type AsyncStrategy = typeof ASYNC | typeof ASYNC_STREAM | typeof MOCK_ASYNC | typeof REUSABLE;

export const BASE = 'BASE';
export const LEVEL = 'LEVEL';
export const SUBTREE = 'SUBTREE';
export type Scope = typeof BASE | typeof LEVEL | typeof SUBTREE;

export const DEREF_NEVER = 'DEREF_NEVER';
export const DEREF_SEARCH = 'DEREF_SEARCH';
export const DEREF_BASE = 'DEREF_BASE';
export const DEREF_ALWAYS = 'DEREF_ALWAYS';
export type Deref = typeof DEREF_NEVER | typeof DEREF_SEARCH | typeof DEREF_BASE | typeof DEREF_ALWAYS;

export const ALL_ATTRIBUTES = '*';
export const ALL_OPERATIONAL_ATTRIBUTES = '+';
export const NO_ATTRIBUTES = '1.1';

export const MODIFY_ADD = 'MODIFY_ADD';
export const MODIFY_DELETE = 'MODIFY_DELETE';
export const MODIFY_REPLACE = 'MODIFY_REPLACE';
export const MODIFY_INCREMENT = 'MODIFY_INCREMENT';
export type ModifyOp =
  typeof MODIFY_ADD | typeof MODIFY_DELETE | typeof MODIFY_REPLACE | typeof MODIFY_INCREMENT;

export const ANONYMOUS = 'ANONYMOUS';
export const SIMPLE = 'SIMPLE';
export const SASL = 'SASL';
export type Authentication = typeof ANONYMOUS | typeof SIMPLE | typeof SASL;
export const EXTERNAL = 'EXTERNAL';
export const PLAIN = 'PLAIN';
export const SCRAM_SHA_256 = 'SCRAM-SHA-256';
export const DIGEST_MD5 = 'DIGEST-MD5';

export const AUTO_BIND_NONE = 'AUTO_BIND_NONE';
export const AUTO_BIND_NO_TLS = 'AUTO_BIND_NO_TLS';
export const AUTO_BIND_TLS_BEFORE_BIND = 'AUTO_BIND_TLS_BEFORE_BIND';
export const AUTO_BIND_TLS_AFTER_BIND = 'AUTO_BIND_TLS_AFTER_BIND';
export type AutoBind =
  | typeof AUTO_BIND_NONE
  | typeof AUTO_BIND_NO_TLS
  | typeof AUTO_BIND_TLS_BEFORE_BIND
  | typeof AUTO_BIND_TLS_AFTER_BIND;

export const NONE = 'NONE';
export const DSA = 'DSA';
export const SCHEMA = 'SCHEMA';
export const ALL = 'ALL';
export const OFFLINE_SLAPD_2_5 = 'OFFLINE_SLAPD_2_5';
export const OFFLINE_AD_SAMBA_4 = 'OFFLINE_AD_SAMBA_4';
export const OFFLINE_DS389_2 = 'OFFLINE_DS389_2';
export type OfflineProfile = typeof OFFLINE_SLAPD_2_5 | typeof OFFLINE_AD_SAMBA_4 | typeof OFFLINE_DS389_2;
export type GetInfo = typeof NONE | typeof DSA | typeof SCHEMA | typeof ALL | OfflineProfile;

export const FIRST = 'FIRST';
export const ROUND_ROBIN = 'ROUND_ROBIN';
export const RANDOM = 'RANDOM';
export type PoolStrategy = typeof FIRST | typeof ROUND_ROBIN | typeof RANDOM;

export const IP_SYSTEM_DEFAULT = 'IP_SYSTEM_DEFAULT';
export const IP_V4_ONLY = 'IP_V4_ONLY';
export const IP_V6_ONLY = 'IP_V6_ONLY';
export const IP_V4_PREFERRED = 'IP_V4_PREFERRED';
export const IP_V6_PREFERRED = 'IP_V6_PREFERRED';
export type IpMode =
  | typeof IP_SYSTEM_DEFAULT
  | typeof IP_V4_ONLY
  | typeof IP_V6_ONLY
  | typeof IP_V4_PREFERRED
  | typeof IP_V6_PREFERRED;

/** RFC 4511 section 4.5.1.2 scope and 4.5.1.3 derefAliases as wire numbers. */
export const SCOPE_CODES = { BASE: 0, LEVEL: 1, SUBTREE: 2 } as const;
export const DEREF_CODES = { DEREF_NEVER: 0, DEREF_SEARCH: 1, DEREF_BASE: 2, DEREF_ALWAYS: 3 } as const;
/** RFC 4511 section 4.6 operation; increment is RFC 4525. */
export const MODIFY_CODES = {
  MODIFY_ADD: 0,
  MODIFY_DELETE: 1,
  MODIFY_REPLACE: 2,
  MODIFY_INCREMENT: 3,
} as const;
