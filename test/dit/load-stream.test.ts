/** loadLdif streams records in file order; waiting children get their ids right after their parent. */
import test from 'ava';
import { Directory } from '../../src/dit/index.js';
import { Store } from '../../src/dit/store.js';
import type { RequestOp } from '../../src/protocol/index.js';
import { enc, run, searchDns, session } from './helpers.js';

const rec = (dn: string, oc: string, attr: string) =>
  `dn: ${dn}\nchangetype: add\nobjectClass: ${oc}\n${attr}\n`;

test('entry ids follow the file, a child before its parent is added right after the parent', async (t) => {
  const dir = new Directory();
  const ldif = [
    'dn: dc=x\nchangetype: add\nobjectClass: dcObject\nobjectClass: organization\ndc: x\no: x\n',
    rec('ou=a,dc=x', 'organizationalUnit', 'ou: a'),
    rec('uid=c,ou=b,dc=x', 'account', 'uid: c'),
    rec('ou=b,dc=x', 'organizationalUnit', 'ou: b'),
    rec('ou=d,dc=x', 'organizationalUnit', 'ou: d'),
    'dn: ou=a,dc=x\nchangetype: modify\nadd: description\ndescription: second run follows\n-\n',
    rec('uid=e,ou=f,dc=x', 'account', 'uid: e'),
    rec('ou=f,dc=x', 'organizationalUnit', 'ou: f'),
    rec('ou=g,dc=x', 'organizationalUnit', 'ou: g'),
  ].join('\n');
  t.is(await dir.loadLdif(ldif), 9);
  const id = (dn: string) => dir.engine.lookup(dir.engine.name(dn).ndn)?.id;
  t.deepEqual(
    [
      'dc=x',
      'ou=a,dc=x',
      'ou=b,dc=x',
      'uid=c,ou=b,dc=x',
      'ou=d,dc=x',
      'ou=f,dc=x',
      'uid=e,ou=f,dc=x',
      'ou=g,dc=x',
    ].map(id),
    [1, 2, 3, 4, 5, 6, 7, 8],
  );
  t.deepEqual(dir.getEntry('ou=a,dc=x')?.get('description'), ['second run follows']);
});

test('a syntax error anywhere in the file stops the load before anything is added', async (t) => {
  const dir = new Directory();
  const ldif =
    'dn: dc=x\nobjectClass: dcObject\nobjectClass: organization\ndc: x\no: x\n\ndn: ou=a,dc=x\nou:: ***\n';
  await t.throwsAsync(dir.loadLdif(ldif));
  t.is(dir.size, 0);
});

