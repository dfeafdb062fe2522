#!/usr/bin/env bash
# The whole suite: lint, the built wheel's contents, then every test once on SQLite (in parallel
# with pytest-xdist, browser tests included), then only the tests that can differ on another
# engine: those marked `postgres` on PostgreSQL and those marked `redis` on PostgreSQL with Redis
# as the cache, these two side by side. tests/conftest.py says which tests are marked and why.
# Called by `make test`, which .ci/run calls. BROWSER=0 leaves the browser tests out, except in
# CI (CI=true), where they always run; TEST_WORKERS sets the SQLite run's workers (default: one
# per core). Arguments go to every pytest run.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
status=0

SERVICES="$(bash scripts/test-services.sh | tail -1)" || { echo "could not start test services"; exit 1; }
read -r PG_URL REDIS_URL_FOR_TESTS <<<"$SERVICES"
# With DATABASE_URL the settings require a SECRET_KEY (a site on several machines must share
# one); the runs share this test-only key.
export SECRET_KEY="${SECRET_KEY:-townsquare-test-suite-only-$(pwd -P | md5sum | cut -c1-16)}"
# The suite starts Python about a hundred times (xdist workers, servers, workers, commands):
# with PYTHONDONTWRITEBYTECODE set (some CI images set it) each one compiled the project's
# modules and pytest rewrote the tests' and plugins' asserts again. The bytecode goes to the
# ignored __pycache__ folders; about 8 % of the suite's CPU (docs/benchmarks.md).
unset PYTHONDONTWRITEBYTECODE

echo "== ruff"
ruff_rc=0
$BIN/ruff check . && $BIN/ruff format --check . || { ruff_rc=1; status=1; }

# The wheel a newsroom installs (pip install . or the .whl) must hold every template, static file
# and civility model file: build it and look (a few seconds).
echo "== wheel"
wheel_rc=0
$BIN/python scripts/check_wheel.py || { wheel_rc=1; status=1; }

# Browser tests: always in CI; left out locally with BROWSER=0.
sqlite_marks=()
if [ "${BROWSER:-1}" = 0 ]; then
  if [ "${CI:-}" = true ]; then
    echo "BROWSER=0 is ignored in CI: the browser tests always run there"
  else
    sqlite_marks=(-m "not browser")
  fi
fi

# Each run's output is kept and printed whole at the end; each run has a database of its own
# (SQLite in memory per xdist worker, and two PostgreSQL test databases).
LOGS="$(mktemp -d)"
run() {  # name, then the command
  local name="$1"; shift
  local start; start=$(date +%s)
  "$@" >"$LOGS/$name.log" 2>&1
  local rc=$?
  # 5: no test selected (arguments such as -k can leave an engine run with none).
  if [ "$rc" = 5 ] && [ "$name" != sqlite ]; then rc=0; fi
  echo "$rc $(( $(date +%s) - start ))" >"$LOGS/$name.rc"
}
# The browser tests share one worker (one Chromium), --dist loadgroup keeps them together.
# The SQLite run notes which files hold tests marked for each engine (tests/conftest.py), and
# the engine runs collect only those files instead of the whole suite again.
echo "== pytest on SQLite"
mkdir "$LOGS/engine-files"
run sqlite env -u DATABASE_URL -u REDIS_URL TOWNSQUARE_ENGINE_FILES="$LOGS/engine-files" \
  $BIN/pytest -q -p no:cacheprovider \
  -n "${TEST_WORKERS:-auto}" --dist loadgroup "${sqlite_marks[@]}" "$@"
engine_files() {  # engine: the files the SQLite run found tests marked for it in
  cat "$LOGS/engine-files/$1"-* 2>/dev/null | sort -u
}
mapfile -t postgres_files < <(engine_files postgres)
mapfile -t redis_files < <(engine_files redis)
echo "== pytest on PostgreSQL and on PostgreSQL + Redis (marked tests)"
run postgres env -u REDIS_URL DATABASE_URL="$PG_URL" \
  $BIN/pytest -q -p no:cacheprovider -m "postgres and not browser" "$@" "${postgres_files[@]}" &
run postgres-redis env DATABASE_URL="${PG_URL}_redis" REDIS_URL="$REDIS_URL_FOR_TESTS" \
  $BIN/pytest -q -p no:cacheprovider -m "redis and not browser" "$@" "${redis_files[@]}" &
wait
title() {
  case $1 in
    sqlite) echo "pytest on SQLite, every test (${TEST_WORKERS:-auto} workers)" ;;
    postgres) echo "pytest on PostgreSQL, tests marked postgres ($PG_URL)" ;;
    postgres-redis) echo "pytest on PostgreSQL + Redis, tests marked redis (${PG_URL}_redis, $REDIS_URL_FOR_TESTS)" ;;
  esac
}
# Passing runs print first and failing ones last, so the end of the output (all a CI log may
# show) holds the failures; a line per run closes it.
passed="" failed=""
for name in sqlite postgres postgres-redis; do
  read -r rc seconds <"$LOGS/$name.rc"
  if [ "$rc" = 0 ]; then passed="$passed $name"; else failed="$failed $name"; status=1; fi
done
summary="ruff: exit $ruff_rc"$'\n'"wheel: exit $wheel_rc"$'\n'
for name in $passed $failed; do
  read -r rc seconds <"$LOGS/$name.rc"
  echo "== $(title $name)"
  cat "$LOGS/$name.log"
  summary="$summary$(title $name): exit $rc in ${seconds}s"$'\n'
done
echo "== summary"
printf "%s" "$summary"
rm -rf "$LOGS"

exit $status
