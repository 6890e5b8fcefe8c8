/**
 * The time limit of a search (RFC 4511 section 4.5.1.5) while candidates are evaluated, not only
 * while entries are sent: a long unindexed scan stops, returns what it found so far and
 * timeLimitExceeded, as slapd does. Date.now is driven by the test (serial tests only here).
 */
import test from 'ava';
import { Directory } from '../../src/dit/index.js';
import { run, searchReq } from './helpers.js';

async function bigDir(n: number): Promise<Directory> {
  // no server size limit: these tests are about the time limit
  const dir = new Directory({ uuid: 1, sizeLimit: 0 });
  const parts = ['dn: dc=t\nobjectClass: dcObject\nobjectClass: organization\ndc: t\no: t\n'];
  for (let i = 0; i < n; i++)
    parts.push(`dn: cn=p${i},dc=t\nobjectClass: person\ncn: p${i}\nsn: s${i}\ndescription: d${i % 7}\n`);
  await dir.loadLdif(parts.join('\n'));
  return dir;
}

/** Date.now advancing `step` ms per call while `fn` runs. */
async function withClock<T>(step: number, fn: () => Promise<T>): Promise<T> {
  const real = Date.now;
  let now = real();
  Date.now = () => (now += step);
  try {
    return await fn();
  } finally {
    Date.now = real;
  }
}

test.serial(
  'an unindexed scan past the time limit returns the entries found so far and code 3',
  async (t) => {
    const dir = await bigDir(5000);
    const req = searchReq('dc=t', '(description=d3)', 2, ['1.1'], { timeLimit: 1 });
    // every clock read moves 1 ms (one read per 256 candidates, one per entry sent): under 1 s
    const full = await withClock(1, () => run(dir, req));
    t.is(full.last.resultCode, 0);
    const all = full.messages.filter((m) => m.type === 'SearchResultEntry').length;
    t.is(all, 714);
    // 200 ms per read: the deadline passes at the 6th read, after 1536 candidates
    const cut = await withClock(200, () => run(dir, req));
    t.is(cut.last.resultCode, 3);
    const some = cut.messages.filter((m) => m.type === 'SearchResultEntry').length;
    // everything the scan found before the deadline (~1500 candidates, a seventh of them match) is
    // sent; a limit checked only while sending would have stopped after a handful
    t.true(some > 150 && some < all, `${some} of ${all}`);
    // no time limit: the same clock changes nothing
    const unlimited = await withClock(200, () => run(dir, { ...req, timeLimit: 0 } as typeof req));
    t.is(unlimited.last.resultCode, 0);
    t.is(unlimited.messages.length, all + 1);
  },
);

test.serial('with server-side sort the cut result set is not sorted and sent: only the code', async (t) => {
  const dir = await bigDir(3000);
  const req = searchReq('dc=t', '(description=d3)', 2, ['1.1'], { timeLimit: 1 });
  const sorted = await withClock(400, () =>
    run(dir, req, undefined, [{ oid: '1.2.840.113556.1.4.473', critical: false, value: sortValue('cn') }]),
  );
  t.is(sorted.last.resultCode, 3);
  t.is(sorted.messages.length, 1);
});

function sortValue(attr: string): Uint8Array {
  // SortKeyList ::= SEQUENCE OF SEQUENCE { attributeType OCTET STRING } (RFC 2891)
  const a = new TextEncoder().encode(attr);
  return new Uint8Array([0x30, a.length + 4, 0x30, a.length + 2, 0x04, a.length, ...a]);
}
