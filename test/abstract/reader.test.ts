/**
 * Reader over real servers (slapd over SYNC, the in-memory directory over MOCK_SYNC): the
 * query language end to end, scopes, base-object reads, paging, matchDn/match, attribute
 * access, operational attributes, dereferenced DNs, post-query transforms, defaults,
 * auxiliary classes, JSON and LDIF views.
 */
import {
  AttrDef,
  LdapAttributeError,
  LdapDereferenceError,
  ObjectDef,
  Reader,
} from '../../src/abstract/index.js';
import { inspect } from 'node:util';
import { backendTest, SUFFIX } from './backends.js';

const PEOPLE = `ou=people,${SUFFIX}`;
const dnsOf = (entries: Array<{ entryDn: string }>) => entries.map((e) => e.entryDn.toLowerCase()).sort();

backendTest('the issue query: names, keys, &-values, !-components, object class ANDed', async (t, b) => {
  const conn = await b.connect();
  const person = new ObjectDef(['inetOrgPerson'], conn);
  person.add(new AttrDef('cn', { key: 'Common Name' }));
  person.add(new AttrDef('departmentNumber', { key: 'Department' }));
  person.add(new AttrDef('employeeType', { key: 'Status' }));
  const reader = new Reader(
    conn,
    person,
    PEOPLE,
    'Common Name: John*, Department: sales; marketing, !Status: disabled',
  );
  t.is(
    reader.queryFilter,
    '(&(objectClass=inetOrgPerson)(!(employeeType=disabled))(cn=John*)(|(departmentNumber=marketing)(departmentNumber=sales)))',
  );
  const found = await reader.search();
  t.deepEqual(dnsOf(found), [`cn=john smith,${PEOPLE}`, `cn=johnny walker,${PEOPLE}`]);
  await conn.unbind();
});

backendTest('query operators: >=, <=, ~=, negated values, OR of components', async (t, b) => {
  const conn = await b.connect();
  const account = new ObjectDef(['inetOrgPerson'], conn, { auxiliaryClass: 'posixAccount' });
  // uidNumber has an ORDERING rule (integerOrderingMatch); sn has none, so >= on it is Undefined
  const r1 = new Reader(conn, account, SUFFIX, 'uidNumber: >1000');
  t.deepEqual(dnsOf(await r1.search()), [`cn=john smith,${PEOPLE}`]);
  t.is(r1.queryFilter, '(&(objectClass=inetOrgPerson)(uidNumber>=1000))');
  t.deepEqual(await new Reader(conn, account, SUFFIX, 'uidNumber: <1000').search(), []);
  t.deepEqual(await new Reader(conn, account, SUFFIX, 'sn: >=A').search(), []);
  const r2 = new Reader(conn, account, PEOPLE, 'sn: ~Smith; Walker');
  t.deepEqual(dnsOf(await r2.search()), [`cn=john smith,${PEOPLE}`, `cn=johnny walker,${PEOPLE}`]);
  const r3 = new Reader(conn, account, PEOPLE, 'givenName: Jane, sn: Boss', { componentsInAnd: false });
  t.deepEqual(dnsOf(await r3.search()), [`cn=alice boss,${PEOPLE}`, `cn=jane doe,${PEOPLE}`]);
  const r4 = new Reader(conn, account, PEOPLE, 'mail: !*@example.com');
  t.deepEqual(dnsOf(await r4.search()), [`cn=johnny walker,${PEOPLE}`]);
  await conn.unbind();
});

backendTest('a raw filter is used as is, the definition object class ANDed in', async (t, b) => {
  const conn = await b.connect();
  const reader = new Reader(conn, new ObjectDef(['inetOrgPerson'], conn), SUFFIX, '(employeeType=archived)');
  t.is(reader.queryFilter, '(&(objectClass=inetOrgPerson)(employeeType=archived))');
  t.is((await reader.search()).length, 12);
  await conn.unbind();
});

