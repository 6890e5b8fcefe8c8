/**
 * Runs test/dn/libldap-oracle.py (OpenLDAP's libldap through ctypes) on a batch of inputs.
 * Returns undefined when python3 or libldap is not installed, so callers can skip loudly.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type OracleKind = 'dn' | 'dnv3' | 'filter' | 'url';

export interface OracleDn {
  ok: boolean;
  dn?: string[][][];
  format?: string | null;
}
export interface OracleFilter {
  ok: boolean;
  filter?: unknown;
}
export interface OracleUrl {
  ok: boolean;
  scheme?: string;
  host?: string | null;
  port?: number;
  dn?: string | null;
  attributes?: string[] | null;
  scope?: number;
  filter?: string | null;
  extensions?: string[] | null;
  critical?: number;
}

const script = fileURLToPath(new URL('./libldap-oracle.py', import.meta.url));
const PYTHON =
  ['/usr/bin/python3', 'python3'].find((p) => (p.includes('/') ? existsSync(p) : true)) ?? 'python3';

/** One oracle call for many inputs; undefined when the oracle cannot run here. */
export function runOracle<T>(kind: OracleKind, inputs: readonly string[]): T[] | undefined {
  const res = spawnSync(PYTHON, [script], {
    input: JSON.stringify(inputs.map((input) => ({ kind, input }))),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.status !== 0) return undefined;
  return JSON.parse(res.stdout) as T[];
}
