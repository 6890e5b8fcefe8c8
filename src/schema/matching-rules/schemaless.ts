/**
 * Rules of the `none` profile, where nothing is known about an attribute: values that are
 * valid UTF-8 compare as caseIgnore (RFC 4518 preparation), anything else octet by octet.
 * They carry the OIDs of the caseIgnore rules they stand in for.
 */
import { fromUtf8Strict } from '../../util/index.js';
import type { SubstringsAssertion } from '../types.js';
import {
  matchPreparedSubstrings,
  prepare,
  prepareBytes,
  rfcSpaceForm,
  rfcSubstringSpaceForm,
} from './prep.js';
import { SYNTAX_OIDS, type RuleImpl } from './rule.js';

function normalize(value: Uint8Array): string | Uint8Array {
  return prepare(value, { fold: true }) ?? value;
}

function substrings(value: Uint8Array, a: SubstringsAssertion): boolean | undefined {
  const v = prepareBytes(value, true);
  if (v === undefined) {
    // binary value: compare the assertion parts as raw bytes over a latin1 view
    const text = (b: Uint8Array): string => String.fromCharCode(...b);
    return matchPreparedSubstrings(
      text(value),
      a.initial && text(a.initial),
      a.any.map(text),
      a.final && text(a.final),
    );
  }
  const part = (x: Uint8Array, p: 'initial' | 'any' | 'final'): string | undefined => {
    const s = fromUtf8Strict(x) === undefined ? undefined : prepareBytes(x, true);
    return s === undefined ? undefined : rfcSubstringSpaceForm(s, p);
  };
  const initial = a.initial && part(a.initial, 'initial');
  const final = a.final && part(a.final, 'final');
  const any = a.any.map((x) => part(x, 'any'));
  if ((a.initial && initial === undefined) || (a.final && final === undefined) || any.includes(undefined)) {
    return undefined;
  }
  return matchPreparedSubstrings(rfcSpaceForm(v), initial, any as string[], final);
}

export const SCHEMALESS_RULES: readonly RuleImpl[] = [
  {
    oid: '2.5.13.2',
    names: ['caseIgnoreMatch'],
    syntax: SYNTAX_OIDS.directoryString,
    kind: 'equality',
    normalize,
  },
  {
    oid: '2.5.13.3',
    names: ['caseIgnoreOrderingMatch'],
    syntax: SYNTAX_OIDS.directoryString,
    kind: 'ordering',
    normalize,
  },
  {
    oid: '2.5.13.4',
    names: ['caseIgnoreSubstringsMatch'],
    syntax: SYNTAX_OIDS.substringAssertion,
    kind: 'substrings',
    normalize,
    matchSubstrings: substrings,
  },
];
