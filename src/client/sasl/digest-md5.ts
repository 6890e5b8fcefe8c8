/**
 * DIGEST-MD5 (RFC 2831, historic per RFC 6331) for old servers: qop=auth only, no integrity
 * or confidentiality layer.
 */
import { createHash, randomBytes } from 'node:crypto';
import { LdapError, LdapOptionError } from '../../errors.js';
import { fromUtf8, utf8 } from '../../util/index.js';
import type { SaslCredentials, SaslMechanism } from './mechanism.js';

/** RFC 2831 section 7.1 `digest-challenge`: comma-separated key=value, values optionally quoted. */
export function parseDigestChallenge(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /\s*([a-zA-Z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,]*))\s*(?:,|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && m[0] !== '') {
    const key = (m[1] ?? '').toLowerCase();
    const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '').trim();
    if (!out.has(key)) out.set(key, value);
  }
  return out;
}

const md5 = (data: Buffer | string): Buffer => createHash('md5').update(data).digest();
const md5hex = (data: Buffer | string): string => createHash('md5').update(data).digest('hex');
const quote = (s: string): string => `"${s.replace(/(["\\])/g, '\\$1')}"`;

export class DigestMd5Mechanism implements SaslMechanism {
  readonly name = 'DIGEST-MD5';
  readonly #credentials: SaslCredentials;
  readonly #cnonce: string;
  #expectedRspauth: string | undefined;

  constructor(credentials: SaslCredentials, cnonce = randomBytes(16).toString('hex')) {
    if (!credentials.user || credentials.password === undefined)
      throw new LdapOptionError('DIGEST-MD5 needs user and password');
    this.#credentials = credentials;
    this.#cnonce = cnonce;
  }

  start(): undefined {
    return undefined;
  }

  step(challenge: Uint8Array): Uint8Array | undefined {
    const fields = parseDigestChallenge(fromUtf8(challenge));
    if (fields.has('rspauth')) {
      // Second challenge: the server's proof; we answer with an empty response (section 2.1.3).
      if (this.#expectedRspauth !== undefined && fields.get('rspauth') !== this.#expectedRspauth) {
        throw new LdapError('LDAP_SASL', 'DIGEST-MD5 rspauth does not verify');
      }
      return undefined;
    }
    const nonce = fields.get('nonce');
    if (!nonce) throw new LdapError('LDAP_SASL', 'DIGEST-MD5 challenge without nonce');
    const qops = (fields.get('qop') ?? 'auth').split(',').map((q) => q.trim());
    if (!qops.includes('auth')) throw new LdapError('LDAP_SASL', 'DIGEST-MD5 server does not offer qop=auth');
    const { user = '', password = '', authzid, host = 'localhost' } = this.#credentials;
    const realm = this.#credentials.realm ?? fields.get('realm') ?? '';
    const digestUri = `${this.#credentials.service ?? 'ldap'}/${host}`;
    const nc = '00000001';
    const pw = typeof password === 'string' ? password : fromUtf8(password);
    // RFC 2831 section 2.1.2.1: A1 = { H(user:realm:pass), ":", nonce, ":", cnonce [, ":", authzid] }
    const a1Parts = [
      md5(`${user}:${realm}:${pw}`),
      Buffer.from(`:${nonce}:${this.#cnonce}${authzid ? `:${authzid}` : ''}`),
    ];
    const ha1 = md5hex(Buffer.concat(a1Parts));
    const response = md5hex(
      `${ha1}:${nonce}:${nc}:${this.#cnonce}:auth:${md5hex(`AUTHENTICATE:${digestUri}`)}`,
    );
    this.#expectedRspauth = md5hex(`${ha1}:${nonce}:${nc}:${this.#cnonce}:auth:${md5hex(`:${digestUri}`)}`);
    const parts = [
      `username=${quote(user)}`,
      ...(realm ? [`realm=${quote(realm)}`] : []),
      `nonce=${quote(nonce)}`,
      `cnonce=${quote(this.#cnonce)}`,
      `nc=${nc}`,
      'qop=auth',
      `digest-uri=${quote(digestUri)}`,
      `response=${response}`,
      ...(fields.get('charset') === 'utf-8' ? ['charset=utf-8'] : []),
      ...(authzid ? [`authzid=${quote(authzid)}`] : []),
    ];
    return utf8(parts.join(','));
  }

  finish(serverData: Uint8Array | undefined): void {
    if (!serverData || serverData.length === 0) return;
    this.step(serverData);
  }
}
