#!/usr/bin/env python3
"""
Prints the code points whose JavaScript toLowerCase() mapping did not exist in Unicode 3.2, as
the character class for src/schema/matching-rules/prep.ts (NOT_FOLDED). RFC 4518 section 2.2
folds case with RFC 3454 table B.2, which is Unicode 3.2; slapd 2.5 folds no later pair either
(measured: U+023A, U+2C00, U+1C90, U+1E9E, U+13A0, U+104B0, U+0370, U+A722).

A code point is kept as it is when it, or a code point of its lower-case form, was unassigned in
Unicode 3.2 (Python's unicodedata.ucd_3_2_0). Needs node on PATH for the current mappings.

  python3 scripts/gen-fold-exclusions.py
"""
import json
import subprocess
import unicodedata

JS = """
const out = {};
for (let cp = 0; cp <= 0x10ffff; cp++) {
  if (cp >= 0xd800 && cp <= 0xdfff) continue;
  const c = String.fromCodePoint(cp);
  const l = c.toLowerCase();
  if (l !== c) out[cp] = l;
}
process.stdout.write(JSON.stringify(out));
"""

lower = json.loads(subprocess.run(['node', '-e', JS], capture_output=True, check=True, text=True).stdout)
u32 = unicodedata.ucd_3_2_0
keep = sorted(
    int(k)
    for k, l in lower.items()
    if u32.category(chr(int(k))) == 'Cn' or any(u32.category(x) == 'Cn' for x in l)
)
ranges = []
for cp in keep:
    if ranges and cp == ranges[-1][1] + 1:
        ranges[-1][1] = cp
    else:
        ranges.append([cp, cp])


def esc(cp):
    return f'\\u{{{cp:X}}}' if cp > 0xFFFF else f'\\u{cp:04X}'


print(f'// {len(keep)} code points in {len(ranges)} ranges')
print('[' + ''.join(esc(a) if a == b else f'{esc(a)}-{esc(b)}' for a, b in ranges) + ']')
