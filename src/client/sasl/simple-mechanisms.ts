/** SASL EXTERNAL (RFC 4422 appendix A) and PLAIN (RFC 4616). */
import { LdapOptionError } from '../../errors.js';
import { concatBytes, utf8 } from '../../util/index.js';
import type { SaslCredentials, SaslMechanism } from './mechanism.js';

/** EXTERNAL: identity from the TLS client certificate or the ldapi peer; optional authzid. */
export class ExternalMechanism implements SaslMechanism {
  readonly name = 'EXTERNAL';
  constructor(private readonly authzid?: string) {}
  start(): Uint8Array {
    // An empty response asks the server to derive the identity (RFC 4422 appendix A.1).
    return utf8(this.authzid ?? '');
  }
  step(): Uint8Array {
    return utf8(this.authzid ?? '');
  }
}

/** PLAIN: `[authzid] NUL authcid NUL passwd` in one message; only sensible under TLS. */
export class PlainMechanism implements SaslMechanism {
  readonly name = 'PLAIN';
  constructor(private readonly credentials: SaslCredentials) {
    if (!credentials.user || credentials.password === undefined) {
      throw new LdapOptionError('SASL PLAIN needs user and password');
    }
  }
  start(): Uint8Array {
    const { authzid = '', user = '', password = '' } = this.credentials;
    const pw = typeof password === 'string' ? utf8(password) : password;
    return concatBytes([utf8(authzid), new Uint8Array([0]), utf8(user), new Uint8Array([0]), pw]);
  }
  step(): Uint8Array {
    throw new LdapOptionError('SASL PLAIN has no further steps');
  }
}
