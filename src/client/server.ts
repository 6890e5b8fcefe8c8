/**
 * A server to connect to (ldap3's `Server`): address, TLS, what to read at bind time
 * (`getInfo`), and for the MOCK strategies the in-memory directory shared by every mock
 * connection to it.
 */
import { isIPv6 } from 'node:net';
import { LdapOptionError, UrlSyntaxError } from '../errors.js';
import { Directory } from '../dit/index.js';
import { Schema } from '../schema/index.js';
import { parseLdapUrl, type LdapUrl } from '../url/index.js';
import { schemaFromEntry } from './info-reader.js';
import type { GetInfo, IpMode, OfflineProfile } from './constants.js';
import { DsaInfo, offlineDefinition, profileNameOf } from './info.js';
import { Tls } from './tls.js';

export interface ServerOptions {
  port?: number;
  /** ldaps:// (TLS from the first byte); implied by an ldaps:// URL. */
  useSsl?: boolean;
  tls?: Tls;
  /** What to read after bind. @defaultValue `'SCHEMA'` */
  getInfo?: GetInfo;
  /** Milliseconds allowed for the TCP/TLS handshake. */
  connectTimeout?: number;
  mode?: IpMode;
  /** Hosts referrals may be followed to, and whether credentials may be sent there; `['*', false]` for any. */
  allowedReferralHosts?: Array<[host: string, allowAuth: boolean]>;
  /** Custom formatters by attribute name or syntax OID, taking precedence over the schema's. */
  formatter?: Record<string, (raw: Uint8Array) => unknown>;
  /** The in-memory DIT of the MOCK strategies. */
  directory?: Directory;
}

export interface ParsedAddress {
  scheme: 'ldap' | 'ldaps' | 'ldapi';
  host: string;
  port: number;
  path?: string;
}

const URL_LIKE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
/**
 * A bare host: a registered name of RFC 3986 section 3.2.2 unreserved characters (letters of any
 * script, for internationalised names) or an IPv4 address; IPv6 is checked apart.
 */
const HOST_NAME = /^[\p{L}\p{N}\-._~]+$/u;

/**
 * Split `ldap://host:port`, `ldaps://[::1]`, `ldapi://%2Fpath%2Fsock` (RFC 4516, parsed by the
 * URL layer) or a bare `host`, `host:port`, `[v6]:port`. Anything else, an unknown scheme
 * first, is refused here with an `LdapOptionError` rather than failing later at connect time.
 */
export function parseServerAddress(text: string, port?: number, useSsl?: boolean): ParsedAddress {
  let scheme: ParsedAddress['scheme'] = useSsl ? 'ldaps' : 'ldap';
  let host: string;
  let explicit: number | undefined;
  const url = URL_LIKE.exec(text);
  if (url) {
    const named = (url[1] ?? '').toLowerCase();
    if (named !== 'ldap' && named !== 'ldaps' && named !== 'ldapi')
      throw new LdapOptionError(
        `unsupported URL scheme ${JSON.stringify(url[1])} in ${JSON.stringify(text)}: use ldap://, ldaps:// or ldapi://`,
      );
    let parsed: LdapUrl;
    try {
      parsed = parseLdapUrl(text);
    } catch (err) {
      if (!(err instanceof UrlSyntaxError)) throw err;
      throw new LdapOptionError(`invalid server URL: ${err.message}`);
    }
    scheme = parsed.scheme;
    if (scheme === 'ldapi')
      return { scheme, host: 'localhost', port: 0, path: parsed.host || '/var/run/ldapi' };
    host = parsed.host;
    explicit = parsed.port; // the written port, else the scheme's default
  } else {
    host = text;
    const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
    const hp = /^([^:]*):(\d+)$/.exec(text);
    if (v6) {
      host = v6[1] ?? '';
      if (v6[2] !== undefined) explicit = Number(v6[2]);
      if (!isIPv6(host)) throw new LdapOptionError(`invalid IPv6 address in server ${JSON.stringify(text)}`);
    } else if (hp) {
      host = hp[1] ?? '';
      explicit = Number(hp[2]);
    }
    if (host !== '' && !HOST_NAME.test(host) && !isIPv6(host))
      throw new LdapOptionError(
        `invalid server address ${JSON.stringify(text)}: expected host, host:port, [IPv6]:port or an ldap://, ldaps:// or ldapi:// URL`,
      );
  }
  if (host === '') host = 'localhost';
  const chosen = port ?? explicit ?? (scheme === 'ldaps' ? 636 : 389);
  if (!Number.isInteger(chosen) || chosen < 0 || chosen > 65535)
    throw new LdapOptionError(`invalid port ${String(chosen)}`);
  return { scheme, host, port: chosen };
}

