/**
 * Return types follow the strategy literal (API.md): checked by the compiler (this file is
 * type-checked with the rest; a wrong inference fails `tsc`), exercised at run time over MOCK.
 */
import test from 'ava';
import { Connection, Server, type SafeOutcome } from '../../src/client/index.js';
import { Directory } from '../../src/dit/index.js';

const server = () => new Server('mock', { directory: new Directory(), getInfo: 'NONE' });

test('operation results are typed by the strategy literal', async (t) => {
  const sync = new Connection(server(), { clientStrategy: 'MOCK_SYNC' });
  const asyncConn = new Connection(server(), { clientStrategy: 'MOCK_ASYNC' });
  await sync.open();
  await asyncConn.open();
  const ok: boolean = await sync.search('', '(objectClass=*)', { scope: 'BASE' });
  const id: number = await asyncConn.search('', '(objectClass=*)', { scope: 'BASE' });
  const [response, result] = await asyncConn.getResponse(id);
  t.true(ok);
  t.is(result.description, 'success');
  t.is(response.length, 1);
  // @ts-expect-error: a SYNC connection resolves to a boolean, not a message id
  const notANumber: number = await sync.compare('cn=x', 'cn', 'x');
  t.is(typeof notANumber, 'boolean');
  // SYNC is the default strategy.
  const defaulted = new Connection('ldap://unused.invalid', {});
  t.is(defaulted.strategyName, 'SYNC');
  type DefaultOutcome = Awaited<ReturnType<typeof defaulted.delete>>;
  const check: DefaultOutcome extends boolean ? true : false = true;
  t.true(check);
  type Safe = Awaited<ReturnType<Connection<'SAFE_SYNC'>['modify']>>;
  const safeCheck: Safe extends SafeOutcome ? true : false = true;
  t.true(safeCheck);
  // LDIF responses are the change records' text.
  const ldif = new Connection('ldap://unused.invalid', { clientStrategy: 'LDIF' });
  await ldif.open();
  await ldif.delete('cn=x,dc=example,dc=com');
  const text: string | undefined = ldif.response?.[0];
  t.regex(text ?? '', /changetype: delete/);
});
