/**
 * The root DSE as the mock server serves it: with a certificate configured, StartTLS is listed
 * first in supportedExtension (as slapd lists it); without one it is not offered.
 */
import test from 'ava';
import { resolve } from 'node:path';
import { startMockServer, type MockServer } from '../../mock-server/index.js';
import type { LdapMessage } from '../../src/protocol/index.js';
import { RawClient, searchOp } from './helpers/raw-client.js';

const TLS = resolve('fixtures/tls');
const START_TLS = '1.3.6.1.4.1.1466.20037';
const LDIF = 'fixtures/mock-server/org.ldif';

async function server(t: { teardown(fn: () => unknown): void }, withTls: boolean): Promise<MockServer> {
  const s = await startMockServer({
    ldif: LDIF,
    ...(withTls
      ? { tls: { certFile: `${TLS}/server.crt`, keyFile: `${TLS}/server.key`, caFile: `${TLS}/ca.crt` } }
      : {}),
  });
  t.teardown(() => s.close());
  return s;
}

/** The supportedExtension values (or undefined when absent) of a base search of the root DSE. */
async function supportedExtension(
  port: number,
  extra: Record<string, unknown>,
): Promise<string[] | undefined> {
  const c = await RawClient.connect(port);
  try {
    const id = c.send(searchOp('', 'objectClass', { scope: 0, ...extra }));
    const all: LdapMessage[] = await c.result(id);
    const entry = all.find((m) => m.protocolOp.type === 'SearchResultEntry')?.protocolOp as
      { attributes: Array<{ type: string; vals: Uint8Array[] }> } | undefined;
    const attr = entry?.attributes.find((a) => a.type.toLowerCase() === 'supportedextension');
    return attr?.vals.map((v) => new TextDecoder().decode(v));
  } finally {
    c.close();
  }
}

const portOf = (s: MockServer): number => Number(new URL(s.url).port);

test('with TLS configured the root DSE lists StartTLS first in supportedExtension', async (t) => {
  const s = await server(t, true);
  const values = await supportedExtension(portOf(s), { attributes: ['supportedExtension'] });
  t.is(values?.[0], START_TLS);
  t.is(values?.filter((v) => v === START_TLS).length, 1);
  t.true((values?.length ?? 0) > 1, 'the engine profile values are kept');
  // asked for by '+' and by its OID too
  t.is((await supportedExtension(portOf(s), { attributes: ['+'] }))?.[0], START_TLS);
  const byOid = await supportedExtension(portOf(s), { attributes: ['1.3.6.1.4.1.1466.101.120.7'] });
  t.is(byOid?.[0], START_TLS);
});

test('without TLS the root DSE does not offer StartTLS', async (t) => {
  const s = await server(t, false);
  const values = await supportedExtension(portOf(s), { attributes: ['supportedExtension'] });
  t.truthy(values);
  t.false(values!.includes(START_TLS));
});

test('typesOnly, other attributes and other searches are left as the engine answers them', async (t) => {
  const s = await server(t, true);
  t.deepEqual(
    await supportedExtension(portOf(s), { attributes: ['supportedExtension'], typesOnly: true }),
    [],
  );
  t.is(await supportedExtension(portOf(s), { attributes: ['namingContexts'] }), undefined);
  // a one-level search below the root is not the root DSE
  t.is(await supportedExtension(portOf(s), { scope: 1, attributes: ['supportedExtension'] }), undefined);
});
