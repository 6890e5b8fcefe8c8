/** Running OpenLDAP's command-line clients and comparing their output across two servers. */
import { spawn } from 'node:child_process';

export interface ToolResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runTool(
  cmd: readonly string[],
  stdin?: string,
  env?: NodeJS.ProcessEnv,
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], ...(env ? { env } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      // A client looping on an answer it does not expect (VLV without its response control).
      if (stdout.length > 64 * 1024) {
        stdout = stdout.slice(0, 64 * 1024) + '\n[output truncated]\n';
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    // A client waiting for something the server never sends must not hang the suite.
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    // A tool that exits without reading its input makes the write fail with EPIPE: not an error here.
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin ?? '');
  });
}

/** Drop what legitimately differs between two servers: opaque cookies and VLV contexts. */
export function normalise(r: ToolResult): ToolResult {
  const stdout = r.stdout
    .replace(/^(# pagedresults: cookie=)\S+$/gm, '$1<cookie>')
    .replace(/context=\S*/g, 'context=<context>');
  const stderr = r.stderr
    .split('\n')
    .filter((l) => /^ldap_\w+: .*\(-?\d+\)$/.test(l) || /^\s*matched DN:/.test(l))
    .join('\n');
  return { status: r.status, stdout, stderr };
}
