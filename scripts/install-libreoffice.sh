#!/usr/bin/env bash
# LibreOffice 25.2 (Debian bookworm-backports) for the real-client tests: recalculating
# workbooks and rendering decks. Uses the machine's own Debian mirror. Needs root + apt.
set -euo pipefail
if command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "LibreOffice is missing and cannot be installed here (needs root and apt):" \
       "its tests will be skipped" >&2
  exit 0
fi
if ! grep -rqs bookworm-backports /etc/apt/sources.list /etc/apt/sources.list.d/; then
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null \
           || true)
  [ -n "$mirror" ] || mirror=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list)
  echo "deb $mirror bookworm-backports main" > /etc/apt/sources.list.d/backports.list
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t bookworm-backports \
  libreoffice-calc-nogui libreoffice-impress-nogui poppler-utils >/dev/null
soffice --version
