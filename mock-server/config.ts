/**
 * Command-line configuration: flags, then LDAP3TS_* environment variables, then an optional JSON
 * config file (`--config`, keys as in `MockServerOptions`), then defaults; the first source that
 * sets a value wins. Pure: takes argv/env, returns options or throws ConfigError.
 */
import { readFileSync } from 'node:fs';
import { delimiter, dirname, resolve } from 'node:path';
import type { MockServerOptions, ProfileName } from './options.js';

export class ConfigError extends Error {
  readonly code = 'LDAP3TS_CONFIG';
}

type Kind = 'string' | 'int' | 'bool' | 'list';

interface Spec {
  readonly flag: string;
  readonly env: string;
  readonly kind: Kind;
  readonly help: string;
}

/** Every setting, by its key in the flat configuration. */
export const SETTINGS = {
  ldif: { flag: '--ldif', env: 'LDAP3TS_LDIF', kind: 'list', help: 'LDIF file to load (repeatable)' },
  json: { flag: '--json', env: 'LDAP3TS_JSON', kind: 'list', help: 'ldap3 JSON dump to load (repeatable)' },
  host: { flag: '--host', env: 'LDAP3TS_HOST', kind: 'string', help: 'address to listen on (127.0.0.1)' },
  port: { flag: '--port', env: 'LDAP3TS_PORT', kind: 'int', help: 'ldap:// port, 0 for a free one (3389)' },
  profile: { flag: '--profile', env: 'LDAP3TS_PROFILE', kind: 'string', help: 'openldap|ad|389ds|none' },
  rootDn: {
    flag: '--root-dn',
    env: 'LDAP3TS_ROOT_DN',
    kind: 'string',
    help: 'administrator DN outside the DIT',
  },
  rootPassword: {
    flag: '--root-password',
    env: 'LDAP3TS_ROOT_PASSWORD',
    kind: 'string',
    help: 'its password',
  },
  ldapsPort: { flag: '--ldaps-port', env: 'LDAP3TS_LDAPS_PORT', kind: 'int', help: 'ldaps:// port' },
  cert: {
    flag: '--cert',
    env: 'LDAP3TS_CERT',
    kind: 'string',
    help: 'PEM server certificate (ldaps, StartTLS)',
  },
  key: { flag: '--key', env: 'LDAP3TS_KEY', kind: 'string', help: 'PEM private key' },
  ca: {
    flag: '--ca',
    env: 'LDAP3TS_CA',
    kind: 'string',
    help: 'PEM CA for client certificates (SASL EXTERNAL)',
  },
  socketPath: { flag: '--socket', env: 'LDAP3TS_SOCKET', kind: 'string', help: 'ldapi:// Unix socket path' },
  adminPort: {
    flag: '--admin-port',
    env: 'LDAP3TS_ADMIN_PORT',
    kind: 'int',
    help: 'HTTP admin endpoint port',
  },
  accessLog: {
    flag: '--access-log',
    env: 'LDAP3TS_ACCESS_LOG',
    kind: 'string',
    help: 'text|json lines on stderr',
  },
  anonymousRead: {
    flag: '--anonymous-read',
    env: 'LDAP3TS_ANONYMOUS_READ',
    kind: 'bool',
    help: 'allow anonymous reads (true)',
  },
  writesRequireBind: {
    flag: '--writes-require-bind',
    env: 'LDAP3TS_WRITES_REQUIRE_BIND',
    kind: 'bool',
    help: 'refuse anonymous writes (true)',
  },
  sizeLimit: {
    flag: '--size-limit',
    env: 'LDAP3TS_SIZE_LIMIT',
    kind: 'int',
    help: 'entries per search for all but the root DN (openldap: 500, as slapd; 0 = none)',
  },
  maxMessageSize: { flag: '--max-message-size', env: 'LDAP3TS_MAX_MESSAGE_SIZE', kind: 'int', help: 'bytes' },
  maxConnections: {
    flag: '--max-connections',
    env: 'LDAP3TS_MAX_CONNECTIONS',
    kind: 'int',
    help: 'connections',
  },
  maxOutstanding: {
    flag: '--max-outstanding',
    env: 'LDAP3TS_MAX_OUTSTANDING',
    kind: 'int',
    help: 'per connection',
  },
  idleTimeoutMs: {
    flag: '--idle-timeout-ms',
    env: 'LDAP3TS_IDLE_TIMEOUT_MS',
    kind: 'int',
    help: '0 = never',
  },
  quiet: { flag: '--quiet', env: 'LDAP3TS_QUIET', kind: 'bool', help: 'print only the ready line(s)' },
  config: { flag: '--config', env: 'LDAP3TS_CONFIG', kind: 'string', help: 'JSON config file' },
} as const satisfies Record<string, Spec>;