test('indexes built by a bulk load answer as indexes built entry by entry, before and after later writes', async (t) => {
  const people = Array.from({ length: 300 }, (_, i) => ({
    dn: `uid=u${i},dc=x`,
    attrs: {
      objectClass: 'inetOrgPerson',
      uid: `u${i}`,
      cn: i % 7 === 0 ? [`User ${i}`, `Alias ${i % 5}`] : `User ${i}`,
      sn: `S${i % 13}`,
      ...(i % 3 === 0 ? { mail: `u${i}@x.org` } : {}),
    },
  }));
  const root = { objectClass: ['dcObject', 'organization'], dc: 'x', o: 'x' };
  const ldif =
    'dn: dc=x\nobjectClass: dcObject\nobjectClass: organization\ndc: x\no: x\n\n' +
    people
      .map(
        (p) =>
          `dn: ${p.dn}\n` +
          Object.entries(p.attrs)
            .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}: ${x}\n`))
            .join(''),
      )
      .join('\n');
  const options = { rootDn: 'cn=admin,dc=x', uuid: 7, clock: () => new Date(0), substringIndexes: ['cn'] };
  const bulk = new Directory(options);
  const empty = bulk.snapshot();
  // merge the deferred postings every 7 entries (65536 in use): the merge in the middle of an
  // insert once lost every posting it merged
  const max = Store.pendingMax;
  Store.pendingMax = 7;
  t.teardown(() => (Store.pendingMax = max));
  t.is(await bulk.loadLdif(ldif), 301);
  const single = new Directory(options);
  single.addEntry('dc=x', root);
  for (const p of people) single.addEntry(p.dn, p.attrs);
  const filters = [
    '(uid=u42)',
    '(sn=S3)',
    '(objectClass=person)',
    '(mail=*)',
    '(cn=alias 2)',
    '(cn=*ser 1*)',
    '(&(sn=S5)(mail=*))',
    '(|(uid=u1)(uid=u299)(cn=User 150))',
  ];
  const answers = async (d: Directory) =>
    Promise.all(filters.map(async (f) => (await searchDns(d, 'dc=x', f)).dns));
  const expected = await answers(single);
  t.true(expected.every((dns) => dns.length > 0));
  t.deepEqual(await answers(bulk), expected);
  // a write to a bulk-loaded entry moves its postings (the pending ones must be merged first)
  const admin = session('cn=admin,dc=x');
  for (const d of [bulk, single]) {
    const m = await run(
      d,
      {
        type: 'ModifyRequest',
        object: 'uid=u43,dc=x',
        changes: [
          { operation: 2, modification: { type: 'sn', vals: [enc('S5')] } },
          { operation: 0, modification: { type: 'mail', vals: [enc('u43@x.org')] } },
        ],
      } as RequestOp,
      admin,
    );
    t.is(m.last.resultCode, 0);
    t.is((await run(d, { type: 'DelRequest', dn: 'uid=u1,dc=x' } as RequestOp, admin)).last.resultCode, 0);
  }
  t.deepEqual(await answers(bulk), await answers(single));
  t.true((await searchDns(bulk, 'dc=x', '(&(sn=S5)(mail=*))')).dns.includes('uid=u43,dc=x'));
  // the snapshot taken before the load sees none of it, through its indexes either
  bulk.restore(empty);
  t.is(bulk.size, 0);
  await bulk.loadLdif(ldif);
  t.deepEqual(await answers(bulk), expected);
});

test('a failing load is all or nothing: earlier records and change records are undone, earlier data kept', async (t) => {
  const dir = new Directory();
  await dir.loadLdif('dn: dc=x\nobjectClass: dcObject\nobjectClass: organization\ndc: x\no: x\n');
  const schemaError =
    'dn: ou=a,dc=x\nchangetype: add\nobjectClass: organizationalUnit\nou: a\n\n' +
    'dn: dc=x\nchangetype: modify\nreplace: o\no: changed\n-\n\n' +
    'dn: ou=b,dc=x\nchangetype: add\nobjectClass: organizationalUnit\nou: b\nuid: not allowed here\n';
  const e = await t.throwsAsync(dir.loadLdif(schemaError));
  t.regex(e?.message ?? '', /LDIF:12: ou=b,dc=x: result 65 \(attribute 'uid' not allowed\)/);
  t.is(dir.size, 1);
  t.deepEqual(dir.getEntry('dc=x')?.get('o'), ['x']);
  const missingParent =
    'dn: ou=c,dc=x\nobjectClass: organizationalUnit\nou: c\n\ndn: cn=d,ou=nowhere,dc=x\nobjectClass: device\ncn: d\n';
  const e2 = await t.throwsAsync(dir.loadLdif(missingParent));
  t.regex(e2?.message ?? '', /parent entry "ou=nowhere,dc=x" of "cn=d,ou=nowhere,dc=x" does not exist/);
  t.is(dir.size, 1);
  // reset() goes back to the last successful load, not to a half-loaded one
  dir.addEntry('ou=later,dc=x', { objectClass: 'organizationalUnit', ou: 'later' });
  dir.reset();
  t.is(dir.size, 1);
  const json = {
    entries: [
      { dn: 'ou=j,dc=x', raw: { objectClass: ['organizationalUnit'], ou: ['j'] } },
      { dn: 'ou=k,dc=x', raw: { objectClass: ['nope'] } },
    ],
  };
  t.throws(() => dir.loadJson(json));
  t.is(dir.size, 1);
});
