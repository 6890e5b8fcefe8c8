/** SASL mechanisms against the RFCs' own exchanges (fixtures/client/sasl-vectors.json). */
import { readFileSync } from 'node:fs';
import test from 'ava';
import { DigestMd5Mechanism } from '../../src/client/sasl/digest-md5.js';
import { ScramSha256Mechanism } from '../../src/client/sasl/scram.js';
import { ExternalMechanism, PlainMechanism } from '../../src/client/sasl/simple-mechanisms.js';
import { fromUtf8, utf8 } from '../../src/util/index.js';

interface ScramVector {
  description: string;
  user: string;
  password: string;
  clientNonce: string;
  clientFirst: string;
  serverFirst: string;
  clientFinal: string;
  serverFinal: string;
}
interface DigestVector {
  description: string;
  user: string;
  password: string;
  host: string;
  service: string;
  cnonce: string;
  challenge: string;
  response: string;
  rspauth: string;
}
interface Vectors {
  'scram-sha-256': ScramVector[];
  'digest-md5': DigestVector[];
}
const vectors = JSON.parse(readFileSync('fixtures/client/sasl-vectors.json', 'utf8')) as Vectors;

for (const v of vectors['scram-sha-256']) {
  test(`SCRAM-SHA-256: ${v.description}`, (t) => {
    const m = new ScramSha256Mechanism({ user: v.user, password: v.password }, v.clientNonce);
    t.is(fromUtf8(m.start()), v.clientFirst);
    t.is(fromUtf8(m.step(utf8(v.serverFirst))), v.clientFinal);
    t.notThrows(() => m.finish(utf8(v.serverFinal)));
    const forged = new ScramSha256Mechanism({ user: v.user, password: v.password }, v.clientNonce);
    forged.start();
    forged.step(utf8(v.serverFirst));
    t.throws(() => forged.finish(utf8('v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')), {
      message: /does not verify/,
    });
  });
}

test('SCRAM-SHA-256 refuses a server nonce that does not extend the client nonce', (t) => {
  const m = new ScramSha256Mechanism({ user: 'u', password: 'p' }, 'abc');
  m.start();
  t.throws(() => m.step(utf8('r=xyz,s=QSXCR+Q6sek8bf92,i=4096')), { message: /nonce/ });
});

for (const v of vectors['digest-md5']) {
  test(`DIGEST-MD5: ${v.description}`, (t) => {
    const m = new DigestMd5Mechanism(
      { user: v.user, password: v.password, host: v.host, service: v.service },
      v.cnonce,
    );
    t.is(m.start(), undefined);
    const response = fromUtf8(m.step(utf8(v.challenge)) ?? new Uint8Array());
    t.regex(response, new RegExp(`response=${v.response}`));
    t.regex(response, /nc=00000001/);
    t.regex(response, /qop=auth/);
    t.is(m.step(utf8(v.rspauth)), undefined, 'a valid rspauth is acknowledged with an empty response');
    t.throws(() => m.step(utf8('rspauth=00000000000000000000000000000000')));
  });
}

test('PLAIN and EXTERNAL initial responses', (t) => {
  t.deepEqual(
    [...new PlainMechanism({ user: 'tim', password: 'tanstaaftanstaaf' }).start()],
    [...utf8('\u0000tim\u0000tanstaaftanstaaf')],
  );
  t.deepEqual(
    [...new PlainMechanism({ user: 'tim', password: 'x', authzid: 'Ursel' }).start()],
    [...utf8('Ursel\u0000tim\u0000x')],
  );
  t.deepEqual([...new ExternalMechanism().start()], []);
  t.is(fromUtf8(new ExternalMechanism('dn:cn=x').start()), 'dn:cn=x');
  t.throws(() => new PlainMechanism({ user: 'tim' }));
});
