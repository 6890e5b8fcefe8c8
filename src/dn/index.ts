/** RFC 4514 distinguished names: model, parser, formatter, normalisation and tree helpers. */
export type { Ava, Dn, Rdn } from './types.js';
export { parseDn, parseRdn, type ParseDnOptions } from './parse.js';
export { escapeRdnValue, formatAva, formatDn, formatRdn, prettyDn, type FormatDnOptions } from './format.js';
export {
  berStringValue,
  caseIgnoreNormalize,
  dnEquals,
  normalizeDn,
  normalizeRdn,
  rdnEquals,
  type DnNormalizer,
  type DnNormalizerOption,
  type DnValueNormalizer,
} from './normalize.js';
export { dnDepth, isChild, isDescendant, isDescendantOrSelf, joinDn, parentDn, rdnOf } from './tree.js';
