/**
 * Regenerates fixtures/dit/filters.json: each filter of FILTERS is run against a real slapd
 * (loaded with fixtures/dit/base.ldif) with ldapsearch, and the DNs it returns are recorded as
 * the expectation. Usage: tsx test/dit/generate-filter-vectors.ts ldap://127.0.0.1:PORT
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const FILTERS: Array<[string, string]> = [
  ['(objectClass=*)', 'presence of objectClass'],
  ['(objectClass=person)', 'superclass matches subclasses'],
  ['(objectClass=inetOrgPerson)', 'structural class'],
  ['(objectclass=POSIXACCOUNT)', 'class names case-insensitive'],
  ['(cn=alice smith)', 'caseIgnoreMatch'],
  ['(cn=  Alice   Smith )', 'insignificant spaces'],
  ['(cn=Robert Jones)', 'any value of a multi-valued attribute'],
  ['(commonName=bob jones)', 'alias name'],
  ['(2.5.4.3=bob jones)', 'numeric OID'],
  ['(name=smith)', 'supertype matches sn'],
  ['(name=alice*)', 'supertype substrings'],
  ['(cn=Alice Forgeron)', 'option values match the base type'],
  ['(cn;lang-fr=alice forgeron)', 'option in filter'],
  ['(cn;lang-fr=alice smith)', 'option filter skips values without it'],
  ['(cn=*)', 'presence'],
  ['(cn=a*)', 'initial'],
  ['(cn=*jones)', 'final'],
  ['(cn=*o*e*)', 'any in order'],
  ['(cn=*e*o*)', 'any order matters'],
  ['(cn=b*s)', 'initial and final'],
  ['(cn=bob*jones)', 'initial any final'],
  ['(cn=*smith\\2c*)', 'escaped comma in substring'],
  ['(cn=smith\\2c john)', 'escaped comma in equality'],
  ['(sn=müller)', 'UTF-8 case folding'],
  ['(sn=MÜLLER)', 'UTF-8 upper case'],
  ['(cn=zoë*)', 'UTF-8 substring'],
  ['(description=leading and inner spaces)', 'spaces collapsed in values'],
  ['(telephoneNumber=+15550100)', 'telephoneNumber ignores spaces'],
  ['(telephoneNumber=+1 555-0101)', 'telephoneNumber ignores hyphens'],
  ['(telephoneNumber=*0101)', 'telephoneNumber substrings'],
  ['(uidNumber>=1000)', 'integer ordering'],
  ['(uidNumber<=1002)', 'integer ordering le'],
  ['(uidNumber>=1003)', 'integer ordering none'],
  ['(uidNumber=01002)', 'integer equality'],
  ['(employeeNumber>=10)', 'no ordering rule: undefined'],
  ['(cn>=a)', 'cn has no ordering rule'],
  ['(mail=ALICE@EXAMPLE.COM)', 'caseIgnoreIA5Match'],
  ['(mail=*@example.com)', 'IA5 substrings'],
  ['(uid=ALICE)', 'uid caseIgnore'],
  ['(homeDirectory=/HOME/BOB)', 'caseExactIA5Match'],
  ['(homeDirectory=/home/bob)', 'caseExactIA5Match exact'],
  ['(serialNumber=0042)', 'printableString'],
  ['(member=uid=alice,ou=people,dc=example,dc=com)', 'distinguishedNameMatch'],
  ['(member=UID=Alice, OU=People, DC=Example, DC=Com)', 'DN match normalises'],
  ['(uniqueMember=uid=zoe,ou=people,dc=example,dc=com)', 'uniqueMemberMatch'],
  ['(&)', 'absolute true'],
  ['(|)', 'absolute false'],
  ['(!(&))', 'not absolute true'],
  ['(&(objectClass=person)(sn=smith))', 'and'],
  ['(|(uid=alice)(uid=bob))', 'or'],
  ['(!(uid=alice))', 'not'],
  ['(!(foo=x))', 'unknown attribute: NOT undefined stays undefined'],
  ['(foo=x)', 'unknown attribute'],
  ['(!(foo=*))', 'unknown presence'],
  ['(|(foo=x)(uid=bob))', 'or with undefined'],
  ['(&(foo=x)(uid=bob))', 'and with undefined'],
  ['(!(|(foo=x)(uid=bob)))', 'not of or with undefined'],
  ['(!(uidNumber=abc))', 'invalid assertion syntax undefined'],
  ['(uidNumber=abc)', 'invalid integer'],
  ['(!(employeeNumber>=10))', 'not of no-ordering'],
  ['(!(mail=*))', 'not presence'],
  ['(cn:=alice smith)', 'extensible: type equality'],
  ['(cn:caseExactMatch:=Alice Smith)', 'extensible named rule'],
  ['(cn:caseExactMatch:=alice smith)', 'extensible caseExact mismatch'],
  ['(cn:2.5.13.5:=Bob Jones)', 'extensible rule OID'],
  ['(:caseExactMatch:=Smith)', 'rule only, any attribute'],
  ['(ou:dn:=people)', 'dn attributes'],
  ['(ou:=people)', 'without dn attributes'],
  ['(:dn:caseIgnoreMatch:=people)', 'rule only with dn'],
  ['(uid:dn:=jsmith)', 'multi-valued RDN AVA'],
  ['(uidNumber:integerOrderingMatch:=1003)', 'extensible ordering rule: value < assertion'],
  ['(cn~=alise smith)', 'approximate'],
  ['(cn~=robert)', 'approximate word'],
  ['(entryDN=uid=bob,ou=people,dc=example,dc=com)', 'entryDN'],
  ['(hasSubordinates=TRUE)', 'hasSubordinates'],
  ['(structuralObjectClass=device)', 'structuralObjectClass'],
  ['(uid=\\61lice)', 'hex escape'],
];

const url = process.argv[2] ?? 'ldap://127.0.0.1:38999';
const out = FILTERS.map(([filter, description]) => {
  let text = '';
  try {
    text = execFileSync(
      'ldapsearch',
      ['-x', '-LLL', '-o', 'ldif-wrap=no', '-H', url, '-b', 'dc=example,dc=com', filter, '1.1'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
  } catch (err) {
    text = String((err as { stdout?: string }).stdout ?? '');
  }
  const dns = text
    .split('\n')
    .filter((l) => l.startsWith('dn'))
    .map((l) => (l.startsWith('dn:: ') ? Buffer.from(l.slice(5), 'base64').toString('utf8') : l.slice(4)));
  return { description, filter, dns };
});
writeFileSync(
  'fixtures/dit/filters.json',
  JSON.stringify({ source: 'slapd 2.5 on fixtures/dit/base.ldif', vectors: out }, null, 1) + '\n',
);
console.log(`${out.length} vectors`);
