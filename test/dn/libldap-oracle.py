#!/usr/bin/python3
"""Differential oracle: OpenLDAP's own libldap (the code slapd and ldapsearch run) parses DNs,
filters and LDAP URLs. Reads a JSON list of {"kind": "dn"|"filter"|"url", "input": str} on stdin
and writes a JSON list of results on stdout. Uses ctypes only (no python-ldap needed)."""
import ctypes as C
import json
import sys

ldap = C.CDLL('libldap-2.5.so.0')
lber = C.CDLL('liblber-2.5.so.0')

class Berval(C.Structure):
    _fields_ = [('bv_len', C.c_ulong), ('bv_val', C.c_void_p)]

class Ava(C.Structure):
    _fields_ = [('la_attr', Berval), ('la_value', Berval), ('la_flags', C.c_uint), ('la_private', C.c_void_p)]

class UrlDesc(C.Structure):
    pass
UrlDesc._fields_ = [('lud_next', C.POINTER(UrlDesc)), ('lud_scheme', C.c_char_p), ('lud_host', C.c_char_p),
                    ('lud_port', C.c_int), ('lud_dn', C.c_char_p), ('lud_attrs', C.POINTER(C.c_char_p)),
                    ('lud_scope', C.c_int), ('lud_filter', C.c_char_p), ('lud_exts', C.POINTER(C.c_char_p)),
                    ('lud_crit_exts', C.c_int)]

LDAP_DN_FORMAT_LDAP = 0x0000
LDAP_DN_FORMAT_LDAPV3 = 0x0010
LDAP_DN_PRETTY = 0x0100
LDAP_AVA_BINARY = 0x0002

ldap.ldap_str2dn.argtypes = [C.c_char_p, C.POINTER(C.c_void_p), C.c_uint]
ldap.ldap_dn2str.argtypes = [C.c_void_p, C.POINTER(C.c_char_p), C.c_uint]
ldap.ldap_dnfree.argtypes = [C.c_void_p]
ldap.ldap_pvt_put_filter.argtypes = [C.c_void_p, C.c_char_p]
lber.ber_alloc_t.restype = C.c_void_p
lber.ber_alloc_t.argtypes = [C.c_int]
lber.ber_flatten.argtypes = [C.c_void_p, C.POINTER(C.POINTER(Berval))]
lber.ber_free.argtypes = [C.c_void_p, C.c_int]
ldap.ldap_url_parse.argtypes = [C.c_char_p, C.POINTER(C.POINTER(UrlDesc))]
ldap.ldap_free_urldesc.argtypes = [C.POINTER(UrlDesc)]


def bv_bytes(bv):
    return C.string_at(bv.bv_val, bv.bv_len) if bv.bv_len else b''


def dn(text, flags):
    out = C.c_void_p()
    rc = ldap.ldap_str2dn(text.encode('utf-8'), C.byref(out), flags)
    if rc != 0:
        return {'ok': False}
    rdns = []
    if out.value:
        rdn_arr = C.cast(out, C.POINTER(C.c_void_p))
        i = 0
        while rdn_arr[i]:
            ava_arr = C.cast(rdn_arr[i], C.POINTER(C.POINTER(Ava)))
            avas = []
            j = 0
            while ava_arr[j]:
                a = ava_arr[j].contents
                value = bv_bytes(a.la_value)
                item = [bv_bytes(a.la_attr).decode(), value.hex() if a.la_flags & LDAP_AVA_BINARY else value.decode('utf-8', 'replace')]
                if a.la_flags & LDAP_AVA_BINARY:
                    item.append('binary')
                avas.append(item)
                j += 1
            rdns.append(avas)
            i += 1
    s = C.c_char_p()
    rc2 = ldap.ldap_dn2str(out, C.byref(s), LDAP_DN_FORMAT_LDAPV3 | LDAP_DN_PRETTY)  # what slapd prints
    formatted = s.value.decode('utf-8', 'replace') if rc2 == 0 and s.value is not None else None
    ldap.ldap_dnfree(out)
    return {'ok': True, 'dn': rdns, 'format': formatted}


