#!/usr/bin/env bash
# Install (when missing) and start what the test suite needs: PostgreSQL on loopback in a data
# directory of our own, and Debian's Chromium for the browser tests. Safe to run repeatedly.
# Prints the DATABASE_URL for the PostgreSQL run on its last line.
set -euo pipefail

PG_PORT="${TOWNSQUARE_TEST_PG_PORT:-54329}"
PG_DIR="${TOWNSQUARE_TEST_PG_DIR:-/tmp/townsquare-test-pg}"

apt_updated=0
apt_install() {
  if [ "$(id -u)" != "0" ]; then
    echo "test-services: need root to apt-get install $*; install them and re-run" >&2
    exit 1
  fi
  if [ "$apt_updated" = 0 ]; then
    apt-get update -qq >&2
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

pg_bindir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

if [ -z "$(pg_bindir)" ] || [ ! -x "$(pg_bindir)/postgres" ]; then
  echo "test-services: installing PostgreSQL" >&2
  apt_install postgresql
fi
if ! command -v chromium >/dev/null 2>&1; then
  echo "test-services: installing Chromium" >&2
  apt_install chromium chromium-driver fonts-liberation
fi

BIN="$(pg_bindir)"
as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ ! -f "$PG_DIR/PG_VERSION" ]; then
  mkdir -p "$PG_DIR"
  [ "$(id -u)" = "0" ] && chown postgres:postgres "$PG_DIR"
  as_pg "$BIN/initdb" -D "$PG_DIR" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
fi
if ! as_pg "$BIN/pg_ctl" -D "$PG_DIR" status >/dev/null 2>&1; then
  as_pg "$BIN/pg_ctl" -D "$PG_DIR" -l "$PG_DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
fi
# One database name per checkout, so two checkouts on one machine (git worktrees) can run the
# suite at the same time without dropping each other's test database.
DB_NAME="${TOWNSQUARE_TEST_DB_NAME:-townsquare_$(pwd -P | md5sum | cut -c1-8)}"
echo "postgres://postgres@127.0.0.1:$PG_PORT/$DB_NAME"
