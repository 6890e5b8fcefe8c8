/**
 * The connection a referral is followed with (RFC 4511 section 4.1.10): a SYNC connection to
 * the referred server, TLS as the origin had it, and our credentials only when the host is
 * allowed them (Server `allowedReferralHosts`); otherwise anonymous.
 */
import type { Control, RequestOp } from '../protocol/index.js';
import { formatLdapUrl, type LdapUrl } from '../url/index.js';
import type { Completed } from './connection.js';
import type { ConnectionOptions, NormalizedOptions } from './options.js';
import { Server } from './server.js';
import { Tls } from './tls.js';

interface Runner {
  open(): Promise<void>;
  run(op: RequestOp, controls?: readonly Control[], signal?: AbortSignal): Promise<Completed>;
  close(): Promise<void>;
}

export async function openReferral(
  origin: Server,
  o: NormalizedOptions,
  tlsStarted: boolean,
  url: LdapUrl,
  withCredentials: boolean,
  hopsLeft: number,
  connect: (server: Server, options: ConnectionOptions<'SYNC'>) => Runner,
): Promise<{ run: Runner['run']; close: () => Promise<void> }> {
  const address = formatLdapUrl({
    ...url,
    dn: '',
    attributes: [],
    scope: 'base',
    filter: '(objectClass=*)',
    extensions: [],
  });
  const target = new Server(address, {
    ...(url.scheme === 'ldaps' || origin.tls ? { tls: origin.tls ?? new Tls() } : {}),
    getInfo: 'NONE',
    allowedReferralHosts: origin.allowedReferralHosts,
    ...(origin.connectTimeout !== undefined ? { connectTimeout: origin.connectTimeout } : {}),
  });
  const authenticated = withCredentials && o.authentication !== 'ANONYMOUS';
  const { user, password, ...rest } = o;
  const conn = connect(target, {
    ...rest,
    ...(withCredentials ? { user, password } : {}),
    clientStrategy: 'SYNC',
    authentication: withCredentials ? o.authentication : 'ANONYMOUS',
    autoBind: authenticated
      ? tlsStarted && !target.ssl
        ? 'AUTO_BIND_TLS_BEFORE_BIND'
        : 'AUTO_BIND_NO_TLS'
      : 'AUTO_BIND_NONE',
    referralHopLimit: hopsLeft,
    lazy: false,
  });
  await conn.open();
  return { run: (op, controls, signal) => conn.run(op, controls, signal), close: () => conn.close() };
}
