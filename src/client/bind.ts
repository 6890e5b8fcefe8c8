/**
 * Binding (RFC 4513 sections 5.1 and 5.2) over any channel: anonymous, simple, and SASL
 * multi-step exchanges. Used by `Connection.bind` and by the restartable/reusable strategies to
 * bind again with the same credentials after a reconnect.
 */
import { LdapError, LdapOptionError } from '../errors.js';
import type { NormalizedOptions } from './options.js';
import type {
  BindAuthentication,
  BindRequest,
  BindResponse,
  Control,
  LdapMessage,
} from '../protocol/index.js';
import { utf8 } from '../util/index.js';
import type { SaslCredentials, SaslMechanism } from './sasl/mechanism.js';
import { DigestMd5Mechanism } from './sasl/digest-md5.js';
import { ScramSha256Mechanism } from './sasl/scram.js';
import { ExternalMechanism, PlainMechanism } from './sasl/simple-mechanisms.js';
import type { Channel } from './transport/exchange.js';

export type BindPlan =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'simple'; readonly name: string; readonly password: Uint8Array }
  | { readonly kind: 'sasl'; readonly name: string; readonly mechanism: () => SaslMechanism };

export type SaslMechanismInput = string | SaslMechanism | (() => SaslMechanism);

/** A fresh mechanism instance per bind (mechanisms keep per-exchange state). */
export function saslFactory(
  mechanism: SaslMechanismInput,
  credentials: SaslCredentials,
  host: string,
): () => SaslMechanism {
  if (typeof mechanism === 'function') return mechanism;
  if (typeof mechanism !== 'string') return () => mechanism;
  const creds = { host, ...credentials };
  switch (mechanism.toUpperCase()) {
    case 'EXTERNAL':
      return () => new ExternalMechanism(creds.authzid);
    case 'PLAIN':
      return () => new PlainMechanism(creds);
    case 'SCRAM-SHA-256':
      return () => new ScramSha256Mechanism(creds);
    case 'DIGEST-MD5':
      return () => new DigestMd5Mechanism(creds);
    default:
      throw new LdapOptionError(`unsupported SASL mechanism ${mechanism}: pass a SaslMechanism object`);
  }
}

/** ldap3's sasl_credentials tuples, or our named object. */
export function toSaslCredentials(
  mechanism: string,
  input: SaslCredentials | readonly unknown[] | undefined,
  user: string | undefined,
  password: string | Uint8Array | undefined,
): SaslCredentials {
  const base: SaslCredentials = {};
  if (user !== undefined) base.user = user;
  if (password !== undefined) base.password = password;
  if (input === undefined) return base;
  if (!Array.isArray(input)) return { ...base, ...(input as SaslCredentials) };
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const m = mechanism.toUpperCase();
  const out: SaslCredentials = { ...base };
  const set = (k: 'user' | 'password' | 'authzid' | 'realm', v: unknown): void => {
    const s = str(v);
    if (s !== undefined) out[k] = s;
  };
  if (m === 'EXTERNAL') set('authzid', input[0]);
  else if (m === 'DIGEST-MD5') {
    // ldap3: (realm, user, password, authz_id)
    set('realm', input[0]);
    set('user', input[1]);
    set('password', input[2]);
    set('authzid', input[3]);
  } else {
    // ldap3 PLAIN: (authz_id, user, password)
    set('authzid', input[0]);
    set('user', input[1]);
    set('password', input[2]);
  }
  return out;
}

const MAX_SASL_STEPS = 10;

/** Run one bind on `channel`; resolves with the final BindResponse whatever its code. */
export async function runBind(
  channel: Channel,
  plan: BindPlan,
  controls: readonly Control[] | undefined,
  timeout: number | undefined,
): Promise<LdapMessage<BindResponse>> {
  const opts = timeout !== undefined ? { timeout } : {};
  const send = async (
    name: string,
    authentication: BindAuthentication,
  ): Promise<LdapMessage<BindResponse>> => {
    const response = await channel.send(bindOp(name, authentication), controls, opts).done;
    if (response.protocolOp.type !== 'BindResponse') {
      throw new LdapError('LDAP_PROTOCOL', `expected BindResponse, got ${response.protocolOp.type}`);
    }
    return response as LdapMessage<BindResponse>;
  };
  if (plan.kind === 'anonymous') return send('', { type: 'simple', password: new Uint8Array(0) });
  if (plan.kind === 'simple') return send(plan.name, { type: 'simple', password: plan.password });
  const mechanism = plan.mechanism();
  let credentials = await mechanism.start();
  for (let step = 0; step < MAX_SASL_STEPS; step++) {
    const auth =
      credentials === undefined
        ? ({ type: 'sasl', mechanism: mechanism.name } as const)
        : ({ type: 'sasl', mechanism: mechanism.name, credentials } as const);
    const response = await send(plan.name, auth);
    const op = response.protocolOp;
    if (op.resultCode === 14) {
      // saslBindInProgress (RFC 4511 section 4.2.2): the server wants another step.
      credentials = await mechanism.step(op.serverSaslCreds ?? new Uint8Array(0));
      continue;
    }
    if (op.resultCode === 0) mechanism.finish?.(op.serverSaslCreds);
    return response;
  }
  throw new LdapError('LDAP_SASL', `SASL ${mechanism.name} did not finish in ${MAX_SASL_STEPS} steps`);
}

function bindOp(name: string, authentication: BindAuthentication): BindRequest {
  return { type: 'BindRequest', version: 3, name, authentication };
}

export function simplePassword(password: string | Uint8Array): Uint8Array {
  return typeof password === 'string' ? utf8(password) : password;
}

/** What to bind with, from the connection options (ldap3's authentication settings). */
export function planBind(
  o: NormalizedOptions,
  user: string | undefined,
  password: string | Uint8Array | undefined,
  host: string,
): BindPlan {
  if (o.authentication === 'ANONYMOUS') return { kind: 'anonymous' };
  if (o.authentication === 'SIMPLE') {
    const name = user ?? '';
    const pw = password === undefined ? new Uint8Array(0) : simplePassword(password);
    if (name === '' && pw.length === 0) return { kind: 'anonymous' };
    // RFC 4513 section 5.1.2: a DN with an empty password is an unauthenticated bind, which
    // servers accept as anonymous; refuse it unless the caller opted in.
    if (pw.length === 0 && !o.allowEmptyPassword) {
      throw new LdapOptionError(
        'simple bind with an empty password refused (unauthenticated bind, RFC 4513 section 5.1.2); set allowEmptyPassword to allow it',
      );
    }
    return { kind: 'simple', name, password: pw };
  }
  const mechanism = o.saslMechanism;
  if (mechanism === undefined) throw new LdapOptionError('SASL authentication needs saslMechanism');
  const mechName =
    typeof mechanism === 'string' ? mechanism : typeof mechanism === 'function' ? 'custom' : mechanism.name;
  const creds = toSaslCredentials(mechName, o.saslCredentials, user, password);
  return { kind: 'sasl', name: '', mechanism: saslFactory(mechanism, creds, host) };
}
