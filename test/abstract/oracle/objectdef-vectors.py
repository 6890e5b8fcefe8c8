# Generates fixtures/abstract/objectdef-ldap3.json: MUST and MAY of ObjectDefs that Python ldap3
# 2.9.1 builds from its offline slapd schema (the same schema as fixtures/abstract/schema-slapd.json).
import json
from ldap3 import Server, Connection, MOCK_SYNC, OFFLINE_SLAPD_2_4, ObjectDef

server = Server('oracle', get_info=OFFLINE_SLAPD_2_4)
conn = Connection(server, client_strategy=MOCK_SYNC)
conn.bind()
CASES = [(['inetOrgPerson'], []), (['inetOrgPerson'], ['posixAccount']), (['groupOfNames'], []),
         (['organizationalUnit'], []), (['person'], ['shadowAccount']), (['person', 'posixAccount'], []),
         (['account'], ['posixAccount', 'shadowAccount'])]
vectors = []
for classes, aux in CASES:
    od = ObjectDef(classes, conn, auxiliary_class=aux)
    must = sorted(a.key for a in od if a.mandatory)
    may = sorted(a.key for a in od if not a.mandatory)
    single = sorted(a.key for a in od if a.single_value)
    vectors.append({'objectClass': classes, 'auxiliaryClass': aux, 'must': must, 'may': may, 'singleValue': single})
json.dump({'source': 'Python ldap3 2.9.1 ObjectDef over OFFLINE_SLAPD_2_4', 'vectors': vectors},
          open('fixtures/abstract/objectdef-ldap3.json', 'w'), indent=1)
print(len(vectors))
