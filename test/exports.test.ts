/** Pins the public surface (ARCHITECTURE.md rule 14) and the constants' values of API.md. */
import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import * as api from '../src/index.js';
import * as mockServer from '../mock-server/index.js';

const PINNED = [
  // errors
  'LdapError',
  'LdapResultError',
  'BerError',
  'ProtocolError',
  'FilterSyntaxError',
  'DnSyntaxError',
  'UrlSyntaxError',
  'LdifError',
  'SchemaError',
  'LdapOptionError',
  'LdapConnectionError',
  'LdapTimeoutError',
  'LdapAbortError',
  // constants
  'SYNC',
  'SAFE_SYNC',
  'ASYNC',
  'ASYNC_STREAM',
  'RESTARTABLE',
  'SAFE_RESTARTABLE',
  'REUSABLE',
  'LDIF',
  'MOCK_SYNC',
  'MOCK_ASYNC',
  'BASE',
  'LEVEL',
  'SUBTREE',
  'DEREF_NEVER',
  'DEREF_SEARCH',
  'DEREF_BASE',
  'DEREF_ALWAYS',
  'ALL_ATTRIBUTES',
  'ALL_OPERATIONAL_ATTRIBUTES',
  'NO_ATTRIBUTES',
  'MODIFY_ADD',
  'MODIFY_DELETE',
  'MODIFY_REPLACE',
  'MODIFY_INCREMENT',
  'ANONYMOUS',
  'SIMPLE',
  'SASL',
  'EXTERNAL',
  'PLAIN',
  'SCRAM_SHA_256',
  'DIGEST_MD5',
  'AUTO_BIND_NONE',
  'AUTO_BIND_NO_TLS',
  'AUTO_BIND_TLS_BEFORE_BIND',
  'AUTO_BIND_TLS_AFTER_BIND',
  'NONE',
  'DSA',
  'SCHEMA',
  'ALL',
  'OFFLINE_SLAPD_2_5',
  'OFFLINE_AD_SAMBA_4',
  'OFFLINE_DS389_2',
  'FIRST',
  'ROUND_ROBIN',
  'RANDOM',
  'IP_SYSTEM_DEFAULT',
  'IP_V4_ONLY',
  'IP_V6_ONLY',
  'IP_V4_PREFERRED',
  'IP_V6_PREFERRED',
  // client
  'Server',
  'ServerPool',
  'Tls',
  'Connection',
  'DsaInfo',
  'responseToLdif',
  'responseToJson',
  'ExternalMechanism',
  'PlainMechanism',
  'ScramSha256Mechanism',
  'DigestMd5Mechanism',
  'AttributeMap',
  'StandardExtend',
  'MicrosoftExtend',
  'NovellExtend',
  'CLIENT_CHANNEL',
  // directory
  'Directory',
  'DirectoryAssertionError',
  // abstraction layer
  'ObjectDef',
  'AttrDef',
  'Reader',
  'Writer',
  'Entry',
  'EntryBase',
  'WritableEntry',
  'Attribute',
  'OperationalAttribute',
  'WritableAttribute',
  'LdapCursorError',
  'LdapObjectDefError',
  'LdapAttributeError',
  'LdapDereferenceError',
  'compileQuery',
  'parseQuery',
  'STATUS_INIT',
  'STATUS_VIRTUAL',
  'STATUS_MANDATORY_MISSING',
  'STATUS_READ',
  'STATUS_WRITABLE',
  'STATUS_PENDING_CHANGES',
  'STATUS_COMMITTED',
  'STATUS_READY_FOR_DELETION',
  'STATUS_READY_FOR_MOVING',
  'STATUS_READY_FOR_RENAMING',
  'STATUS_DELETED',
  'STATUSES',
  // schema
  'Schema',
  'getProfile',
  'formatValue',
  'parseDefinition',
  'PROFILE_NAMES',
  // protocol utilities
  'parseFilter',
  'formatFilter',
  'escapeFilterValue',
  'parseDn',
  'formatDn',
  'escapeRdnValue',
  'normalizeDn',
  'dnEquals',
  'parseRdn',
  'formatRdn',
  'parentDn',
  'rdnOf',
  'joinDn',
  'isDescendant',
  'parseLdif',
  'formatLdifRecord',
  'LdifParser',
  'isSafeString',
  'formatLdif',
  'readLdif',
  'readLdifFile',
  'parseLdapUrl',
  'formatLdapUrl',
  'encodeMessage',
  'decodeMessage',
  'MessageFramer',
  'ResultCode',
  'ControlOid',
  'ExtendedOid',
  'resultCodeName',
  'resultCodeInfo',
  'makeControl',
  'describeControls',
  'encodeFilter',
  'decodeFilter',
];

test('the package root exports exactly the pinned names', (t) => {
  t.deepEqual(Object.keys(api).sort(), [...PINNED].sort());
});

test('constants have the values API.md gives', (t) => {
  const equalToName = PINNED.filter(
    (n) =>
      /^[A-Z][A-Z0-9_]+$/.test(n) &&
      !n.startsWith('STATUS') &&
      !['PROFILE_NAMES', 'CLIENT_CHANNEL'].includes(n),
  );
  const special: Record<string, string> = {
    ALL_ATTRIBUTES: '*',
    ALL_OPERATIONAL_ATTRIBUTES: '+',
    NO_ATTRIBUTES: '1.1',
    SCRAM_SHA_256: 'SCRAM-SHA-256',
    DIGEST_MD5: 'DIGEST-MD5',
  };
  const table = api as unknown as Record<string, unknown>;
  for (const name of equalToName) t.is(table[name], special[name] ?? name, name);
});

test('ldap3 entry statuses keep their ldap3 spellings', (t) => {
  t.is(api.STATUS_PENDING_CHANGES, 'Pending changes');
  t.is(api.STATUS_MANDATORY_MISSING, 'Missing mandatory attributes');
  t.is(api.STATUSES.length, 11);
});

test('every error class derives from LdapError and carries a stable code', (t) => {
  const e = new api.FilterSyntaxError('unexpected )', '(cn=a))', 6);
  t.true(e instanceof api.LdapError);
  t.is(e.code, 'LDAP_FILTER_SYNTAX');
  t.is(e.position, 6);
  const b = new api.BerError('length overruns parent', 12);
  t.true(b instanceof api.LdapError);
  t.is(b.offset, 12);
  t.false(b.incomplete);
});

test('ldap3ts/mock-server exports startMockServer', (t) => {
  t.is(typeof mockServer.startMockServer, 'function');
});

test('the package exports map points at the files the build emits', (t) => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  t.is(pkg.type, 'module');
  for (const [entry, target] of Object.entries<Record<string, string>>(pkg.exports)) {
    if (typeof target === 'string') continue;
    const js = target.import!;
    const source = new URL('../' + js.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts'), import.meta.url);
    t.true(existsSync(source), `${entry} -> ${js} has a source file`);
    t.true(target.types!.endsWith('.d.ts'), `${entry} has types`);
  }
  const bin = pkg.bin['ldap3ts-mock-server'] as string;
  t.true(
    existsSync(new URL('../' + bin.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts'), import.meta.url)),
  );
});
