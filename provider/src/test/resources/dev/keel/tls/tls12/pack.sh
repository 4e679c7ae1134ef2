#!/bin/sh
# Usage: pack.sh NAME SUITE_CODE KEYFILE_NAME EMS(true|false) > NAME.properties
set -eu
name=$1 suite=$2 keyname=$3 ems=$4
cr=$(awk '/^CLIENT_RANDOM/ {print $2}' "$name.keylog")
ms=$(awk '/^CLIENT_RANDOM/ {print $3}' "$name.keylog")
pms=$(awk '/^RSA/ {print $3}' "$name.keylog")
ekm=$(awk '/Keying material:/ {print tolower($3)}' "$name.client.log")
echo "# TLS 1.2 session captured from OpenSSL $(openssl version | awk '{print $2}') s_client <-> s_server through a TCP relay;"
echo "# see README.md in this directory for the exact commands."
echo "suite=$suite"
echo "extended_master_secret=$ems"
echo "server_key=$keyname"
echo "client_random=$cr"
echo "master_secret=$ms"
[ -n "$pms" ] && echo "rsa_premaster_secret=$pms"
echo "exporter_label=EXPORTER-keel-test"
echo "exporter_length=20"
echo "exporter_value=$ekm"
echo "client_app_data=$(printf 'hello keel\n' | od -An -tx1 | tr -d ' \n')"
echo "client_to_server=$(cat "$name.c2s")"
echo "server_to_client=$(cat "$name.s2c")"
