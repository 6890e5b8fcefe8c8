/**
 * Differential checks against Python ldap3 2.9.1, the library this layer ports, both clients on
 * the same throwaway slapd:
 * - the status-machine vectors: every step gives the same status, an error where ldap3 raises,
 *   or is listed in the vector's `ldap3Differs` with the reason;
 * - the JSON view of entries (entry_to_json) and the compiled query filters.
 * Skipped, and said so, when slapd or python3-ldap3 is missing.
 */
import test from 'ava';
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { ALL, Connection, Server, SYNC } from '../../src/client/index.js';
import { ObjectDef, Reader } from '../../src/abstract/index.js';
import { haveSlapd, useSlapd } from '../helpers/slapd.js';
import { PEOPLE_LDIF } from './backends.js';

const PYTHON = '/usr/bin/python3';
function haveLdap3(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import ldap3'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface Vector {
  description: string;
  steps: Array<[string, string | null, string]>;
  ldap3Differs?: Record<string, string>;
}

const available = haveSlapd && haveLdap3();
if (!available) console.log('SKIPPED: ldap3 differential test needs slapd and python3-ldap3');
const slapd = useSlapd({ ldif: PEOPLE_LDIF });

(available ? test : test.skip)('status machine vectors agree with Python ldap3 on slapd', async (t) => {
  const s = slapd();
  const { stdout } = await promisify(execFile)(PYTHON, [
    'test/abstract/oracle/transitions-ldap3.py',
    s.url,
    s.rootDn,
    s.rootPassword,
  ]);
  const theirs = JSON.parse(stdout) as Array<{ description: string; ldap3: string[] }>;
  const ours = (
    JSON.parse(
      readFileSync(new URL('../../fixtures/abstract/transitions.json', import.meta.url), 'utf8'),
    ) as {
      vectors: Vector[];
    }
  ).vectors;
  t.is(theirs.length, ours.length);
  for (const [i, v] of ours.entries()) {
    const got = theirs[i]?.ldap3 ?? [];
    v.steps.forEach(([action, arg, expected], step) => {
      const where = `${v.description}, step ${step} (${action} ${arg ?? ''})`;
      const reason = v.ldap3Differs?.[String(step)];
      const actual = got[step];
      if (reason) {
        t.not(actual, expected, `${where}: listed as a difference (${reason}) but ldap3 agrees now`);
      } else if (expected.startsWith('LDAP_')) {
        t.regex(actual ?? '', /^error: LDAP/, where);
      } else {
        t.is(actual, expected, where);
      }
    });
  }
});

(available ? test : test.skip)('entryToJson and queryFilter agree with Python ldap3 on slapd', async (t) => {
  const s = slapd();
  const { stdout } = await promisify(execFile)(PYTHON, [
    'test/abstract/oracle/views-ldap3.py',
    s.url,
    s.rootDn,
    s.rootPassword,
  ]);
  const cases = JSON.parse(stdout) as Array<{
    query: string;
    attributes: string[];
    filter: string;
    json: string[];
  }>;
  const conn = new Connection(new Server(s.url, { getInfo: ALL }), {
    user: s.rootDn,
    password: s.rootPassword,
    clientStrategy: SYNC,
  });
  await conn.open();
  await conn.bind();
  const person = new ObjectDef(['inetOrgPerson'], conn);
  for (const c of cases) {
    const reader = new Reader(conn, person, 'ou=people,dc=example,dc=com', c.query, {
      attributes: c.attributes,
    });
    t.is(reader.queryFilter, c.filter, c.query);
    const entries = (await reader.search()).sort((a, b) => (a.entryDn < b.entryDn ? -1 : 1));
    t.deepEqual(
      entries.map((e) => e.entryToJson()),
      c.json,
      c.query,
    );
  }
  await conn.unbind();
});
