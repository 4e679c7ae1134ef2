#!/usr/bin/env bash
# Installs the TLS peers the conformance tests drive as separate processes (openssl, gnutls-cli and
# gnutls-serv, curl; stdbuf from coreutils line-buffers their output), through Debian's packages, when
# they are missing. Needs root (as CI runs).
set -euo pipefail

missing=()
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v gnutls-cli >/dev/null 2>&1 || missing+=(gnutls-bin)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v stdbuf >/dev/null 2>&1 || missing+=(coreutils)

if [ ${#missing[@]} -eq 0 ]; then
  echo "peers present: $(openssl version | head -1); $(gnutls-cli --version | head -1); $(curl --version | head -1)"
  exit 0
fi

echo "installing missing peers: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "not root: run 'sudo apt-get install -y ${missing[*]}'" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q "${missing[@]}"
