"""lib.counters: count first, atomically, as every process sees it (the database table, or Redis).

Threads stand in for web processes: each has its own database connection (and, with Redis, its
own client), and all are released at once. On PostgreSQL (and Redis) they run in the test process.
On SQLite they run in a ``townsquare shell`` on a file database configured as in production (WAL,
IMMEDIATE transactions, a busy timeout): the test database is an in-memory one in SQLite's shared
cache, where a second writer is refused at once ("database table is locked") instead of waiting
its turn as on a file, so threads there would test the test database, not the product.
"""

from __future__ import annotations

import json
import threading
import traceback
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.servers import site
from townsquare.lib.counters import (
    mark_put,
    mark_read,
    marks_lower,
    spend_once,
    window_count,
    window_counts_reading,
    window_peek,
)

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 16
REPOSITORY = Path(__file__).resolve().parents[2]


def at_once(call) -> list:
    barrier = threading.Barrier(THREADS)
    results: list = [None] * THREADS

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def simultaneous_counts_each_see_the_ones_before() -> None:
    counts = at_once(lambda: window_count("test:counted", window=3600))
    assert sorted(counts) == list(range(1, THREADS + 1)), counts
    assert window_peek("test:counted", window=3600) == THREADS


def a_value_is_spent_once_however_many_ask_at_once() -> None:
    spent = at_once(lambda: spend_once("test:nonce", timeout=60))
    assert spent.count(True) == 1, spent


def a_mark_keeps_the_smallest_value_whoever_writes_it_at_once() -> None:
    values = list(range(1_001, 1_001 + THREADS))
    at_once(lambda: marks_lower({"test:mark": values.pop()}, timeout=60))
    assert mark_read("test:mark") == 1_001
    marks_lower({"test:mark": 5_000}, timeout=60)
    assert mark_read("test:mark") == 1_001
    mark_put("test:mark", 7, timeout=60)
    assert mark_read("test:mark") == 7
    mark_put("test:mark", None, timeout=60)
    assert mark_read("test:mark") is None


SIMULTANEOUS = [
    simultaneous_counts_each_see_the_ones_before,
    a_value_is_spent_once_however_many_ask_at_once,
    a_mark_keeps_the_smallest_value_whoever_writes_it_at_once,
]


def run_checks(names: list[str]) -> dict[str, str]:
    """Run the named checks here; each one's failure as text ("" when it passed)."""
    failures = {}
    for check in SIMULTANEOUS:
        if check.__name__ in names:
            try:
                check()
                failures[check.__name__] = ""
            except Exception:
                failures[check.__name__] = traceback.format_exc()
    return failures


@pytest.fixture(scope="module")
def on_a_file_sqlite(tmp_path_factory) -> dict[str, str]:
    """Every simultaneous check, run once in a ``townsquare shell`` on a file SQLite."""
    names = [check.__name__ for check in SIMULTANEOUS]
    with site(tmp_path_factory.mktemp("counters"), PYTHONPATH=str(REPOSITORY)) as the_site:
        output = the_site.python(
            "import json; from tests.lib.test_counters import run_checks; "
            f"print(json.dumps(run_checks({names!r})))"
        )
    return json.loads(output.strip().splitlines()[-1])


@pytest.mark.parametrize("check", SIMULTANEOUS, ids=lambda check: check.__name__)
def test_simultaneous_writers(check, request):
    if connection.vendor == "sqlite":
        failure = request.getfixturevalue("on_a_file_sqlite")[check.__name__]
        assert not failure, failure
    else:
        check()


def test_windows_are_separate_and_a_spent_value_can_be_spent_again_after_its_time(settings):
    assert window_count("test:w", window=60, now=1_000) == 1
    assert window_count("test:w", window=60, now=1_010) == 2
    assert window_count("test:w", window=60, now=1_080) == 1  # the next minute
    assert spend_once("test:once", timeout=60, now=1_000)
    assert not spend_once("test:once", timeout=60, now=1_030)
    if not settings.REDIS_URL:  # Redis keeps time itself: its key simply expires
        assert spend_once("test:once", timeout=60, now=1_061)


def test_marks_come_back_with_the_counts_in_one_round_trip(settings):
    marks_lower({"test:set": 1_234_567}, timeout=60)
    window_counts_reading(["test:a", "test:b"], window=3600, marks=[])  # (a window's first
    # count also clears the ended windows away, a statement of its own)
    with CaptureQueriesContext(connection) as queries:
        counts, marks = window_counts_reading(
            ["test:a", "test:b"], window=3600, marks=["test:set", "test:unset"]
        )
        assert counts == [2, 2]
        assert marks("test:set") == 1_234_567
        assert marks("test:unset") is None
    if settings.REDIS_URL:
        assert len(queries) == 0
    elif connection.vendor == "postgresql":
        assert len(queries) == 1  # the upsert and the marks in one statement


def test_a_mark_past_its_time_is_gone(settings):
    marks_lower({"test:old": 10}, timeout=60, now=1_000)
    if not settings.REDIS_URL:  # Redis keeps time itself: its key simply expires
        assert mark_read("test:old", now=1_030) == 10
        assert mark_read("test:old", now=1_061) is None
        marks_lower({"test:old": 20}, timeout=60, now=1_061)  # a new one, not the smaller
        assert mark_read("test:old", now=1_062) == 20
