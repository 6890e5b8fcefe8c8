/**
 * Extended operation and intermediate response (RFC 4511 sections 4.12 and 4.13).
 *
 *   ExtendedRequest ::= [APPLICATION 23] SEQUENCE { requestName [0] LDAPOID,
 *     requestValue [1] OCTET STRING OPTIONAL }
 *   ExtendedResponse ::= [APPLICATION 24] SEQUENCE { COMPONENTS OF LDAPResult,
 *     responseName [10] LDAPOID OPTIONAL, responseValue [11] OCTET STRING OPTIONAL }
 *   IntermediateResponse ::= [APPLICATION 25] SEQUENCE { responseName [0] LDAPOID OPTIONAL,
 *     responseValue [1] OCTET STRING OPTIONAL }
 */
import { BerReader, BerWriter } from '../../ber/index.js';
import { ProtocolError } from '../../errors.js';
import type { ExtendedRequest, ExtendedResponse, IntermediateResponse } from '../messages.js';
import { ApplicationTag } from '../app-tags.js';
import { readResultFields, readText, writeResultFields } from './common.js';

export function writeExtendedRequest(w: BerWriter, op: ExtendedRequest): void {
  w.startSequence(ApplicationTag.ExtendedRequest);
  w.writeString(op.requestName, 0x80);
  if (op.requestValue !== undefined) w.writeOctetString(op.requestValue, 0x81);
  w.endSequence();
}

export function readExtendedRequest(r: BerReader): ExtendedRequest {
  r.enter(ApplicationTag.ExtendedRequest);
  if (r.peekTag() !== 0x80) throw new ProtocolError('ExtendedRequest without requestName', r.pos);
  const requestName = readText(r, 'requestName', 0x80);
  const requestValue = r.peekTag() === 0x81 ? r.readOctetString(0x81) : undefined;
  r.leave();
  return requestValue === undefined
    ? { type: 'ExtendedRequest', requestName }
    : { type: 'ExtendedRequest', requestName, requestValue };
}

export function writeExtendedResponse(w: BerWriter, op: ExtendedResponse): void {
  w.startSequence(ApplicationTag.ExtendedResponse);
  writeResultFields(w, op);
  if (op.responseName !== undefined) w.writeString(op.responseName, 0x8a);
  if (op.responseValue !== undefined) w.writeOctetString(op.responseValue, 0x8b);
  w.endSequence();
}

export function readExtendedResponse(r: BerReader): ExtendedResponse {
  r.enter(ApplicationTag.ExtendedResponse);
  const res: {
    -readonly [K in keyof ExtendedResponse]: ExtendedResponse[K];
  } = { type: 'ExtendedResponse', ...readResultFields(r) };
  if (r.peekTag() === 0x8a) res.responseName = readText(r, 'responseName', 0x8a);
  if (r.peekTag() === 0x8b) res.responseValue = r.readOctetString(0x8b);
  r.leave();
  return res;
}

export function writeIntermediateResponse(w: BerWriter, op: IntermediateResponse): void {
  w.startSequence(ApplicationTag.IntermediateResponse);
  if (op.responseName !== undefined) w.writeString(op.responseName, 0x80);
  if (op.responseValue !== undefined) w.writeOctetString(op.responseValue, 0x81);
  w.endSequence();
}

export function readIntermediateResponse(r: BerReader): IntermediateResponse {
  r.enter(ApplicationTag.IntermediateResponse);
  const res: { -readonly [K in keyof IntermediateResponse]: IntermediateResponse[K] } = {
    type: 'IntermediateResponse',
  };
  if (r.peekTag() === 0x80) res.responseName = readText(r, 'responseName', 0x80);
  if (r.peekTag() === 0x81) res.responseValue = r.readOctetString(0x81);
  r.leave();
  return res;
}