def read_tlv(b, i):
    tag = b[i]; i += 1
    n = b[i]; i += 1
    if n & 0x80:
        k = n & 0x7f
        n = int.from_bytes(b[i:i + k], 'big'); i += k
    return tag, b[i:i + n], i + n


def decode_filter(b):
    tag, v, _ = read_tlv(b, 0)
    return filt(tag, v)


def seq(v):
    out, i = [], 0
    while i < len(v):
        t, c, i = read_tlv(v, i)
        out.append((t, c))
    return out


def filt(tag, v):
    if tag in (0xa0, 0xa1):
        return {'type': 'and' if tag == 0xa0 else 'or', 'filters': [filt(t, c) for t, c in seq(v)]}
    if tag == 0xa2:
        (t, c), = seq(v)
        return {'type': 'not', 'filter': filt(t, c)}
    if tag in (0xa3, 0xa5, 0xa6, 0xa8):
        (_, a), (_, val) = seq(v)
        name = {0xa3: 'equalityMatch', 0xa5: 'greaterOrEqual', 0xa6: 'lessOrEqual', 0xa8: 'approxMatch'}[tag]
        return {'type': name, 'attribute': a.decode(), 'value': val.hex()}
    if tag == 0x87:
        return {'type': 'present', 'attribute': v.decode()}
    if tag == 0xa4:
        (_, a), (_, subs) = seq(v)
        out = {'type': 'substrings', 'attribute': a.decode(), 'any': []}
        for t, c in seq(subs):
            if t == 0x80: out['initial'] = c.hex()
            elif t == 0x81: out['any'].append(c.hex())
            else: out['final'] = c.hex()
        return out
    if tag == 0xa9:
        out = {'type': 'extensibleMatch', 'dnAttributes': False}
        for t, c in seq(v):
            if t == 0x81: out['matchingRule'] = c.decode()
            elif t == 0x82: out['attribute'] = c.decode()
            elif t == 0x83: out['value'] = c.hex()
            elif t == 0x84: out['dnAttributes'] = c != b'\x00'
        return out
    return {'type': 'unknown', 'tag': tag}


def filter_(text):
    ber = lber.ber_alloc_t(1)
    rc = ldap.ldap_pvt_put_filter(ber, text.encode('utf-8'))
    if rc != 0:
        lber.ber_free(ber, 1)
        return {'ok': False}
    bvp = C.POINTER(Berval)()
    lber.ber_flatten(ber, C.byref(bvp))
    data = bv_bytes(bvp.contents)
    lber.ber_free(ber, 1)
    return {'ok': True, 'filter': decode_filter(data)}


def strlist(p):
    if not p:
        return None
    out, i = [], 0
    while p[i] is not None:
        out.append(p[i].decode('utf-8', 'replace')); i += 1
    return out


def url(text):
    d = C.POINTER(UrlDesc)()
    rc = ldap.ldap_url_parse(text.encode('utf-8'), C.byref(d))
    if rc != 0:
        return {'ok': False, 'rc': rc}
    u = d.contents
    dec = lambda s: None if s is None else s.decode('utf-8', 'replace')
    res = {'ok': True, 'scheme': dec(u.lud_scheme), 'host': dec(u.lud_host), 'port': u.lud_port,
           'dn': dec(u.lud_dn), 'attributes': strlist(u.lud_attrs), 'scope': u.lud_scope,
           'filter': dec(u.lud_filter), 'extensions': strlist(u.lud_exts), 'critical': u.lud_crit_exts}
    ldap.ldap_free_urldesc(d)
    return res


def main():
    out = []
    sys.setrecursionlimit(20000)
    for req in json.load(sys.stdin):
        kind, text = req['kind'], req['input']
        try:
            if kind == 'dn':
                out.append(dn(text, LDAP_DN_FORMAT_LDAP))
            elif kind == 'dnv3':
                out.append(dn(text, LDAP_DN_FORMAT_LDAPV3))
            elif kind == 'filter':
                out.append(filter_(text))
            else:
                out.append(url(text))
        except Exception as e:  # libldap accepted but produced something this script cannot read
            out.append({'ok': None, 'error': repr(e)})
    json.dump(out, sys.stdout)


main()
