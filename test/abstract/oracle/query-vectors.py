# Generates fixtures/abstract/query-ldap3.json: the filters Python ldap3 2.9.1 builds from
# simplified queries (the oracle for the query compiler). Run with Debian's /usr/bin/python3.
import json
from ldap3 import Server, Connection, MOCK_SYNC, ObjectDef, AttrDef, Reader

server = Server('oracle')
conn = Connection(server, client_strategy=MOCK_SYNC)
conn.bind()

ATTRS = [['cn', 'Common Name'], ['sn', 'Surname'], ['departmentNumber', 'Department'], ['mail', None],
         ['uidNumber', None], ['description', 'Status'], ['givenName', None]]

CASES = [
    (['inetOrgPerson'], 'Common Name: John*', True),
    (['inetOrgPerson'], 'Common Name: John*, Department: sales; marketing', True),
    (['inetOrgPerson'], 'Common Name: John*, &Department: sales; marketing', True),
    (['inetOrgPerson'], 'Common Name: John*, |Department: sales; marketing', True),
    (['inetOrgPerson'], 'Common Name: John*, Status: !disabled', True),
    (['inetOrgPerson'], 'uidNumber: >1000', True),
    (['inetOrgPerson'], 'uidNumber: <1000', True),
    (['inetOrgPerson'], 'uidNumber: >=1000', True),
    (['inetOrgPerson'], 'uidNumber: <=1000', True),
    (['inetOrgPerson'], 'Surname: ~smith', True),
    (['inetOrgPerson'], 'Surname: !~smith', True),
    (['inetOrgPerson'], 'Surname: =smith', True),
    (['inetOrgPerson'], 'Surname: !=smith', True),
    (['inetOrgPerson'], 'uidNumber: >1000; <50', True),
    (['inetOrgPerson'], '&uidNumber: >1000; <5000', True),
    (['inetOrgPerson'], 'mail: *@example.com, sn: Smith', True),
    (['inetOrgPerson'], 'mail: *@example.com, sn: Smith', False),
    (['inetOrgPerson'], 'Common Name: John*', False),
    (['inetOrgPerson', 'posixAccount'], 'Common Name: John*', True),
    (['inetOrgPerson', 'posixAccount'], 'givenName: b; a; c, sn: z', True),
    (['inetOrgPerson'], 'commonname: x, SURNAME: y', True),
    (['inetOrgPerson'], '', True),
    (['inetOrgPerson', 'posixAccount'], '', True),
    (['inetOrgPerson'], '(cn=John)', True),
    (['inetOrgPerson'], '(&(objectClass=person)(cn=John))', True),
    ([], 'Common Name: John*', True),
    ([], 'Common Name: John*, Surname: Smith', True),
]

vectors = []
for classes, query, in_and in CASES:
    od = ObjectDef(classes)
    for name, key in ATTRS:
        od += AttrDef(name, key=key)
    reader = Reader(conn, od, 'dc=example,dc=com', query, components_in_and=in_and)
    vectors.append({'description': 'ldap3: %r over %s%s' % (query, classes, '' if in_and else ' (OR)'),
                    'objectClass': classes, 'query': query, 'componentsInAnd': in_and,
                    'filter': reader.query_filter})

json.dump({'source': 'Python ldap3 2.9.1 Reader.query_filter', 'attributes': ATTRS, 'vectors': vectors},
          open('fixtures/abstract/query-ldap3.json', 'w'), indent=1)
print(len(vectors))
