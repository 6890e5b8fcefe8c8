/** Starts a throwaway slapd and runs transitions-ldap3.py against it (oracle run, not a test). */
import { execFileSync } from 'node:child_process';
import { startSlapd } from '../../../scripts/slapd.js';

const slapd = await startSlapd({ ldif: 'fixtures/abstract/people.ldif' });
try {
  process.stdout.write(
    execFileSync(
      '/usr/bin/python3',
      ['test/abstract/oracle/transitions-ldap3.py', slapd.url, slapd.rootDn, slapd.rootPassword],
      {
        encoding: 'utf8',
      },
    ),
  );
} finally {
  await slapd.stop();
}
