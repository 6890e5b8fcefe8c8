/**
 * Search (RFC 4511 section 4.5).
 *
 *   SearchRequest ::= [APPLICATION 3] SEQUENCE { baseObject LDAPDN,
 *     scope ENUMERATED { baseObject (0), singleLevel (1), wholeSubtree (2), ... },
 *     derefAliases ENUMERATED { neverDerefAliases (0), derefInSearching (1),
 *       derefFindingBaseObj (2), derefAlways (3) },
 *     sizeLimit INTEGER (0 .. maxInt), timeLimit INTEGER (0 .. maxInt), typesOnly BOOLEAN,
 *     filter Filter, attributes AttributeSelection }
 *   AttributeSelection ::= SEQUENCE OF selector LDAPString
 *   SearchResultEntry ::= [APPLICATION 4] SEQUENCE { objectName LDAPDN, attributes PartialAttributeList }
 *   SearchResultReference ::= [APPLICATION 19] SEQUENCE SIZE (1..MAX) OF uri URI
 *   SearchResultDone ::= [APPLICATION 5] LDAPResult
 */
import { BerReader, BerWriter, Tag } from '../../ber/index.js';
import { ProtocolError } from '../../errors.js';
import { readFilter, writeFilter } from '../../filter/index.js';
import type {
  DerefAliases,
  SearchRequest,
  SearchResultDone,
  SearchResultEntry,
  SearchResultReference,
  SearchScope,
} from '../messages.js';
import { ApplicationTag, MAX_INT } from '../app-tags.js';
import {
  need,
  readAttributeList,
  readBounded,
  readResultFields,
  readText,
  writeAttributeList,
  writeResultFields,
} from './common.js';

export function writeSearchRequest(w: BerWriter, op: SearchRequest): void {
  w.startSequence(ApplicationTag.SearchRequest);
  w.writeString(op.baseObject);
  w.writeEnumerated(op.scope);
  w.writeEnumerated(op.derefAliases);
  w.writeInteger(op.sizeLimit);
  w.writeInteger(op.timeLimit);
  w.writeBoolean(op.typesOnly);
  writeFilter(w, op.filter);
  w.startSequence(Tag.sequence);
  for (const a of op.attributes) w.writeString(a);
  w.endSequence();
  w.endSequence();
}

export function readSearchRequest(r: BerReader): SearchRequest {
  r.enter(ApplicationTag.SearchRequest);
  need(r, 'baseObject');
  const baseObject = readText(r, 'baseObject');
  need(r, 'scope');
  // 3 is subordinateSubtree (draft-sermersheim-ldap-subordinate-scope), which slapd supports.
  // Values out of range are answered with protocolError, the connection kept (as slapd).
  const scope = readBounded(r, 'scope', 0, 3, Tag.enumerated, true) as SearchScope;
  need(r, 'derefAliases');
  const derefAliases = readBounded(r, 'derefAliases', 0, 3, Tag.enumerated, true) as DerefAliases;
  need(r, 'sizeLimit');
  const sizeLimit = readBounded(r, 'sizeLimit', 0, MAX_INT, Tag.integer, true);
  need(r, 'timeLimit');
  const timeLimit = readBounded(r, 'timeLimit', 0, MAX_INT, Tag.integer, true);
  need(r, 'typesOnly');
  const typesOnly = r.readBoolean();
  need(r, 'filter');
  const filter = readFilter(r);
  need(r, 'attributes');
  r.enter(Tag.sequence);
  const attributes: string[] = [];
  while (r.more()) attributes.push(readText(r, 'attribute selector'));
  r.leave();
  r.leave();
  return {
    type: 'SearchRequest',
    baseObject,
    scope,
    derefAliases,
    sizeLimit,
    timeLimit,
    typesOnly,
    filter,
    attributes,
  };
}

export function writeSearchResultEntry(w: BerWriter, op: SearchResultEntry): void {
  w.startSequence(ApplicationTag.SearchResultEntry);
  w.writeString(op.objectName);
  writeAttributeList(w, op.attributes);
  w.endSequence();
}

export function readSearchResultEntry(r: BerReader): SearchResultEntry {
  r.enter(ApplicationTag.SearchResultEntry);
  need(r, 'objectName');
  const objectName = readText(r, 'objectName');
  need(r, 'attributes');
  const attributes = readAttributeList(r, false);
  r.leave();
  return { type: 'SearchResultEntry', objectName, attributes };
}

export function writeSearchResultReference(w: BerWriter, op: SearchResultReference): void {
  w.startSequence(ApplicationTag.SearchResultReference);
  for (const uri of op.uris) w.writeString(uri);
  w.endSequence();
}

export function readSearchResultReference(r: BerReader): SearchResultReference {
  const at = r.pos;
  r.enter(ApplicationTag.SearchResultReference);
  const uris: string[] = [];
  while (r.more()) uris.push(readText(r, 'reference URI'));
  r.leave();
  if (uris.length === 0) throw new ProtocolError('empty SearchResultReference (SIZE (1..MAX))', at);
  return { type: 'SearchResultReference', uris };
}

export function writeSearchResultDone(w: BerWriter, op: SearchResultDone): void {
  w.startSequence(ApplicationTag.SearchResultDone);
  writeResultFields(w, op);
  w.endSequence();
}

export function readSearchResultDone(r: BerReader): SearchResultDone {
  r.enter(ApplicationTag.SearchResultDone);
  const res = readResultFields(r);
  r.leave();
  return { type: 'SearchResultDone', ...res };
}
