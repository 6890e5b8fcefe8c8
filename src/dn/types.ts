/**
 * DN model (RFC 4514). A DN is a list of RDNs, leftmost (most specific) first; an RDN is a
 * non-empty set of AVAs (multi-valued RDNs, `cn=a+sn=b`).
 */
export interface Ava {
  /** Attribute type as written: a descriptor (`cn`) or a numeric OID (`2.5.4.3`). */
  readonly type: string;
  /** The value with every RFC 4514 escape removed (UTF-8 text). For `#hex` values, the hex as written. */
  readonly value: string;
  /** Present when the value was written as `#hexstring`: the BER encoding it stands for. */
  readonly binary?: Uint8Array;
}
export type Rdn = readonly Ava[];
export type Dn = readonly Rdn[];
