/**
 * ARCHITECTURE.md's style rule for the client folder: files of one concept, split past 500
 * lines (connection-base.ts once held life cycle, authentication and request shaping at 537).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

test('every src/client file stays within 500 lines', (t) => {
  const files = sources('src/client');
  t.true(files.length > 20, 'the client sources were found');
  const long = files
    .map((file) => ({ file, lines: readFileSync(file, 'utf8').split('\n').length }))
    .filter(({ lines }) => lines > 500);
  t.deepEqual(long, []);
});
