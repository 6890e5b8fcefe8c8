/**
 * Approximate matching (`~=`, RFC 4511 section 4.5.1.7.6 leaves the algorithm to the server).
 * ldap3ts does what slapd 2.5 does, measured against a real slapd on this machine:
 *
 * - Both values are decomposed (NFKD) and stripped of everything outside ASCII (`Smíth` ~
 *   `Smith`, `Rob\u05d0ert` ~ `Robert`) and of most control characters.
 * - They are split into words at spaces. A word's sound is the Metaphone code (Lawrence
 *   Philips' rules with the `CHR`/`SCH` refinement, G always hard or soft as slapd has it) of
 *   its leading run of ASCII letters, cut to four characters as slapd's MAXPHONEMELEN
 *   (`enginex` ~ `Engineer`, `contractorx` ~ `contractor`): `robert-xyz` sounds like `robert`, `1robert` like nothing (as does `ba`).
 * - Every word of the assertion must sound like a word of the value, in order, each value word
 *   used once (`Robert Smith` ~ `smyth`, not ~ `Smith Robert`). An assertion of no words matches
 *   nothing.
 *
 * Attributes whose equality rule is not a caseIgnore/caseExact (IA5) rule fall back to their
 * equality rule, as slapd does and RFC 4511 allows.
 */
import { fromUtf8Strict } from '../../util/index.js';
import { normalize32 } from './prep.js';
import { SYNTAX_OIDS, type RuleFactory } from './rule.js';

const VOWELS = 'AEIOU';
const FRONT = 'EIY'; // makes C and G soft
const AFFECT_H = 'CGPST';

/** Metaphone code of an upper-case ASCII word. */
export function metaphone(word: string): string {
  const w = word.toUpperCase();
  const at = (i: number): string => (i >= 0 && i < w.length ? w[i]! : '');
  let out = '';
  let i = 0;
  // prefixes
  switch (at(0)) {
    case 'A':
      if (at(1) === 'E') {
        out += 'E';
        i = 2;
      } else {
        out += 'A';
        i = 1;
      }
      break;
    case 'G':
    case 'K':
    case 'P':
      if (at(1) === 'N') {
        out += 'N';
        i = 2;
      }
      break;
    case 'W':
      if (at(1) === 'R') {
        out += 'R';
        i = 2;
      } else if (at(1) === 'H' || VOWELS.includes(at(1) || '-')) {
        out += 'W';
        i = 2;
      }
      break;
    case 'X':
      out += 'S';
      i = 1;
      break;
    case 'E':
    case 'I':
    case 'O':
    case 'U':
      out += at(0);
      i = 1;
      break;
  }
  // a letter consumed by the prefix rules does not make the next one a duplicate (slapd: xx is SKS)
  const start = i;
  for (; i < w.length; i++) {
    const c = w[i]!;
    const prev = at(i - 1);
    const next = at(i + 1);
    const after = at(i + 2);
    if (c === prev && c !== 'C' && i > start) continue;
    switch (c) {
      case 'B':
        // measured on slapd 2.5: B sounds only at the end of a word, and not after M (ab; not bach, abba, tomb)
        if (next === '' && prev !== 'M') out += 'B';
        break;
      case 'C':
        if (next !== '' && FRONT.includes(next)) {
          if (next === 'I' && after === 'A') out += 'X';
          else if (prev !== 'S') out += 'S';
        } else if (next === 'H') {
          // CHR and SCH are hard (Christ, school), and so is the word `ch` alone, as in slapd
          out += after === 'R' || prev === 'S' || (prev === '' && after === '') ? 'K' : 'X';
          i++;
        } else out += 'K';
        break;
      case 'D':
        if (next === 'G' && after !== '' && FRONT.includes(after)) {
          out += 'J';
          i++;
        } else out += 'T';
        break;
      case 'G':
        // slapd 2.5 has no silent GH / GN (`tough` is TK, `sign` SKN), and its soft G sounds
        // like neither J nor K (`gem` ~ `gym`, not ~ `jem`): coded G here
        if (next !== '' && FRONT.includes(next) && prev !== 'G') out += 'G';
        else out += 'K';
        break;
      case 'H':
        if (next !== '' && VOWELS.includes(next) && !(prev !== '' && AFFECT_H.includes(prev))) out += 'H';
        break;
      case 'K':
        if (prev !== 'C') out += 'K';
        break;
      case 'P':
        out += next === 'H' ? 'F' : 'P';
        break;
      case 'Q':
        out += 'K';
        break;
      case 'S':
        if (next === 'I' && (after === 'O' || after === 'A')) out += 'X';
        else if (next === 'H') {
          out += 'X';
          i++;
        } else out += 'S';
        break;
      case 'T':
        if (next === 'I' && (after === 'O' || after === 'A')) out += 'X';
        else if (next === 'H') {
          out += '0';
          i++;
        } else if (!(next === 'C' && after === 'H')) out += 'T';
        break;
      case 'V':
        out += 'F';
        break;
      case 'W':
      case 'Y':
        if (next !== '' && VOWELS.includes(next)) out += c;
        break;
      case 'X':
        out += 'KS';
        break;
      case 'Z':
        out += 'S';
        break;
      case 'F':
      case 'J':
      case 'L':
      case 'M':
      case 'N':
      case 'R':
        out += c;
        break;
    }
  }
  return out;
}

