#!/usr/bin/env node
/**
 * ldap3ts-mock-server: the standalone TCP mock server (API.md). Prints exactly one ready line per
 * listener once it accepts connections, then (unless --quiet) a command and a snippet to try.
 * SIGINT/SIGTERM send a Notice of Disconnection to every client and exit 0. Exit codes: 1 a bad
 * fixture or a listen failure, 2 a bad option.
 */
import { ConfigError, resolveConfig, usage } from './config.js';
import { startMockServer, type MockServer } from './start.js';
import { tryHints } from './hints.js';

function fail(code: number, message: string): never {
  process.stderr.write(`ldap3ts-mock-server: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  // Whoever reads our output may stop reading (`| head -1`): the server keeps serving (EPIPE on
  // standard output must not kill it).
  process.stdout.on('error', () => {});
  let resolved;
  try {
    resolved = resolveConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(2, error.message);
    throw error;
  }
  if (resolved.help) {
    process.stdout.write(usage());
    return;
  }
  const options = { ...resolved.options, port: resolved.options.port ?? 3389 };
  let server: MockServer;
  try {
    server = await startMockServer(options);
  } catch (error) {
    const e = error as Error & { code?: string };
    // LdifError names file, line and column; other fixture errors are prefixed with the file.
    fail(1, e.message);
  }
  // Handlers go in before the ready line: whoever reads it may signal us at once.
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const lines = [`ldap3ts mock server listening on ${server.url}`];
  if (server.ldapsUrl) lines.push(`ldap3ts mock server listening on ${server.ldapsUrl}`);
  if (server.ldapiUrl) lines.push(`ldap3ts mock server listening on ${server.ldapiUrl}`);
  process.stdout.write(lines.join('\n') + '\n');
  if (!resolved.quiet) {
    const extra = tryHints(server, options);
    if (server.adminUrl) process.stdout.write(`admin endpoint: ${server.adminUrl}\n`);
    if (extra) process.stdout.write(extra);
  }
}

main().catch((error: unknown) => {
  fail(1, error instanceof Error ? error.message : String(error));
});
