/** loadLdif streams records in file order; waiting children get their ids right after their parent. */
import test from 'ava';
import { Directory } from '../../src/dit/index.js';

const rec = (dn: string, oc: string, attr: string) =>
  `dn: ${dn}\nchangetype: add\nobjectClass: ${oc}\n${attr}\n`;

test('entry ids follow the file, a child before its parent is added right after the parent', async (t) => {
  const dir = new Directory();
  const ldif = [
    'dn: dc=x\nchangetype: add\nobjectClass: dcObject\nobjectClass: organization\ndc: x\no: x\n',
    rec('ou=a,dc=x', 'organizationalUnit', 'ou: a'),
    rec('uid=c,ou=b,dc=x', 'account', 'uid: c'),
    rec('ou=b,dc=x', 'organizationalUnit', 'ou: b'),
    rec('ou=d,dc=x', 'organizationalUnit', 'ou: d'),
    'dn: ou=a,dc=x\nchangetype: modify\nadd: description\ndescription: second run follows\n-\n',
    rec('uid=e,ou=f,dc=x', 'account', 'uid: e'),
    rec('ou=f,dc=x', 'organizationalUnit', 'ou: f'),
    rec('ou=g,dc=x', 'organizationalUnit', 'ou: g'),
  ].join('\n');
  t.is(await dir.loadLdif(ldif), 9);
  const id = (dn: string) => dir.engine.lookup(dir.engine.name(dn).ndn)?.id;
  t.deepEqual(
    [
      'dc=x',
      'ou=a,dc=x',
      'ou=b,dc=x',
      'uid=c,ou=b,dc=x',
      'ou=d,dc=x',
      'ou=f,dc=x',
      'uid=e,ou=f,dc=x',
      'ou=g,dc=x',
    ].map(id),
    [1, 2, 3, 4, 5, 6, 7, 8],
  );
  t.deepEqual(dir.getEntry('ou=a,dc=x')?.get('description'), ['second run follows']);
});

test('a syntax error anywhere in the file stops the load before anything is added', async (t) => {
  const dir = new Directory();
  const ldif =
    'dn: dc=x\nobjectClass: dcObject\nobjectClass: organization\ndc: x\no: x\n\ndn: ou=a,dc=x\nou:: ***\n';
  await t.throwsAsync(dir.loadLdif(ldif));
  t.is(dir.size, 0);
});
