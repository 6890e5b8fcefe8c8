#!/usr/bin/python3
"""Regenerates fixtures/dn/escape-table.json and fixtures/filter/byte-table.json. Expected parse
results are checked against OpenLDAP's libldap (test/dn/libldap-oracle.py) before writing; the
RFC 4514/4515 output forms are computed here from the RFC rules, independently of src/."""
import json, subprocess
import os
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ORACLE = os.path.join(HERE, 'libldap-oracle.py')
def oracle(kind, inputs):
    return json.loads(subprocess.run(['/usr/bin/python3', ORACLE], input=json.dumps([{'kind': kind, 'input': i} for i in inputs]), capture_output=True, text=True, check=True).stdout)

def rfc4514(value):
    # RFC 4514 s2.4, written out independently of src/dn/format.ts
    out = []
    for i, ch in enumerate(value):
        if ch in '"+,;<>\\': out.append('\\' + ch)
        elif ch == '\0': out.append('\\00')
        elif ch == ' ' and (i == 0 or i == len(value) - 1): out.append('\\ ')
        elif ch == '#' and i == 0: out.append('\\#')
        elif ch in '\t\n\r' and (i == 0 or i == len(value) - 1): out.append('\\%02X' % ord(ch))  # layout to a liberal parser
        else: out.append(ch)
    return ''.join(out)

cases = []
for b in range(1, 128):
    e = '\\%02x' % b
    for pos, inp, value in [('lead', 'cn=' + e + 'a', chr(b) + 'a'), ('mid', 'cn=a' + e + 'b', 'a' + chr(b) + 'b'), ('trail', 'cn=a' + e, 'a' + chr(b)), ('alone', 'cn=' + e, chr(b))]:
        cases.append({'description': f'byte 0x{b:02x} hex-escaped, {pos}', 'input': inp, 'dn': [[['cn', value]]], 'format': 'cn=' + rfc4514(value)})
# NUL can only be checked against our own rule (C strings end there)
for pos, inp, value in [('lead', 'cn=\\00a', '\0a'), ('mid', 'cn=a\\00b', 'a\0b'), ('trail', 'cn=a\\00', 'a\0'), ('alone', 'cn=\\00', '\0')]:
    cases.append({'description': f'byte 0x00 hex-escaped, {pos}', 'input': inp, 'dn': [[['cn', value]]], 'format': 'cn=' + rfc4514(value)})
res = oracle('dn', [c['input'] for c in cases])
for c, o in zip(cases, res):
    if '\\00' in c['input']: continue
    assert o['ok'] and o['dn'] == c['dn'], (c, o)
    c['slapd'] = o['format']
json.dump(cases, open(os.path.join(ROOT, 'fixtures') + '/dn/escape-table.json', 'w'), ensure_ascii=False, indent=1)
print('dn table', len(cases))

def fmt_filter_value(bs):
    # RFC 4515 s3 escaping of the specials, NUL and bytes outside valid UTF-8 (lowercase hex)
    out = ''
    try:
        text = bs.decode('utf-8')
        for ch in text:
            out += '\\%02x' % ord(ch) if ch in '*()\\\0' else ch
        return out
    except UnicodeDecodeError:
        return ''.join('\\%02x' % b if (b >= 0x80 or chr(b) in '*()\\\0') else chr(b) for b in bs)

fc = []
for b in range(256):
    e = '\\%02X' % b
    fc.append({'description': f'byte 0x{b:02x} escaped in an equality value', 'input': f'(cn={e})', 'filter': {'type': 'equalityMatch', 'attribute': 'cn', 'value': '%02x' % b}, 'format': f'(cn={fmt_filter_value(bytes([b]))})'})
    fc.append({'description': f'byte 0x{b:02x} escaped in a substring', 'input': f'(cn=a*{e}*)', 'filter': {'type': 'substrings', 'attribute': 'cn', 'initial': '61', 'any': ['%02x' % b]}, 'format': f'(cn=a*{fmt_filter_value(bytes([b]))}*)'})
res = oracle('filter', [c['input'] for c in fc])
for c, o in zip(fc, res):
    assert o['ok'], c
    got = o['filter']
    exp = c['filter']
    assert got == exp or {k: v for k, v in got.items()} == exp, (c, o)
json.dump(fc, open(os.path.join(ROOT, 'fixtures') + '/filter/byte-table.json', 'w'), ensure_ascii=False, indent=1)
print('filter table', len(fc))
