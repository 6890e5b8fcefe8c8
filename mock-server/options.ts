/**
 * Options of `startMockServer` and their defaults. The CLI (config.ts) builds the same object
 * from flags, LDAP3TS_* environment variables and an optional JSON config file.
 */
import type { AccessRule } from './handlers/access-control.js';
import type { AccessLogFormat } from './handlers/access-log.js';
import type { FaultRule } from './handlers/faults.js';

export type ProfileName = 'openldap' | 'ad' | '389ds' | 'none';

/** Resource limits; every one has a default that suits tests and small CI setups. */
export interface Limits {
  /** Largest LDAPMessage accepted, in bytes; a larger one is a protocol error. @defaultValue 16 MiB */
  maxMessageSize: number;
  /** Connections accepted at once; more are told `busy` and closed. @defaultValue 4096 */
  maxConnections: number;
  /** Operations running at once on one connection; beyond it the server stops reading until one ends. @defaultValue 1024 */
  maxOutstanding: number;
  /** Close a connection with no outstanding operation after this long, 0 for never. @defaultValue 0 */
  idleTimeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = {
  maxMessageSize: 16 * 1024 * 1024,
  maxConnections: 4096,
  maxOutstanding: 1024,
  idleTimeoutMs: 0,
};

export interface TlsOptions {
  /** PEM certificate chain (text or bytes) or, with `certFile`, a path. */
  cert?: string | Uint8Array;
  key?: string | Uint8Array;
  certFile?: string;
  keyFile?: string;
  /** CA used to verify client certificates (SASL EXTERNAL). */
  ca?: string | Uint8Array;
  caFile?: string;
  /** Ask clients for a certificate. @defaultValue true when a CA is given */
  requestCert?: boolean;
  /** Port of an ldaps:// listener; absent: StartTLS only. 0 picks a free port. */
  ldapsPort?: number;
}

export interface MockServerOptions {
  /** LDIF files (paths) or LDIF text (anything containing a newline) loaded in order. */
  ldif?: string | readonly string[];
  /** ldap3 JSON dump files loaded in order. */
  json?: string | readonly string[];
  /**
   * Serve this directory instead of building one (shared, not copied; `ldif`/`json` are loaded
   * into it). `profile`, `rootDn` and `rootPassword` then only matter to the server itself: pass
   * `rootDn` again if access rules should let the directory's administrator through.
   */
  directory?: import('../src/dit/index.js').Directory;
  /** @defaultValue '127.0.0.1' */
  host?: string;
  /** @defaultValue 0 (a free port) */
  port?: number;
  /** Path of an ldapi:// Unix socket to listen on as well. */
  socketPath?: string;
  tls?: TlsOptions;
  /** @defaultValue 'openldap' */
  profile?: ProfileName;
  rootDn?: string;
  rootPassword?: string;
  /**
   * Server-side size limit for all but the root DN (see DirectoryOptions.sizeLimit; 0 lifts it).
   * @defaultValue 500 for the openldap profile, as slapd
   */
  sizeLimit?: number;
  /** Let anonymous clients read. @defaultValue true */
  anonymousRead?: boolean;
  /** Refuse writes from anonymous clients. @defaultValue true */
  writesRequireBind?: boolean;
  accessRules?: readonly AccessRule[];
  faults?: readonly FaultRule[];
  /** Access log: 'text' or 'json' lines on `logStream` (stderr by default); absent: no log. */
  accessLog?: AccessLogFormat;
  logStream?: NodeJS.WritableStream;
  /** Port of the HTTP admin endpoint on `host`; absent: none. */
  adminPort?: number;
  /** Records kept in the journal. @defaultValue 100000 */
  journalLimit?: number;
  limits?: Partial<Limits>;
}
