/**
 * Controls on the LDAPMessage envelope (RFC 4511 section 4.1.11). A control is kept generic
 * here (OID, criticality, raw value), so any control, known or not, round-trips unchanged;
 * typed values are the registry's business (registry.ts).
 *
 *   Controls ::= SEQUENCE OF control Control      -- [0] in LDAPMessage
 *   Control ::= SEQUENCE { controlType LDAPOID, criticality BOOLEAN DEFAULT FALSE,
 *     controlValue OCTET STRING OPTIONAL }
 */
import { BerReader, BerWriter, Tag } from '../../ber/index.js';
import { ProtocolError } from '../../errors.js';
import type { Control } from '../messages.js';
import { need, readText } from '../ops/common.js';

export const CONTROLS_TAG = 0xa0;

export function writeControls(w: BerWriter, controls: readonly Control[], tag: number = CONTROLS_TAG): void {
  w.startSequence(tag);
  for (const c of controls) writeControl(w, c);
  w.endSequence();
}

export function writeControl(w: BerWriter, c: Control): void {
  w.startSequence(Tag.sequence);
  w.writeString(c.oid);
  // DEFAULT FALSE: sent only when true (what slapd and every client send).
  if (c.critical) w.writeBoolean(true);
  if (c.value !== undefined) w.writeOctetString(c.value);
  w.endSequence();
}

export function readControls(r: BerReader, tag: number = CONTROLS_TAG): Control[] {
  r.enter(tag);
  const list: Control[] = [];
  while (r.more()) list.push(readControl(r));
  r.leave();
  return list;
}

export function readControl(r: BerReader): Control {
  r.enter(Tag.sequence);
  need(r, 'controlType');
  const oid = readText(r, 'controlType');
  let critical = false;
  if (r.peekTag() === Tag.boolean) critical = r.readBoolean();
  const value = r.peekTag() === Tag.octetString ? r.readOctetString() : undefined;
  // a criticality after the value is out of order: a malformed control (slapd disconnects,
  // measured); other trailing elements are skipped, as slapd skips them
  if (value !== undefined && r.more() && r.peekTag() === Tag.boolean)
    throw new ProtocolError(`control ${oid}: criticality after the value`, r.pos);
  r.leave();
  return value === undefined ? { oid, critical } : { oid, critical, value };
}
