/**
 * SASL SCRAM-SHA-256 (RFC 5802, RFC 7677) on the server side, two round trips: client-first
 * gives server-first with saslBindInProgress (14); client-final is checked against the stored
 * cleartext password and answered with the server signature. Channel binding is not offered
 * (gs2 flag `n` or `y` accepted).
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { fromUtf8, utf8 } from '../../util/index.js';
import { fail, RC, type Outcome } from '../result.js';
import type { OpContext } from '../operations/context.js';

interface ScramState {
  readonly mechanism: 'SCRAM-SHA-256';
  readonly clientFirstBare: string;
  readonly serverFirst: string;
  readonly nonce: string;
  readonly gs2Header: string;
  readonly dn: string;
  readonly salted: Buffer;
}

const ITERATIONS = 4096;
const hmac = (key: Buffer, data: string) => createHmac('sha256', key).update(data).digest();

function attrs(msg: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const part of msg.split(',')) {
    const i = part.indexOf('=');
    if (i > 0) m.set(part.slice(0, i), part.slice(i + 1));
  }
  return m;
}

export function scramStep(
  ctx: OpContext,
  credentials: Uint8Array,
  lookup: (user: string) => { dn: string; password: Uint8Array } | undefined,
): Outcome & { serverSaslCreds?: Uint8Array } {
  const session = ctx.session;
  const state = session.saslState as ScramState | undefined;
  const text = fromUtf8(credentials);
  if (!state) {
    const m = /^([nyp][^,]*),([^,]*),(.*)$/s.exec(text);
    if (!m || (m[1] as string).startsWith('p'))
      fail(RC.invalidCredentials, 'SASL(-13): authentication failure');
    const gs2Header = `${m[1]},${m[2]},`;
    const bare = m[3] as string;
    const a = attrs(bare);
    const user = (a.get('n') ?? '').replace(/=2C/g, ',').replace(/=3D/g, '=');
    const clientNonce = a.get('r');
    const found = lookup(user);
    if (!clientNonce || !found) fail(RC.invalidCredentials, 'SASL(-13): authentication failure');
    const salt = randomBytes(16);
    const nonce = clientNonce + randomBytes(18).toString('base64');
    const serverFirst = `r=${nonce},s=${salt.toString('base64')},i=${ITERATIONS}`;
    const salted = pbkdf2Sync(found.password, salt, ITERATIONS, 32, 'sha256');
    const next: ScramState = {
      mechanism: 'SCRAM-SHA-256',
      clientFirstBare: bare,
      serverFirst,
      nonce,
      gs2Header,
      dn: found.dn,
      salted,
    };
    session.saslState = next;
    return {
      resultCode: RC.saslBindInProgress,
      matchedDN: '',
      diagnosticMessage: '',
      serverSaslCreds: utf8(serverFirst),
    };
  }
  session.saslState = undefined;
  const a = attrs(text);
  const proof = a.get('p');
  const withoutProof = text.slice(0, text.lastIndexOf(',p='));
  if (
    a.get('r') !== state.nonce ||
    !proof ||
    a.get('c') !== Buffer.from(state.gs2Header).toString('base64')
  ) {
    fail(RC.invalidCredentials, 'SASL(-13): authentication failure');
  }
  const authMessage = `${state.clientFirstBare},${state.serverFirst},${withoutProof}`;
  const clientKey = hmac(state.salted, 'Client Key');
  const storedKey = createHash('sha256').update(clientKey).digest();
  const signature = hmac(storedKey, authMessage);
  const given = Buffer.from(proof, 'base64');
  if (given.length !== clientKey.length) fail(RC.invalidCredentials, 'SASL(-13): authentication failure');
  const recovered = Buffer.alloc(given.length);
  for (let i = 0; i < given.length; i++) recovered[i] = (given[i] as number) ^ (signature[i] as number);
  if (!timingSafeEqual(createHash('sha256').update(recovered).digest(), storedKey)) {
    fail(RC.invalidCredentials, 'SASL(-13): authentication failure');
  }
  const serverKey = hmac(state.salted, 'Server Key');
  const serverSig = hmac(serverKey, authMessage).toString('base64');
  session.bindDN = state.dn;
  return {
    resultCode: RC.success,
    matchedDN: '',
    diagnosticMessage: '',
    serverSaslCreds: utf8(`v=${serverSig}`),
  };
}
