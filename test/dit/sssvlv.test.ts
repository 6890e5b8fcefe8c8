/**
 * Sort and VLV answers as slapd's sssvlv overlay gives them: the vectors in fixtures/dit/sssvlv.json
 * were recorded from slapd 2.5 with OpenLDAP's ldapsearch.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { BerReader, BerWriter } from '../../src/ber/index.js';
import type { Directory } from '../../src/dit/index.js';
import type { Control } from '../../src/protocol/index.js';
import { makeDir, run, searchReq, session } from './helpers.js';

interface SortCase {
  key: string;
  rule?: string;
  critical: boolean;
  resultCode: number;
}
type VlvRow = [number, number, number, number, number, number, number, string | null, number];
const fixture = JSON.parse(readFileSync('fixtures/dit/sssvlv.json', 'utf8')) as {
  sort: SortCase[];
  vlv: VlvRow[];
};

const SORT = '1.2.840.113556.1.4.473';
const SORT_RESPONSE = '1.2.840.113556.1.4.474';
const VLV = '2.16.840.1.113730.3.4.9';
const VLV_RESPONSE = '2.16.840.1.113730.3.4.10';
const BASE = 'ou=people,dc=example,dc=com';

function sortControl(key: string, rule: string | undefined, critical: boolean): Control {
  const w = new BerWriter(64);
  w.startSequence();
  w.startSequence();
  w.writeString(key);
  if (rule !== undefined) w.writeString(rule, 0x80);
  w.endSequence();
  w.endSequence();
  return { oid: SORT, critical, value: w.toBytes() };
}

function vlvControl(before: number, after: number, offset: number, contentCount: number): Control {
  const w = new BerWriter(32);
  w.startSequence();
  w.writeInteger(before);
  w.writeInteger(after);
  w.startSequence(0xa0);
  w.writeInteger(offset);
  w.writeInteger(contentCount);
  w.endSequence();
  w.endSequence();
  return { oid: VLV, critical: true, value: w.toBytes() };
}

let dirP: Promise<Directory> | undefined;
/** p1..p8 with uidNumber 1001..1008, added in an order unlike the sort order. */
function eight(): Promise<Directory> {
  dirP ??= (async () => {
    const dir = await makeDir();
    for (const i of [5, 2, 8, 1, 7, 3, 6, 4]) {
      dir.addEntry(`uid=p${i},${BASE}`, {
        objectClass: ['inetOrgPerson', 'posixAccount'],
        cn: `p${i}`,
        sn: `s${9 - i}`,
        uidNumber: 1000 + i,
        gidNumber: 1,
        homeDirectory: '/h',
      });
    }
    return dir;
  })();
  return dirP;
}

const short = (msgs: Array<{ type: string }>) =>
  msgs
    .filter((m) => m.type === 'SearchResultEntry')
    .map((m) => (m as unknown as { objectName: string }).objectName.split(',')[0]!.slice(4));

for (const c of fixture.sort) {
  const label = `${c.key}${c.rule ? `:${c.rule}` : ''}`;
  test(`sort ${c.critical ? 'critical' : 'non-critical'} on ${label}: result ${c.resultCode} as slapd`, async (t) => {
    const a = await run(await eight(), searchReq(BASE, '(uidNumber=*)'), session(), [
      sortControl(c.key, c.rule, c.critical),
    ]);
    t.is(a.last.resultCode, c.resultCode);
    if (c.resultCode !== 0) {
      // slapd refuses the control outright: no entries, no sort response control
      t.deepEqual(short(a.messages), []);
      t.falsy(a.controls[a.controls.length - 1]?.find((x) => x.oid === SORT_RESPONSE));
    } else {
      t.is(short(a.messages).length, 8);
    }
  });
}

test('sort by sn with an explicit ordering rule sorts by it', async (t) => {
  const a = await run(await eight(), searchReq(BASE, '(uidNumber=*)'), session(), [
    sortControl('sn', 'caseIgnoreOrderingMatch', false),
  ]);
  t.deepEqual(short(a.messages), ['p8', 'p7', 'p6', 'p5', 'p4', 'p3', 'p2', 'p1']);
});

for (const [before, after, offset, count, rc, pos, vlvResult, first, n] of fixture.vlv) {
  test(`vlv ${before}/${after}/${offset}/${count}: position ${pos}, result ${rc}/${vlvResult} as slapd`, async (t) => {
    const a = await run(await eight(), searchReq(BASE, '(uidNumber=*)'), session(), [
      sortControl('uidNumber', undefined, false),
      vlvControl(before, after, offset, count),
    ]);
    t.is(a.last.resultCode, rc);
    const got = short(a.messages);
    t.is(got.length, n);
    if (first !== null) t.is(got[0], first);
    const resp = a.controls[a.controls.length - 1]?.find((x) => x.oid === VLV_RESPONSE);
    t.truthy(resp, 'VLV response control');
    const r = new BerReader(resp!.value!);
    r.enter();
    t.deepEqual([r.readInteger(), r.readInteger(), r.readEnumerated()], [pos, 8, vlvResult]);
  });
}
