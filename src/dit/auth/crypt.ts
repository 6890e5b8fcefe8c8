/**
 * glibc crypt(3) verification for `{CRYPT}` values: MD5-crypt (`$1$`, Poul-Henning Kamp's
 * algorithm) and SHA-crypt (`$5$` SHA-256, `$6$` SHA-512, Ulrich Drepper's specification,
 * including `rounds=`). Written from the published algorithm descriptions; node:crypto
 * supplies the digests.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const B64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function to64(v: number, n: number): string {
  let s = '';
  while (n-- > 0) {
    s += B64[v & 0x3f];
    v >>>= 6;
  }
  return s;
}

function encodeGroups(d: Buffer, groups: ReadonlyArray<readonly number[]>): string {
  let s = '';
  for (const g of groups) {
    if (g.length === 3) s += to64(((d[g[0]!]! << 16) | (d[g[1]!]! << 8) | d[g[2]!]!) >>> 0, 4);
    else if (g.length === 2) s += to64((d[g[0]!]! << 8) | d[g[1]!]!, 3);
    else s += to64(d[g[0]!]!, 2);
  }
  return s;
}

export function md5Crypt(password: string, salt: string): string {
  const pw = Buffer.from(password, 'utf8');
  const s = Buffer.from(salt.slice(0, 8), 'utf8');
  const magic = Buffer.from('$1$');
  const alt = createHash('md5').update(pw).update(s).update(pw).digest();
  const ctx = createHash('md5').update(pw).update(magic).update(s);
  for (let i = pw.length; i > 0; i -= 16) ctx.update(alt.subarray(0, Math.min(16, i)));
  for (let i = pw.length; i > 0; i >>= 1) ctx.update(i & 1 ? Buffer.from([0]) : pw.subarray(0, 1));
  let fin = ctx.digest();
  for (let i = 0; i < 1000; i++) {
    const c = createHash('md5');
    c.update(i & 1 ? pw : fin);
    if (i % 3) c.update(s);
    if (i % 7) c.update(pw);
    c.update(i & 1 ? fin : pw);
    fin = c.digest();
  }
  const groups = [[0, 6, 12], [1, 7, 13], [2, 8, 14], [3, 9, 15], [4, 10, 5], [11]] as const;
  return `$1$${salt.slice(0, 8)}$${encodeGroups(fin, groups)}`;
}

export function shaCrypt(password: string, setting: string, bits: 256 | 512): string {
  const algo = bits === 256 ? 'sha256' : 'sha512';
  const n = bits / 8;
  let rest = setting;
  let rounds = 5000;
  let roundsCustom = false;
  const rm = /^rounds=(\d+)\$/.exec(rest);
  if (rm) {
    rounds = Math.min(999999999, Math.max(1000, Number(rm[1])));
    roundsCustom = true;
    rest = rest.slice(rm[0].length);
  }
  const saltText = rest.split('$')[0]!.slice(0, 16);
  const pw = Buffer.from(password, 'utf8');
  const salt = Buffer.from(saltText, 'utf8');
  const b = createHash(algo).update(pw).update(salt).update(pw).digest();
  const a = createHash(algo).update(pw).update(salt);
  let i: number;
  for (i = pw.length; i > n; i -= n) a.update(b);
  a.update(b.subarray(0, i));
  for (i = pw.length; i > 0; i >>= 1) a.update(i & 1 ? b : pw);
  const da = a.digest();
  const dpH = createHash(algo);
  for (i = 0; i < pw.length; i++) dpH.update(pw);
  const dp = dpH.digest();
  const p = Buffer.alloc(pw.length);
  for (i = 0; i < pw.length; i++) p[i] = dp[i % n]!;
  const dsH = createHash(algo);
  for (i = 0; i < 16 + da[0]!; i++) dsH.update(salt);
  const ds = dsH.digest();
  const sb = Buffer.alloc(salt.length);
  for (i = 0; i < salt.length; i++) sb[i] = ds[i % n]!;
  let c = da;
  for (i = 0; i < rounds; i++) {
    const h = createHash(algo);
    h.update(i & 1 ? p : c);
    if (i % 3) h.update(sb);
    if (i % 7) h.update(p);
    h.update(i & 1 ? c : p);
    c = h.digest();
  }
  const groups256 = [
    [0, 10, 20],
    [21, 1, 11],
    [12, 22, 2],
    [3, 13, 23],
    [24, 4, 14],
    [15, 25, 5],
    [6, 16, 26],
    [27, 7, 17],
    [18, 28, 8],
    [9, 19, 29],
    [31, 30],
  ] as const;
  const out = bits === 256 ? encodeGroups(c, groups256) : encodeGroups(c, sha512Groups());
  return `$${bits === 256 ? 5 : 6}$${roundsCustom ? `rounds=${rounds}$` : ''}${saltText}$${out}`;
}

/** Byte triples of SHA-512 crypt's final encoding (Drepper's spec, section "base64"). */
function sha512Groups(): number[][] {
  const g: number[][] = [];
  for (let k = 0; k < 21; k++) {
    const a = k;
    const b = k + 21;
    const c = k + 42;
    // rotate which of the three comes first, as the reference implementation does
    if (k % 3 === 0) g.push([a, b, c]);
    else if (k % 3 === 1) g.push([b, c, a]);
    else g.push([c, a, b]);
  }
  g.push([63]);
  return g;
}

export function cryptVerify(stored: string, password: string): boolean {
  let computed: string | undefined;
  if (stored.startsWith('$1$')) computed = md5Crypt(password, stored.slice(3).split('$')[0]!);
  else if (stored.startsWith('$5$')) computed = shaCrypt(password, stored.slice(3), 256);
  else if (stored.startsWith('$6$')) computed = shaCrypt(password, stored.slice(3), 512);
  if (computed === undefined) return false;
  const a = Buffer.from(computed);
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}
