/**
 * Parser for subschema definitions (RFC 4512 section 4.1): the values of attributeTypes,
 * objectClasses, matchingRules, matchingRuleUse, ldapSyntaxes, dITContentRules,
 * dITStructureRules and nameForms. Names only: resolving them is the registry's job.
 *
 *   AttributeTypeDescription = LPAREN WSP numericoid [ SP "NAME" SP qdescrs ] ...
 *   qdescrs = qdescr / ( LPAREN WSP [ qdescrlist ] WSP RPAREN )
 *   oids    = oid / ( LPAREN WSP oidlist WSP RPAREN ),  oidlist = oid *( WSP DOLLAR WSP oid )
 *   noidlen = numericoid [ LCURLY len RCURLY ]
 *
 * Strict by default. `lenient` accepts what real servers send: quoted OIDs (Samba's
 * `SYNTAX '1.3.6...'`), non-numeric OIDs (389 DS's `nsRole-oid`), keywords in any case, and
 * unknown keywords (skipped with their argument).
 */
import { SchemaError } from '../errors.js';
import type { AttributeUsage, ObjectClassKind } from './types.js';

export type DefinitionKind =
  | 'attributeTypes'
  | 'objectClasses'
  | 'matchingRules'
  | 'matchingRuleUse'
  | 'ldapSyntaxes'
  | 'dITContentRules'
  | 'dITStructureRules'
  | 'nameForms';

interface ParsedBase {
  /** The definition text as given. */
  readonly text: string;
  /** Numeric OID (or the 389 DS `xxx-oid` form when lenient); the rule ID for structure rules. */
  readonly oid: string;
  readonly names: string[];
  readonly description?: string;
  readonly obsolete: boolean;
  readonly extensions: Map<string, string[]>;
}

export interface ParsedAttributeType extends ParsedBase {
  readonly kind: 'attributeTypes';
  readonly sup?: string;
  readonly equality?: string;
  readonly ordering?: string;
  readonly substr?: string;
  readonly syntax?: string;
  readonly syntaxLength?: number;
  readonly singleValue: boolean;
  readonly collective: boolean;
  readonly noUserModification: boolean;
  readonly usage: AttributeUsage;
}
export interface ParsedObjectClass extends ParsedBase {
  readonly kind: 'objectClasses';
  readonly sup: string[];
  readonly classKind: ObjectClassKind;
  readonly must: string[];
  readonly may: string[];
}
export interface ParsedMatchingRule extends ParsedBase {
  readonly kind: 'matchingRules';
  readonly syntax: string;
}
export interface ParsedMatchingRuleUse extends ParsedBase {
  readonly kind: 'matchingRuleUse';
  readonly applies: string[];
}
export interface ParsedSyntax extends ParsedBase {
  readonly kind: 'ldapSyntaxes';
}
export interface ParsedContentRule extends ParsedBase {
  readonly kind: 'dITContentRules';
  readonly aux: string[];
  readonly must: string[];
  readonly may: string[];
  readonly not: string[];
}
export interface ParsedStructureRule extends ParsedBase {
  readonly kind: 'dITStructureRules';
  readonly form: string;
  readonly sup: string[];
}
export interface ParsedNameForm extends ParsedBase {
  readonly kind: 'nameForms';
  readonly oc: string;
  readonly must: string[];
  readonly may: string[];
}
export type ParsedDefinition =
  | ParsedAttributeType
  | ParsedObjectClass
  | ParsedMatchingRule
  | ParsedMatchingRuleUse
  | ParsedSyntax
  | ParsedContentRule
  | ParsedStructureRule
  | ParsedNameForm;

export interface ParseOptions {
  /** Accept real servers' deviations (see the file comment). @defaultValue false */
  lenient?: boolean;
}

type Token =
  | { t: '(' | ')' | '$'; pos: number }
  | { t: 'q'; v: string; pos: number }
  | { t: 'w'; v: string; pos: number };

const NUMERICOID = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+$/;
const DESCR = /^[A-Za-z][A-Za-z0-9-]*$/;
const USAGES: readonly AttributeUsage[] = [
  'userApplications',
  'directoryOperation',
  'distributedOperation',
  'dSAOperation',
];

