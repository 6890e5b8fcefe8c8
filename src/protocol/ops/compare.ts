/**
 * Compare (RFC 4511 section 4.10).
 *
 *   CompareRequest ::= [APPLICATION 14] SEQUENCE { entry LDAPDN, ava AttributeValueAssertion }
 *   AttributeValueAssertion ::= SEQUENCE { attributeDesc AttributeDescription,
 *     assertionValue AssertionValue }
 *   CompareResponse ::= [APPLICATION 15] LDAPResult
 */
import { BerReader, BerWriter, Tag } from '../../ber/index.js';
import type { CompareRequest, CompareResponse } from '../messages.js';
import { ApplicationTag } from '../app-tags.js';
import { need, readResultOp, readText, writeResultOp } from './common.js';

export function writeCompareRequest(w: BerWriter, op: CompareRequest): void {
  w.startSequence(ApplicationTag.CompareRequest);
  w.writeString(op.entry);
  w.startSequence(Tag.sequence);
  w.writeString(op.attributeDesc);
  w.writeOctetString(op.assertionValue);
  w.endSequence();
  w.endSequence();
}

export function readCompareRequest(r: BerReader): CompareRequest {
  r.enter(ApplicationTag.CompareRequest);
  need(r, 'entry');
  const entry = readText(r, 'entry');
  need(r, 'ava');
  r.enter(Tag.sequence);
  need(r, 'attributeDesc');
  const attributeDesc = readText(r, 'attributeDesc');
  need(r, 'assertionValue');
  const assertionValue = r.readOctetString();
  r.leave();
  r.leave();
  return { type: 'CompareRequest', entry, attributeDesc, assertionValue };
}

export function writeCompareResponse(w: BerWriter, op: CompareResponse): void {
  writeResultOp(w, ApplicationTag.CompareResponse, op);
}

export function readCompareResponse(r: BerReader): CompareResponse {
  return readResultOp(r, ApplicationTag.CompareResponse, 'CompareResponse');
}
