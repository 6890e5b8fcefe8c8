/**
 * Enforces the layer rule of ARCHITECTURE.md: dependencies point down only, src/ never imports
 * mock-server/ or test/, and an import into another folder goes through that folder's index.ts.
 */
import test from 'ava';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Layer of each unit; a unit may import units of a lower or equal layer only. */
const LAYER: Record<string, number> = {
  'src/util': 0,
  'src/ber': 0,
  'src/errors.ts': 0,
  'src/dn': 1,
  'src/filter': 1,
  'src/schema': 1,
  'src/ldif': 1,
  'src/url': 1,
  'src/protocol': 2,
  'src/dit': 3,
  'src/client': 4,
  'src/abstract': 5,
  'src/index.ts': 6,
  'mock-server': 7,
};

function walk(dir: string): string[] {
  let out: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(walk(p));
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The unit a repository-relative path belongs to: `src/<folder>`, `src/<file>.ts` or `mock-server`. */
function unitOf(rel: string): string | undefined {
  const parts = rel.split('/');
  if (parts[0] === 'mock-server') return 'mock-server';
  if (parts[0] !== 'src') return parts[0];
  if (parts.length === 2) return rel;
  return `src/${parts[1]}`;
}

const IMPORT_RE =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec) found.push(spec);
  }
  return found;
}

const files = [...walk(join(root, 'src')), ...walk(join(root, 'mock-server'))];

test('the import scanner sees static, re-export, side-effect and dynamic imports', (t) => {
  const src = `import a from './a.js';\nexport { b } from "../b/index.js";\nimport './c.js';\nconst d = await import('./d.js');\nimport type {\n  E,\n} from './e.js';`;
  t.deepEqual(importsOf(src), ['./a.js', '../b/index.js', './c.js', './d.js', './e.js']);
});

test('every source file sits in a known layer', (t) => {
  const unknown = files
    .map((f) => relative(root, f).split(sep).join('/'))
    .filter((rel) => LAYER[unitOf(rel) ?? ''] === undefined);
  t.deepEqual(unknown, [], 'add new folders to LAYER with their level');
});

test('dependencies point down only and cross folders through index.ts', (t) => {
  const problems: string[] = [];
  for (const file of files) {
    const rel = relative(root, file).split(sep).join('/');
    const from = unitOf(rel)!;
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue; // packages and node: builtins
      const target = relative(root, resolve(dirname(file), spec))
        .split(sep)
        .join('/')
        .replace(/\.js$/, '.ts');
      const to = unitOf(target);
      if (to === undefined || to === 'test' || to === 'bench' || to === 'fixtures') {
        problems.push(`${rel} imports ${spec} (outside src/ and mock-server/)`);
        continue;
      }
      if (to === from) continue;
      const toLayer = LAYER[to];
      if (toLayer === undefined) {
        problems.push(`${rel} imports ${spec}: unknown unit ${to}`);
        continue;
      }
      if (toLayer > LAYER[from]!) problems.push(`${rel} (${from}) imports upward ${spec} (${to})`);
      const isFolder = !to.endsWith('.ts');
      if (isFolder && target !== `${to}/index.ts`)
        problems.push(`${rel} reaches past ${to}/index.ts with ${spec}`);
    }
  }
  t.deepEqual(problems, []);
});
