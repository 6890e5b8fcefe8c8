/** Schema (RFC 4512), syntaxes and matching rules (RFC 4517, 4518), bundled server profiles. */
export { Schema, type SchemaDefinitions, type SchemaOptions } from './schema.js';
export type {
  AttributeType,
  AttributeUsage,
  DitContentRule,
  DitStructureRule,
  Extensions,
  MatchingRule,
  MatchingRuleKind,
  MatchingRuleUse,
  NameForm,
  Normalized,
  ObjectClass,
  ObjectClassKind,
  ResolvedDescription,
  SubstringsAssertion,
  Syntax,
} from './types.js';
export {
  parseDefinition,
  type DefinitionKind,
  type ParsedDefinition,
  type ParseOptions,
} from './definitions.js';
export { ClassRules, type EntryClassInfo } from './class-rules.js';
export {
  prepare,
  prepareText,
  compareCodePoints,
  parseGeneralizedTime,
  parseInteger,
  approximateMatch,
} from './matching-rules/index.js';
export {
  getProfile,
  PROFILE_NAMES,
  type ProfileName,
  type ProfileQuirks,
  type ServerProfile,
} from './profiles.js';
export {
  formatValue,
  formatGuid,
  formatSid,
  parseSid,
  generalizedTimeToDate,
  type FormattedValue,
} from './format.js';