backendTest('search, searchLevel, searchSubtree and searchObject use their scopes', async (t, b) => {
  const conn = await b.connect();
  const ou = new ObjectDef(['organizationalUnit'], conn);
  const reader = new Reader(conn, ou, SUFFIX);
  t.deepEqual(dnsOf(await reader.searchLevel()), [
    `ou=archive,${SUFFIX}`,
    `ou=groups,${SUFFIX}`,
    `ou=people,${SUFFIX}`,
  ]);
  const inPeople = new Reader(conn, ou, PEOPLE);
  t.deepEqual(dnsOf(await inPeople.searchSubtree()), [PEOPLE]); // the base is in its own subtree
  t.deepEqual(await inPeople.searchLevel(), []); // but not at one level below
  inPeople.subTree = false;
  t.deepEqual(await inPeople.search(), []);
  const person = new Reader(conn, new ObjectDef(['inetOrgPerson'], conn), PEOPLE);
  const one = await person.searchObject(`CN=Jane Doe,${PEOPLE}`);
  t.is(one?.sn!.value, 'Doe');
  t.is(await person.searchObject(`cn=nobody,${PEOPLE}`), undefined);
  t.is(person.entries.length, 0);
  await conn.unbind();
});

backendTest('searchPaged yields every entry across pages and can stop early', async (t, b) => {
  const conn = await b.connect();
  const reader = new Reader(conn, new ObjectDef(['inetOrgPerson'], conn), `ou=archive,${SUFFIX}`);
  const all: string[] = [];
  for await (const entry of reader.searchPaged(5)) all.push(String(entry.cn!.value));
  t.is(all.length, 12);
  t.deepEqual(
    [...all].sort(),
    Array.from({ length: 12 }, (_, i) => `user${String(i + 1).padStart(2, '0')}`),
  );
  const some: string[] = [];
  for await (const entry of reader.searchPaged(5)) {
    some.push(String(entry.cn!.value));
    if (some.length === 7) break;
  }
  t.is(some.length, 7);
  // the connection is still usable after leaving the loop early
  t.is((await reader.search()).length, 12);
  await t.throwsAsync(async () => {
    for await (const _ of reader.searchPaged(0)) void _;
  });
  await conn.unbind();
});

backendTest(
  'attribute access by name, key, alias, any case, spaces ignored; unknown names throw',
  async (t, b) => {
    const conn = await b.connect();
    const person = new ObjectDef(['inetOrgPerson'], conn);
    person.add(new AttrDef('givenName', { key: 'First Name', alias: 'forename' }));
    const [entry] = await new Reader(conn, person, PEOPLE, 'sn: Smith').search();
    if (!entry) return t.fail('no entry');
    t.is(entry.FirstName!.value, 'John');
    t.is(entry['first name']!.value, 'John');
    t.is(entry.givenname!.value, 'John');
    t.is(entry.FORENAME!.value, 'John');
    t.is(entry.gn!.value, 'John'); // the schema's other name for givenName
    t.is(entry.commonName!.value, 'John Smith'); // cn's other name
    t.deepEqual(entry.mail!.values, ['john@example.com', 'jsmith@example.com']);
    t.deepEqual(entry.mail!.value, ['john@example.com', 'jsmith@example.com']);
    t.true('MAIL' in entry);
    t.false('pager' in entry); // defined, but no value: an empty attribute
    t.is(entry.pager!.value, undefined);
    t.deepEqual(entry.pager!.values, []);
    t.is(entry.pager, entry.Pager);
    t.false(entry.entryAttributes.includes('pager'));
    t.throws(() => entry.noSuchAttribute, { instanceOf: LdapAttributeError });
    t.throws(
      () => {
        (entry as unknown as Record<string, unknown>).sn = 'x';
      },
      { instanceOf: LdapAttributeError },
    );
    t.true(entry.entryAttributes.includes('FirstName'));
    t.deepEqual(entry.entryAttributesAsDict.FirstName, ['John']);
    t.deepEqual(
      entry.entryRawAttribute('GIVENNAME')?.map((v) => Buffer.from(v).toString()),
      ['John'],
    );
    t.is(await Promise.resolve(entry), entry); // not mistaken for a thenable
    t.regex(inspect(entry), /^DN: cn=John Smith,ou=people,dc=example,dc=com - STATUS: Read/i);
    t.deepEqual(
      (JSON.parse(JSON.stringify(entry)) as { attributes: Record<string, unknown> }).attributes.sn,
      ['Smith'],
    );
    await conn.unbind();
  },
);

backendTest('operational attributes are read on request and keyed OA_name', async (t, b) => {
  const conn = await b.connect();
  const reader = new Reader(conn, new ObjectDef(['inetOrgPerson'], conn), PEOPLE, 'sn: Doe', {
    getOperationalAttributes: true,
  });
  const [entry] = await reader.search();
  if (!entry) return t.fail('no entry');
  t.true(entry.entryAttributes.includes('OA_entryUUID'));
  t.regex(String(entry.OA_entryUUID!.value), /^[0-9a-f-]{36}$/);
  t.is(entry.entryUUID!.value, entry.OA_entryUUID!.value);
  const plain = await new Reader(conn, new ObjectDef(['inetOrgPerson'], conn), PEOPLE, 'sn: Doe').search();
  t.false(plain[0]?.entryAttributes.includes('OA_entryUUID'));
  await conn.unbind();
});

