/**
 * A small client for the HTTP admin endpoint (admin.ts), for test suites that run the mock server
 * as a separate process (CI service container, `ldap3ts-mock-server --admin-port N`) and still
 * want to reset it, read its journal or set fault rules between tests. Uses global fetch.
 */
import type { FaultRule } from './handlers/faults.js';
import type { JournalQuery } from './handlers/journal.js';

/** A journal record as the endpoint serialises it (bytes as `{ utf8 }` or `{ base64 }`). */
export interface JournalRecordJson {
  seq: number;
  connection: number;
  messageID: number;
  operation: string;
  dn: string;
  request: unknown;
  entries: number;
  references: number;
  resultCode?: number;
  diagnosticMessage?: string;
  startedAt: number;
  finishedAt?: number;
}

export class AdminClientError extends Error {
  readonly code = 'LDAP3TS_ADMIN';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class AdminClient {
  readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  async #call<T>(method: string, path: string, body?: string): Promise<T> {
    const res = await fetch(this.baseUrl + path, { method, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    if (!res.ok) {
      let reason = text;
      try {
        reason = (JSON.parse(text) as { error?: string }).error ?? text;
      } catch {
        // not JSON: keep the text
      }
      throw new AdminClientError(res.status, `${method} ${path}: ${res.status} ${reason}`);
    }
    const type = res.headers.get('content-type') ?? '';
    return (type.includes('application/json') ? JSON.parse(text) : text) as T;
  }

  /** Back to the fixture the server loaded at start. */
  async reset(): Promise<void> {
    await this.#call('POST', '/reset');
  }

  async snapshot(): Promise<string> {
    return (await this.#call<{ id: string }>('POST', '/snapshot')).id;
  }

  async restore(id: string): Promise<void> {
    await this.#call('POST', '/restore', JSON.stringify({ id }));
  }

  /** Apply LDIF text (content or change records). */
  async loadLdif(text: string): Promise<void> {
    await this.#call('POST', '/ldif', text);
  }

  async exportLdif(): Promise<string> {
    return this.#call<string>('GET', '/ldif');
  }

  async journal(query: JournalQuery = {}): Promise<JournalRecordJson[]> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return this.#call<JournalRecordJson[]>('GET', `/journal${qs ? `?${qs}` : ''}`);
  }

  async clearJournal(): Promise<void> {
    await this.#call('DELETE', '/journal');
  }

  async faults(): Promise<FaultRule[]> {
    return this.#call<FaultRule[]>('GET', '/faults');
  }

  /** Add rules; returns their ids. */
  async addFaults(...rules: FaultRule[]): Promise<string[]> {
    return (await this.#call<{ ids: string[] }>('POST', '/faults', JSON.stringify(rules))).ids;
  }

  async removeFault(id: string): Promise<void> {
    await this.#call('DELETE', `/faults/${encodeURIComponent(id)}`);
  }

  async clearFaults(): Promise<void> {
    await this.#call('DELETE', '/faults');
  }
}
