/**
 * The in-memory directory as the MOCK strategies see it: the RequestHandler seam of
 * src/dit/handler.ts plus the loaders of API.md. Created through the dit layer's `Directory`.
 */
import { LdapError } from '../errors.js';
import type { LdapMessage, RequestOp } from '../protocol/index.js';
import type { Schema } from '../schema/index.js';

/** Mirrors src/dit/handler.ts `Session` (structurally identical). */
export interface MockSession {
  readonly id: number;
  bindDN: string;
  tls: boolean;
  externalIdentity?: string;
  saslState?: unknown;
  readonly info?: Readonly<Record<string, unknown>>;
}

export interface MockDirectory {
  handle(
    request: LdapMessage<RequestOp>,
    session: MockSession,
    respond: (message: LdapMessage) => void,
    signal?: AbortSignal,
  ): Promise<void>;
  addEntry(dn: string, attributes: never): unknown;
  loadLdif(pathOrText: string): unknown;
  loadJson(pathOrText: string): unknown;
}

export interface DirectoryOptions {
  schema?: Schema;
  profile?: 'openldap' | 'ad' | '389ds' | 'none';
}

export function createDirectory(options: DirectoryOptions): MockDirectory {
  void options;
  throw new LdapError('LDAP_NO_DIRECTORY', 'the in-memory directory engine is not available in this build');
}
