#!/usr/bin/env bash
# A Java runtime (Debian's default-jre-headless) for the schedule tests: MPXJ reads MS
# Project and Primavera files on the JVM (pip install "pmo-xl[schedules]").
set -euo pipefail
if command -v java >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Java is missing and cannot be installed here (needs root and apt):" \
       "the schedule tests will be skipped" >&2
  exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
java -version