export class Server {
  readonly host: string;
  readonly port: number;
  readonly ssl: boolean;
  readonly path: string | undefined;
  readonly scheme: ParsedAddress['scheme'];
  readonly tls: Tls | undefined;
  readonly getInfo: GetInfo;
  readonly connectTimeout: number | undefined;
  readonly mode: IpMode;
  readonly allowedReferralHosts: Array<[string, boolean]>;
  readonly formatter: Map<string, (raw: Uint8Array) => unknown>;
  /** Root DSE information, read at bind time or from an offline profile. */
  info: DsaInfo | null = null;
  /** The subschema, read at bind time or from an offline profile. */
  schema: Schema | null = null;
  #directory: Directory | undefined;

  constructor(hostOrUrl: string, options: ServerOptions = {}) {
    const address = parseServerAddress(hostOrUrl, options.port, options.useSsl);
    this.scheme = address.scheme;
    this.host = address.host;
    this.port = address.port;
    this.path = address.path;
    this.ssl = address.scheme === 'ldaps';
    this.tls = options.tls ?? (this.ssl ? new Tls() : undefined);
    this.getInfo = options.getInfo ?? 'SCHEMA';
    this.connectTimeout = options.connectTimeout;
    this.mode = options.mode ?? 'IP_SYSTEM_DEFAULT';
    this.allowedReferralHosts = options.allowedReferralHosts ?? [];
    this.formatter = new Map(Object.entries(options.formatter ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    this.#directory = options.directory;
    if (this.getInfo.startsWith('OFFLINE_')) {
      const def = offlineDefinition(this.getInfo as OfflineProfile);
      this.info = def.info;
      this.schema = def.schema;
    }
  }

  /** Build a server from captured information: a DsaInfo or its JSON, and a Schema or its subschema-entry JSON (what `toJSON` writes). */
  static fromDefinition(
    name: string,
    dsaInfo: DsaInfo | { raw: Record<string, readonly string[]> },
    schema: Schema | Record<string, readonly string[]> | null,
    options: ServerOptions = {},
  ): Server {
    const server = new Server(name, { ...options, getInfo: 'NONE' });
    server.info = dsaInfo instanceof DsaInfo ? dsaInfo : DsaInfo.fromJSON(dsaInfo);
    server.schema =
      schema === null || schema instanceof Schema ? schema : schemaFromEntry(new Map(Object.entries(schema)));
    return server;
  }

  /** The in-memory DIT the MOCK strategies use: created on first use, then shared. */
  get directory(): Directory {
    if (!this.#directory) {
      const profile = this.getInfo.startsWith('OFFLINE_')
        ? profileNameOf(this.getInfo as OfflineProfile)
        : 'openldap';
      this.#directory = new Directory(this.schema ? { schema: this.schema, profile } : { profile });
    }
    return this.#directory;
  }

  get url(): string {
    if (this.scheme === 'ldapi') return `ldapi://${encodeURIComponent(this.path ?? '')}`;
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `${this.scheme}://${host}:${this.port}`;
  }

  /** Whether a referral to `host` may be followed, and with credentials. */
  referralAllowed(host: string): { allowed: boolean; allowAuth: boolean } {
    for (const [h, auth] of this.allowedReferralHosts) {
      if (h === '*' || h.toLowerCase() === host.toLowerCase()) return { allowed: true, allowAuth: auth };
    }
    return { allowed: false, allowAuth: false };
  }

  toString(): string {
    return `${this.url} - ${this.ssl ? 'ssl' : 'cleartext'}`;
  }

  /** Info and schema as JSON that `Server.fromDefinition` reads back (the schema as its subschema entry). */
  toJSON(): Record<string, unknown> {
    const schema = this.schema ? Object.fromEntries(this.schema.toSubschemaEntry()) : null;
    return { url: this.url, ssl: this.ssl, getInfo: this.getInfo, info: this.info?.toJSON() ?? null, schema };
  }
}
