# Runs the status-machine vectors of fixtures/abstract/transitions.json with Python ldap3 2.9.1
# against a real slapd (URL as argv[1], root DN/password as argv[2], argv[3]) and prints, per
# vector, the status (or 'error') after each step, as JSON. Used to check ldap3ts's expectations
# against the library it ports (see the 'ldap3' notes in the fixture).
import json, sys, itertools
from ldap3 import Server, Connection, ALL, ObjectDef, Reader, Writer
from ldap3.core.exceptions import LDAPException

url, root, pw = sys.argv[1], sys.argv[2], sys.argv[3]
conn = Connection(Server(url, get_info=ALL), root, pw, auto_bind=True)
PEOPLE = 'ou=people,dc=example,dc=com'
counter = itertools.count(1)
vectors = json.load(open('fixtures/abstract/transitions.json'))['vectors']
out = []
for v in vectors:
    n = next(counter)
    cn = 'py-%d' % n
    dn = 'cn=%s,%s' % (cn, PEOPLE)
    statuses = []
    with_aux = ObjectDef(['inetOrgPerson'], conn, auxiliary_class=['posixAccount'])
    plain = ObjectDef(['inetOrgPerson'], conn)
    entry = None
    read = None
    if v['start'] in ('read', 'writable'):
        conn.add(dn, ['inetOrgPerson', 'posixAccount'], {'cn': cn, 'sn': 'Person', 'mail': 'a@example.com', 'uid': cn,
                 'uidNumber': 2000, 'gidNumber': 100, 'homeDirectory': '/home/' + cn})
        read = Reader(conn, with_aux, dn).search_object(dn)
        if v['start'] == 'writable':
            entry = read.entry_writable()
    else:
        entry = Writer(conn, plain).new('cn=py-new-%d,%s' % (n, PEOPLE))
        if v['start'] == 'newComplete':
            entry.sn.set('Person')
    for action, arg, expected in v['steps']:
        try:
            name, _, value = (arg or '').partition('=')
            if action == 'writable': entry = read.entry_writable()
            elif action == 'set': entry[name].set(value) if name in entry else getattr(entry, name).set(value)
            elif action == 'add': getattr(entry, name).add(value)
            elif action == 'deleteValue': getattr(entry, name).delete(value)
            elif action == 'remove': getattr(entry, arg).remove()
            elif action == 'discardAttribute': getattr(entry, arg).discard()
            elif action == 'discardChanges': entry.entry_discard_changes()
            elif action == 'delete': entry.entry_delete()
            elif action == 'move': entry.entry_move(arg + ',dc=example,dc=com')
            elif action == 'rename': entry.entry_rename('%s-py%d' % (arg, n))
            elif action in ('commit', 'commitFalse'):
                ok = entry.entry_commit_changes()
                if ok != (action == 'commit'): statuses.append('commit returned %s' % ok); continue
            statuses.append(entry.entry_status)
        except (LDAPException, KeyError, AttributeError, TypeError) as e:
            statuses.append('error: ' + type(e).__name__)
    out.append({'description': v['description'], 'ldap3': statuses})
print(json.dumps(out, indent=1))
