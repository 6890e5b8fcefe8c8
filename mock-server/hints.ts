/**
 * What the CLI prints after the ready line so a newcomer can try the server at once: an
 * ldapsearch command and a short ldap3ts snippet, using an account from the loaded LDIF that has
 * a clear-text userPassword (fixtures/example.ldif lists its accounts in the README), or an
 * Active Directory style unicodePwd (fixtures/example-ad.ldif; the bind name is then the
 * userPrincipalName, as AD users write it).
 */
import { readFileSync } from 'node:fs';
import type { MockServerOptions } from './options.js';

interface Account {
  dn: string;
  password: string;
  base: string;
}

/** The first entry of the LDIF text with a plain `userPassword:` value, and its naming context. */
export function findAccount(ldif: string): Account | undefined {
  const records = ldif
    .replace(/\r\n/g, '\n')
    .replace(/\n /g, '')
    .split(/\n\s*\n/);
  let base: string | undefined;
  for (const record of records) {
    const dn = /^dn: (.+)$/m.exec(record)?.[1]?.trim();
    if (dn === undefined) continue;
    base ??= dn;
    const password = /^userPassword: (.+)$/im.exec(record)?.[1]?.trim();
    if (password !== undefined && !password.startsWith('{')) return { dn, password, base };
    // unicodePwd: the password in double quotes, UTF-16LE (MS-ADTS 3.1.1.3.1.5.1); skip
    // disabled accounts (userAccountControl bit 0x2)
    const unicode = /^unicodePwd:: *(.+)$/im.exec(record)?.[1]?.trim();
    const uac = Number(/^userAccountControl: *(\d+)$/im.exec(record)?.[1] ?? '0');
    if (unicode !== undefined && (uac & 2) === 0) {
      const text = Buffer.from(unicode, 'base64').toString('utf16le');
      if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
        const upn = /^userPrincipalName: *(.+)$/im.exec(record)?.[1]?.trim();
        return { dn: upn ?? dn, password: text.slice(1, -1), base };
      }
    }
  }
  return undefined;
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function tryHints(server: { url: string }, options: MockServerOptions): string | undefined {
  const files =
    options.ldif === undefined ? [] : typeof options.ldif === 'string' ? [options.ldif] : options.ldif;
  let account: Account | undefined;
  for (const file of files) {
    try {
      account = findAccount(file.includes('\n') ? file : readFileSync(file, 'utf8'));
    } catch {
      account = undefined;
    }
    if (account) break;
  }
  if (!account) return undefined;
  return [
    '',
    'Try it:',
    `  ldapsearch -x -H ${server.url} -D ${quote(account.dn)} -w ${quote(account.password)} -b ${quote(account.base)} '(objectClass=*)' dn`,
    '',
    `  import { Connection, SIMPLE } from 'ldap3ts';`,
    `  const conn = new Connection(${JSON.stringify(server.url)}, { user: ${JSON.stringify(account.dn)}, password: ${JSON.stringify(account.password)}, authentication: SIMPLE });`,
    `  await conn.open(); await conn.bind();`,
    `  await conn.search(${JSON.stringify(account.base)}, '(objectClass=person)', { attributes: ['cn', 'mail'] });`,
    `  console.log(conn.entries);`,
    '',
  ].join('\n');
}
