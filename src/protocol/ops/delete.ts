/**
 * Delete (RFC 4511 section 4.8).
 *
 *   DelRequest ::= [APPLICATION 10] LDAPDN      -- primitive: the DN is the contents
 *   DelResponse ::= [APPLICATION 11] LDAPResult
 */
import { BerReader, BerWriter } from '../../ber/index.js';
import type { DelRequest, DelResponse } from '../messages.js';
import { ApplicationTag } from '../app-tags.js';
import { readResultOp, readText, writeResultOp } from './common.js';

export function writeDelRequest(w: BerWriter, op: DelRequest): void {
  w.writeString(op.dn, ApplicationTag.DelRequest);
}

export function readDelRequest(r: BerReader): DelRequest {
  return { type: 'DelRequest', dn: readText(r, 'entry', ApplicationTag.DelRequest) };
}

export function writeDelResponse(w: BerWriter, op: DelResponse): void {
  writeResultOp(w, ApplicationTag.DelResponse, op);
}

export function readDelResponse(r: BerReader): DelResponse {
  return readResultOp(r, ApplicationTag.DelResponse, 'DelResponse');
}
