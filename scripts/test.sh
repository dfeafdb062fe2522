#!/usr/bin/env bash
# The whole suite: lint, every test on SQLite (browser tests included), then every non-browser
# test again on PostgreSQL, and again on PostgreSQL with Redis as the cache. Called by
# `make test`, which .ci/run calls.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
status=0

SERVICES="$(bash scripts/test-services.sh | tail -1)" || { echo "could not start test services"; exit 1; }
read -r PG_URL REDIS_URL_FOR_TESTS <<<"$SERVICES"
# With DATABASE_URL the settings require a SECRET_KEY (a site on several machines must share
# one); the runs share this test-only key.
export SECRET_KEY="${SECRET_KEY:-townsquare-test-suite-only-$(pwd -P | md5sum | cut -c1-16)}"

echo "== ruff"
$BIN/ruff check . && $BIN/ruff format --check . || status=1

echo "== pytest on SQLite (with browser tests)"
start=$(date +%s)
env -u DATABASE_URL -u REDIS_URL $BIN/pytest -q -p no:cacheprovider "$@" || status=1
echo "SQLite run took $(( $(date +%s) - start ))s"

echo "== pytest on PostgreSQL ($PG_URL)"
start=$(date +%s)
env -u REDIS_URL DATABASE_URL="$PG_URL" $BIN/pytest -q -p no:cacheprovider -m "not browser" "$@" || status=1
echo "PostgreSQL run took $(( $(date +%s) - start ))s"

echo "== pytest on PostgreSQL + Redis ($REDIS_URL_FOR_TESTS)"
start=$(date +%s)
DATABASE_URL="$PG_URL" REDIS_URL="$REDIS_URL_FOR_TESTS" \
  $BIN/pytest -q -p no:cacheprovider -m "not browser" "$@" || status=1
echo "PostgreSQL + Redis run took $(( $(date +%s) - start ))s"

exit $status
