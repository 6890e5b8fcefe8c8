/**
 * Bind (RFC 4511 section 4.2, RFC 4513): anonymous, simple against userPassword (or the root
 * identity outside the DIT, like slapd's rootdn/rootpw), unauthenticated binds refused with
 * unwillingToPerform unless allowed (RFC 4513 section 5.1.2), SASL PLAIN (RFC 4616) and
 * EXTERNAL (RFC 4422 appendix A). A wrong password and an unknown DN both give
 * invalidCredentials, as slapd answers; a failed bind leaves the session anonymous.
 */
import { prettyDnOf } from '../slapd-forms.js';
import type { BindRequest } from '../../protocol/index.js';
import { bytesEqual, fromUtf8, utf8 } from '../../util/index.js';
import { verifyPassword } from '../auth/password.js';
import { scramStep } from '../auth/scram.js';
import { evaluate, TRUE } from '../evaluate-filter.js';
import { fail, outcome, RC, SUCCESS, type Outcome } from '../result.js';
import { type Entry, postings } from '../store.js';
import { idSetToArray } from '../id-set.js';
import { normKey } from '../schema-view.js';
import type { OpContext } from './context.js';

export interface BindOutcome extends Outcome {
  readonly serverSaslCreds?: Uint8Array;
}

export function bind(ctx: OpContext, req: BindRequest): BindOutcome {
  const session = ctx.session;
  if (
    req.authentication.type === 'sasl' &&
    req.authentication.mechanism === 'SCRAM-SHA-256' &&
    session.saslState
  ) {
    // continuing a multi-step SASL exchange keeps the state
  } else {
    session.bindDN = '';
    session.saslState = undefined;
  }
  if (req.version !== 3) fail(RC.protocolError, 'historical protocol version requested, use LDAPv3 instead');
  const auth = req.authentication;
  if (auth.type === 'simple') {
    if (req.name === '') {
      if (auth.password.length === 0) return SUCCESS;
      // slapd: a password without a name is not an anonymous bind
      fail(RC.invalidCredentials, badCredentials(ctx));
    }
    const ad = ctx.engine.options.profile === 'ad';
    if (ad && !req.name.includes('=')) return adBind(ctx, req.name, auth.password);
    const name = ctx.engine.name(req.name);
    if (auth.password.length === 0) {
      if (ctx.engine.options.allowUnauthenticatedBind) return SUCCESS;
      fail(RC.unwillingToPerform, 'unauthenticated bind (DN with no password) disallowed');
    }
    if (ctx.engine.isRoot(name.ndn)) {
      const pw = ctx.engine.options.rootPassword;
      if (pw && verifyPassword(pw, auth.password)) {
        // the identity is the DN as slapd writes it (schema type names): Who am I shows it
        session.bindDN = prettyDnOf(ctx.engine.view, name.dn);
        return SUCCESS;
      }
      fail(RC.invalidCredentials, badCredentials(ctx));
    }
    const entry = ctx.engine.lookup(name.ndn);
    if (!entry || !checkPassword(ctx, entry, auth.password)) fail(RC.invalidCredentials, badCredentials(ctx));
    if (ad) adAccountUsable(ctx, entry);
    session.bindDN = entry.dn;
    return SUCCESS;
  }
  switch (auth.mechanism) {
    case 'PLAIN': {
      // slapd's SASL security properties refuse a cleartext mechanism on an unprotected
      // connection (Cyrus "noplain"): PLAIN needs TLS (measured, RFC 4616 section 6)
      if (ctx.engine.options.profile === 'openldap' && !session.tls)
        fail(
          RC.inappropriateAuthentication,
          'SASL(-16): encryption needed to use mechanism: security flags do not match required',
        );
      const parts = fromUtf8(auth.credentials ?? new Uint8Array()).split('\u0000');
      if (parts.length !== 3) fail(RC.invalidCredentials, 'SASL(-13): authentication failure');
      const [, authcid, password] = parts as [string, string, string];
      const entry = resolveUser(ctx, authcid);
      if (entry === 'root') {
        const pw = ctx.engine.options.rootPassword;
        if (pw && verifyPassword(pw, utf8(password))) {
          session.bindDN = ctx.engine.options.rootDn ?? '';
          return SUCCESS;
        }
        fail(RC.invalidCredentials, 'SASL(-13): authentication failure');
      }
      if (!entry || !checkPassword(ctx, entry, utf8(password)))
        fail(RC.invalidCredentials, 'SASL(-13): authentication failure');
      session.bindDN = entry.dn;
      return SUCCESS;
    }
    case 'EXTERNAL': {
      const id = session.externalIdentity;
      if (id === undefined) fail(RC.inappropriateAuthentication, 'SASL(-4): no mechanism available');
      session.bindDN = id;
      return SUCCESS;
    }
    case 'SCRAM-SHA-256': {
      const step = scramStep(ctx, auth.credentials ?? new Uint8Array(), (authcid) => {
        const e = resolveUser(ctx, authcid);
        if (e === 'root') {
          const pw = ctx.engine.options.rootPassword;
          return pw ? { dn: ctx.engine.options.rootDn ?? '', password: pw } : undefined;
        }
        const pw = e
          ? ctx.engine.get(e, 'userPassword')?.values.find((v) => !fromUtf8(v).startsWith('{'))
          : undefined;
        return e && pw ? { dn: e.dn, password: pw } : undefined;
      });
      return step;
    }
    default:
      fail(
        RC.authMethodNotSupported,
        `SASL(-4): no mechanism available: Couldn't find mech ${auth.mechanism}`,
      );
  }
}

