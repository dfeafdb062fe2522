"""Counting that every web process agrees on, atomically: limits that count first.

A limit that reads how many there were and then records one more lets twenty simultaneous
requests all read "below the limit". These helpers count first and answer the new count (or
whether a one-time value was still unspent) in one atomic step, as every process sees it:

- with Redis (``REDIS_URL``), in the cache: ``INCR`` and ``SET NX`` are atomic by themselves
  (several counts go in one pipelined round trip);
- otherwise in the database, in the ``townsquare_counter`` table (the comments app's
  ``LimitCounter`` model creates it): one ``INSERT … ON CONFLICT … RETURNING`` for all the
  counts of one request, atomic on SQLite and PostgreSQL alike. (The database cache's ``incr``
  is a read and then a write, so two processes can both read 4 and both write 5; and its
  culling could forget a spent value.)

Windows are fixed (the current hour, say), as the key names the window: a client can at most
double a limit across a window's edge. Rows of windows that have ended are deleted when a new
window's row is made.

Marks are the other kind of value kept here: one whole number per key that only goes down
(``marks_lower``: the earliest time of something), read in the same round trip as a request's
counts (``window_counts_reading``). The flood limits keep "this browser has a published comment,
written then" as one (``comments.published_devices``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection

TABLE = "townsquare_counter"
# A mark is a Redis sorted set with this one member, whose score is the mark's value: ZADD LT
# keeps the smaller of two values atomically.
_MARK_MEMBER = "value"


def _in_redis() -> bool:
    return isinstance(caches["default"], RedisCache)


def _window_key(key: str, window: int, now: float) -> str:
    return f"{key}:{int(now // window)}"


def _table() -> str:
    return connection.ops.quote_name(TABLE)


def window_counts(keys: list[str], *, window: int, now: float | None = None) -> list[int]:
    """Count one more under each of ``keys`` in the current window of ``window`` seconds, in one
    round trip; the new counts, in the order of ``keys`` (which must differ)."""
    return window_counts_reading(keys, window=window, marks=[], now=now)[0]


MarkReader = Callable[[str], "int | None"]


def window_counts_reading(
    keys: list[str], *, window: int, marks: list[str], now: float | None = None
) -> tuple[list[int], MarkReader]:
    """``window_counts``, and the value of each of ``marks`` (see ``marks_lower``) read in the
    same round trip: the counts, and a function that answers a mark's value (None: not set, or
    not among ``marks``).

    With Redis one pipeline; on PostgreSQL one statement (a subquery in the upsert's
    ``RETURNING``). SQLite runs in this process, so there is no round trip to share: a mark is
    read when it is asked for, and a request that never asks pays nothing for it.
    """
    now = time.time() if now is None else now
    full = [_window_key(key, window, now) for key in keys]
    if _in_redis():
        if not full and not marks:
            return [], _no_marks
        backend = caches["default"]
        names = [backend.make_and_validate_key(key) for key in full]
        mark_names = [backend.make_and_validate_key(mark) for mark in marks]
        client = backend._cache.get_client((names or mark_names)[0], write=True)
        with client.pipeline(transaction=False) as pipe:
            for name in names:
                pipe.incr(name)
            for name in mark_names:
                pipe.zscore(name, _MARK_MEMBER)
            answers = pipe.execute()
        counts = [int(count) for count in answers[: len(names)]]
        for name, count in zip(names, counts, strict=True):
            if count == 1:  # the window's first: it ends with the window
                client.expire(name, window + 60)
        read = {
            mark: int(value)
            for mark, value in zip(marks, answers[len(names) :], strict=True)
            if value is not None
        }
        return counts, read.get
    if connection.vendor == "postgresql" and full and marks:
        counts, read = _sql_counts(full, window=window, now=now, marks=marks)
        return counts, read.get
    # SQLite runs in this process, so there is no round trip to share; and with nothing to
    # count there is no statement to ride on: a mark is read when it is asked for.
    counts, _ = _sql_counts(full, window=window, now=now, marks=[])
    return counts, lambda mark: _sql_mark(mark, now=now)


def _no_marks(mark: str) -> int | None:
    return None


def _sql_counts(
    full: list[str], *, window: int, now: float, marks: list[str]
) -> tuple[list[int], dict[str, int]]:
    """Count ``full`` (window keys) in one upsert, reading ``marks`` in the same statement."""
    if not full:
        return [], {}
    table = _table()
    rows = ", ".join(["(%s, 1, %s)"] * len(full))
    values = [value for key in full for value in (key, now + window + 60)]
    # Each mark is a subquery in RETURNING, which the database runs once (it depends on no row)
    # against the snapshot before the upsert; the upsert touches no mark (a mark's name is no
    # window's). On PostgreSQL cheaper than a WITH … UNION ALL, and than a second statement.
    read_marks = "".join(
        f", (SELECT mark.count FROM {table} mark WHERE mark.name = %s AND mark.expires >= %s)"
        for _ in marks
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (name, count, expires) VALUES {rows} "
            f"ON CONFLICT (name) DO UPDATE SET count = {table}.count + 1 "
            f"RETURNING name, count{read_marks}",
            [*values, *(value for mark in marks for value in (mark, now))],
        )
        answers = cursor.fetchall()
        counted = {answer[0]: answer[1] for answer in answers}
        if 1 in counted.values():  # a new window's first: clear away the ended ones
            cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [now])
    read = {
        mark: int(value)
        for mark, value in zip(marks, answers[0][2:], strict=True)
        if value is not None
    }
    return [counted[key] for key in full], read


def _sql_mark(mark: str, *, now: float) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count FROM {_table()} WHERE name = %s AND expires >= %s", [mark, now]
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None


def window_count(key: str, *, window: int, now: float | None = None) -> int:
    """Count one more under ``key`` in the current window of ``window`` seconds; the new count."""
    return window_counts([key], window=window, now=now)[0]


def window_peek(key: str, *, window: int, now: float | None = None) -> int:
    """How many were counted under ``key`` in the current window (counts nothing)."""
    full = _window_key(key, window, time.time() if now is None else now)
    if _in_redis():
        return int(cache.get(full) or 0)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count FROM {_table()} WHERE name = %s", [full])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def spend_once(key: str, *, timeout: int, now: float | None = None) -> bool:
    """Mark ``key`` as spent; True the first time, False every time after (within ``timeout``)."""
    if _in_redis():
        return bool(cache.add(key, 1, timeout=timeout))
    now = time.time() if now is None else now
    table = _table()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (name, count, expires) VALUES (%s, 1, %s) "
            f"ON CONFLICT (name) DO UPDATE SET count = 1, expires = excluded.expires "
            f"WHERE {table}.expires < %s RETURNING count",
            [key, now + timeout, now],
        )
        return cursor.fetchone() is not None


# Marks: one small whole number per key that only ever goes down (the earliest time of
# something, say), read in the same round trip as a request's counts. A value must be from 0 to
# 2**31 - 1 (the table's column).


def marks_lower(values: dict[str, int], *, timeout: int, now: float | None = None) -> None:
    """Set each mark to the smaller of its value and the one given (the given one if it has none
    or its time ran out), and keep it ``timeout`` seconds from now; one round trip for all."""
    if not values:
        return
    now = time.time() if now is None else now
    if _in_redis():
        backend = caches["default"]
        names = {backend.make_and_validate_key(key): value for key, value in values.items()}
        client = backend._cache.get_client(next(iter(names)), write=True)
        with client.pipeline(transaction=False) as pipe:
            for name, value in names.items():
                pipe.zadd(name, {_MARK_MEMBER: value}, lt=True)
                pipe.expire(name, timeout)
            pipe.execute()
        return
    table = _table()
    rows = ", ".join(["(%s, %s, %s)"] * len(values))
    params = [value for key, mark in values.items() for value in (key, mark, now + timeout)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (name, count, expires) VALUES {rows} "
            f"ON CONFLICT (name) DO UPDATE SET count = CASE "
            f"WHEN {table}.expires < %s OR excluded.count < {table}.count THEN excluded.count "
            f"ELSE {table}.count END, expires = excluded.expires",
            [*params, now],
        )


def mark_put(key: str, value: int | None, *, timeout: int, now: float | None = None) -> None:
    """Set the mark ``key`` to ``value`` exactly (None: remove it), kept ``timeout`` seconds."""
    now = time.time() if now is None else now
    if _in_redis():
        backend = caches["default"]
        name = backend.make_and_validate_key(key)
        client = backend._cache.get_client(name, write=True)
        with client.pipeline(transaction=True) as pipe:
            pipe.delete(name)
            if value is not None:
                pipe.zadd(name, {_MARK_MEMBER: value})
                pipe.expire(name, timeout)
            pipe.execute()
        return
    table = _table()
    with connection.cursor() as cursor:
        if value is None:
            cursor.execute(f"DELETE FROM {table} WHERE name = %s", [key])
        else:
            cursor.execute(
                f"INSERT INTO {table} (name, count, expires) VALUES (%s, %s, %s) "
                f"ON CONFLICT (name) DO UPDATE SET count = excluded.count, "
                f"expires = excluded.expires",
                [key, value, now + timeout],
            )


def mark_read(key: str, *, now: float | None = None) -> int | None:
    """The mark's value, or None when it has none (counts nothing)."""
    return window_counts_reading([], window=1, marks=[key], now=now)[1](key)