export type SettingKey = keyof typeof SETTINGS;
type Flat = Map<SettingKey, string | number | boolean | string[]>;

const BY_FLAG = new Map<string, SettingKey>(
  (Object.keys(SETTINGS) as SettingKey[]).map((k) => [SETTINGS[k].flag, k]),
);

function convert(key: SettingKey, raw: string, where: string): string | number | boolean {
  const kind: Kind = SETTINGS[key].kind;
  if (kind === 'int') {
    if (!/^\d+$/.test(raw))
      throw new ConfigError(`${where}: expected a non-negative integer, got ${JSON.stringify(raw)}`);
    return Number(raw);
  }
  if (kind === 'bool') {
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    throw new ConfigError(`${where}: expected true or false, got ${JSON.stringify(raw)}`);
  }
  return raw;
}

function set(flat: Flat, key: SettingKey, value: string | number | boolean): void {
  if (SETTINGS[key].kind === 'list') {
    const list = (flat.get(key) as string[] | undefined) ?? [];
    list.push(String(value));
    flat.set(key, list);
  } else flat.set(key, value);
}

/** Parse `--flag value`, `--flag=value`, bare boolean flags and `--no-flag`. */
export function parseArgs(argv: readonly string[]): { flat: Flat; help: boolean } {
  const flat: Flat = new Map();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    let name = eq > 0 ? arg.slice(0, eq) : arg;
    let negated = false;
    if (!BY_FLAG.has(name) && name.startsWith('--no-')) {
      name = '--' + name.slice(5);
      negated = true;
    }
    const key = BY_FLAG.get(name);
    if (!key) throw new ConfigError(`unknown option ${arg} (see --help)`);
    const kind: Kind = SETTINGS[key].kind;
    if (kind === 'bool' && (negated || eq < 0)) {
      if (eq > 0) throw new ConfigError(`${name}: --no-${name.slice(2)} takes no value`);
      set(flat, key, !negated);
      continue;
    }
    let raw: string | undefined;
    if (eq > 0) raw = arg.slice(eq + 1);
    else {
      raw = argv[++i];
      if (raw === undefined) throw new ConfigError(`${name} needs a value`);
    }
    set(flat, key, convert(key, raw, name));
  }
  return { flat, help };
}

/** Read LDAP3TS_* variables; lists are separated by commas or the platform path delimiter. */
export function parseEnv(env: NodeJS.ProcessEnv): Flat {
  const flat: Flat = new Map();
  for (const key of Object.keys(SETTINGS) as SettingKey[]) {
    const raw = env[SETTINGS[key].env];
    if (raw === undefined || raw === '') continue;
    if (SETTINGS[key].kind === 'list')
      flat.set(
        key,
        raw
          .split(delimiter)
          .flatMap((s) => s.split(','))
          .filter((s) => s.length > 0),
      );
    else flat.set(key, convert(key, raw, SETTINGS[key].env));
  }
  return flat;
}

function readConfigFile(path: string): Partial<MockServerOptions> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${path}: invalid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`config file ${path}: expected a JSON object`);
  }
  const base = dirname(resolve(path));
  const options = parsed as Partial<MockServerOptions> & Record<string, unknown>;
  const rel = (p: unknown): string => (typeof p === 'string' ? resolve(base, p) : String(p));
  // Paths in a config file are relative to the file, not to the working directory.
  if (options.ldif !== undefined) options.ldif = [options.ldif].flat().map(rel);
  if (options.json !== undefined) options.json = [options.json].flat().map(rel);
  if (options.tls) {
    const t = { ...options.tls };
    if (t.certFile) t.certFile = rel(t.certFile);
    if (t.keyFile) t.keyFile = rel(t.keyFile);
    if (t.caFile) t.caFile = rel(t.caFile);
    options.tls = t;
  }
  return options;
}