function tokenize(text: string, fail: (msg: string, pos: number) => never): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '(' || c === ')' || c === '$') {
      out.push({ t: c, pos: i });
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) fail('unterminated quoted string', i);
      // qdstring escapes: \27 is a quote, \5C a backslash (RFC 4512 section 4.1)
      const raw = text.slice(i + 1, end);
      const v = raw.replace(/\\(27|5c)/gi, (_m, h: string) => (h === '27' ? "'" : '\\'));
      out.push({ t: 'q', v, pos: i });
      i = end + 1;
    } else {
      let j = i;
      while (j < text.length && !" \t\n\r()$'".includes(text[j]!)) j++;
      out.push({ t: 'w', v: text.slice(i, j), pos: i });
      i = j;
    }
  }
  return out;
}

/** Parse one definition of the given kind. Throws SchemaError naming it and the position. */
export function parseDefinition(
  kind: DefinitionKind,
  text: string,
  options: ParseOptions = {},
): ParsedDefinition {
  const lenient = options.lenient ?? false;
  const fail = (msg: string, pos: number): never => {
    throw new SchemaError(`${kind} definition: ${msg} at position ${pos} in ${JSON.stringify(text)}`);
  };
  const toks = tokenize(text, fail);
  let k = 0;
  const peek = (): Token | undefined => toks[k];
  const endPos = text.length;
  const next = (what: string): Token => {
    const t = toks[k++];
    if (!t) fail(`expected ${what}, found end of definition`, endPos);
    return t!;
  };
  const expect = (ch: '(' | ')'): void => {
    const t = next(`'${ch}'`);
    if (t.t !== ch) fail(`expected '${ch}'`, t.pos);
  };

  const isOid = (v: string): boolean =>
    NUMERICOID.test(v) || (lenient && /^[A-Za-z0-9][A-Za-z0-9.;_-]*$/.test(v));
  const oidValue = (t: Token, what: string): string => {
    if (t.t === 'w' && (NUMERICOID.test(t.v) || DESCR.test(t.v) || (lenient && isOid(t.v)))) return t.v;
    if (lenient && t.t === 'q' && (NUMERICOID.test(t.v) || DESCR.test(t.v))) return t.v;
    return fail(`expected ${what}`, t.pos);
  };
  const oneOid = (what: string): string => oidValue(next(what), what);
  const oidList = (what: string): string[] => {
    const t = peek();
    if (t?.t !== '(') return [oneOid(what)];
    k++;
    const out: string[] = [];
    for (;;) {
      const tk = next(`${what} or ')'`);
      // an empty list "( )" is not in the grammar; some servers send it
      if (tk.t === ')' && out.length === 0 && lenient) return out;
      out.push(oidValue(tk, what));
      const sep = next("'$' or ')'");
      if (sep.t === ')') return out;
      if (sep.t !== '$') {
        // some servers omit the '$' between list elements
        if (!lenient) fail("expected '$' or ')'", sep.pos);
        k--;
      }
    }
  };
  const qdescrs = (): string[] => {
    const t = next('qdescrs');
    const check = (tk: Token): string => {
      if (tk.t === 'q' && (DESCR.test(tk.v) || (lenient && tk.v.length > 0))) return tk.v;
      if (lenient && tk.t === 'w' && DESCR.test(tk.v)) return tk.v;
      return fail('expected a quoted descriptor', tk.pos);
    };
    if (t.t !== '(') return [check(t)];
    const out: string[] = [];
    for (;;) {
      const tk = next("qdescr or ')'");
      if (tk.t === ')') return out;
      out.push(check(tk));
    }
  };
  const qdstring = (): string => {
    const t = next('qdstring');
    if (t.t !== 'q') fail('expected a quoted string', t.pos);
    return (t as { v: string }).v;
  };
  const qdstrings = (): string[] => {
    const t = peek();
    if (t?.t !== '(') return [qdstring()];
    k++;
    const out: string[] = [];
    for (;;) {
      const tk = next("qdstring or ')'");
      if (tk.t === ')') return out;
      if (tk.t !== 'q') fail('expected a quoted string', tk.pos);
      out.push((tk as { v: string }).v);
    }
  };

  expect('(');
  const first = next('OID');
  let oid: string;
  if (kind === 'dITStructureRules') {
    if (first.t !== 'w' || !/^(0|[1-9][0-9]*)$/.test(first.v)) fail('expected a rule ID', first.pos);
    oid = (first as { v: string }).v;
  } else if (first.t === 'w' && (NUMERICOID.test(first.v) || (lenient && isOid(first.v)))) {
    oid = first.v;
  } else {
    oid = fail('expected a numeric OID', first.pos);
  }

  const names: string[] = [];
  let description: string | undefined;
  let obsolete = false;
  const extensions = new Map<string, string[]>();
  const f = {
    sup: [] as string[],
    equality: undefined as string | undefined,
    ordering: undefined as string | undefined,
    substr: undefined as string | undefined,
    syntax: undefined as string | undefined,
    syntaxLength: undefined as number | undefined,
    singleValue: false,
    collective: false,
    noUserModification: false,
    usage: 'userApplications' as AttributeUsage,
    classKind: 'STRUCTURAL' as ObjectClassKind,
    must: [] as string[],
    may: [] as string[],
    aux: [] as string[],
    not: [] as string[],
    applies: [] as string[],
    form: undefined as string | undefined,
    oc: undefined as string | undefined,
  };
  const seen = new Set<string>();
  let closed = false;

  while (k < toks.length) {
    const t = toks[k++]!;
    if (t.t === ')') {
      closed = true;
      break;
    }
    if (t.t !== 'w') fail('expected a keyword', t.pos);
    const word = (t as { v: string }).v;
    const kw = lenient ? word.toUpperCase() : word;
    if (kw.startsWith('X-')) {
      extensions.set(word, qdstrings());
      continue;
    }
    if (seen.has(kw)) fail(`duplicate ${word}`, t.pos);
    seen.add(kw);
    const allowed = KEYWORDS[kind];
    if (!allowed.includes(kw)) {
      if (!lenient) fail(`unexpected keyword ${word}`, t.pos);
      // skip one argument (a word, a string, or a parenthesised list)
      const a = peek();
      if (a?.t === '(') {
        while (k < toks.length && toks[k]!.t !== ')') k++;
        k++;
      } else if (a && a.t !== ')' && !(a.t === 'w' && /^[A-Z][A-Z-]*$/.test(a.v))) k++;
      continue;
    }
    switch (kw) {
      case 'NAME':
        names.push(...qdescrs());
        break;
      case 'DESC':
        description = qdstring();
        break;
      case 'OBSOLETE':
        obsolete = true;
        break;
      case 'SUP':
        if (kind === 'dITStructureRules') f.sup = ruleIds();
        else if (kind === 'attributeTypes') f.sup = [oneOid('an attribute type')];
        else f.sup = oidList('an object class');
        break;
      case 'EQUALITY':
        f.equality = oneOid('a matching rule');
        break;
      case 'ORDERING':
        f.ordering = oneOid('a matching rule');
        break;
      case 'SUBSTR':
        f.substr = oneOid('a matching rule');
        break;
      case 'SYNTAX': {
        const st = next('a syntax OID');
        let v =
          st.t === 'w' || (lenient && st.t === 'q')
            ? (st as { v: string }).v
            : fail('expected a syntax OID', st.pos);
        const m = /^(.*)\{([0-9]+)\}$/.exec(v);
        if (m) {
          v = m[1]!;
          f.syntaxLength = Number(m[2]);
        }
        if (!NUMERICOID.test(v) && !(lenient && isOid(v))) fail('expected a syntax OID', st.pos);
        f.syntax = v;
        break;
      }
      case 'SINGLE-VALUE':
        f.singleValue = true;
        break;
      case 'COLLECTIVE':
        f.collective = true;
        break;
      case 'NO-USER-MODIFICATION':
        f.noUserModification = true;
        break;
      case 'USAGE': {
        const u = next('a usage');
        const v =
          u.t === 'w'
            ? USAGES.find((x) => x === u.v || (lenient && x.toLowerCase() === u.v.toLowerCase()))
            : undefined;
        if (!v)
          fail('expected userApplications, directoryOperation, distributedOperation or dSAOperation', u.pos);
        f.usage = v!;
        break;
      }
      case 'ABSTRACT':
      case 'STRUCTURAL':
      case 'AUXILIARY':
        f.classKind = kw;
        break;
      case 'MUST':
        f.must = oidList('an attribute type');
        break;
      case 'MAY':
        f.may = oidList('an attribute type');
        break;
      case 'AUX':
        f.aux = oidList('an object class');
        break;
      case 'NOT':
        f.not = oidList('an attribute type');
        break;
      case 'APPLIES':
        f.applies = oidList('an attribute type');
        break;
      case 'FORM':
        f.form = oneOid('a name form');
        break;
      case 'OC':
        f.oc = oneOid('an object class');
        break;
    }
  }
  if (!closed) fail("expected ')'", endPos);
  if (k < toks.length) fail('unexpected text after the definition', toks[k]!.pos);
  if (['STRUCTURAL', 'AUXILIARY', 'ABSTRACT'].filter((x) => seen.has(x)).length > 1) {
    fail('more than one object class kind', 0);
  }

  function ruleIds(): string[] {
    const t = peek();
    const one = (tk: Token): string =>
      tk.t === 'w' && /^(0|[1-9][0-9]*)$/.test(tk.v) ? tk.v : fail('expected a rule ID', tk.pos);
    if (t?.t !== '(') return [one(next('a rule ID'))];
    k++;
    const out: string[] = [];
    for (;;) {
      const tk = next("rule ID or ')'");
      if (tk.t === ')') return out;
      out.push(one(tk));
    }
  }

  const base = {
    text,
    oid,
    names,
    obsolete,
    extensions,
    ...(description !== undefined ? { description } : {}),
  };
  switch (kind) {
    case 'attributeTypes':
      if (!f.sup[0] && !f.syntax) fail('an attribute type needs SUP or SYNTAX', endPos);
      if (f.collective && f.usage !== 'userApplications')
        fail('COLLECTIVE requires USAGE userApplications', endPos);
      if (f.noUserModification && f.usage === 'userApplications' && !lenient) {
        fail('NO-USER-MODIFICATION requires an operational USAGE', endPos);
      }
      return {
        ...base,
        kind,
        ...(f.sup[0] !== undefined ? { sup: f.sup[0] } : {}),
        ...(f.equality !== undefined ? { equality: f.equality } : {}),
        ...(f.ordering !== undefined ? { ordering: f.ordering } : {}),
        ...(f.substr !== undefined ? { substr: f.substr } : {}),
        ...(f.syntax !== undefined ? { syntax: f.syntax } : {}),
        ...(f.syntaxLength !== undefined ? { syntaxLength: f.syntaxLength } : {}),
        singleValue: f.singleValue,
        collective: f.collective,
        noUserModification: f.noUserModification,
        usage: f.usage,
      };
    case 'objectClasses':
      return { ...base, kind, sup: f.sup, classKind: f.classKind, must: f.must, may: f.may };
    case 'matchingRules':
      if (!f.syntax) fail('a matching rule needs SYNTAX', endPos);
      return { ...base, kind, syntax: f.syntax! };
    case 'matchingRuleUse':
      if (f.applies.length === 0) fail('a matching rule use needs APPLIES', endPos);
      return { ...base, kind, applies: f.applies };
    case 'ldapSyntaxes':
      return { ...base, kind };
    case 'dITContentRules':
      return { ...base, kind, aux: f.aux, must: f.must, may: f.may, not: f.not };
    case 'dITStructureRules':
      if (!f.form) fail('a structure rule needs FORM', endPos);
      return { ...base, kind, form: f.form!, sup: f.sup };
    case 'nameForms':
      if (!f.oc) fail('a name form needs OC', endPos);
      if (f.must.length === 0) fail('a name form needs MUST', endPos);
      return { ...base, kind, oc: f.oc!, must: f.must, may: f.may };
  }
}

const COMMON = ['NAME', 'DESC', 'OBSOLETE'];
const KEYWORDS: Record<DefinitionKind, readonly string[]> = {
  attributeTypes: [
    ...COMMON,
    'SUP',
    'EQUALITY',
    'ORDERING',
    'SUBSTR',
    'SYNTAX',
    'SINGLE-VALUE',
    'COLLECTIVE',
    'NO-USER-MODIFICATION',
    'USAGE',
  ],
  objectClasses: [...COMMON, 'SUP', 'ABSTRACT', 'STRUCTURAL', 'AUXILIARY', 'MUST', 'MAY'],
  matchingRules: [...COMMON, 'SYNTAX'],
  matchingRuleUse: [...COMMON, 'APPLIES'],
  ldapSyntaxes: ['DESC'],
  dITContentRules: [...COMMON, 'AUX', 'MUST', 'MAY', 'NOT'],
  dITStructureRules: [...COMMON, 'FORM', 'SUP'],
  nameForms: [...COMMON, 'OC', 'MUST', 'MAY'],
};
