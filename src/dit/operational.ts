/**
 * What the server maintains itself, and how it makes the values: the operational attribute
 * sets (server-maintained, manageable under relax, computed on read), entryUUID generators
 * (random, or seeded for deterministic golden tests) and slapd's GeneralizedTime stamps.
 */
import { createHash, randomUUID } from 'node:crypto';

/** A seeded UUID v4 generator for deterministic mode (xorshift32 over a hashed seed; not for security). */
export function seededUuid(seed: number): () => string {
  const h = createHash('sha256').update(String(seed)).digest();
  let s = h.readUInt32LE(0) || 1;
  const next = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
  // formatted through a byte table: bulk loads in deterministic mode draw one per entry
  const hex8 = (n: number) =>
    (HEX[n >>> 24] as string) + HEX[(n >>> 16) & 255] + HEX[(n >>> 8) & 255] + HEX[n & 255];
  return () => {
    const a = next();
    const b = next();
    const c = next();
    const d = next();
    // the version nibble 4 replaces b's fifth hex digit; the variant bits go into c's top byte
    return (
      `${hex8(a)}-${HEX[b >>> 24]}${HEX[(b >>> 16) & 255]}-4${NIBBLE[(b >>> 8) & 15]}${HEX[b & 255]}-` +
      `${HEX[((c >>> 24) & 0x3f) | 0x80]}${HEX[(c >>> 16) & 255]}-${HEX[(c >>> 8) & 255]}${HEX[c & 255]}${hex8(d)}`
    );
  };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const NIBBLE = '0123456789abcdef';

export const defaultUuid = (): string => randomUUID();

/** GeneralizedTime as slapd writes it: `YYYYMMDDHHMMSSZ` (RFC 4517 section 3.3.13). */
export function generalizedTime(d: Date): string {
  // bulk loads stamp many entries within one second: format each instant once
  const ms = d.getTime();
  if (ms === lastTime.ms) return lastTime.text;
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const text =
    p(d.getUTCFullYear(), 4) +
    p(d.getUTCMonth() + 1) +
    p(d.getUTCDate()) +
    p(d.getUTCHours()) +
    p(d.getUTCMinutes()) +
    p(d.getUTCSeconds()) +
    'Z';
  lastTime.ms = ms;
  lastTime.text = text;
  return text;
}

const lastTime = { ms: NaN, text: '' };

/** Attributes the server maintains: a client may not supply them (NO-USER-MODIFICATION). */
export const SERVER_MAINTAINED = new Set([
  'entrycsn',
  'entryuuid',
  'entrydn',
  'createtimestamp',
  'modifytimestamp',
  'creatorsname',
  'modifiersname',
  'structuralobjectclass',
  'subschemasubentry',
  'hassubordinates',
  'numsubordinates',
  'memberof',
]);

/** Server-maintained attributes a client may set under the relax rules control (slapd). */
export const MANAGEABLE: ReadonlySet<string> = new Set([
  'createtimestamp',
  'modifytimestamp',
  'creatorsname',
  'modifiersname',
  'entryuuid',
]);

/** Computed on read, never stored. */
// in slapd's order of output (measured): entryDN, subschemaSubentry, hasSubordinates
export const VIRTUAL = new Set(['entrydn', 'subschemasubentry', 'hassubordinates', 'numsubordinates']);
