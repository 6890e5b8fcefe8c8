/** RFC 2849 LDIF: streaming parser and writer. */
export { parseLdif, readLdif, readLdifFile, LdifParser, type LdifInput } from './parse.js';
export { formatLdif, formatLdifRecord, isSafeString } from './format.js';
export type {
  LdifAttribute,
  LdifControl,
  LdifLocation,
  LdifContentRecord,
  LdifAddRecord,
  LdifDeleteRecord,
  LdifModifyOperation,
  LdifModification,
  LdifModifyRecord,
  LdifModDnRecord,
  LdifChangeRecord,
  LdifRecord,
  LdifParseOptions,
  LdifFormatOptions,
} from './types.js';
