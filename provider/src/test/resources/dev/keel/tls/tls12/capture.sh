#!/bin/sh
# Usage: capture.sh NAME CIPHER CERT KEY [noems]
# Runs openssl s_server (-rev echo) and s_client through relay.py; writes NAME.txt with the raw streams,
# the NSS key log line, the exporter output and the application data sent.
set -eu
name=$1 cipher=$2 cert=$3 key=$4 mode=${5:-ems}
sport=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom) % 20000 )); rport=$((sport + 1))
rm -f "$name".*
openssl s_server -accept 127.0.0.1:$sport -naccept 1 -rev -tls1_2 -cipher "$cipher" -cert "$cert" -key "$key" \
    -keymatexport EXPORTER-keel-test -keymatexportlen 20 < /dev/null > "$name.server.log" 2>&1 &
spid=$!
python3 relay.py $rport $sport "$name.c2s" "$name.s2c" > "$name.relay.log" 2>&1 &
rpid=$!
sleep 1
conf=/dev/null; [ "$mode" = noems ] && conf=$PWD/noems.cnf
(printf 'hello keel\n'; sleep 1) | OPENSSL_CONF=$conf openssl s_client -connect 127.0.0.1:$rport -tls1_2 \
    -cipher "$cipher" -keylogfile "$name.keylog" -keymatexport EXPORTER-keel-test -keymatexportlen 20 \
    > "$name.client.log" 2>&1 || true
wait $rpid || true
wait $spid || true
