/**
 * The "in-memory server built on ldapjs" peer of bench/mock-server.ts: what Node teams typically
 * hand-roll for tests. Loads a simple LDIF (content records, text values), answers simple binds
 * against userPassword and searches with ldapjs's own filter matching. Run as a child process:
 *   tsx bench/mock-server-ldapjs-peer.ts FILE.ldif
 * prints `listening PORT` when ready.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// ldapjs ships no type declarations.
const ldap = createRequire(import.meta.url)('ldapjs') as any;

interface Entry {
  dn: string;
  attributes: Record<string, string[]>;
}

function load(path: string): Entry[] {
  const text = readFileSync(path, 'utf8').replace(/\r\n/g, '\n').replace(/\n /g, '');
  const entries: Entry[] = [];
  for (const record of text.split(/\n\s*\n/)) {
    let entry: Entry | undefined;
    for (const line of record.split('\n')) {
      if (line.startsWith('#') || line.trim() === '' || line.startsWith('version:')) continue;
      const i = line.indexOf(':');
      const name = line.slice(0, i);
      const value = line.slice(i + 1).replace(/^:? ?/, '');
      if (name === 'dn') entry = { dn: value, attributes: Object.create(null) as Record<string, string[]> };
      else if (entry) (entry.attributes[name.toLowerCase()] ??= []).push(value);
    }
    if (entry) entries.push(entry);
  }
  return entries;
}

const entries = load(process.argv[2]!);
const byDn = new Map(entries.map((e) => [e.dn.toLowerCase().replace(/\s*,\s*/g, ','), e]));
const server = ldap.createServer();

server.bind('', (req: any, res: any, next: any) => {
  const dn = String(req.dn)
    .toLowerCase()
    .replace(/\s*,\s*/g, ',');
  const entry = byDn.get(dn);
  const password = req.credentials;
  if (!entry || !(entry.attributes.userpassword ?? []).includes(password)) {
    return next(new ldap.InvalidCredentialsError());
  }
  res.end();
  return next();
});

server.search('', (req: any, res: any, next: any) => {
  const base = String(req.dn)
    .toLowerCase()
    .replace(/\s*,\s*/g, ',');
  for (const entry of entries) {
    const dn = entry.dn.toLowerCase();
    if (base !== '' && dn !== base && !dn.endsWith(',' + base)) continue;
    if (req.filter.matches(entry.attributes)) res.send({ dn: entry.dn, attributes: entry.attributes });
  }
  res.end();
  return next();
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as { port: number }).port}\n`);
});
