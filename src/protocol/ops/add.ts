/**
 * Add (RFC 4511 section 4.7).
 *
 *   AddRequest ::= [APPLICATION 8] SEQUENCE { entry LDAPDN, attributes AttributeList }
 *   AttributeList ::= SEQUENCE OF attribute Attribute   -- vals SIZE (1..MAX)
 *   AddResponse ::= [APPLICATION 9] LDAPResult
 */
import { BerReader, BerWriter } from '../../ber/index.js';
import type { AddRequest, AddResponse } from '../messages.js';
import { ApplicationTag } from '../app-tags.js';
import {
  need,
  readAttributeList,
  readResultOp,
  readText,
  writeAttributeList,
  writeResultOp,
} from './common.js';

export function writeAddRequest(w: BerWriter, op: AddRequest): void {
  w.startSequence(ApplicationTag.AddRequest);
  w.writeString(op.entry);
  writeAttributeList(w, op.attributes);
  w.endSequence();
}

export function readAddRequest(r: BerReader): AddRequest {
  r.enter(ApplicationTag.AddRequest);
  need(r, 'entry');
  const entry = readText(r, 'entry');
  need(r, 'attributes');
  const attributes = readAttributeList(r, true);
  r.leave();
  return { type: 'AddRequest', entry, attributes };
}

export function writeAddResponse(w: BerWriter, op: AddResponse): void {
  writeResultOp(w, ApplicationTag.AddResponse, op);
}

export function readAddResponse(r: BerReader): AddResponse {
  return readResultOp(r, ApplicationTag.AddResponse, 'AddResponse');
}
