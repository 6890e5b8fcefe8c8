/**
 * SCRAM-SHA-256 (RFC 5802, RFC 7677): client-first, server-first, client-final with proof,
 * server-final with the server signature, which we verify (mutual authentication).
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { LdapError, LdapOptionError } from '../../errors.js';
import { fromUtf8, utf8 } from '../../util/index.js';
import type { SaslCredentials, SaslMechanism } from './mechanism.js';

/** RFC 5802 section 5.1: `=` and `,` in user names are escaped as =3D and =2C. */
function saslName(name: string): string {
  return name.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

function parseAttributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq === 1) out.set(part.slice(0, 1), part.slice(2));
  }
  return out;
}

const hmac = (key: Buffer, data: string | Buffer): Buffer => createHmac('sha256', key).update(data).digest();

export class ScramSha256Mechanism implements SaslMechanism {
  readonly name = 'SCRAM-SHA-256';
  readonly #user: string;
  readonly #password: string;
  readonly #authzid: string;
  readonly #nonce: string;
  #clientFirstBare = '';
  #serverSignature: Buffer | undefined;

  constructor(credentials: SaslCredentials, nonce = randomBytes(18).toString('base64')) {
    if (!credentials.user || credentials.password === undefined)
      throw new LdapOptionError('SCRAM-SHA-256 needs user and password');
    this.#user = credentials.user;
    // SASLprep (RFC 4013) is the identity on the ASCII and common text passwords we accept.
    this.#password =
      typeof credentials.password === 'string' ? credentials.password : fromUtf8(credentials.password);
    this.#authzid = credentials.authzid ?? '';
    this.#nonce = nonce;
  }

  #gs2Header(): string {
    return `n,${this.#authzid ? `a=${saslName(this.#authzid)}` : ''},`;
  }

  start(): Uint8Array {
    this.#clientFirstBare = `n=${saslName(this.#user)},r=${this.#nonce}`;
    return utf8(this.#gs2Header() + this.#clientFirstBare);
  }

  step(challenge: Uint8Array): Uint8Array {
    const serverFirst = fromUtf8(challenge);
    const attrs = parseAttributes(serverFirst);
    const nonce = attrs.get('r');
    const salt = attrs.get('s');
    const iterations = Number(attrs.get('i'));
    if (attrs.has('e')) throw new LdapError('LDAP_SASL', `SCRAM server error: ${attrs.get('e')}`);
    if (!nonce || !salt || !Number.isInteger(iterations) || iterations < 1) {
      throw new LdapError('LDAP_SASL', 'malformed SCRAM server-first message');
    }
    if (!nonce.startsWith(this.#nonce))
      throw new LdapError('LDAP_SASL', 'SCRAM server nonce does not extend ours');
    const channelBinding = Buffer.from(this.#gs2Header()).toString('base64');
    const clientFinalNoProof = `c=${channelBinding},r=${nonce}`;
    const salted = pbkdf2Sync(this.#password, Buffer.from(salt, 'base64'), iterations, 32, 'sha256');
    const clientKey = hmac(salted, 'Client Key');
    const storedKey = createHash('sha256').update(clientKey).digest();
    const authMessage = `${this.#clientFirstBare},${serverFirst},${clientFinalNoProof}`;
    const clientSignature = hmac(storedKey, authMessage);
    const proof = Buffer.alloc(clientKey.length);
    for (let i = 0; i < proof.length; i++) proof[i] = (clientKey[i] ?? 0) ^ (clientSignature[i] ?? 0);
    this.#serverSignature = hmac(hmac(salted, 'Server Key'), authMessage);
    return utf8(`${clientFinalNoProof},p=${proof.toString('base64')}`);
  }

  finish(serverData: Uint8Array | undefined): void {
    if (!this.#serverSignature) return;
    const attrs = parseAttributes(serverData ? fromUtf8(serverData) : '');
    const v = attrs.get('v');
    if (v === undefined)
      throw new LdapError('LDAP_SASL', 'SCRAM server-final message carries no server signature');
    const got = Buffer.from(v, 'base64');
    if (got.length !== this.#serverSignature.length || !timingSafeEqual(got, this.#serverSignature)) {
      throw new LdapError(
        'LDAP_SASL',
        'SCRAM server signature does not verify: the server does not know the password',
      );
    }
  }
}
