import test from 'ava';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { LdifError } from '../../src/errors.js';
import {
  formatLdif,
  parseLdif,
  readLdif,
  readLdifFile,
  LdifParser,
  type LdifContentRecord,
  type LdifRecord,
} from '../../src/ldif/index.js';

async function collect(it: AsyncIterable<LdifRecord>): Promise<LdifRecord[]> {
  const out: LdifRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
}

test('a 1 MiB value folded over 14k lines parses without stack trouble and round-trips', (t) => {
  const big = new Uint8Array(1 << 20);
  for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 255;
  const text = formatLdif([
    { type: 'content', dn: 'cn=big', attributes: [{ type: 'jpegPhoto', values: [big] }] },
  ]);
  t.true(text.split('\n').length > 14000);
  const [r] = parseLdif(text) as LdifContentRecord[];
  t.deepEqual(r!.attributes[0]!.values[0], big);
  // and a plain folded 1 MiB text value
  const plain = 'a'.repeat(1 << 20);
  const [p] = parseLdif(
    formatLdif([
      { type: 'content', dn: 'cn=p', attributes: [{ type: 'description', values: [Buffer.from(plain)] }] },
    ]),
  ) as LdifContentRecord[];
  t.is(p!.attributes[0]!.values[0]!.length, 1 << 20);
});

test('URL values: read relative to the LDIF file when allowed, refused otherwise', async (t) => {
  const [r] = (await collect(
    readLdifFile('fixtures/ldif/url-value.ldif', { allowUrls: true }),
  )) as LdifContentRecord[];
  const photo = r!.attributes.find((a) => a.type === 'jpegphoto');
  t.deepEqual(photo?.values[0], new Uint8Array([104, 101, 108, 108, 111, 0, 255]));
  const cert = r!.attributes.find((a) => a.type === 'userCertificate;binary');
  t.deepEqual(cert?.values[0], new Uint8Array(Array.from({ length: 256 }, (_, i) => i)));
  const e = await t.throwsAsync(collect(readLdifFile('fixtures/ldif/url-value.ldif')), {
    instanceOf: LdifError,
  });
  t.is(e?.source, 'fixtures/ldif/url-value.ldif');
  t.is(e?.line, 7);
  t.regex(e!.message, /^fixtures\/ldif\/url-value\.ldif:7:13: /);
});

test('URL values: missing file and non-file schemes are errors with position', (t) => {
  const dir = resolve('fixtures/ldif');
  const e1 = t.throws(() => parseLdif('dn: cn=a\nx:< file:nope.bin\n', { allowUrls: true, baseDir: dir }), {
    instanceOf: LdifError,
  });
  t.regex(e1!.message, /cannot read/);
  const e2 = t.throws(() => parseLdif('dn: cn=a\nx:< http://example.com/a\n', { allowUrls: true }), {
    instanceOf: LdifError,
  });
  t.regex(e2!.message, /scheme/);
  const e3 = t.throws(() => parseLdif('x:< file:a\n', { allowUrls: true }), { instanceOf: LdifError });
  t.is(e3?.line, 1);
});

test('readLdif accepts a Node stream, a web ReadableStream, string chunks and bytes', async (t) => {
  const text = 'dn: cn=a\ncn: a\n\ndn: cn=b\ncn:: w6k=\n';
  const expected = parseLdif(text);
  t.deepEqual(
    await collect(readLdif(Readable.from([Buffer.from(text.slice(0, 7)), Buffer.from(text.slice(7))]))),
    expected,
  );
  const web = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new TextEncoder().encode(text));
      c.close();
    },
  });
  t.deepEqual(await collect(readLdif(web)), expected);
  t.deepEqual(await collect(readLdif(['dn: cn=a\ncn', ': a\n\ndn: cn=b\ncn:: w6k=\n'])), expected);
  t.deepEqual(await collect(readLdif(new TextEncoder().encode('\ufeff' + text))), expected);
});

test('streaming holds one record at a time: records arrive before the input ends', async (t) => {
  let produced = 0;
  let seenWhileProducing = 0;
  async function* source() {
    for (let i = 0; i < 1000; i++) {
      produced++;
      yield `dn: cn=u${i},dc=x\ncn: u${i}\n\n`;
    }
  }
  let n = 0;
  for await (const r of readLdif(source())) {
    n++;
    if (produced < 1000) seenWhileProducing++;
    t.is(r.dn, `cn=u${n - 1},dc=x`);
  }
  t.is(n, 1000);
  t.true(seenWhileProducing > 900);
});

