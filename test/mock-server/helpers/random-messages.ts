/**
 * Seeded generators of random LDAP requests and of mutated/random byte strings for the fuzz test.
 * Deterministic for a given seed so a failure can be replayed.
 */
import type { Filter } from '../../../src/filter/index.js';
import type { LdapMessage, RequestOp } from '../../../src/protocol/index.js';

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Gen {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = rng(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  bytes(max: number): Uint8Array {
    const out = new Uint8Array(this.int(max + 1));
    for (let i = 0; i < out.length; i++) out[i] = this.int(256);
    return out;
  }
  text(max: number): string {
    const alphabet = [
      'a',
      'b',
      'Z',
      '0',
      ' ',
      ',',
      '=',
      '+',
      '\\',
      '"',
      '#',
      ';',
      '<',
      '*',
      '(',
      ')',
      'é',
      '中',
      '\u0000',
      '😀',
    ];
    let s = '';
    const n = this.int(max + 1);
    for (let i = 0; i < n; i++) s += this.pick(alphabet);
    return s;
  }
  attr(): string {
    return this.pick([
      'cn',
      'sn',
      'uid',
      'mail',
      'objectClass',
      'member',
      '2.5.4.3',
      'cn;lang-fr',
      '__proto__',
      'constructor',
      'x-unknown',
      '',
      this.text(6),
    ]);
  }
  dn(): string {
    return this.pick([
      '',
      'dc=example,dc=com',
      'ou=people,dc=example,dc=com',
      'uid=nobody,ou=people,dc=example,dc=com',
      `cn=${this.text(8)},dc=example,dc=com`,
      this.text(20),
      'cn=a+sn=b,dc=example,dc=com',
      'CN=X\\2C Y,DC=example,DC=com',
    ]);
  }
  value(): Uint8Array {
    return this.next() < 0.5 ? new TextEncoder().encode(this.text(10)) : this.bytes(12);
  }
  filter(depth = 0): Filter {
    const k = this.int(depth > 3 ? 6 : 10);
    switch (k) {
      case 0:
        return { type: 'equalityMatch', attribute: this.attr(), value: this.value() };
      case 1:
        return { type: 'present', attribute: this.attr() };
      case 2:
        return {
          type: 'substrings',
          attribute: this.attr(),
          ...(this.next() < 0.5 ? { initial: this.value() } : {}),
          // At least one part: SubstringFilter.substrings is SIZE (1..MAX) (RFC 4511 section 4.5.1.7.2).
          any: this.next() < 0.5 ? [this.value()] : [new Uint8Array([0x61])],
          ...(this.next() < 0.5 ? { final: this.value() } : {}),
        };
      case 3:
        return { type: 'greaterOrEqual', attribute: this.attr(), value: this.value() };
      case 4:
        return { type: 'approxMatch', attribute: this.attr(), value: this.value() };
      case 5:
        return {
          type: 'extensibleMatch',
          ...(this.next() < 0.5
            ? { matchingRule: this.pick(['caseExactMatch', '2.5.13.2', '1.2.840.113556.1.4.803', 'bogus']) }
            : {}),
          // The encoder refuses a rule-less, attribute-less match, so keep at least the attribute.
          attribute: this.attr(),
          value: this.value(),
          dnAttributes: this.next() < 0.5,
        };
      case 6:
        return { type: 'not', filter: this.filter(depth + 1) };
      case 7:
      case 8:
        return {
          type: this.pick(['and', 'or'] as const),
          filters: Array.from({ length: this.int(4) }, () => this.filter(depth + 1)),
        };
      default:
        return { type: 'lessOrEqual', attribute: this.attr(), value: this.value() };
    }
  }
  /** A random, well-formed request an anonymous client may send (no Unbind: it ends the batch). */
  request(): RequestOp {
    switch (this.int(9)) {
      case 0:
        return {
          type: 'SearchRequest',
          baseObject: this.dn(),
          scope: this.int(4) as 0 | 1 | 2 | 3,
          derefAliases: this.int(4) as 0 | 1 | 2 | 3,
          sizeLimit: this.int(5),
          timeLimit: this.int(3),
          typesOnly: this.next() < 0.2,
          filter: this.filter(),
          attributes: Array.from({ length: this.int(4) }, () =>
            this.pick(['*', '+', '1.1', 'cn', this.attr()]),
          ),
        };
      case 1:
        return {
          type: 'CompareRequest',
          entry: this.dn(),
          attributeDesc: this.attr(),
          assertionValue: this.value(),
        };
      case 2:
        return {
          type: 'AddRequest',
          entry: this.dn(),
          attributes: [
            { type: 'objectClass', vals: [new TextEncoder().encode('person')] },
            { type: this.attr(), vals: [this.value()] },
          ],
        };
      case 3:
        return {
          type: 'ModifyRequest',
          object: this.dn(),
          changes: [
            {
              operation: this.int(4) as 0 | 1 | 2 | 3,
              modification: { type: this.attr(), vals: [this.value()] },
            },
          ],
        };
      case 4:
        return { type: 'DelRequest', dn: this.dn() };
      case 5:
        return {
          type: 'ModifyDNRequest',
          entry: this.dn(),
          newrdn: `cn=${this.text(5)}`,
          deleteoldrdn: this.next() < 0.5,
        };
      case 6:
        return {
          type: 'ExtendedRequest',
          requestName: this.pick([
            '1.3.6.1.4.1.4203.1.11.3',
            '1.3.6.1.1.8',
            '1.2.3.4',
            '1.3.6.1.4.1.4203.1.11.1',
          ]),
          ...(this.next() < 0.5 ? { requestValue: this.bytes(10) } : {}),
        };
      case 7:
        return { type: 'AbandonRequest', messageID: this.int(50) };
      default:
        return {
          type: 'BindRequest',
          version: this.pick([3, 3, 3, 2, 7]),
          name: this.dn(),
          authentication:
            this.next() < 0.5
              ? { type: 'simple', password: this.bytes(6) }
              : {
                  type: 'sasl',
                  mechanism: this.pick(['EXTERNAL', 'PLAIN', 'SCRAM-SHA-256', 'X']),
                  credentials: this.bytes(8),
                },
        };
    }
  }
  controls(): LdapMessage['controls'] {
    if (this.next() < 0.8) return undefined;
    return [
      {
        oid: this.pick(['1.2.840.113556.1.4.319', '1.2.840.113556.1.4.473', '1.3.6.1.1.12', '9.9.9']),
        critical: this.next() < 0.5,
        value: this.bytes(8),
      },
    ];
  }
  /** Damage `bytes`: flips, insertions, deletions, a rewritten length byte, truncation. */
  mutate(bytes: Uint8Array): Uint8Array {
    const out = Array.from(bytes);
    const n = 1 + this.int(4);
    for (let i = 0; i < n; i++) {
      const at = this.int(out.length + 1);
      switch (this.int(5)) {
        case 0:
          if (out.length) out[at % out.length] = this.int(256);
          break;
        case 1:
          out.splice(at, 0, this.int(256));
          break;
        case 2:
          out.splice(at, 1);
          break;
        case 3:
          if (out.length > 1) out[1] = this.pick([0x80, 0x84, 0xff, 0x00, this.int(256)]);
          break;
        default:
          out.length = Math.min(out.length, at);
      }
    }
    return Uint8Array.from(out);
  }
}
