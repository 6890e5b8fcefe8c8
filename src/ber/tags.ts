/**
 * BER identifier octets (X.690 section 8.1.2). A tag is kept as one number: for tag numbers
 * 0-30 it is the identifier octet itself (0x30 SEQUENCE, 0x63 [APPLICATION 3] constructed, 0x80
 * [0] primitive), so the LDAP hot path compares plain bytes. Tag numbers of 31 and above (the
 * multi-byte form of section 8.1.2.4) are `number * 256 + (class | constructed bits)`, which
 * never collides with a one-byte identifier.
 */

/** Class bits of the first identifier octet (X.690 section 8.1.2.2, table 1). */
export const TagClass = {
  universal: 0x00,
  application: 0x40,
  context: 0x80,
  private: 0xc0,
} as const;
export type TagClass = (typeof TagClass)[keyof typeof TagClass];

/** Bit 6 of the identifier octet: the contents are constructed (X.690 section 8.1.2.5). */
export const CONSTRUCTED = 0x20;

/** Universal tags LDAP uses (X.680 section 8.4), as identifier octets. */
export const Tag = {
  boolean: 0x01,
  integer: 0x02,
  octetString: 0x04,
  null: 0x05,
  enumerated: 0x0a,
  sequence: 0x30,
  set: 0x31,
} as const;
export type Tag = (typeof Tag)[keyof typeof Tag];

/** Largest tag number accepted; keeps `number * 256` exact and the identifier at most 5 bytes. */
export const MAX_TAG_NUMBER = 0x0fffffff;

/** Build a tag from its class, form and number. */
export function makeTag(cls: TagClass, constructed: boolean, number: number): number {
  if (!Number.isInteger(number) || number < 0 || number > MAX_TAG_NUMBER) {
    throw new RangeError(`tag number out of range: ${number}`);
  }
  const bits = cls | (constructed ? CONSTRUCTED : 0);
  return number < 31 ? bits | number : number * 256 + bits;
}

/** Context-specific tag `[n]` (implicit primitive unless `constructed`). */
export function contextTag(number: number, constructed = false): number {
  return makeTag(TagClass.context, constructed, number);
}

/** Application tag `[APPLICATION n]`. */
export function applicationTag(number: number, constructed = false): number {
  return makeTag(TagClass.application, constructed, number);
}

export function tagClass(tag: number): TagClass {
  return ((tag < 256 ? tag : tag % 256) & 0xc0) as TagClass;
}

export function isConstructed(tag: number): boolean {
  return ((tag < 256 ? tag : tag % 256) & CONSTRUCTED) !== 0;
}

export function tagNumber(tag: number): number {
  return tag < 256 ? tag & 0x1f : Math.floor(tag / 256);
}

/** `[APPLICATION 3]`, `[0]`, `UNIVERSAL 16` ... for error messages. */
export function describeTag(tag: number): string {
  const cls = tagClass(tag);
  const n = tagNumber(tag);
  const form = isConstructed(tag) ? ' constructed' : '';
  if (cls === TagClass.universal) {
    const name = UNIVERSAL_NAMES.get(n);
    return name ? `${name}${form}` : `[UNIVERSAL ${n}]${form}`;
  }
  const prefix = cls === TagClass.application ? 'APPLICATION ' : cls === TagClass.private ? 'PRIVATE ' : '';
  return `[${prefix}${n}]${form} (0x${tag.toString(16)})`;
}

const UNIVERSAL_NAMES = new Map<number, string>([
  [1, 'BOOLEAN'],
  [2, 'INTEGER'],
  [4, 'OCTET STRING'],
  [5, 'NULL'],
  [10, 'ENUMERATED'],
  [16, 'SEQUENCE'],
  [17, 'SET'],
]);
