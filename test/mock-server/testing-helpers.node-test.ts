/**
 * `ldap3ts/testing` under node:test (run by testing-node.test.ts through `node --test`).
 */
import * as nodeTest from 'node:test';
import assert from 'node:assert/strict';
import { forNodeTest } from '../../mock-server/testing.js';
import { RawClient, enc } from './helpers/raw-client.js';

const ldap = forNodeTest(nodeTest, { ldif: 'fixtures/mock-server/org.ldif' });

nodeTest.test('compare over the wire and the journal sees it', async () => {
  const c = await RawClient.connect(ldap.server.port);
  try {
    const code = await c.resultCode(
      c.send({
        type: 'CompareRequest',
        entry: 'uid=alice,ou=people,dc=example,dc=com',
        attributeDesc: 'mail',
        assertionValue: enc('alice@example.com'),
      }),
    );
    assert.equal(code, 6);
  } finally {
    c.close();
  }
  ldap.assertRequested({ operation: 'compare', resultCode: 6 }, 1);
});

nodeTest.test('the journal was cleared before this test', () => {
  assert.deepEqual(ldap.requests(), []);
});
