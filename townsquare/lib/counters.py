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
"""

from __future__ import annotations

import time

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection

TABLE = "townsquare_counter"


def _in_redis() -> bool:
    return isinstance(caches["default"], RedisCache)


def _window_key(key: str, window: int, now: float) -> str:
    return f"{key}:{int(now // window)}"


def _table() -> str:
    return connection.ops.quote_name(TABLE)


def window_counts(keys: list[str], *, window: int, now: float | None = None) -> list[int]:
    """Count one more under each of ``keys`` in the current window of ``window`` seconds, in one
    round trip; the new counts, in the order of ``keys`` (which must differ)."""
    now = time.time() if now is None else now
    full = [_window_key(key, window, now) for key in keys]
    if not full:
        return []
    if _in_redis():
        backend = caches["default"]
        names = [backend.make_and_validate_key(key) for key in full]
        client = backend._cache.get_client(names[0], write=True)
        with client.pipeline(transaction=False) as pipe:
            for name in names:
                pipe.incr(name)
            counts = [int(count) for count in pipe.execute()]
        for name, count in zip(names, counts, strict=True):
            if count == 1:  # the window's first: it ends with the window
                client.expire(name, window + 60)
        return counts
    table = _table()
    rows = ", ".join(["(%s, 1, %s)"] * len(full))
    values = [value for key in full for value in (key, now + window + 60)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (name, count, expires) VALUES {rows} "
            f"ON CONFLICT (name) DO UPDATE SET count = {table}.count + 1 RETURNING name, count",
            values,
        )
        counted = dict(cursor.fetchall())
        if 1 in counted.values():  # a new window's first: clear away the ended ones
            cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [now])
    return [counted[key] for key in full]


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
