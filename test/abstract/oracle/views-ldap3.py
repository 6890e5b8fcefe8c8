# Prints, as JSON, ldap3 2.9.1's views of entries read by a Reader from a real slapd (URL, root
# DN and password in argv): entry_to_json() and the simplified query filter, for comparison
# with ldap3ts's entryToJson() and queryFilter (test/abstract/ldap3-differential.test.ts).
import json, sys
from ldap3 import Server, Connection, ALL, ObjectDef, AttrDef, Reader

url, root, pw = sys.argv[1:4]
conn = Connection(Server(url, get_info=ALL), root, pw, auto_bind=True)
person = ObjectDef(['inetOrgPerson'], conn)
cases = [('sn: Doe', ['cn', 'sn', 'mail', 'objectClass', 'description']),
         ('givenName: J*, departmentNumber: sales; marketing', ['cn', 'sn', 'givenName', 'departmentNumber']),
         ('sn: Smith', ['cn', 'mail', 'telephoneNumber', 'manager'])]
out = []
for query, attributes in cases:
    r = Reader(conn, person, 'ou=people,dc=example,dc=com', query, attributes=attributes)
    entries = r.search()
    out.append({'query': query, 'attributes': attributes, 'filter': r.query_filter,
                'json': [e.entry_to_json() for e in sorted(entries, key=lambda e: e.entry_dn)]})
print(json.dumps(out))