/**
 * The diagnostic of a failed simple bind: empty from slapd; Active Directory's
 * `AcceptSecurityContext error, data 52e` (wrong user or password, MS-ADTS 3.1.1.3.1.4), or
 * another data code (533: account disabled).
 */
function badCredentials(ctx: OpContext, data = '52e'): string {
  return ctx.engine.options.profile === 'ad'
    ? `80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data ${data}, v4563\u0000`
    : '';
}

function checkPassword(ctx: OpContext, entry: Entry, password: Uint8Array): boolean {
  const pw = ctx.engine.get(entry, 'userPassword');
  if (pw !== undefined && pw.values.some((v) => verifyPassword(v, password))) return true;
  if (ctx.engine.options.profile !== 'ad') return false;
  // unicodePwd holds the password in double quotes, UTF-16LE (MS-ADTS 3.1.1.3.1.5.1)
  const uni = ctx.engine.get(entry, 'unicodePwd')?.values[0];
  return uni !== undefined && bytesEqual(uni, unicodePwdValue(fromUtf8(password)));
}

/** The unicodePwd value of a password: `"password"` in UTF-16LE. */
export function unicodePwdValue(password: string): Uint8Array {
  return new Uint8Array(Buffer.from(`"${password}"`, 'utf16le'));
}

/** A disabled account (userAccountControl ACCOUNTDISABLE, 0x2) cannot bind even with the right password. */
function adAccountUsable(ctx: OpContext, entry: Entry): void {
  const uac = Number(ctx.engine.textValues(entry, 'userAccountControl')[0] ?? '0');
  if ((uac & 0x2) !== 0) fail(RC.invalidCredentials, badCredentials(ctx, '533'));
}

/**
 * AD simple bind by a name that is not a DN (MS-ADTS 5.1.1.1.1): a user principal name
 * (`alice@corp.example.com`, also `sAMAccountName@` the domain's DNS name) or the NetBIOS
 * form `CORP\alice`. An unknown name fails like a wrong password.
 */
function adBind(ctx: OpContext, name: string, password: Uint8Array): BindOutcome {
  if (password.length === 0) {
    if (ctx.engine.options.allowUnauthenticatedBind) return SUCCESS;
    fail(RC.unwillingToPerform, 'unauthenticated bind (DN with no password) disallowed');
  }
  const entry = adPrincipal(ctx, name);
  if (!entry || !checkPassword(ctx, entry, password)) fail(RC.invalidCredentials, badCredentials(ctx));
  adAccountUsable(ctx, entry);
  ctx.session.bindDN = entry.dn;
  return SUCCESS;
}

function adPrincipal(ctx: OpContext, name: string): Entry | undefined {
  const engine = ctx.engine;
  const find = (attribute: string, value: string): Entry | undefined => {
    const filter = { type: 'equalityMatch' as const, attribute, value: utf8(value) };
    const state = engine.state;
    const evalCtx = engine.evalContext(state);
    // the ad profile indexes sAMAccountName and userPrincipalName
    const info = engine.view.type(attribute);
    const n = info ? engine.view.equality(info)?.normalize(filter.value) : undefined;
    const candidates =
      info && n !== undefined && engine.store.indexed.has(info.key)
        ? idSetToArray(postings(state, info.key, normKey(n))).map((id) => state.byId.get(id))
        : state.byId.values();
    for (const e of candidates) if (e && evaluate(evalCtx, filter, e) === TRUE) return e;
    return undefined;
  };
  const slash = name.indexOf('\\');
  if (slash >= 0) return find('sAMAccountName', name.slice(slash + 1));
  const at = name.lastIndexOf('@');
  if (at < 0) return undefined;
  const byUpn = find('userPrincipalName', name);
  if (byUpn) return byUpn;
  // the implicit UPN: sAMAccountName@ the DNS name of the entry's domain
  const e = find('sAMAccountName', name.slice(0, at));
  if (!e) return undefined;
  const dns = engine
    .name(e.dn)
    .rdns.filter((r) => r.length === 1 && r[0]?.type.toLowerCase() === 'dc')
    .map((r) => r[0]?.value)
    .join('.');
  return dns.toLowerCase() === name.slice(at + 1).toLowerCase() ? e : undefined;
}

/** A SASL authentication id: `dn:DN`, `u:name` or a bare user name (matched against uid). */
export function resolveUser(ctx: OpContext, authcid: string): Entry | 'root' | undefined {
  const engine = ctx.engine;
  let dn: string | undefined;
  let user = authcid;
  if (authcid.startsWith('dn:')) dn = authcid.slice(3);
  else if (authcid.startsWith('u:')) user = authcid.slice(2);
  if (dn !== undefined) {
    let name;
    try {
      name = engine.name(dn);
    } catch {
      return undefined;
    }
    if (engine.isRoot(name.ndn)) return 'root';
    return engine.lookup(name.ndn);
  }
  const filter = { type: 'equalityMatch' as const, attribute: 'uid', value: utf8(user) };
  const evalCtx = engine.evalContext();
  for (const e of engine.state.byId.values()) if (evaluate(evalCtx, filter, e) === TRUE) return e;
  return undefined;
}

export { outcome };
