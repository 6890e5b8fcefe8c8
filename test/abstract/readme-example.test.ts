/**
 * Runs the example of src/abstract/README-section.md as written (imports from 'ldap3ts' point
 * at the sources) and checks every `// → ...` comment against what the line printed.
 */
import test from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';

const readme = readFileSync(new URL('../../src/abstract/README-section.md', import.meta.url), 'utf8');
const shim = fileURLToPath(new URL('./readme-shim.ts', import.meta.url));

test('the README example runs and prints what its comments say', async (t) => {
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) return t.fail('no ts block in the README section');
  const expected: string[] = [];
  for (const line of block.split('\n')) {
    const m = /\/\/ → (.*)$/.exec(line);
    if (!m?.[1]) continue;
    const text = m[1].replace(/ \(.*\)$/, '');
    expected.push(...text.split(' ; '));
  }
  const code = block
    .replace(/from 'ldap3ts'/g, `from ${JSON.stringify(pathToFileURL(shim).href)}`)
    .replace(/console\.log\(/g, '(globalThis as any).__readmeLog(');
  const printed: string[] = [];
  (globalThis as unknown as { __readmeLog: (...a: unknown[]) => void }).__readmeLog = (...args) =>
    printed.push(format(...args));
  const dir = mkdtempSync(join(tmpdir(), 'ldap3ts-readme-'));
  try {
    const file = join(dir, 'example.mts'); // .mts: ESM (top-level await) outside the package
    writeFileSync(file, code);
    await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  t.deepEqual(printed, expected);
  t.true(expected.length >= 12);
});
