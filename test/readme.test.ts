/**
 * The README's tour runs: every ```ts block preceded by `<!-- runnable -->` is written to a
 * temporary module (the `ldap3ts` and `ldap3ts/mock-server` specifiers pointed at this checkout)
 * and executed with tsx in a child process from the repository root. It must exit 0 and print
 * exactly the lines its `// →` comments announce, in order (`a ; b` announces two lines, for a
 * loop). The command-line flags the README names must exist in the mock server's CLI.
 */
import test from 'ava';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SETTINGS } from '../mock-server/config.js';
import { startMockServer } from '../mock-server/index.js';
import { Connection } from '../src/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const OUT_DIR = join(ROOT, '.tmp', 'readme-test');

interface Block {
  readonly index: number;
  readonly heading: string;
  readonly line: number;
  readonly code: string;
}

/** Runnable blocks with the section heading above each (for the test title). */
function extractBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const marker = /<!-- runnable -->\r?\n```ts\r?\n([\s\S]*?)\r?\n```/g;
  for (const match of markdown.matchAll(marker)) {
    const before = markdown.slice(0, match.index);
    const headings = [...before.matchAll(/^#{2,3} (.+)$/gm)];
    blocks.push({
      index: blocks.length + 1,
      heading: headings.at(-1)?.[1] ?? '(top)',
      line: before.split('\n').length + 2,
      code: match[1]!,
    });
  }
  return blocks;
}

/** The lines a block announces with `// → ...` comments. */
function expectedLines(code: string): string[] {
  const lines: string[] = [];
  for (const line of code.split('\n')) {
    const at = line.indexOf('// → ');
    if (at >= 0) lines.push(...line.slice(at + '// → '.length).split(' ; '));
  }
  return lines;
}

function rewriteImports(code: string): string {
  const target = (spec: string): string =>
    spec === 'ldap3ts' ? join(ROOT, 'src', 'index.js') : join(ROOT, 'mock-server', 'index.js');
  return code.replace(
    /from '(ldap3ts(?:\/mock-server)?)'/g,
    (_all, spec: string) => `from '${target(spec)}'`,
  );
}

function run(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', file],
      { cwd: ROOT, timeout: 90_000, env: { ...process.env, NODE_NO_WARNINGS: '1' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

const blocks = extractBlocks(README);

test('the README has runnable examples for every part of the tour', (t) => {
  t.true(blocks.length >= 8, `found ${blocks.length} runnable blocks`);
  for (const block of blocks)
    t.true(expectedLines(block.code).length > 0, `block ${block.index} shows its output`);
  // The test must notice a block that no longer imports the package.
  t.true(blocks.every((b) => /from 'ldap3ts(\/mock-server)?'/.test(b.code)));
});

for (const block of blocks) {
  test(`README block ${block.index} (line ${block.line}, "${block.heading}") runs and prints what it says`, async (t) => {
    mkdirSync(OUT_DIR, { recursive: true });
    const file = join(OUT_DIR, `block-${block.index}.ts`);
    writeFileSync(file, rewriteImports(block.code) + '\n');
    const { code, stdout, stderr } = await run(file);
    t.is(code, 0, `exit code ${code}\n${stderr}`);
    const printed = stdout.replace(/\n$/, '').split('\n');
    t.deepEqual(printed, expectedLines(block.code));
  });
}

test('the runnable examples typecheck under the project tsconfig (strict)', async (t) => {
  const dir = join(OUT_DIR, 'typecheck');
  mkdirSync(dir, { recursive: true });
  for (const block of blocks)
    writeFileSync(join(dir, `block-${block.index}.ts`), rewriteImports(block.code) + '\n');
  const config = {
    extends: join(ROOT, 'tsconfig.json'),
    compilerOptions: { noEmit: true, rootDir: ROOT },
    include: ['block-*.ts'],
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((done) => {
    execFile(
      process.execPath,
      [tsc, '-p', join(dir, 'tsconfig.json')],
      { cwd: ROOT, timeout: 120_000 },
      (error, out) => done({ code: error ? 1 : 0, stdout: out }),
    );
  });
  t.is(code, 0, stdout);
});

test('every mock-server flag the README names exists', (t) => {
  // Section 3 is about the mock server; other sections name flags of other tools (benchmarks).
  const section = README.slice(README.indexOf('## 3. '), README.indexOf('## 4. '));
  t.true(section.length > 1000, 'section 3 of the README not found');
  const known = new Set<string>(Object.values(SETTINGS).map((s) => s.flag));
  known.add('--help');
  const named = new Set(
    [...section.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)]
      .map((m) => m[0])
      .map((flag) => (flag.startsWith('--no-') && !known.has(flag) ? '--' + flag.slice(5) : flag)),
  );
  t.true(named.size > 10);
  for (const flag of named) t.true(known.has(flag), `README names ${flag}, which the CLI does not accept`);
});

test('the extractor finds blocks and announced lines', (t) => {
  const md =
    'x\n## Part\n<!-- runnable -->\n```ts\nconsole.log(1); // → 1\nfor (;;) {} // → a ; b\n```\n```ts\nnope\n```\n';
  const found = extractBlocks(md);
  t.is(found.length, 1);
  t.is(found[0]!.heading, 'Part');
  t.deepEqual(expectedLines(found[0]!.code), ['1', 'a', 'b']);
  t.is(
    rewriteImports("import { A } from 'ldap3ts';"),
    `import { A } from '${join(ROOT, 'src', 'index.js')}';`,
  );
});

/**
 * The shell and Python blocks marked `<!-- runnable: against the mock server -->` talk to
 * 127.0.0.1:3389 (`npm start`); here they run against a mock server on a free port.
 */
const TOOL_BLOCK = /<!-- runnable: against the mock server -->\r?\n```(sh|python)\r?\n([\s\S]*?)\r?\n```/g;
const toolBlocks = [...README.matchAll(TOOL_BLOCK)].map((m) => ({ lang: m[1]!, code: m[2]! }));

function has(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function runTool(command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(command, args, { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) =>
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

test('the README shows a shell and a Python block to run against the mock server', (t) => {
  t.deepEqual(toolBlocks.map((b) => b.lang).sort(), ['python', 'sh']);
});

for (const block of toolBlocks) {
  const [command, args, probe] =
    block.lang === 'sh'
      ? (['bash', ['-e', '-c'], () => has('ldapsearch', ['-VV'])] as const)
      : (['/usr/bin/python3', ['-c'], () => has('/usr/bin/python3', ['-c', 'import ldap3'])] as const);
  const title = `README ${block.lang} block runs against the mock server`;
  if (!probe()) {
    test.skip(`${title} (skipped: ${block.lang === 'sh' ? 'ldap-utils' : 'python3-ldap3'} not installed)`, () => {});
    continue;
  }
  test(title, async (t) => {
    const srv = await startMockServer({ ldif: join(ROOT, 'fixtures', 'example.ldif') });
    try {
      const code = block.code.replaceAll('127.0.0.1:3389', `127.0.0.1:${srv.port}`);
      t.not(code, block.code, 'the block no longer talks to 127.0.0.1:3389');
      const result = await runTool(command, [...args, code]);
      t.is(result.code, 0, result.stderr);
      // Every line a block announces in a trailing `# ...` comment must be printed.
      for (const announced of [...block.code.matchAll(/#\s+(\S.*)$/gm)].map((m) => m[1]!.trim())) {
        t.true(result.stdout.includes(announced), `expected output line ${announced}`);
      }
      if (block.lang === 'sh') t.regex(result.stdout, /dn: uid=alice,ou=people,dc=example,dc=com/);
      else t.regex(result.stdout, /uid=bob,ou=people,dc=example,dc=com Bob Baker/);
    } finally {
      await srv.close();
    }
  });
}

test('every account in the README table binds on `npm start`’s fixture with the password shown', async (t) => {
  const rows = [...README.matchAll(/^\| `((?:uid|cn)=[^`]+)` \| `([^`]+)` \|/gm)].map(
    (m) => [m[1]!, m[2]!] as const,
  );
  t.true(rows.length >= 6, `found ${rows.length} accounts`);
  const srv = await startMockServer({ ldif: join(ROOT, 'fixtures', 'example.ldif') });
  try {
    for (const [user, password] of rows) {
      const conn = new Connection(srv.url, { user, password });
      await conn.open();
      t.true(await conn.bind(), `${user} / ${password}: ${conn.result?.description}`);
      t.is(await conn.extend.standard.whoAmI(), `dn:${user}`);
      await conn.unbind();
    }
  } finally {
    await srv.close();
  }
});