backendTest('dereferenced DN attributes hold the entries they name; self-references throw', async (t, b) => {
  const conn = await b.connect();
  const boss = new ObjectDef(['inetOrgPerson'], conn);
  const person = new ObjectDef(['inetOrgPerson'], conn);
  person.add(new AttrDef('manager', { key: 'Boss', dereferenceDn: boss }));
  const [john] = await new Reader(conn, person, PEOPLE, 'sn: Smith').search();
  const manager = john?.Boss!.value as { entryDn: string; title: { value: unknown } } | undefined;
  t.is(manager?.entryDn.toLowerCase(), `cn=alice boss,${PEOPLE}`);
  t.is(manager?.title.value, 'CEO');
  t.regex(john?.entryToJson() ?? '', /"Boss": \[\s+"cn=Alice Boss,ou=people,dc=example,dc=com"/);

  const group = new ObjectDef(['groupOfNames'], conn);
  group.add(new AttrDef('member', { dereferenceDn: person }));
  const [sales] = await new Reader(conn, group, `ou=groups,${SUFFIX}`).search();
  const members = (sales?.member!.values ?? []) as Array<{
    sn: { value: unknown };
    Boss: { values: unknown[] };
  }>;
  t.deepEqual(members.map((m) => m.sn.value).sort(), ['Boss', 'Smith']);

  // an entry naming itself: dereferencing would loop, so it is refused (ldap3 rule); the
  // postQuery turns the group's cn into its own DN to make one
  const self = `cn=sales,ou=groups,${SUFFIX}`;
  const looping = new ObjectDef(['groupOfNames'], conn);
  looping.add(new AttrDef('cn', { postQuery: () => [self], dereferenceDn: group }));
  await t.throwsAsync(() => new Reader(conn, looping, self).searchObject(), {
    instanceOf: LdapDereferenceError,
    message: /referencing itself in the 'cn' attribute/,
  });
  // a DN that names no entry dereferences to undefined (ldap3: None)
  const dangling = new ObjectDef(['groupOfNames'], conn);
  dangling.add(new AttrDef('cn', { postQuery: () => [`cn=ghost,${SUFFIX}`], dereferenceDn: group }));
  const ghostly = await new Reader(conn, dangling, self).searchObject();
  t.deepEqual(ghostly?.cn!.values, [undefined]);
  await conn.unbind();
});

backendTest('postQuery transforms values, default fills absent attributes', async (t, b) => {
  const conn = await b.connect();
  const person = new ObjectDef(['inetOrgPerson'], conn);
  person.add(
    new AttrDef('mail', {
      postQuery: (values, key) => values.map((v) => `${key}:${String(v).toUpperCase()}`),
    }),
  );
  person.add(new AttrDef('roomNumber', { key: 'Room', default: 'none' }));
  person.add(new AttrDef('description', { default: ['a', 'b'] }));
  const [jane] = await new Reader(conn, person, PEOPLE, 'sn: Doe').search();
  t.deepEqual(jane?.mail!.values, ['mail:JANE@EXAMPLE.COM']);
  t.is(jane?.Room!.value, 'none');
  t.is(jane?.description!.value, 'on leave');
  const [john] = await new Reader(conn, person, PEOPLE, 'sn: Smith').search();
  t.deepEqual(john?.description!.values, ['a', 'b']);
  t.deepEqual(john?.entryRawAttribute('roomNumber'), undefined);
  await conn.unbind();
});

backendTest(
  'auxiliary classes met in entries join the definition; given ones add their attributes',
  async (t, b) => {
    const conn = await b.connect();
    const person = new ObjectDef(['inetOrgPerson'], conn);
    t.false(person.has('uidNumber'));
    const reader = new Reader(conn, person, PEOPLE, 'sn: Smith');
    await reader.search();
    t.deepEqual(person.auxiliaryClass, ['posixAccount']);
    t.true(person.has('uidNumber'));
    t.false(person.get('homeDirectory').mandatory); // learned from an entry: binds only entries with the class
    // the next search reads the auxiliary attributes too
    const [john] = await reader.search();
    t.is(Number(john?.uidNumber!.value), 1001);

    const withAux = new ObjectDef(['inetOrgPerson'], conn, { auxiliaryClass: 'posixAccount' });
    t.true(withAux.get('homeDirectory').mandatory); // named by the user: its MUST applies
    const [again] = await new Reader(conn, withAux, PEOPLE, 'uidNumber: 1001').search();
    t.is(again?.homeDirectory!.value, '/home/jsmith');
    await conn.unbind();
  },
);

backendTest('matchDn and match search the entries already read', async (t, b) => {
  const conn = await b.connect();
  const reader = new Reader(conn, new ObjectDef(['inetOrgPerson'], conn), PEOPLE);
  await reader.search();
  t.deepEqual(dnsOf(reader.matchDn('JOHN')), [`cn=john smith,${PEOPLE}`, `cn=johnny walker,${PEOPLE}`]);
  t.deepEqual(dnsOf(reader.match('mail', 'OTHER.org')), [`cn=johnny walker,${PEOPLE}`]);
  t.deepEqual(dnsOf(reader.match(['title', 'description'], 'leave')), [`cn=jane doe,${PEOPLE}`]);
  t.deepEqual(reader.match('sn', 'nobody'), []);
  t.is(reader.at('jane').sn!.value, 'Doe');
  t.is(reader.at(-1), reader.entries.at(-1)!);
  t.throws(() => reader.at('john'), { code: 'LDAP_CURSOR_AMBIGUOUS', message: /2 entries match/ });
  t.throws(() => reader.at('nobody'), { code: 'LDAP_CURSOR_NO_ENTRY' });
  t.throws(() => reader.at(99), { code: 'LDAP_CURSOR_NO_ENTRY' });
  t.is([...reader].length, reader.length);
  t.deepEqual(dnsOf(reader.match('givenName', new TextEncoder().encode('Jane'))), [`cn=jane doe,${PEOPLE}`]);
  await conn.unbind();
});

backendTest('entryToJson and entryToLdif', async (t, b) => {
  const conn = await b.connect();
  const person = new ObjectDef(['inetOrgPerson'], conn);
  const [jane] = await new Reader(conn, person, PEOPLE, 'sn: Doe', {
    attributes: ['cn', 'sn', 'mail'],
  }).search();
  if (!jane) return t.fail('no entry');
  const json = JSON.parse(jane.entryToJson({ raw: true })) as {
    dn: string;
    attributes: Record<string, unknown[]>;
    raw: Record<string, unknown[]>;
  };
  t.is(json.dn.toLowerCase(), `cn=jane doe,${PEOPLE}`);
  t.deepEqual(json.attributes, { cn: ['Jane Doe'], mail: ['jane@example.com'], sn: ['Doe'] });
  t.deepEqual(json.raw.sn, ['Doe']);
  t.regex(jane.entryToJson({ indent: 0 }), /^\{"attributes":\{/);
  const ldif = jane.entryToLdif();
  t.regex(ldif, /^version: 1\n\ndn: cn=Jane Doe,ou=people,dc=example,dc=com\n/i);
  t.regex(ldif, /\nsn: Doe\n/);
  t.regex(ldif, /\nmail: jane@example.com\n/);
  t.throws(() => new Reader(conn, person, PEOPLE, '', { attributes: ['nope'] }), { code: 'LDAP_CURSOR' });
  await conn.unbind();
});

backendTest('preQuery and validate shape the filter sent to the server', async (t, b) => {
  const conn = await b.connect();
  const person = new ObjectDef('inetOrgPerson', conn); // object classes by name: schema from the connection
  person.add(new AttrDef('employeeType', { key: 'State', preQuery: (v) => v.toLowerCase() }));
  person.add(new AttrDef('mail', { validate: (v) => (String(v).includes('@') ? String(v).trim() : false) }));
  const reader = new Reader(conn, person, PEOPLE, 'State: DISABLED, mail: jane@example.com');
  t.is(reader.queryFilter, '(&(objectClass=inetOrgPerson)(employeeType=disabled)(mail=jane@example.com))');
  t.deepEqual(dnsOf(await reader.search()), [`cn=jane doe,${PEOPLE}`]);
  t.throws(() => (reader.query = 'mail: nobody'), { code: 'LDAP_QUERY_VALIDATION' });
  reader.query = 'State: Active';
  reader.componentsInAnd = false;
  t.is((await reader.search()).length, 3);
  await conn.unbind();
});