const PROFILES: readonly ProfileName[] = ['openldap', 'ad', '389ds', 'none'];

/** Merge the three sources into server options. */
export function resolveConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): { options: MockServerOptions; quiet: boolean; help: boolean } {
  const { flat: flags, help } = parseArgs(argv);
  const fromEnv = parseEnv(env);
  const get = <T>(key: SettingKey): T | undefined =>
    (flags.has(key) ? flags.get(key) : fromEnv.get(key)) as T | undefined;
  const configPath = get<string>('config');
  const file = configPath !== undefined ? readConfigFile(configPath) : {};
  const options: MockServerOptions = { ...file };

  const assign = <K extends keyof MockServerOptions>(
    key: K,
    value: MockServerOptions[K] | undefined,
  ): void => {
    if (value !== undefined) options[key] = value;
  };
  assign('ldif', get<string[]>('ldif'));
  assign('json', get<string[]>('json'));
  assign('host', get<string>('host'));
  assign('port', get<number>('port'));
  const profile = get<string>('profile');
  if (profile !== undefined && !PROFILES.includes(profile as ProfileName)) {
    throw new ConfigError(`--profile must be one of ${PROFILES.join(', ')}, got ${JSON.stringify(profile)}`);
  }
  assign('profile', profile as ProfileName | undefined);
  assign('rootDn', get<string>('rootDn'));
  assign('rootPassword', get<string>('rootPassword'));
  assign('socketPath', get<string>('socketPath'));
  assign('adminPort', get<number>('adminPort'));
  const accessLog = get<string>('accessLog');
  if (accessLog !== undefined && accessLog !== 'text' && accessLog !== 'json') {
    throw new ConfigError(`--access-log must be text or json, got ${JSON.stringify(accessLog)}`);
  }
  assign('accessLog', accessLog as 'text' | 'json' | undefined);
  assign('anonymousRead', get<boolean>('anonymousRead'));
  assign('writesRequireBind', get<boolean>('writesRequireBind'));
  assign('sizeLimit', get<number>('sizeLimit'));

  const cert = get<string>('cert');
  const key = get<string>('key');
  const ca = get<string>('ca');
  const ldapsPort = get<number>('ldapsPort');
  if (cert !== undefined || key !== undefined || ca !== undefined || ldapsPort !== undefined) {
    options.tls = {
      ...options.tls,
      ...(cert !== undefined ? { certFile: cert } : {}),
      ...(key !== undefined ? { keyFile: key } : {}),
      ...(ca !== undefined ? { caFile: ca } : {}),
      ...(ldapsPort !== undefined ? { ldapsPort } : {}),
    };
  }
  const tls = options.tls;
  if (tls && (tls.certFile ?? tls.cert) === undefined) throw new ConfigError('TLS needs --cert and --key');
  if (tls && (tls.keyFile ?? tls.key) === undefined)
    throw new ConfigError('TLS needs --key as well as --cert');

  const limits = { ...options.limits };
  for (const k of ['maxMessageSize', 'maxConnections', 'maxOutstanding', 'idleTimeoutMs'] as const) {
    const v = get<number>(k);
    if (v !== undefined) limits[k] = v;
  }
  if (Object.keys(limits).length > 0) options.limits = limits;
  if ((options.rootDn === undefined) !== (options.rootPassword === undefined)) {
    throw new ConfigError('--root-dn and --root-password go together');
  }
  return { options, quiet: get<boolean>('quiet') ?? false, help };
}

export function usage(): string {
  const lines = ['usage: ldap3ts-mock-server [options]', ''];
  for (const key of Object.keys(SETTINGS) as SettingKey[]) {
    const s: Spec = SETTINGS[key];
    const arg = s.kind === 'bool' ? '' : s.kind === 'int' ? ' N' : ' VALUE';
    lines.push(`  ${(s.flag + arg).padEnd(28)} ${s.help.padEnd(48)} $${s.env}`);
  }
  lines.push('', 'Flags win over environment variables, which win over the --config JSON file.');
  return lines.join('\n') + '\n';
}
