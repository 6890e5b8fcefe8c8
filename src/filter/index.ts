/** RFC 4515 filters: the AST, the string parser and formatter. */
export type { Filter, FilterType } from './ast.js';
export { parseFilter, type ParseFilterOptions } from './parse.js';
export { escapeFilterValue, formatFilter } from './format.js';
export { encodeFilter, decodeFilter, writeFilter, readFilter, FilterTag } from './codec.js';
