/**
 * Typed access to `conn.entries`, ldap3 style. This file is type-checked with the project
 * (strict + noUncheckedIndexedAccess), so its lines are compile-time assertions and each
 * `@ts-expect-error` fails `tsc` if the misuse ever compiles. A second test type-checks the
 * README's pattern (`conn.entries[0].cn.value`, `conn.result?.description`) under plain `strict`
 * with the compiler API, as most users compile.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import ts from 'typescript';
import { Connection, Server, type ClientEntry, type EntryAttribute } from '../../src/client/index.js';
import { Directory } from '../../src/dit/index.js';
import { LdapError } from '../../src/errors.js';

const ADMIN = 'cn=admin,dc=example,dc=com';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function searched(): Promise<Connection<'MOCK_SYNC'>> {
  const server = new Server('mock', {
    directory: new Directory({ rootDn: ADMIN, rootPassword: 'secret' }),
    getInfo: 'NONE',
  });
  const conn = new Connection(server, { user: ADMIN, password: 'secret', clientStrategy: 'MOCK_SYNC' });
  await conn.strategy.entriesFromLdif('fixtures/client/directory.ldif');
  await conn.bind();
  await conn.search('ou=people,dc=example,dc=com', '(uid=carol)', { attributes: ['cn', 'mail'] });
  return conn;
}

test('entry attributes are EntryAttribute properties, typed or not', async (t) => {
  const conn = await searched();
  const entry = conn.entries[0]!;
  // Any name is an EntryAttribute (possibly undefined under noUncheckedIndexedAccess).
  const cn: EntryAttribute | undefined = entry.cn;
  t.deepEqual(cn?.values, ['Carol Danvers', 'Captain Marvel']);
  t.deepEqual(entry.CN?.value, ['Carol Danvers', 'Captain Marvel']);
  t.is(entry['mail']?.value, 'carol@example.com');
  t.is(entry.mail?.key, 'mail');
  t.is(entry.cn?.raw.length, 2);
  const dn: string = entry.entryDn;
  t.is(dn, 'uid=carol,ou=people,dc=example,dc=com');
  t.deepEqual(entry.entryAttributes, ['cn', 'mail']);
  t.regex(entry.entryToJson(), /Captain Marvel/);
  t.is(entry.toJSON().dn, dn);
  // Declared attributes read without `!` and carry their value types.
  const typed = conn.entries as ClientEntry<{ cn: string[]; mail?: string }>[];
  const first = typed[0]!;
  const names: readonly string[] = first.cn.values;
  const mail: string = first.mail.value;
  t.deepEqual(names, ['Carol Danvers', 'Captain Marvel']);
  t.is(mail, 'carol@example.com');
  // @ts-expect-error: an attribute has key, value, values and raw, nothing else
  t.is(first.cn.nope, undefined);
  // @ts-expect-error: a declared string is not a number
  const wrong: number = first.mail.value;
  t.is(typeof wrong, 'string');
  // @ts-expect-error: the DN is a string, not an attribute
  t.is(entry.entryDn.values, undefined);
  const readOnly = t.throws(() => {
    // @ts-expect-error: entries are read-only (ldap3 refuses assignment too)
    first.cn = first.mail;
  });
  t.is((readOnly as LdapError | undefined)?.code, 'LDAP_ENTRY_READ_ONLY');
  t.throws(
    () => {
      // @ts-expect-error: entries are read-only
      delete first.mail;
    },
    { instanceOf: LdapError, message: /read-only/ },
  );
  t.is(first.mail.value, 'carol@example.com', 'the attribute is still there');
  t.regex(String(entry), /^DN: uid=carol,ou=people,dc=example,dc=com\n {4}cn: /);
  // An unknown name throws at run time, as ldap3's Entry raises.
  const error = t.throws(() => entry.telephoneNumber, { instanceOf: LdapError });
  t.is(error?.code, 'LDAP_ATTRIBUTE_UNKNOWN');
  t.false('telephoneNumber' in entry);
  t.true('CN' in entry);
  // conn.result is `Result | null`: optional chaining reads it.
  const description: string | undefined = conn.result?.description;
  t.is(description, 'success');
});

/** The README's pattern, compiled the way most users compile: `strict` alone. */
const SNIPPET = `
import { Connection, MOCK_SYNC, Server } from '../../src/client/index.js';
const conn = new Connection(new Server('fake'), { clientStrategy: MOCK_SYNC });
await conn.search('dc=example,dc=com', '(cn=*)', { attributes: ['cn'] });
const entry = conn.entries[0];
if (entry) {
  const one: unknown = entry.cn.value;
  const all: readonly unknown[] = entry.CN.values;
  const key: string = entry['cn'].key;
  const dn: string = entry.entryDn;
  console.log(one, all, key, dn, conn.result?.description, conn.result?.message.length);
}
export {};
`;

test('the README pattern compiles under plain strict TypeScript', (t) => {
  const dir = join(ROOT, '.tmp', 'entry-types');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'snippet.ts');
  writeFileSync(file, SNIPPET);
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts'],
    types: ['node'],
  });
  const source = program.getSourceFile(file);
  if (!source) return t.fail('snippet not loaded');
  const problems = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
  t.deepEqual(
    problems.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    [],
  );
});
