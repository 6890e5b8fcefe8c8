#!/usr/bin/env python3
"""
Prints the two character classes of src/schema/matching-rules/prep.ts that keep RFC 4518 string
preparation on Unicode 3.2, the version RFC 3454 (and so RFC 4518) is written against, where
JavaScript's toLowerCase() and normalize() follow a much later Unicode:

- NOT_FOLDED: code points whose lower-case mapping did not exist in Unicode 3.2 (the code point,
  or a code point of its lower-case form, was unassigned then): table B.2 does not fold them.
- NOT_NORMALIZED: code points unassigned in Unicode 3.2 that NFKC now maps to something else:
  a Unicode 3.2 normaliser leaves them as they are.

slapd 2.5 agrees with both (measured 2026-11-26: U+023A, U+2C00, U+1C90, U+1E9E, U+13A0,
U+104B0, U+0370 and U+A722 not folded; U+1D2C, U+2150, U+32FF and U+1F110 not decomposed,
U+3251, assigned in 3.2, decomposed). Unicode 3.2 data: Python's unicodedata.ucd_3_2_0; the
current mappings come from node, so rerun after a Node.js upgrade.

  python3 scripts/gen-unicode32-tables.py
"""
import json
import subprocess
import unicodedata

JS = """
const lower = {};
const nfkc = [];
for (let cp = 0; cp <= 0x10ffff; cp++) {
  if (cp >= 0xd800 && cp <= 0xdfff) continue;
  const c = String.fromCodePoint(cp);
  const l = c.toLowerCase();
  if (l !== c) lower[cp] = l;
  if (c.normalize('NFKC') !== c) nfkc.push(cp);
}
process.stdout.write(JSON.stringify({ lower, nfkc }));
"""

data = json.loads(subprocess.run(['node', '-e', JS], capture_output=True, check=True, text=True).stdout)
u32 = unicodedata.ucd_3_2_0
unassigned = lambda s: any(u32.category(x) == 'Cn' for x in s)


def char_class(cps):
    ranges = []
    for cp in sorted(cps):
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    esc = lambda cp: f'\\u{{{cp:X}}}' if cp > 0xFFFF else f'\\u{cp:04X}'
    body = ''.join(esc(a) if a == b else f'{esc(a)}-{esc(b)}' for a, b in ranges)
    return f'{len(cps)} code points in {len(ranges)} ranges\n[{body}]'


not_folded = [int(k) for k, l in data['lower'].items() if unassigned(chr(int(k)) + l)]
not_normalized = [cp for cp in data['nfkc'] if unassigned(chr(cp))]
print('NOT_FOLDED:', char_class(not_folded))
print('NOT_NORMALIZED:', char_class(not_normalized))
