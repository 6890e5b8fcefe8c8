/** X.690 BER subset used by LDAP (RFC 4511 section 5.1): reader, writer and tags. */
export { BerReader, decodeUtf8, DEFAULT_MAX_DEPTH, DEFAULT_MAX_LENGTH } from './reader.js';
export type { BerReaderOptions } from './reader.js';
export { BerWriter } from './writer.js';
export { copyBytes } from './alloc.js';
export {
  Tag,
  TagClass,
  CONSTRUCTED,
  MAX_TAG_NUMBER,
  makeTag,
  contextTag,
  applicationTag,
  tagClass,
  tagNumber,
  isConstructed,
  describeTag,
} from './tags.js';
