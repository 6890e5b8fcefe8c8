/**
 * The SASL mechanism interface (RFC 4422 section 3): a client exchange of an optional initial
 * response, then one response per server challenge. LDAP carries it in BindRequests
 * (RFC 4513 section 5.2); `saslBindInProgress` (14) asks for the next step.
 */
export interface SaslMechanism {
  /** Registered mechanism name, e.g. `'SCRAM-SHA-256'`. */
  readonly name: string;
  /** The initial response; undefined sends no credentials. */
  start(): Uint8Array | undefined | Promise<Uint8Array | undefined>;
  /** Response to a server challenge (serverSaslCreds of a saslBindInProgress answer). */
  step(challenge: Uint8Array): Uint8Array | undefined | Promise<Uint8Array | undefined>;
  /**
   * Check the server's final data (RFC 5802 server signature, RFC 2831 rspauth) on success.
   * Throws when the server did not prove itself.
   */
  finish?(serverData: Uint8Array | undefined): void;
}

/** What a user gives for SASL (ldap3's sasl_credentials, named). */
export interface SaslCredentials {
  /** Authentication identity (authcid). */
  user?: string;
  password?: string | Uint8Array;
  /** Authorization identity to assume (authzid); empty means "derive from authcid". */
  authzid?: string;
  realm?: string;
  /** Host name for DIGEST-MD5's digest-uri. */
  host?: string;
  /** Service name for DIGEST-MD5's digest-uri. @defaultValue `'ldap'` */
  service?: string;
}