/** A word's sound: the Metaphone code of its leading ASCII letters, at most four characters. */
function sound(word: string): string {
  // a word without leading letters sounds like nothing, and so like every other such word
  return metaphone(/^[A-Za-z]*/.exec(word)![0]).slice(0, 4);
}

/** Everything outside ASCII, and the C0 controls other than TAB..CR, and DEL. */
const DROPPED = /[^\t-\r\x20-\x7e]/g;

/**
 * The sounds of a stored value as slapd's approximate rule sees them (measured on slapd 2.5):
 * NFKD of Unicode 3.2 (`㎞` is `km`, NBSP and U+3000 become spaces, U+1680 does not, and
 * U+1F110, newer than 3.2, stays as it is), spaces trimmed and
 * runs of them collapsed (a value of spaces only is one space), then every code point outside ASCII dropped (`rob\u00e9rt`,
 * `rob\u05d0ert` and `rob\u00adert` are `robert`) with the C0 controls other than TAB..CR and
 * DEL. The rest is split at each space: a word made only of dropped characters stays as an
 * empty word (`x \u05d0` has the words `x` and ``). TAB or LF end a word's letters without
 * starting a new word.
 */
function valueSounds(text: string): string[] {
  const collapsed = normalize32(text, 'NFKD').replace(/ +/g, ' ');
  // a value of spaces only is kept as one space (two empty words), as slapd normalises it
  const spaced = collapsed === ' ' ? collapsed : collapsed.replace(/^ | $/g, '');
  return spaced.replace(DROPPED, '').split(' ').map(sound);
}

/** The sounds of an assertion: the same characters dropped, empty words skipped. */
function assertionSounds(text: string): string[] {
  const out: string[] = [];
  for (const w of normalize32(text, 'NFKD').replace(DROPPED, '').split(' '))
    if (w.length > 0) out.push(sound(w));
  return out;
}

/** slapd's approximate match of one value against an assertion (see the file comment). */
export function approximateMatch(value: string, assertion: string): boolean {
  const have = valueSounds(value);
  const want = assertionSounds(assertion);
  if (want.length === 0) return false;
  let next = 0;
  for (const s of want) {
    let j = next;
    while (j < have.length && have[j] !== s) j++;
    if (j >= have.length) return false;
    next = j + 1;
  }
  return true;
}

function approxRule(oid: string, name: string, syntax: string, ia5: boolean): RuleFactory {
  const text = (v: Uint8Array): string | undefined => {
    if (ia5 && v.some((b) => b > 0x7f)) return undefined;
    return fromUtf8Strict(v);
  };
  return () => ({
    oid,
    names: [name],
    syntax,
    kind: 'equality',
    normalize: text,
    matches(value, assertion) {
      const a = text(value);
      const b = text(assertion);
      return a === undefined || b === undefined ? undefined : approximateMatch(a, b);
    },
  });
}

/** OpenLDAP's approximate rules (experimental OIDs under 1.3.6.1.4.1.4203.666.4). */
export const APPROX_RULES: readonly RuleFactory[] = [
  approxRule('1.3.6.1.4.1.4203.666.4.4', 'directoryStringApproxMatch', SYNTAX_OIDS.directoryString, false),
  approxRule('1.3.6.1.4.1.4203.666.4.5', 'IA5StringApproxMatch', SYNTAX_OIDS.ia5String, true),
];

/** Equality rules that have an approximate counterpart, and which one. */
export const APPROX_FOR_EQUALITY: ReadonlyMap<string, string> = new Map([
  ['2.5.13.2', '1.3.6.1.4.1.4203.666.4.4'],
  ['2.5.13.5', '1.3.6.1.4.1.4203.666.4.4'],
  ['1.3.6.1.4.1.1466.109.114.1', '1.3.6.1.4.1.4203.666.4.5'],
  ['1.3.6.1.4.1.1466.109.114.2', '1.3.6.1.4.1.4203.666.4.5'],
]);
