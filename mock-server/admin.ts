/**
 * Opt-in HTTP admin endpoint, so a test suite in any language can drive the server between tests:
 *
 *   GET    /health               { ok: true }
 *   POST   /reset                back to the loaded fixture
 *   POST   /snapshot             { id }            POST /restore { id }
 *   POST   /ldif                 body: LDIF text (content or change records) applied to the directory
 *   GET    /ldif                 the whole directory as LDIF
 *   GET    /journal?operation=&dn=&resultCode=&connection=    DELETE /journal
 *   GET    /faults               POST /faults (a rule or an array of rules) -> { ids }
 *   DELETE /faults               DELETE /faults/ID
 *
 * Bytes in journal records are `{ "utf8": "..." }` or `{ "base64": "..." }`.
 */
import http from 'node:http';
import type { Directory } from '../src/dit/index.js';
import { fromUtf8Strict, toBase64 } from '../src/util/index.js';
import type { AccessControl } from './handlers/access-control.js';
import type { FaultRule, FaultSet } from './handlers/faults.js';
import type { Journal, JournalQuery } from './handlers/journal.js';
import type { OperationName } from './handlers/ops.js';

export interface AdminOptions {
  host: string;
  port: number;
  directory: Directory;
  journal: Journal;
  faults: FaultSet;
  access: AccessControl;
  /** Back to the loaded fixture. */
  reset: () => void;
  /** Largest request body accepted. @defaultValue 64 MiB */
  maxBody?: number;
}

export interface AdminServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** JSON.stringify replacer that keeps bytes readable and exact. */
export function jsonBytes(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) {
    const text = fromUtf8Strict(value);
    return text !== undefined ? { utf8: text } : { base64: toBase64(value) };
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: http.IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        reject(new HttpError(413, 'request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `invalid JSON: ${(error as Error).message}`);
  }
}

export function startAdmin(options: AdminOptions): Promise<AdminServer> {
  const { directory, journal, faults } = options;
  const maxBody = options.maxBody ?? 64 * 1024 * 1024;
  const snapshots = new Map<string, ReturnType<Directory['snapshot']>>();
  let nextSnapshot = 1;

  const route = async (req: http.IncomingMessage, url: URL): Promise<{ status?: number; body: unknown }> => {
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const key = `${method} ${path}`;
    switch (key) {
      case 'GET /health':
        return { body: { ok: true } };
      case 'POST /reset':
        options.reset();
        return { body: { ok: true } };
      case 'POST /snapshot': {
        const id = `s${nextSnapshot++}`;
        snapshots.set(id, directory.snapshot());
        return { body: { id } };
      }
      case 'POST /restore': {
        const { id } = (parseJson(await readBody(req, maxBody)) ?? {}) as { id?: unknown };
        const snapshot = typeof id === 'string' ? snapshots.get(id) : undefined;
        if (snapshot === undefined) throw new HttpError(404, `no snapshot ${String(id)}`);
        directory.restore(snapshot);
        return { body: { ok: true } };
      }
      case 'POST /ldif': {
        const text = await readBody(req, maxBody);
        if (!text.includes('\n') && !text.includes(':')) throw new HttpError(400, 'body must be LDIF text');
        try {
          await directory.loadLdif(text.includes('\n') ? text : text + '\n');
        } catch (error) {
          throw new HttpError(400, (error as Error).message);
        }
        return { body: { ok: true } };
      }
      case 'GET /ldif':
        return { body: await directory.exportLdif() };
      case 'GET /journal': {
        const query: JournalQuery = {};
        const op = url.searchParams.get('operation');
        if (op) query.operation = op as OperationName;
        const dn = url.searchParams.get('dn');
        if (dn !== null) query.dn = dn;
        const rc = url.searchParams.get('resultCode');
        if (rc !== null) query.resultCode = Number(rc);
        const conn = url.searchParams.get('connection');
        if (conn !== null) query.connection = Number(conn);
        return { body: journal.find(query) };
      }
      case 'DELETE /journal':
        journal.clear();
        return { body: { ok: true } };
      case 'GET /faults':
        return { body: faults.rules };
      case 'POST /faults': {
        const parsed = parseJson(await readBody(req, maxBody));
        const rules = (Array.isArray(parsed) ? parsed : [parsed]) as unknown[];
        if (!rules.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r))) {
          throw new HttpError(400, 'a fault rule is a JSON object');
        }
        return { status: 201, body: { ids: rules.map((r) => faults.add(r as FaultRule)) } };
      }
      case 'DELETE /faults':
        faults.clear();
        return { body: { ok: true } };
      default:
        if (method === 'DELETE' && path.startsWith('/faults/')) {
          const id = decodeURIComponent(path.slice('/faults/'.length));
          if (!faults.remove(id)) throw new HttpError(404, `no fault rule ${id}`);
          return { body: { ok: true } };
        }
        throw new HttpError(404, `no route ${key}`);
    }
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://admin');
    route(req, url).then(
      ({ status, body }) => {
        if (typeof body === 'string') {
          res.writeHead(status ?? 200, { 'content-type': 'text/plain; charset=utf-8' });
          res.end(body);
        } else {
          res.writeHead(status ?? 200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body, jsonBytes));
        }
      },
      (error: unknown) => {
        const status = error instanceof HttpError ? error.status : 500;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: (error as Error).message }));
      },
    );
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        url: `http://${host}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
