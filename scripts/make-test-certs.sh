#!/usr/bin/env bash
# Generates the TLS test material in fixtures/tls/ (committed; rerun only to renew).
# Test-only keys: never use them for anything real.
#   ca.crt/ca.key            test CA (20 years)
#   server.crt/server.key    localhost, 127.0.0.1, ::1, signed by the CA
#   client.crt/client.key    subject cn=client,ou=people,dc=example,dc=com (SASL EXTERNAL), signed by the CA
#   untrusted.crt/.key       self-signed localhost certificate no CA vouches for ("verification fails" tests)
#   expired.crt/.key         signed by the CA but expired (notAfter in the past)
set -euo pipefail
cd "$(dirname "$0")/../fixtures/tls"
DAYS=7300
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$DAYS" \
  -keyout ca.key -out ca.crt -subj "/O=ldap3ts test/CN=ldap3ts test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

cat > "$tmp/server.ext" <<EXT
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
EXT
openssl req -newkey rsa:2048 -nodes -keyout server.key -out "$tmp/server.csr" -subj "/O=ldap3ts test/CN=localhost" 2>/dev/null
openssl x509 -req -in "$tmp/server.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -CAserial "$tmp/ca.srl" \
  -days "$DAYS" -sha256 -extfile "$tmp/server.ext" -out server.crt 2>/dev/null

cat > "$tmp/client.ext" <<EXT
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth
EXT
# RDN order as in an LDAP DN (most significant last), so the subject reads cn=client,ou=people,dc=example,dc=com.
openssl req -newkey rsa:2048 -nodes -keyout client.key -out "$tmp/client.csr" \
  -subj "/DC=com/DC=example/OU=people/CN=client" 2>/dev/null
openssl x509 -req -in "$tmp/client.csr" -CA ca.crt -CAkey ca.key -CAserial "$tmp/ca.srl" \
  -days "$DAYS" -sha256 -extfile "$tmp/client.ext" -out client.crt 2>/dev/null

openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$DAYS" \
  -keyout untrusted.key -out untrusted.crt -subj "/O=nobody/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" 2>/dev/null

# Expired: signed by the CA with validity in the past (openssl ca accepts explicit dates).
openssl req -newkey rsa:2048 -nodes -keyout expired.key -out "$tmp/expired.csr" -subj "/O=ldap3ts test/CN=localhost" 2>/dev/null
mkdir -p "$tmp/ca"
: > "$tmp/ca/index.txt"
echo 1000 > "$tmp/ca/serial"
cat > "$tmp/ca.cnf" <<CNF
[ ca ]
default_ca = test
[ test ]
dir = $tmp/ca
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
default_md = sha256
policy = any
copy_extensions = none
[ any ]
commonName = supplied
organizationName = optional
CNF
openssl ca -batch -config "$tmp/ca.cnf" -cert ca.crt -keyfile ca.key -in "$tmp/expired.csr" -out expired.crt \
  -startdate 20200101000000Z -enddate 20200102000000Z -extfile "$tmp/server.ext" -notext 2>/dev/null
chmod 644 ./*.crt ./*.key
ls -l
