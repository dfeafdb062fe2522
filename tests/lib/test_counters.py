"""lib.counters: count first, atomically, as every process sees it (the database table, or Redis).

Threads stand in for web processes: each has its own database connection (and, with Redis, its
own client), and all are released at once.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from townsquare.lib.counters import spend_once, window_count, window_peek

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 16


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


def test_simultaneous_counts_each_see_the_ones_before():
    counts = at_once(lambda: window_count("test:counted", window=3600))
    assert sorted(counts) == list(range(1, THREADS + 1))
    assert window_peek("test:counted", window=3600) == THREADS


def test_a_value_is_spent_once_however_many_ask_at_once():
    spent = at_once(lambda: spend_once("test:nonce", timeout=60))
    assert spent.count(True) == 1


def test_windows_are_separate_and_a_spent_value_can_be_spent_again_after_its_time(settings):
    assert window_count("test:w", window=60, now=1_000) == 1
    assert window_count("test:w", window=60, now=1_010) == 2
    assert window_count("test:w", window=60, now=1_080) == 1  # the next minute
    assert spend_once("test:once", timeout=60, now=1_000)
    assert not spend_once("test:once", timeout=60, now=1_030)
    if not settings.REDIS_URL:  # Redis keeps time itself: its key simply expires
        assert spend_once("test:once", timeout=60, now=1_061)
