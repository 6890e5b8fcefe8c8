/**
 * Bind and Unbind (RFC 4511 sections 4.2 and 4.3).
 *
 *   BindRequest ::= [APPLICATION 0] SEQUENCE { version INTEGER (1 .. 127), name LDAPDN,
 *     authentication AuthenticationChoice }
 *   AuthenticationChoice ::= CHOICE { simple [0] OCTET STRING, -- 1 and 2 reserved
 *     sasl [3] SaslCredentials, ... }
 *   SaslCredentials ::= SEQUENCE { mechanism LDAPString, credentials OCTET STRING OPTIONAL }
 *   BindResponse ::= [APPLICATION 1] SEQUENCE { COMPONENTS OF LDAPResult,
 *     serverSaslCreds [7] OCTET STRING OPTIONAL }
 *   UnbindRequest ::= [APPLICATION 2] NULL
 */
import { BerReader, BerWriter, describeTag, Tag } from '../../ber/index.js';
import { RequestValueError } from '../../errors.js';
import type { BindAuthentication, BindRequest, BindResponse, UnbindRequest } from '../messages.js';
import { ApplicationTag } from '../app-tags.js';
import { need, readBounded, readResultFields, readText, writeResultFields } from './common.js';

const SIMPLE = 0x80;
const SASL = 0xa3;
const SERVER_SASL_CREDS = 0x87;

export function writeBindRequest(w: BerWriter, op: BindRequest): void {
  w.startSequence(ApplicationTag.BindRequest);
  w.writeInteger(op.version);
  w.writeString(op.name);
  const auth = op.authentication;
  if (auth.type === 'simple') {
    w.writeOctetString(auth.password, SIMPLE);
  } else {
    w.startSequence(SASL);
    w.writeString(auth.mechanism);
    if (auth.credentials !== undefined) w.writeOctetString(auth.credentials);
    w.endSequence();
  }
  w.endSequence();
}

export function readBindRequest(r: BerReader): BindRequest {
  r.enter(ApplicationTag.BindRequest);
  need(r, 'version');
  const version = readBounded(r, 'version', 1, 127, Tag.integer, true);
  need(r, 'name');
  const name = readText(r, 'name');
  need(r, 'authentication');
  const at = r.pos;
  const tag = r.peekTag();
  let authentication: BindAuthentication;
  if (tag === SIMPLE) {
    authentication = { type: 'simple', password: r.readOctetString(SIMPLE) };
  } else if (tag === SASL) {
    r.enter(SASL);
    need(r, 'SASL mechanism');
    const mechanism = readText(r, 'SASL mechanism');
    const credentials = r.more() && r.peekTag() === 0x04 ? r.readOctetString() : undefined;
    r.leave();
    authentication =
      credentials === undefined ? { type: 'sasl', mechanism } : { type: 'sasl', mechanism, credentials };
  } else {
    // [1] and [2] are reserved (section 4.2) and the choice is extensible: an unknown one is
    // authMethodNotSupported (7) for the server to answer, as slapd does
    throw new RequestValueError(`unsupported authentication choice ${describeTag(tag)}`, at, 7);
  }
  r.leave();
  return { type: 'BindRequest', version, name, authentication };
}

export function writeBindResponse(w: BerWriter, op: BindResponse): void {
  w.startSequence(ApplicationTag.BindResponse);
  writeResultFields(w, op);
  if (op.serverSaslCreds !== undefined) w.writeOctetString(op.serverSaslCreds, SERVER_SASL_CREDS);
  w.endSequence();
}

export function readBindResponse(r: BerReader): BindResponse {
  r.enter(ApplicationTag.BindResponse);
  const res = readResultFields(r);
  const creds = r.peekTag() === SERVER_SASL_CREDS ? r.readOctetString(SERVER_SASL_CREDS) : undefined;
  r.leave();
  return creds === undefined
    ? { type: 'BindResponse', ...res }
    : { type: 'BindResponse', ...res, serverSaslCreds: creds };
}

export function writeUnbindRequest(w: BerWriter, _op: UnbindRequest): void {
  w.writeNull(ApplicationTag.UnbindRequest);
}

export function readUnbindRequest(r: BerReader): UnbindRequest {
  r.readNull(ApplicationTag.UnbindRequest);
  return { type: 'UnbindRequest' };
}
