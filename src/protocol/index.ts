/** LDAPv3 messages (RFC 4511): types, tables, codec, controls, extended values and framer. */
export type * from './messages.js';
export { ApplicationTag, OperationName, ResponseTypeOf, MAX_INT } from './app-tags.js';
export { ResultCode, resultCodeInfo, resultCodeName, allResultCodes } from './result-codes.js';
export type { ResultCodeName, ResultCodeValue, ResultCodeInfo } from './result-codes.js';
export { ControlOid, ExtendedOid } from './oids.js';
export type { ControlName, ControlOidValue, ExtendedName, ExtendedOidValue } from './oids.js';
export {
  encodeMessage,
  decodeMessage,
  writeMessage,
  readMessage,
  writeProtocolOp,
  readProtocolOp,
  readMessageHeader,
} from './message.js';
export type { DecodeOptions, MessageHeader } from './message.js';
export { readControls, writeControls, readControl, writeControl, CONTROLS_TAG } from './controls/envelope.js';
export { MessageFramer } from './framer.js';
export type { FramerOptions } from './framer.js';
export {
  registerControl,
  getControlDefinition,
  controlDefinitions,
  makeControl,
  decodeControlValue,
  describeControls,
} from './controls/registry.js';
export type { ControlDefinition, ControlDescription, ValueCodec } from './controls/registry.js';
export * from './controls/paged-sort-vlv.js';
export * from './controls/simple.js';
export * from './controls/ppolicy-psearch.js';
export * from './controls/sync.js';
export * from './controls/active-directory.js';
export * from './extended/standard.js';
export * from './extended/password-modify.js';
export * from './extended/transaction.js';
export { decodeValue, encodeValue } from './value.js';
