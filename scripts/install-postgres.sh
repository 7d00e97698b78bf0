#!/usr/bin/env bash
# PostgreSQL (Debian's packages) for the history tests: they start their own throw-away
# cluster on 127.0.0.1 (tests/postgres.py); nothing here starts a server or opens a port.
set -euo pipefail
if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "PostgreSQL is missing and cannot be installed here (needs root and apt):" \
       "the history tests will run on SQLite only" >&2
  exit 0
fi
apt-get update -qq
# policy-rc.d: install the server without starting Debian's own cluster as a service.
printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
trap 'rm -f /usr/sbin/policy-rc.d' EXIT
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
ls /usr/lib/postgresql/*/bin/initdb
