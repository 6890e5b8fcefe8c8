/**
 * Extended operations (RFC 4511 section 4.12): Who am I (RFC 4532: `dn:` authzId, empty when
 * anonymous) and Password Modify (RFC 3062: self change with the old password, administrative
 * reset, a generated password returned when none is given). StartTLS and Cancel belong to the
 * transport: `TRANSPORT_EXTENSIONS` names them so the transport answers before the engine; if
 * they reach the engine it says unavailable. Unknown OIDs give protocolError, as slapd does.
 */
import { randomBytes } from 'node:crypto';
import { BerReader, BerWriter } from '../../ber/index.js';
import type { ExtendedRequest } from '../../protocol/index.js';
import { utf8 } from '../../util/index.js';
import { hashSsha } from '../auth/password.js';
import { verifyPassword } from '../auth/password.js';
import { fail, outcome, RC, type Outcome } from '../result.js';
import { OID, type OpContext } from './context.js';
import { modify } from './modify.js';
import { endTransaction, startTransaction, TXN } from './transactions.js';

export interface ExtendedOutcome extends Outcome {
  readonly responseName?: string;
  readonly responseValue?: Uint8Array;
}

/** Extended operations a transport must handle itself (hook: answer them before `handle`). */
export const TRANSPORT_EXTENSIONS: readonly string[] = [OID.startTls, OID.cancel];

export function extended(ctx: OpContext, req: ExtendedRequest): ExtendedOutcome {
  switch (req.requestName) {
    case OID.whoAmI: {
      // RFC 4532 section 2: the request has no value
      if (req.requestValue !== undefined) fail(RC.protocolError, 'no request data expected');
      const id = ctx.authzDn === '' ? '' : `dn:${ctx.authzDn}`;
      return { ...outcome(RC.success), responseValue: utf8(id) };
    }
    case OID.passwordModify:
      return passwordModify(ctx, req.requestValue);
    case TXN.start:
      // RFC 5805 section 2.1: the request has no value; slapd also wants an authenticated user
      if (req.requestValue !== undefined) fail(RC.protocolError, 'no request data expected');
      if (ctx.authzDn === '') fail(RC.strongerAuthRequired, 'modifications require authentication');
      return startTransaction(ctx);
    case TXN.end:
      // slapd (measured): a value is needed, then an authenticated user, then the value must parse
      if (req.requestValue === undefined || req.requestValue.length === 0)
        fail(RC.protocolError, req.requestValue ? 'empty request data' : 'request data expected');
      if (ctx.authzDn === '') fail(RC.strongerAuthRequired, 'transactions require authentication');
      return endTransaction(ctx, req.requestValue);
    case OID.cancel:
      // RFC 3909 section 2: the value names the operation (protocolError without one); the
      // transport cancels operations it knows, one that reaches the engine names none
      if (!validCancelValue(req.requestValue)) fail(RC.protocolError, 'no message ID supplied');
      fail(RC.noSuchOperation, 'message ID not found');
      break;
    case OID.startTls:
      // RFC 4511 section 4.14.1: the request has no value (slapd: protocolError, first)
      if (req.requestValue !== undefined) fail(RC.protocolError, 'no request data expected');
      fail(RC.unavailable, `${req.requestName} must be handled by the transport`);
      break;
    default:
      fail(RC.protocolError, 'unsupported extended operation');
  }
}

/**
 * PasswdModifyRequestValue ::= SEQUENCE { userIdentity [0] OCTET STRING OPTIONAL,
 *   oldPasswd [1] OCTET STRING OPTIONAL, newPasswd [2] OCTET STRING OPTIONAL }
 * PasswdModifyResponseValue ::= SEQUENCE { genPasswd [0] OCTET STRING OPTIONAL }
 */
function validCancelValue(value: Uint8Array | undefined): boolean {
  if (value === undefined) return false;
  try {
    // slapd reads the cancelID with liblber's "{i}", which takes an element of any tag
    // (measured: an ENUMERATED or a context tag names no operation, 119, not 2)
    const r = new BerReader(value);
    r.enter();
    r.readTag();
    const n = r.readLength();
    return n >= 1 && n <= 4;
  } catch {
    return false;
  }
}

