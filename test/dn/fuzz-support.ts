/** Deterministic random strings and mutations for the DN, filter and URL property tests. */

/** mulberry32: a small seeded PRNG, so every failure reproduces. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

/** Characters that matter to DN, filter and URL grammars, plus a few ordinary and non-ASCII ones. */
export const SPECIALS = [
  ...'()&|!=~<>:*\\,+;"#% ?/[]-._0123456789abcfxyzABCF',
  '\u0000',
  '\t',
  '\n',
  'é',
  '日',
  '😀',
  '\\2a',
  '\\c3',
  ':dn:',
  '%2C',
];

/** Insert, delete, replace or duplicate a few characters of `text`. */
export function mutate(rand: () => number, text: string, edits = 1 + Math.floor(rand() * 3)): string {
  let s = text;
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (s.length + 1));
    switch (Math.floor(rand() * 4)) {
      case 0:
        s = s.slice(0, at) + pick(rand, SPECIALS) + s.slice(at);
        break;
      case 1:
        s = s.slice(0, at) + s.slice(at + 1);
        break;
      case 2:
        s = s.slice(0, at) + pick(rand, SPECIALS) + s.slice(at + 1);
        break;
      default: {
        const end = at + Math.floor(rand() * 6);
        s = s.slice(0, end) + s.slice(at, end) + s.slice(end);
      }
    }
  }
  return s;
}

/** A random string over the grammar-relevant alphabet. */
export function randomString(rand: () => number, maxLength: number): string {
  const n = Math.floor(rand() * maxLength);
  let s = '';
  for (let i = 0; i < n; i++) s += pick(rand, SPECIALS);
  return s;
}
