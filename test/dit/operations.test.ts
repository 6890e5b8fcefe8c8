/**
 * Replays the operation vectors recorded from a real slapd 2.5 (fixtures/dit/operations.json,
 * made by generate-op-vectors.ts) against the engine: result code, matchedDN, diagnostic
 * message, returned entries and the entries read back afterwards must agree. Each vector
 * starts from a restored snapshot of the fixture, so this also exercises snapshot/restore.
 * Deviations from slapd, each justified, are listed in DEVIATIONS.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { Directory } from '../../src/dit/index.js';
import { normalizeDn } from '../../src/dn/index.js';
import type { ProtocolOp } from '../../src/protocol/index.js';
import { ADMIN_DN, ADMIN_PW, type OpVector, toControls, toRequest } from './op-vectors.js';
import { dec, enc, makeDir, run, searchReq, session } from './helpers.js';

/** Where we answer differently from slapd on purpose. */
const DEVIATIONS: Record<string, { resultCode: number; why: string }> = {
  // slapd 2.5's back-mdb has no tree delete; the brief requires it (draft-armijo-ldap-treedelete)
  'control: subtree delete': { resultCode: 0, why: 'subtree delete control supported' },
};

const { vectors } = JSON.parse(readFileSync('fixtures/dit/operations.json', 'utf8')) as {
  vectors: OpVector[];
};
const dir = new Directory({
  rootDn: ADMIN_DN,
  rootPassword: ADMIN_PW,
  namingContexts: ['dc=example,dc=com'],
  uuid: 3,
});
const ready = dir.loadLdif('fixtures/dit/base.ldif').then(() => dir.snapshot());

const norm = (dn: string) => normalizeDn(dn);

async function sessionFor(as: string | undefined) {
  const s = session();
  if (!as || as === 'anonymous') return s;
  const [dn, pw] = as === 'admin' ? [ADMIN_DN, ADMIN_PW] : (as.split(':') as [string, string]);
  const r = await run(
    dir,
    {
      type: 'BindRequest',
      version: 3,
      name: dn,
      authentication: { type: 'simple', password: new TextEncoder().encode(pw) },
    },
    s,
  );
  if (r.last.resultCode !== 0) throw new Error(`bind as ${dn} failed`);
  return s;
}

for (const v of vectors) {
  test.serial(v.description, async (t) => {
    dir.restore(await ready);
    const expect = v.expect!;
    const s = await sessionFor(v.as ?? 'admin');
    const a = await run(dir, toRequest(v.op), s, toControls(v));
    const last = a.last as ProtocolOp & {
      resultCode: number;
      matchedDN: string;
      diagnosticMessage: string;
      responseValue?: Uint8Array;
    };
    const deviation = DEVIATIONS[v.description];
    if (deviation) {
      t.is(last.resultCode, deviation.resultCode, deviation.why);
      return;
    }
    t.is(last.resultCode, expect.resultCode, last.diagnosticMessage);
    t.is(norm(last.matchedDN), norm(expect.matchedDN), 'matchedDN');
    t.is(last.diagnosticMessage, expect.diagnosticMessage, 'diagnosticMessage');
    if (expect.entries) {
      const dns = a.messages
        .filter((m) => m.type === 'SearchResultEntry')
        .map((m) => norm((m as { objectName: string }).objectName));
      t.deepEqual(dns, expect.entries.map(norm));
    }
    if (expect.responseValue !== undefined)
      t.is(dec(last.responseValue ?? new Uint8Array()), expect.responseValue);
    for (const c of expect.check ?? []) {
      const admin = await sessionFor('admin');
      const r = await run(
        dir,
        toRequest({
          type: 'SearchRequest',
          baseObject: c.dn,
          scope: 0,
          attributes: v.check!.find((x) => x.dn === c.dn)!.attributes,
        }),
        admin,
      );
      const e = r.messages.find((m) => m.type === 'SearchResultEntry') as
        { attributes: Array<{ type: string; vals: Uint8Array[] }> } | undefined;
      t.is(e !== undefined, c.found, `${c.dn} found`);
      if (!e) continue;
      const got = new Map(e.attributes.map((x) => [x.type.toLowerCase(), x.vals.map(dec)]));
      const want = new Map(Object.entries(c.attributes).map(([k, vals]) => [k.toLowerCase(), vals]));
      t.deepEqual(got, want, `attributes of ${c.dn}`);
    }
  });
}

