/** What every operation receives besides its request: the engine, the session and the controls. */
import type { Control } from '../../protocol/index.js';
import type { Session } from '../handler.js';
import type { Engine } from '../engine.js';

export interface OpContext {
  readonly engine: Engine;
  readonly session: Session;
  /** Request controls by OID. */
  readonly controls: ReadonlyMap<string, Control>;
  /** The identity the operation runs as: the bind DN, or the proxied one (RFC 4370). */
  readonly authzDn: string;
  readonly signal?: AbortSignal | undefined;
  /** Fixture loading: server-maintained attributes may be supplied, no parent check. */
  readonly relax?: boolean;
}

export const OID = {
  manageDsaIT: '2.16.840.1.113730.3.4.2',
  subtreeDelete: '1.2.840.113556.1.4.805',
  permissiveModify: '1.2.840.113556.1.4.1413',
  assertion: '1.3.6.1.1.12',
  preRead: '1.3.6.1.1.13.1',
  postRead: '1.3.6.1.1.13.2',
  pagedResults: '1.2.840.113556.1.4.319',
  serverSort: '1.2.840.113556.1.4.473',
  serverSortResponse: '1.2.840.113556.1.4.474',
  vlv: '2.16.840.1.113730.3.4.9',
  vlvResponse: '2.16.840.1.113730.3.4.10',
  proxiedAuthz: '2.16.840.1.113730.3.4.18',
  dontUseCopy: '1.3.6.1.1.22',
  relax: '1.3.6.1.4.1.4203.666.5.12',
  whoAmI: '1.3.6.1.4.1.4203.1.11.3',
  passwordModify: '1.3.6.1.4.1.4203.1.11.1',
  startTls: '1.3.6.1.4.1.1466.20037',
  cancel: '1.3.6.1.1.8',
} as const;
