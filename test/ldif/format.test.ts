import test from 'ava';
import { readFileSync } from 'node:fs';
import {
  formatLdif,
  formatLdifRecord,
  isSafeString,
  parseLdif,
  type LdifRecord,
} from '../../src/ldif/index.js';

interface ValueVector {
  description: string;
  value: string | { b64: string };
  line: string;
}
const { values } = JSON.parse(readFileSync('fixtures/ldif/format-vectors.json', 'utf8')) as {
  values: ValueVector[];
};
const bytesOf = (v: string | { b64: string }): Uint8Array =>
  new Uint8Array(typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v.b64, 'base64'));

for (const v of values) {
  test(`format value: ${v.description}`, (t) => {
    const value = bytesOf(v.value);
    const text = formatLdif([{ type: 'content', dn: 'cn=a', attributes: [{ type: 'v', values: [value] }] }]);
    t.is(text, `dn: cn=a\n${v.line}\n`);
    t.is(isSafeString(value), !v.line.startsWith('v::'));
    const back = parseLdif(text)[0] as LdifRecord & { type: 'content' };
    t.deepEqual(back.attributes[0]?.values[0], value);
  });
}

test('DN, newrdn and newsuperior are base64-encoded when not SAFE-STRING', (t) => {
  const text = formatLdif([
    {
      type: 'moddn',
      dn: ' cn=lead',
      controls: [],
      newRdn: 'cn=José',
      deleteOldRdn: true,
      newSuperior: 'dc=ok',
    },
  ]);
  t.is(
    text,
    'dn:: IGNuPWxlYWQ=\nchangetype: modrdn\nnewrdn:: Y249Sm9zw6k=\ndeleteoldrdn: 1\nnewsuperior: dc=ok\n',
  );
});

test('folds at 76 columns: continuation lines start with one space and carry 75 characters', (t) => {
  const long = 'x'.repeat(200);
  const text = formatLdif([
    { type: 'content', dn: 'cn=a', attributes: [{ type: 'description', values: [Buffer.from(long)] }] },
  ]);
  const lines = text.split('\n');
  t.is(lines[1]!.length, 76);
  t.true(lines.slice(2, -1).every((l) => l.startsWith(' ') && l.length <= 76));
  t.is(lines[2]!.length, 76);
  const back = parseLdif(text)[0] as LdifRecord & { type: 'content' };
  t.is(Buffer.from(back.attributes[0]!.values[0]!).toString(), long);
  t.false(
    formatLdif([{ type: 'content', dn: 'cn=a', attributes: [{ type: 'd', values: [Buffer.from(long)] }] }], {
      foldWidth: false,
    }).includes('\n '),
  );
});

test('sort: objectClass first, attributes by name, parents before children', (t) => {
  const mk = (dn: string, ...types: string[]): LdifRecord => ({
    type: 'content',
    dn,
    attributes: types.map((type) => ({ type, values: [Buffer.from('v')] })),
  });
  const text = formatLdif(
    [
      mk('cn=b,ou=x,dc=e', 'sn', 'cn', 'objectClass'),
      mk('dc=e', 'dc'),
      mk('ou=x,dc=e', 'ou'),
      mk('cn=a\\,z,ou=x,dc=e', 'cn'),
    ],
    {
      sort: true,
    },
  );
  const dns = text.split('\n').filter((l) => l.startsWith('dn:'));
  t.deepEqual(dns, ['dn: dc=e', 'dn: ou=x,dc=e', 'dn: cn=a\\,z,ou=x,dc=e', 'dn: cn=b,ou=x,dc=e']);
  t.true(text.includes('dn: cn=b,ou=x,dc=e\nobjectClass: v\ncn: v\nsn: v\n'));
});