test('LdifParser: push text piecewise, take records as they complete', (t) => {
  const p = new LdifParser({ source: 'x.ldif' });
  t.deepEqual(p.push('dn: cn=a\ncn: a\n'), []);
  const first = p.push('\ndn: cn=b\n');
  t.is(first.length, 1);
  t.deepEqual(first[0]?.location, { line: 1, source: 'x.ldif' });
  t.deepEqual(p.push('cn: b'), []);
  const last = p.end();
  t.is(last[0]?.dn, 'cn=b');
  t.is(last[0]?.location?.line, 4);
});

test('invalid UTF-8 input is an LdifError naming the line', async (t) => {
  const bytes = Buffer.concat([Buffer.from('dn: cn=a\ncn: '), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]);
  const e = t.throws(() => parseLdif(bytes, { source: 'bad.ldif' }), { instanceOf: LdifError });
  t.is(e?.line, 2);
  await t.throwsAsync(collect(readLdif([bytes])), { instanceOf: LdifError });
});

test('readLdifFile: a file on disk with CRLF and a version line', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ldif-'));
  try {
    const path = join(dir, 'a.ldif');
    writeFileSync(path, 'version: 1\r\n\r\ndn: cn=a\r\ncn: a\r\n');
    const records = await collect(readLdifFile(path));
    t.is(records.length, 1);
    t.deepEqual(records[0]?.location, { line: 3, source: path });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a fold inside a UTF-8 sequence (writers that fold by bytes) is joined byte-wise', (t) => {
  const bytes = Buffer.concat([
    Buffer.from('dn: cn=a\ncn: Jos'),
    Buffer.from([0xc3]),
    Buffer.from('\n '),
    Buffer.from([0xa9]),
    Buffer.from('\n'),
  ]);
  const [r] = parseLdif(bytes) as LdifContentRecord[];
  t.is(Buffer.from(r!.attributes[0]!.values[0]!).toString('utf8'), 'José');
  const dn = Buffer.concat([
    Buffer.from('dn: cn=Jos'),
    Buffer.from([0xc3]),
    Buffer.from('\r\n '),
    Buffer.from([0xa9]),
    Buffer.from(',dc=x\r\ncn: a\r\n'),
  ]);
  t.is(parseLdif(dn)[0]?.dn, 'cn=José,dc=x');
});

test('large input: any chunking gives the records of a whole parse, with the right line numbers', async (t) => {
  const records: LdifRecord[] = Array.from({ length: 3000 }, (_, i) => ({
    type: 'content',
    dn: `uid=u${i},dc=example,dc=com`,
    attributes: [
      { type: 'uid', values: [new Uint8Array(Buffer.from(`u${i}`))] },
      {
        type: 'description',
        values: [new Uint8Array(Buffer.from('x'.repeat(i % 200) + (i % 7 === 0 ? 'é' : '')))],
      },
    ],
  }));
  for (const sep of ['\n', '\r\n'] as const) {
    const text = formatLdif(records, { lineSeparator: sep });
    const whole = parseLdif(text);
    t.is(whole.length, 3000);
    const bytes = Buffer.from(text);
    for (const size of [1000, 65536, 70001, 1 << 20]) {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      const got = await collect(readLdif(chunks));
      t.deepEqual(
        got.map((r) => [r.dn, r.location?.line]),
        whole.map((r) => [r.dn, r.location?.line]),
        `${JSON.stringify(sep)} chunks of ${size}`,
      );
      t.deepEqual(got, whole);
    }
  }
});

test('values: false keeps DNs, types and base64 values, empties plain values, and fails where a full parse fails', (t) => {
  const text =
    'dn: cn=a,dc=x\ncn: a\ndescription: one\ndescription: two\nphoto:: AAEC\n\n' +
    'dn:: Y249YsOpLGRjPXg=\ncn: b\n';
  const full = parseLdif(text) as LdifContentRecord[];
  const quick = parseLdif(text, { values: false }) as LdifContentRecord[];
  t.deepEqual(
    quick.map((r) => r.dn),
    ['cn=a,dc=x', 'cn=bé,dc=x'],
  );
  t.deepEqual(
    quick.map((r) => r.attributes.map((a) => [a.type, a.values.length])),
    full.map((r) => r.attributes.map((a) => [a.type, a.values.length])),
  );
  const a = quick[0]?.attributes ?? [];
  t.is(a[1]?.values[0]?.length, 0);
  t.deepEqual([...(a[2]?.values[0] ?? [])], [0, 1, 2]);
  for (const bad of [
    'dn: cn=a\ncn: a\nbad name: x\n',
    'dn: cn=a\nphoto:: A!==\n',
    'dn: cn=a\nx:< file:/etc/hostname\n',
  ]) {
    const e1 = t.throws(() => parseLdif(bad), { instanceOf: LdifError });
    const e2 = t.throws(() => parseLdif(bad, { values: false }), { instanceOf: LdifError });
    t.is(e2?.message, e1?.message);
  }
});
