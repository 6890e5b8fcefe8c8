/**
 * Records fixtures/dit/operations.json: every vector of VECTORS runs against a fresh real slapd
 * 2.5 loaded with fixtures/dit/base.ldif (rootdn cn=admin,dc=example,dc=com / adminpw), and the
 * result code, matchedDN, diagnostic message, returned DNs and the entries read back afterwards
 * become the expectation. Usage: tsx test/dit/generate-op-vectors.ts
 */
import { writeFileSync } from 'node:fs';
import { startSlapd } from '../../scripts/slapd.js';
import { fromUtf8, toHex } from '../../src/util/index.js';
import { ADMIN_DN, ADMIN_PW, type OpVector, toControls, toRequest } from './op-vectors.js';
import { VECTORS } from './op-vector-list.js';
import { Wire } from './wire.js';

const enc = (s: string) => new TextEncoder().encode(s);

async function bindAs(w: Wire, as: string | undefined): Promise<void> {
  if (!as || as === 'anonymous') return;
  const [dn, pw] = as === 'admin' ? [ADMIN_DN, ADMIN_PW] : (as.split(':') as [string, string]);
  await w.request({
    type: 'BindRequest',
    version: 3,
    name: dn,
    authentication: { type: 'simple', password: enc(pw) },
  });
}

const out: OpVector[] = [];
for (const v of VECTORS) {
  const slapd = await startSlapd({
    ldif: 'fixtures/dit/base.ldif',
    rootPassword: ADMIN_PW,
    access: ['access to * by * write'],
  });
  const w = await Wire.open(slapd.port);
  try {
    await bindAs(w, v.as ?? 'admin');
    const res = await w.request(toRequest(v.op), toControls(v));
    const last = res[res.length - 1]!.op as unknown as {
      resultCode: number;
      matchedDN: string;
      diagnosticMessage: string;
      responseValue?: Uint8Array;
    };
    const expect: NonNullable<OpVector['expect']> = {
      resultCode: last.resultCode,
      matchedDN: last.matchedDN,
      diagnosticMessage: last.diagnosticMessage,
    };
    const entries = res
      .filter((r) => r.op.type === 'SearchResultEntry')
      .map((r) => (r.op as { objectName: string }).objectName);
    if (v.op.type === 'SearchRequest') expect.entries = entries;
    if (last.responseValue) expect.responseValue = fromUtf8(last.responseValue);
    if (v.check) {
      await bindAs(w, 'admin');
      expect.check = [];
      for (const c of v.check) {
        const r = await w.request(
          toRequest({ type: 'SearchRequest', baseObject: c.dn, scope: 0, attributes: c.attributes }),
        );
        const e = r.find((x) => x.op.type === 'SearchResultEntry')?.op as
          { attributes: Array<{ type: string; vals: Uint8Array[] }> } | undefined;
        const attributes: Record<string, string[]> = {};
        for (const a of e?.attributes ?? []) attributes[a.type] = a.vals.map(fromUtf8);
        expect.check.push({ dn: c.dn, found: e !== undefined, attributes });
      }
    }
    out.push({ ...v, expect });
    process.stdout.write(`${expect.resultCode} ${v.description}\n`);
  } finally {
    w.close();
    await slapd.stop();
  }
}
void toHex;
writeFileSync(
  'fixtures/dit/operations.json',
  JSON.stringify({ source: 'slapd 2.5 on fixtures/dit/base.ldif', vectors: out }, null, 1) + '\n',
);
console.log(`${out.length} vectors`);