test('entries are laid out as slapd lays them out: RDN attributes after structuralObjectClass, stamps last, options lower-cased and sorted', async (t) => {
  const dir = await makeDir();
  const root = session('cn=admin,dc=example,dc=com');
  const dn = 'CN=Layout,ou=people,dc=example,dc=com';
  const add = await run(
    dir,
    {
      type: 'AddRequest',
      entry: dn,
      attributes: [
        { type: 'objectClass', vals: [enc('person')] },
        { type: 'sn', vals: [enc('x')] },
        { type: 'description;LANG-FR;Lang-DE', vals: [enc('d')] },
      ],
    },
    root,
  );
  t.is(add.last.resultCode, 0);
  const layout = async (): Promise<string> => {
    const a = await run(
      dir,
      searchReq('cn=layout,ou=people,dc=example,dc=com', '(objectClass=*)', 0, ['*', '+']),
      root,
    );
    const e = a.messages[0] as unknown as { objectName: string; attributes: Array<{ type: string }> };
    return [e.objectName, ...e.attributes.map((x) => x.type)].join(' ');
  };
  t.is(
    await layout(),
    'cn=Layout,ou=people,dc=example,dc=com objectClass sn description;lang-de;lang-fr structuralObjectClass cn ' +
      'entryUUID creatorsName createTimestamp entryCSN modifiersName modifyTimestamp entryDN subschemaSubentry hasSubordinates',
  );
  // a replace moves the attribute to the end; the stamps follow it, entryCSN first
  const mod = await run(
    dir,
    {
      type: 'ModifyRequest',
      object: dn,
      changes: [{ operation: 2, modification: { type: 'sn', vals: [enc('y')] } }],
    },
    root,
  );
  t.is(mod.last.resultCode, 0);
  t.is(
    await layout(),
    'cn=Layout,ou=people,dc=example,dc=com objectClass description;lang-de;lang-fr structuralObjectClass cn ' +
      'entryUUID creatorsName createTimestamp sn entryCSN modifiersName modifyTimestamp entryDN subschemaSubentry hasSubordinates',
  );
});

test('the subschema subentry is laid out as slapd sends it: its attributes, the definitions in slapd order, then entryDN and subschemaSubentry', async (t) => {
  const dir = await makeDir();
  const a = await run(dir, searchReq('cn=Subschema', '(objectClass=*)', 0, ['*', '+']), session());
  const e = a.messages[0] as unknown as { attributes: Array<{ type: string }> };
  t.deepEqual(
    e.attributes.map((x) => x.type),
    [
      'structuralObjectClass',
      'objectClass',
      'cn',
      'createTimestamp',
      'modifyTimestamp',
      'ldapSyntaxes',
      'matchingRules',
      'matchingRuleUse',
      'attributeTypes',
      'objectClasses',
      'entryDN',
      'subschemaSubentry',
    ],
  );
});

test('the root DSE lists only the SASL mechanisms the engine carries out, in the captured order', async (t) => {
  const mechanisms = async (profile: 'openldap' | '389ds' | 'ad'): Promise<string[] | undefined> => {
    const dir = new Directory({ profile });
    const a = await run(dir, searchReq('', '(objectClass=*)', 0, ['supportedSASLMechanisms']), session());
    const e = a.messages[0] as unknown as { attributes: Array<{ type: string; vals: Uint8Array[] }> };
    return e.attributes.find((x) => x.type === 'supportedSASLMechanisms')?.vals.map(dec);
  };
  t.deepEqual(await mechanisms('openldap'), ['SCRAM-SHA-256']);
  t.deepEqual(await mechanisms('389ds'), ['EXTERNAL', 'SCRAM-SHA-256', 'PLAIN']);
  // Samba's list (GSS-SPNEGO, GSSAPI, NTLM) holds none: the attribute is left out
  t.is(await mechanisms('ad'), undefined);
});

test("the openldap profile's server size limit (slapd's sizelimit 500) binds every identity but the root DN", async (t) => {
  const parts = ['dn: dc=t\nobjectClass: dcObject\nobjectClass: organization\ndc: t\no: t\n'];
  for (let i = 0; i < 620; i++) parts.push(`dn: cn=p${i},dc=t\nobjectClass: person\ncn: p${i}\nsn: s\n`);
  const count = async (dir: Directory, s: ReturnType<typeof session>, sizeLimit = 0) => {
    const a = await run(dir, searchReq('dc=t', '(sn=s)', 2, ['1.1'], { sizeLimit }), s);
    return [a.messages.filter((m) => m.type === 'SearchResultEntry').length, a.last.resultCode];
  };
  const dir = new Directory({ rootDn: 'cn=admin,dc=t', rootPassword: 'pw' });
  await dir.loadLdif(parts.join('\n'));
  t.deepEqual(await count(dir, session()), [500, 4]); // anonymous: 500 entries, sizeLimitExceeded
  t.deepEqual(await count(dir, session(), 550), [500, 4]); // the smaller of the two limits
  t.deepEqual(await count(dir, session(), 20), [20, 4]);
  t.deepEqual(await count(dir, session('cn=p1,dc=t')), [500, 4]); // any bound user too
  t.deepEqual(await count(dir, session('CN=Admin,DC=t')), [620, 0]); // the root DN is unlimited
  // configurable: 0 lifts it; other profiles have none by default
  const free = new Directory({ sizeLimit: 0 });
  await free.loadLdif(parts.join('\n'));
  t.deepEqual(await count(free, session()), [620, 0]);
});