/**
 * Checked in slapd's order (measured): authentication before the value is read, userIdentity a
 * DN (21 otherwise), its database (80 outside every naming context, 53 below a referral, 32
 * for a missing entry or the root identity, which has none), the old password whoever asks,
 * and a new password that is not empty.
 */
function passwordModify(ctx: OpContext, value: Uint8Array | undefined): ExtendedOutcome {
  if (ctx.authzDn === '') fail(RC.strongerAuthRequired, 'only authenticated users may change passwords');
  let user: string | undefined;
  let oldPw: Uint8Array | undefined;
  let newPw: Uint8Array | undefined;
  if (value !== undefined) {
    // RFC 3062 section 2: a SEQUENCE of the three optional fields, in order; anything else does
    // not parse (slapd: protocolError before the identity is looked at, measured)
    try {
      const r = new BerReader(value);
      r.enter(0x30);
      if (r.more() && r.peekTag() === 0x80) user = new TextDecoder().decode(r.readOctetString(0x80));
      if (r.more() && r.peekTag() === 0x81) oldPw = r.readOctetString(0x81);
      if (r.more() && r.peekTag() === 0x82) newPw = r.readOctetString(0x82);
      if (r.more()) throw new Error('unexpected element');
      r.leave();
    } catch {
      fail(RC.protocolError, 'unable to parse password modify request');
    }
  }
  const engine = ctx.engine;
  if (user === undefined) user = ctx.authzDn;
  let name;
  try {
    name = engine.name(user);
  } catch {
    fail(RC.invalidAttributeSyntax, 'Invalid DN');
  }
  const isAdmin = engine.isRoot(engine.name(ctx.authzDn).ndn);
  const entry = engine.lookup(name.ndn);
  // the root identity has no stored password to check an old one against (slapd, measured)
  if (!entry && oldPw !== undefined && engine.isRoot(name.ndn))
    fail(RC.unwillingToPerform, 'unwilling to verify old password');
  if (!entry) {
    if (name.rdns.length > 0 && !engine.isRoot(name.ndn) && engine.rootVerdict(name) === 'refuse')
      fail(RC.other, 'unable to retrieve SASL username');
    for (let i = 1; i < name.rdns.length; i++) {
      const above = engine.lookup(name.rdnKeys.slice(i).join(','));
      if (above && engine.isReferral(above)) fail(RC.unwillingToPerform, 'referral missing');
    }
    fail(RC.noSuchObject);
  }
  const self = engine.name(ctx.authzDn).ndn === entry.ndn;
  if (!self && !isAdmin) fail(RC.insufficientAccessRights);
  if (oldPw !== undefined) {
    const stored = engine.get(entry, 'userPassword')?.values ?? [];
    if (!stored.some((v) => verifyPassword(v, oldPw as Uint8Array)))
      fail(RC.unwillingToPerform, 'unwilling to verify old password');
  }
  if (newPw !== undefined && newPw.length === 0) fail(RC.unwillingToPerform, 'new password value is empty');
  let generated: Uint8Array | undefined;
  if (newPw === undefined) {
    generated = utf8(randomBytes(6).toString('base64url'));
    newPw = generated;
  }
  const storedValue = utf8(hashSsha(newPw, randomBytes(4)));
  const r = modify(
    { ...ctx, relax: true },
    {
      type: 'ModifyRequest',
      object: entry.dn,
      changes: [{ operation: 2, modification: { type: 'userPassword', vals: [storedValue] } }],
    },
  );
  if (r.resultCode !== RC.success) return r;
  if (!generated) return outcome(RC.success);
  const w = new BerWriter(64);
  w.startSequence();
  w.writeOctetString(generated, 0x80);
  w.endSequence();
  return { ...outcome(RC.success), responseValue: w.toBytes() };
}
