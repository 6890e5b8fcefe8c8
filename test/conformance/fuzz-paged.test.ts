/**
 * Paged results (RFC 2696) with size limits, scopes and alias dereferencing, seeded, asked of a
 * live slapd and of our Directory: every page (entries, references, result code) must agree.
 * slapd pages by entry id, sends a referral that follows a page's last entry with both pages,
 * answers sizeLimitExceeded inside the page that reaches the limit, and treats a size limit no
 * larger than the page as an ordinary search. Left out: one-level searches that dereference
 * aliases while paging, where slapd also returns the alias targets' children (it does not
 * without paging, and RFC 4511 4.5.1.3 reads as the unpaged answer).
 */
import { Directory } from '../../src/dit/index.js';
import { parseFilter } from '../../src/filter/index.js';
import {
  decodePagedResultsValue,
  encodePagedResultsValue,
  type Control,
  type LdapMessage,
} from '../../src/protocol/index.js';
import { loadDirectory, rootSession, runOnDirectory } from './corpus.js';
import { rootClient, seeded, withReferenceSlapd } from './live-setup.js';
import { slapdTest } from '../helpers/slapd.js';
import { meetsDeviation, randomFilters } from './random-filters.js';

const PAGED = '1.2.840.113556.1.4.319';

const shown = (ms: readonly LdapMessage[]): string[] =>
  ms.map((m) => {
    const op = m.protocolOp;
    if (op.type === 'SearchResultEntry') return op.objectName.toLowerCase();
    if (op.type === 'SearchResultReference') return 'ref';
    return `result ${(op as { resultCode: number }).resultCode}`;
  });

slapdTest('300 random paged searches: the same pages, references and result codes', async (t) => {
  const differences: string[] = [];
  await withReferenceSlapd(async (url) => {
    const client = await rootClient(url);
    const dir = await loadDirectory(Directory);
    for (const seed of [1, 2, 3]) {
      const { rnd, pick } = seeded(seed);
      const filters = randomFilters(seed + 500, 100);
      for (let i = 0; i < 100; i++) {
        let filter = parseFilter(rnd() < 0.5 ? '(objectClass=*)' : (filters[i] as string));
        if (meetsDeviation(filter)) filter = parseFilter('(objectClass=*)');
        const op = {
          type: 'SearchRequest' as const,
          baseObject: pick([
            'dc=example,dc=com',
            'ou=people,dc=example,dc=com',
            'ou=awkward,dc=example,dc=com',
          ]),
          scope: pick([1, 2] as const),
          derefAliases: pick([0, 3] as const),
          sizeLimit: pick([0, 1, 2, 5, 10]),
          timeLimit: 0,
          typesOnly: false,
          filter,
          attributes: ['1.1'],
        };
        const pageSize = pick([1, 3, 7]);
        if (op.scope === 1 && op.derefAliases === 3) continue;
        const pages = async (send: (c: Control[]) => Promise<LdapMessage[]>): Promise<string[]> => {
          const out: string[] = [];
          let cookie: Uint8Array = new Uint8Array();
          for (let k = 0; k < 100; k++) {
            const ms = await send([
              { oid: PAGED, critical: true, value: encodePagedResultsValue({ size: pageSize, cookie }) },
            ]);
            out.push(...shown(ms), '|');
            const last = ms[ms.length - 1];
            const ctl = last?.controls?.find((c) => c.oid === PAGED);
            if (!last || !ctl || (last.protocolOp as { resultCode: number }).resultCode !== 0) break;
            cookie = new Uint8Array(decodePagedResultsValue(ctl.value).cookie);
            if (cookie.length === 0) break;
          }
          return out;
        };
        const a = (await pages((c) => client.request(op, c))).join(' ');
        const b = (await pages((c) => runOnDirectory(dir, op, c, rootSession()))).join(' ');
        if (a !== b) {
          // the first place where the two answers part, with a little context
          let at = 0;
          while (at < a.length && a[at] === b[at]) at++;
          const from = Math.max(0, a.lastIndexOf('|', at - 1) - 200);
          const { filter: _f, ...shownOp } = op;
          differences.push(
            `${filters[i]} ${JSON.stringify({ ...shownOp, pageSize })}: slapd …${a.slice(from, at + 200)} ours …${b.slice(from, at + 200)}`,
          );
        }
      }
    }
    client.close();
  });
  t.deepEqual(differences.slice(0, 5), []);
});