test('version line and CRLF separators', (t) => {
  const r: LdifRecord = {
    type: 'delete',
    dn: 'cn=a',
    controls: [{ oid: '1.2.840.113556.1.4.805', critical: true }],
  };
  t.is(
    formatLdif([r], { version: true, lineSeparator: '\r\n' }),
    'version: 1\r\n\r\ndn: cn=a\r\ncontrol: 1.2.840.113556.1.4.805 true\r\nchangetype: delete\r\n',
  );
  t.is(formatLdifRecord(r), 'dn: cn=a\ncontrol: 1.2.840.113556.1.4.805 true\nchangetype: delete\n');
  t.is(formatLdif([]), '');
});

test('control values: plain, base64 and absent', (t) => {
  const r: LdifRecord = {
    type: 'modify',
    dn: 'cn=a',
    controls: [
      { oid: '1.2.3', critical: false, value: new Uint8Array(Buffer.from('abc')) },
      { oid: '1.2.4', critical: true, value: new Uint8Array([0, 255]) },
    ],
    changes: [{ operation: 'replace', attribute: { type: 'cn', values: [] } }],
  };
  const text = formatLdif([r]);
  t.is(
    text,
    'dn: cn=a\ncontrol: 1.2.3: abc\ncontrol: 1.2.4 true:: AP8=\nchangetype: modify\nreplace: cn\n-\n',
  );
  t.deepEqual(parseLdif(text, { locations: false }), [r]);
});

/** Deterministic pseudo-random generator (mulberry32) so the property test is reproducible. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

test('property: parse(format(records)) is the identity on 300 random records with random bytes', (t) => {
  const rand = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const alphabet = ['a', ' ', ':', '<', '#', '\n', '\r', '\0', 'é', '中', '😀', '-', '=', ',', '\\'];
  const randomBytes = (): Uint8Array => {
    if (rand() < 0.3)
      return new Uint8Array(Array.from({ length: Math.floor(rand() * 20) }, () => Math.floor(rand() * 256)));
    return new Uint8Array(
      Buffer.from(Array.from({ length: Math.floor(rand() * 100) }, () => pick(alphabet)).join('')),
    );
  };
  const randomText = (): string =>
    Array.from({ length: 1 + Math.floor(rand() * 30) }, () => pick(alphabet)).join('');
  const attrs = () =>
    Array.from({ length: 1 + Math.floor(rand() * 4) }, (_, i) => ({
      type: pick(['cn', 'sn', 'jpegPhoto;binary', '2.5.4.13', 'x-Attr']) + i,
      values: Array.from({ length: 1 + Math.floor(rand() * 3) }, randomBytes),
    }));
  const content: LdifRecord[] = Array.from({ length: 150 }, () => ({
    type: 'content',
    dn: randomText(),
    attributes: attrs(),
  }));
  const changes: LdifRecord[] = Array.from({ length: 150 }, (): LdifRecord => {
    const controls = rand() < 0.3 ? [{ oid: '1.2.3.4', critical: rand() < 0.5, value: randomBytes() }] : [];
    switch (pick(['add', 'delete', 'modify', 'moddn'] as const)) {
      case 'add':
        return { type: 'add', dn: randomText(), controls, attributes: attrs() };
      case 'delete':
        return { type: 'delete', dn: randomText(), controls };
      case 'modify':
        return {
          type: 'modify',
          dn: randomText(),
          controls,
          changes: attrs().map((attribute) => ({
            operation: pick(['add', 'delete', 'replace', 'increment'] as const),
            attribute,
          })),
        };
      case 'moddn':
        return rand() < 0.5
          ? {
              type: 'moddn',
              dn: randomText(),
              controls,
              newRdn: randomText(),
              deleteOldRdn: rand() < 0.5,
              changeType: 'modrdn',
            }
          : {
              type: 'moddn',
              dn: randomText(),
              controls,
              newRdn: randomText(),
              deleteOldRdn: true,
              newSuperior: randomText(),
              changeType: 'moddn',
            };
    }
  });
  for (const set of [content, changes]) {
    for (const foldWidth of [76, 3, false as const]) {
      const text = formatLdif(set, { foldWidth });
      t.deepEqual(parseLdif(text, { locations: false }), set);
    }
  }
});
