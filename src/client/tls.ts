/**
 * TLS settings for ldaps:// and StartTLS. Certificates are verified by default (RFC 4513
 * section 3.1.3 asks clients to check the server identity); `validate: 'none'` is the explicit
 * opt-out.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { checkServerIdentity, type ConnectionOptions } from 'node:tls';
import { LdapOptionError } from '../errors.js';

export type TlsValidate = 'required' | 'optional' | 'none';
/** PEM text, a file path, or bytes. */
export type PemSource = string | Uint8Array;

export interface TlsOptions {
  /**
   * `'required'`: chain and server name verified; `'optional'`: chain verified, name not;
   * `'none'`: nothing verified (the explicit opt-out).
   * @defaultValue `'required'`
   */
  validate?: TlsValidate;
  /** Trusted CA certificate(s): PEM text, file path or bytes. Default: Node's bundled roots. */
  ca?: PemSource | PemSource[];
  /** Client certificate (for SASL EXTERNAL). */
  cert?: PemSource;
  /** Client private key. */
  key?: PemSource;
  /** Name to verify the certificate against (and SNI); default the server host. */
  servername?: string;
  minVersion?: ConnectionOptions['minVersion'];
  ciphers?: string;
  /** Any other node:tls option, passed through. */
  extra?: ConnectionOptions;
}

function load(source: PemSource, what: string): string | Buffer {
  if (typeof source !== 'string') return Buffer.from(source);
  if (source.includes('-----BEGIN')) return source;
  try {
    return readFileSync(source);
  } catch (err) {
    throw new LdapOptionError(`cannot read TLS ${what} file ${source}: ${(err as Error).message}`);
  }
}

export class Tls {
  readonly validate: TlsValidate;
  readonly servername: string | undefined;
  readonly #options: TlsOptions;

  constructor(options: TlsOptions = {}) {
    const validate = options.validate ?? 'required';
    if (validate !== 'required' && validate !== 'optional' && validate !== 'none') {
      throw new LdapOptionError(
        `Tls validate must be 'required', 'optional' or 'none', not ${String(validate)}`,
      );
    }
    if ((options.cert === undefined) !== (options.key === undefined)) {
      throw new LdapOptionError('Tls cert and key must be given together');
    }
    this.validate = validate;
    this.servername = options.servername;
    this.#options = options;
  }

  /** The node:tls options for a connection to `host`. */
  connectionOptions(host: string): ConnectionOptions {
    const o = this.#options;
    // 'optional' checks the chain but not the name (Python's CERT_OPTIONAL verifies the chain in client mode).
    const result: ConnectionOptions = { ...o.extra, rejectUnauthorized: this.validate !== 'none' };
    if (o.ca !== undefined) result.ca = (Array.isArray(o.ca) ? o.ca : [o.ca]).map((c) => load(c, 'ca'));
    if (o.cert !== undefined) result.cert = load(o.cert, 'cert');
    if (o.key !== undefined) result.key = load(o.key, 'key');
    if (o.minVersion !== undefined) result.minVersion = o.minVersion;
    if (o.ciphers !== undefined) result.ciphers = o.ciphers;
    const servername = o.servername ?? host;
    // SNI must not carry an IP address (RFC 6066 section 3); identity checks still use it.
    if (!/^[\d.]+$/.test(servername) && !servername.includes(':')) result.servername = servername;
    else if (o.servername !== undefined) result.servername = o.servername;
    if (this.validate === 'optional') result.checkServerIdentity = () => undefined;
    else if (this.validate === 'required' && o.servername !== undefined) {
      // Verify against the configured name, not the address we dialled.
      result.checkServerIdentity = (_host, cert) => checkServerIdentity(servername, cert);
    }
    return result;
  }

  /**
   * The client certificate's subject as an LDAP DN (`cn=client,ou=people,dc=example,dc=com`):
   * the identity a server derives for SASL EXTERNAL (RFC 4513 section 5.2.3). The MOCK
   * strategies present it to the in-memory directory.
   */
  clientCertificateDn(): string | undefined {
    if (this.#options.cert === undefined) return undefined;
    const subject = new X509Certificate(load(this.#options.cert, 'cert')).subject;
    // X509Certificate lists RDNs most significant first, one per line; a DN string is the reverse.
    return subject
      .split('\n')
      .filter((line) => line.includes('='))
      .reverse()
      .map((line) => {
        const eq = line.indexOf('=');
        return `${line.slice(0, eq).toLowerCase()}=${line.slice(eq + 1)}`;
      })
      .join(',');
  }

  /** True when a client certificate is configured (SASL EXTERNAL over TLS). */
  get hasClientCertificate(): boolean {
    return this.#options.cert !== undefined;
  }

  toJSON(): Record<string, unknown> {
    return {
      validate: this.validate,
      servername: this.servername,
      clientCertificate: this.hasClientCertificate,
    };
  }
}
