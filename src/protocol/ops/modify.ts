/**
 * Modify (RFC 4511 section 4.6; increment from RFC 4525).
 *
 *   ModifyRequest ::= [APPLICATION 6] SEQUENCE { object LDAPDN,
 *     changes SEQUENCE OF change SEQUENCE {
 *       operation ENUMERATED { add (0), delete (1), replace (2), ..., increment (3) },
 *       modification PartialAttribute } }
 *   ModifyResponse ::= [APPLICATION 7] LDAPResult
 */
import { BerReader, BerWriter, Tag } from '../../ber/index.js';
import type { Change, ModifyOperation, ModifyRequest, ModifyResponse } from '../messages.js';
import { ApplicationTag } from '../app-tags.js';
import {
  need,
  readBounded,
  readPartialAttribute,
  readResultOp,
  readText,
  writePartialAttribute,
  writeResultOp,
} from './common.js';

export function writeModifyRequest(w: BerWriter, op: ModifyRequest): void {
  w.startSequence(ApplicationTag.ModifyRequest);
  w.writeString(op.object);
  w.startSequence(Tag.sequence);
  for (const c of op.changes) {
    w.startSequence(Tag.sequence);
    w.writeEnumerated(c.operation);
    writePartialAttribute(w, c.modification);
    w.endSequence();
  }
  w.endSequence();
  w.endSequence();
}

export function readModifyRequest(r: BerReader): ModifyRequest {
  r.enter(ApplicationTag.ModifyRequest);
  need(r, 'object');
  const object = readText(r, 'object');
  need(r, 'changes');
  r.enter(Tag.sequence);
  const changes: Change[] = [];
  while (r.more()) {
    r.enter(Tag.sequence);
    need(r, 'operation');
    const operation = readBounded(r, 'modify operation', 0, 3, Tag.enumerated, true) as ModifyOperation;
    need(r, 'modification');
    const modification = readPartialAttribute(r, false);
    r.leave();
    changes.push({ operation, modification });
  }
  r.leave();
  r.leave();
  return { type: 'ModifyRequest', object, changes };
}

export function writeModifyResponse(w: BerWriter, op: ModifyResponse): void {
  writeResultOp(w, ApplicationTag.ModifyResponse, op);
}

export function readModifyResponse(r: BerReader): ModifyResponse {
  return readResultOp(r, ApplicationTag.ModifyResponse, 'ModifyResponse');
}
