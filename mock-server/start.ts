/**
 * `startMockServer`: build (or adopt) a Directory, load the fixtures, put the handler chain
 * around it and open the listeners. Resolves once every listener accepts connections.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext, type SecureContext, type TlsOptions as NodeTlsOptions } from 'node:tls';
import { Directory } from '../src/dit/index.js';
import type { Filter } from '../src/filter/index.js';
import { AccessControl } from './handlers/access-control.js';
import { accessLog } from './handlers/access-log.js';
import { FaultSet } from './handlers/faults.js';
import { Journal } from './handlers/journal.js';
import { startTls } from './handlers/start-tls.js';
import { buildChain, type HandlerWrapper } from './handlers/types.js';
import { ConnectionManager } from './server.js';
import { DEFAULT_LIMITS, type MockServerOptions, type TlsOptions } from './options.js';
import type { AdminServer } from './admin.js';

export interface MockServer {
  /** `ldap://host:port` */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** `ldaps://host:port` when an ldaps listener was asked for. */
  readonly ldapsUrl?: string;
  readonly ldapsPort?: number;
  /** `ldapi://...` when a Unix socket was asked for. */
  readonly ldapiUrl?: string;
  /** `http://host:port` of the admin endpoint when asked for. */
  readonly adminUrl?: string;
  readonly directory: Directory;
  readonly journal: Journal;
  readonly faults: FaultSet;
  readonly access: AccessControl;
  /** Restore the directory to the fixtures loaded at start (journal and fault rules are kept). */
  reset(): void;
  /** Number of open client connections. */
  readonly connections: number;
  /** Stop listening, send a Notice of Disconnection to every client, close the admin endpoint. */
  close(): Promise<void>;
}

function asList(value: string | readonly string[] | undefined): readonly string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
}

function pem(inline: string | Uint8Array | undefined, file: string | undefined): string | Buffer | undefined {
  if (inline !== undefined) return typeof inline === 'string' ? inline : Buffer.from(inline);
  return file !== undefined ? readFileSync(file) : undefined;
}

function tlsMaterial(
  options: TlsOptions | undefined,
): { node: NodeTlsOptions; context: SecureContext } | undefined {
  if (!options) return undefined;
  const cert = pem(options.cert, options.certFile);
  const key = pem(options.key, options.keyFile);
  if (cert === undefined || key === undefined) return undefined;
  const ca = pem(options.ca, options.caFile);
  const node: NodeTlsOptions = {
    cert,
    key,
    ...(ca !== undefined ? { ca } : {}),
    requestCert: options.requestCert ?? ca !== undefined,
  };
  return { node, context: createSecureContext(node) };
}

/** Load fixture files into `directory`, in the order given. */
export async function loadFixtures(
  directory: Directory,
  ldif: readonly string[],
  json: readonly string[],
): Promise<void> {
  for (const item of ldif) await directory.loadLdif(item);
  for (const item of json) await directory.loadJson(item);
}

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const host = options.host ?? '127.0.0.1';
  const directory =
    options.directory ??
    new Directory({
      profile: options.profile ?? 'openldap',
      ...(options.rootDn !== undefined ? { rootDn: options.rootDn } : {}),
      ...(options.rootPassword !== undefined ? { rootPassword: options.rootPassword } : {}),
      ...(options.sizeLimit !== undefined ? { sizeLimit: options.sizeLimit } : {}),
    });
  await loadFixtures(directory, asList(options.ldif), asList(options.json));
  // The state `reset()` and the admin endpoint's POST /reset go back to: the fixtures as loaded
  // here, whatever is loaded or changed later.
  const fixture = directory.snapshot();
  const reset = (): void => directory.restore(fixture);

  const journal = new Journal(options.journalLimit);
  const faults = new FaultSet();
  for (const rule of options.faults ?? []) faults.add(rule);
  const access = new AccessControl({
    ...(options.anonymousRead !== undefined ? { anonymousRead: options.anonymousRead } : {}),
    ...(options.writesRequireBind !== undefined ? { writesRequireBind: options.writesRequireBind } : {}),
    ...(options.accessRules !== undefined ? { rules: options.accessRules } : {}),
    ...(options.rootDn !== undefined ? { rootDn: options.rootDn } : {}),
    // rules name attributes as people write them; requests may use an alias or the OID
    resolve: (name: string) => directory.engine.view.type(name)?.key ?? name.toLowerCase(),
    recheck: async (dn: string, filter: Filter) => {
      let found = false;
      const request = {
        messageID: 0,
        protocolOp: {
          type: 'SearchRequest' as const,
          baseObject: dn,
          scope: 0 as const,
          derefAliases: 0 as const,
          sizeLimit: 0,
          timeLimit: 0,
          typesOnly: true,
          filter,
          attributes: ['1.1'],
        },
      };
      await directory.handle(request, { id: -1, bindDN: options.rootDn ?? '', tls: true }, (m) => {
        if (m.protocolOp.type === 'SearchResultEntry') found = true;
      });
      return found;
    },
  });
  const wrappers: HandlerWrapper[] = [];
  if (options.accessLog) {
    wrappers.push(
      accessLog({ format: options.accessLog, ...(options.logStream ? { stream: options.logStream } : {}) }),
    );
  }
  const material = tlsMaterial(options.tls);
  wrappers.push(
    journal.wrapper(),
    faults.wrapper(),
    startTls({ advertise: material !== undefined }),
    access.wrapper(),
  );
  const handler = buildChain(directory, wrappers);

  const manager = new ConnectionManager({
    handler,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    ...(material ? { secureContext: material.context } : {}),
    requestCert: material?.node.requestCert ?? false,
  });
  let admin: AdminServer | undefined;
  try {
    const port = await manager.listenPlain(host, options.port ?? 0);
    let ldapsPort: number | undefined;
    if (material && options.tls?.ldapsPort !== undefined) {
      ldapsPort = await manager.listenTls(host, options.tls.ldapsPort, material.node);
    }
    if (options.socketPath !== undefined) await manager.listenUnix(options.socketPath);
    const urlHost = host.includes(':') ? `[${host}]` : host;
    if (options.adminPort !== undefined) {
      // Loaded only when asked for: the HTTP stack is not needed to serve LDAP.
      const { startAdmin } = await import('./admin.js');
      admin = await startAdmin({ host, port: options.adminPort, directory, journal, faults, access, reset });
    }
    const adminRef = admin;
    return {
      url: `ldap://${urlHost}:${port}`,
      port,
      host,
      ...(ldapsPort !== undefined ? { ldapsUrl: `ldaps://${urlHost}:${ldapsPort}`, ldapsPort } : {}),
      ...(options.socketPath !== undefined
        ? { ldapiUrl: `ldapi://${encodeURIComponent(options.socketPath)}` }
        : {}),
      ...(adminRef ? { adminUrl: adminRef.url } : {}),
      directory,
      journal,
      faults,
      access,
      reset,
      get connections() {
        return manager.sessions.size;
      },
      close: async () => {
        await Promise.all([manager.close(), adminRef?.close()]);
      },
    };
  } catch (error) {
    await manager.close();
    await admin?.close();
    throw error;
  }
}
