/**
 * `conn.extend.novell`: eDirectory's Get Bind DN, and LDAP transactions (RFC 5805) which
 * eDirectory and OpenLDAP (with `txn`) implement.
 */
import { LdapResultError } from '../../errors.js';
import { BerReader, BerWriter } from '../../ber/index.js';
import { fromUtf8 } from '../../util/index.js';
import type { ExtendHost } from './host.js';

const GET_BIND_DN = '2.16.840.1.113719.1.27.100.31';
const START_TXN = '1.3.6.1.1.21.1';
const END_TXN = '1.3.6.1.1.21.3';
/** RFC 5805 section 2.2: the control naming the transaction of an update. */
export const TRANSACTION_SPECIFICATION = '1.3.6.1.1.21.2';

export class NovellExtend {
  constructor(private readonly host: ExtendHost) {}

  /** The DN the connection is bound as (eDirectory extension). */
  async getBindDn(): Promise<string | null> {
    const c = await this.host.run({ type: 'ExtendedRequest', requestName: GET_BIND_DN });
    if (c.result.result !== 0) {
      if (this.host.options.raiseExceptions) throw new LdapResultError(c.result);
      return null;
    }
    const v = c.result.responseValue;
    if (!(v instanceof Uint8Array) || v.length === 0) return '';
    // The value is an OCTET STRING wrapped in BER by eDirectory; accept plain text too.
    try {
      return fromUtf8(new BerReader(v).readOctetString());
    } catch {
      return fromUtf8(v);
    }
  }

  /** RFC 5805 section 2.1: start a transaction; resolves to its identifier (use it in the transactionSpecification control). */
  async startTransaction(): Promise<Uint8Array | null> {
    const c = await this.host.run({ type: 'ExtendedRequest', requestName: START_TXN });
    if (c.result.result !== 0) {
      if (this.host.options.raiseExceptions) throw new LdapResultError(c.result);
      return null;
    }
    return c.result.responseValue instanceof Uint8Array ? c.result.responseValue : null;
  }

  /** RFC 5805 section 2.3: txnEndReq ::= SEQUENCE { commit BOOLEAN DEFAULT TRUE, identifier OCTET STRING } */
  async endTransaction(identifier: Uint8Array, commit = true): Promise<boolean> {
    const w = new BerWriter(64);
    w.startSequence();
    if (!commit) w.writeBoolean(false);
    w.writeOctetString(identifier);
    w.endSequence();
    const c = await this.host.run({
      type: 'ExtendedRequest',
      requestName: END_TXN,
      requestValue: w.toBytes(),
    });
    if (c.result.result !== 0 && this.host.options.raiseExceptions) throw new LdapResultError(c.result);
    return c.result.result === 0;
  }

  /** The control that puts an update into a transaction. */
  static transactionControl(identifier: Uint8Array): { oid: string; critical: true; value: Uint8Array } {
    return { oid: TRANSACTION_SPECIFICATION, critical: true, value: identifier };
  }
}
