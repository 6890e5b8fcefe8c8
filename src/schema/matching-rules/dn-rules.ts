/**
 * distinguishedNameMatch (RFC 4517 section 4.2.15) and uniqueMemberMatch (section 4.2.31):
 * DNs compare RDN by RDN, each AVA by its attribute's equality rule, through the schema's
 * DN normaliser.
 */
import { fromUtf8Strict } from '../../util/index.js';
import { SYNTAX_OIDS, type RuleFactory } from './rule.js';

/**
 * Split `dn#'0101'B` (Name And Optional UID, RFC 4517 section 3.3.21) at the last `#'`. Spaces
 * after the bit string are ignored, as slapd ignores them (measured: `...#'1'B ` matches).
 */
function splitUid(text: string): [string, string | undefined] {
  const m = /^(.*)#('[01]*'B) *$/.exec(text);
  return m ? [m[1]!, m[2]!] : [text, undefined];
}

export const DN_RULES: readonly RuleFactory[] = [
  (ctx) => ({
    oid: '2.5.13.1',
    names: ['distinguishedNameMatch'],
    syntax: SYNTAX_OIDS.dn,
    kind: 'equality',
    normalize(value) {
      const s = fromUtf8Strict(value);
      return s === undefined ? undefined : ctx.normalizeDn(s);
    },
  }),
  (ctx) => ({
    oid: '2.5.13.23',
    names: ['uniqueMemberMatch'],
    syntax: SYNTAX_OIDS.nameAndOptionalUid,
    kind: 'equality',
    normalize(value) {
      const s = fromUtf8Strict(value);
      if (s === undefined) return undefined;
      const [dn, uid] = splitUid(s);
      const n = ctx.normalizeDn(dn);
      return n === undefined ? undefined : uid === undefined ? n : `${n}#${uid}`;
    },
  }),
];
