#!/usr/bin/env bash
# Install (when missing) and start what the test suite needs: PostgreSQL and Redis on loopback,
# each in a data directory of our own, Debian's Chromium for the browser tests and nginx for the
# reference proxy config's tests. Safe to run repeatedly. Prints "DATABASE_URL REDIS_URL" for the
# PostgreSQL and Redis runs on its last line.
set -euo pipefail

PG_PORT="${TOWNSQUARE_TEST_PG_PORT:-54329}"
PG_DIR="${TOWNSQUARE_TEST_PG_DIR:-/tmp/townsquare-test-pg}"
REDIS_PORT="${TOWNSQUARE_TEST_REDIS_PORT:-63799}"
REDIS_DIR="${TOWNSQUARE_TEST_REDIS_DIR:-/tmp/townsquare-test-redis}"

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
if ! command -v redis-server >/dev/null 2>&1; then
  echo "test-services: installing Redis" >&2
  apt_install redis-server
fi
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  # For the reference proxy-cache config's tests (tests/bench/test_nginx.py); never started
  # as a service, only by the tests, with a prefix of their own.
  echo "test-services: installing nginx" >&2
  apt_install nginx
fi
if ! command -v chromium >/dev/null 2>&1; then
  echo "test-services: installing Chromium" >&2
  apt_install chromium chromium-driver fonts-liberation
fi

if ! command -v msgfmt >/dev/null 2>&1; then
  # For the catalogs' test (tests/test_translations.py): xgettext and msgmerge, as makemessages.
  echo "test-services: installing gettext" >&2
  apt_install gettext
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  # For the OpenID provider the OIDC tests start (tests/oidc_provider.py installs its package).
  echo "test-services: installing Node.js and npm" >&2
  apt_install nodejs npm
fi
# axe-core for the accessibility tests, at the version tests/browser/axe/package-lock.json pins.
AXE_DIR="$(dirname "$0")/../tests/browser/axe"
if [ ! -f "$AXE_DIR/node_modules/axe-core/axe.min.js" ]; then
  npm ci --prefix "$AXE_DIR" --no-audit --no-fund --silent >&2
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
mkdir -p "$REDIS_DIR"
if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  # Not a service: a server of our own on loopback, with no persistence, for the test runs only.
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$REDIS_DIR" --save "" \
    --appendonly no --databases 256 --daemonize yes --logfile "$REDIS_DIR/redis.log" >&2
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

# One database name per checkout, so two checkouts on one machine (git worktrees) can run the
# suite at the same time without dropping each other's test database.
CHECKOUT_HASH="$(pwd -P | md5sum | cut -c1-8)"
DB_NAME="${TOWNSQUARE_TEST_DB_NAME:-townsquare_$CHECKOUT_HASH}"
REDIS_DB=$(( 16#$CHECKOUT_HASH % 255 + 1 ))  # and a Redis database of its own (cache.clear() flushes one)
echo "postgres://postgres@127.0.0.1:$PG_PORT/$DB_NAME redis://127.0.0.1:$REDIS_PORT/$REDIS_DB"
