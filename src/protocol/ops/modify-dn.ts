/**
 * Modify DN (RFC 4511 section 4.9).
 *
 *   ModifyDNRequest ::= [APPLICATION 12] SEQUENCE { entry LDAPDN, newrdn RelativeLDAPDN,
 *     deleteoldrdn BOOLEAN, newSuperior [0] LDAPDN OPTIONAL }
 *   ModifyDNResponse ::= [APPLICATION 13] LDAPResult
 */
import { BerReader, BerWriter } from '../../ber/index.js';
import type { ModifyDNRequest, ModifyDNResponse } from '../messages.js';
import { ApplicationTag } from '../app-tags.js';
import { need, readResultOp, readText, writeResultOp } from './common.js';

const NEW_SUPERIOR = 0x80;

export function writeModifyDNRequest(w: BerWriter, op: ModifyDNRequest): void {
  w.startSequence(ApplicationTag.ModifyDNRequest);
  w.writeString(op.entry);
  w.writeString(op.newrdn);
  w.writeBoolean(op.deleteoldrdn);
  if (op.newSuperior !== undefined) w.writeString(op.newSuperior, NEW_SUPERIOR);
  w.endSequence();
}

export function readModifyDNRequest(r: BerReader): ModifyDNRequest {
  r.enter(ApplicationTag.ModifyDNRequest);
  need(r, 'entry');
  const entry = readText(r, 'entry');
  need(r, 'newrdn');
  const newrdn = readText(r, 'newrdn');
  need(r, 'deleteoldrdn');
  const deleteoldrdn = r.readBoolean();
  const newSuperior = r.peekTag() === NEW_SUPERIOR ? readText(r, 'newSuperior', NEW_SUPERIOR) : undefined;
  r.leave();
  return newSuperior === undefined
    ? { type: 'ModifyDNRequest', entry, newrdn, deleteoldrdn }
    : { type: 'ModifyDNRequest', entry, newrdn, deleteoldrdn, newSuperior };
}

export function writeModifyDNResponse(w: BerWriter, op: ModifyDNResponse): void {
  writeResultOp(w, ApplicationTag.ModifyDNResponse, op);
}

export function readModifyDNResponse(r: BerReader): ModifyDNResponse {
  return readResultOp(r, ApplicationTag.ModifyDNResponse, 'ModifyDNResponse');
}
