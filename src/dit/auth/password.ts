/**
 * userPassword verification for simple binds, as slapd's password schemes (RFC 3112 storage
 * form `{SCHEME}data`): cleartext compared octet for octet, salted and plain SHA-1/SHA-2 and MD5
 * digests (base64 of digest || salt), {CRYPT} in the glibc `$1$`/`$5$`/`$6$` formats, and
 * {PBKDF2-SHA256} (`iterations$salt$hash` in adapted base64, as slapd's pw-pbkdf2 module).
 */
import { createHash, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { bytesEqual, fromUtf8 } from '../../util/index.js';
import { cryptVerify } from './crypt.js';

const DIGESTS: ReadonlyMap<string, { algo: string; salted: boolean }> = new Map([
  ['SHA', { algo: 'sha1', salted: false }],
  ['SSHA', { algo: 'sha1', salted: true }],
  ['SHA256', { algo: 'sha256', salted: false }],
  ['SSHA256', { algo: 'sha256', salted: true }],
  ['SHA384', { algo: 'sha384', salted: false }],
  ['SSHA384', { algo: 'sha384', salted: true }],
  ['SHA512', { algo: 'sha512', salted: false }],
  ['SSHA512', { algo: 'sha512', salted: true }],
  ['MD5', { algo: 'md5', salted: false }],
  ['SMD5', { algo: 'md5', salted: true }],
]);

const DIGEST_LENGTH: Record<string, number> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64, md5: 16 };

function safeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** adapted base64 of passlib/slapd pbkdf2 (`.` for `+`, no padding). */
function ab64(text: string): Buffer {
  return Buffer.from(text.replace(/\./g, '+'), 'base64');
}

/** Does `password` match one stored userPassword value? */
export function verifyPassword(stored: Uint8Array, password: Uint8Array): boolean {
  const text = fromUtf8(stored);
  const m = /^\{([A-Za-z0-9-]+)\}(.*)$/s.exec(text);
  if (!m) return bytesEqual(stored, password);
  const scheme = (m[1] as string).toUpperCase();
  const data = m[2] as string;
  const digest = DIGESTS.get(scheme);
  if (digest) {
    const raw = Buffer.from(data, 'base64');
    const n = DIGEST_LENGTH[digest.algo] as number;
    if (raw.length < n || (!digest.salted && raw.length !== n)) return false;
    const salt = raw.subarray(n);
    const h = createHash(digest.algo).update(password).update(salt).digest();
    return safeEqual(h, raw.subarray(0, n));
  }
  if (scheme === 'CRYPT') return cryptVerify(data, fromUtf8(password));
  if (
    scheme === 'PBKDF2-SHA256' ||
    scheme === 'PBKDF2-SHA512' ||
    scheme === 'PBKDF2-SHA1' ||
    scheme === 'PBKDF2'
  ) {
    const [iter, salt, hash] = data.split('$');
    if (!iter || !salt || !hash) return false;
    const algo = scheme === 'PBKDF2-SHA512' ? 'sha512' : scheme === 'PBKDF2-SHA256' ? 'sha256' : 'sha1';
    const want = ab64(hash);
    const got = pbkdf2Sync(password, ab64(salt), Number(iter), want.length, algo);
    return safeEqual(got, want);
  }
  // an unknown scheme never matches (slapd: invalidCredentials)
  return false;
}

/** `{SSHA}` hash of a password (what Password Modify stores when it generates one). */
export function hashSsha(password: Uint8Array, salt: Uint8Array): string {
  const h = createHash('sha1').update(password).update(salt).digest();
  return '{SSHA}' + Buffer.concat([h, salt]).toString('base64');
}
