"""Counting in the shared cache, atomically on every cache backend: limits that count first.

A limit that reads how many there were and then records one more lets twenty simultaneous
requests all read "below the limit". These helpers count first and answer the new count (or
whether a one-time value was still unspent), in one step as seen by every web process:

- Redis (``REDIS_URL``): ``INCR`` and ``SET NX`` are atomic by themselves.
- The local-memory cache: one process, and Django's ``incr`` and ``add`` hold its lock.
- The database cache (the default): Django's ``incr`` is a read and a write, so the two run in
  one transaction under a lock on the key (``lib.locks.advisory_locks``: PostgreSQL's advisory
  lock; on SQLite the IMMEDIATE transaction already holds the database's one write lock).

Windows are fixed (the current hour, say), as the key names the window: a client can at most
double a limit across a window's edge, and nothing needs cleaning up.
"""

from __future__ import annotations

import time

from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import transaction

from townsquare.lib.locks import advisory_locks


def _window_key(key: str, window: int, now: float) -> str:
    return f"{key}:{int(now // window)}"


def _serialised() -> bool:
    """Whether the cache's own incr/add are not atomic across processes (the database cache)."""
    return isinstance(caches["default"], DatabaseCache)


def _incr(key: str, window: int) -> int:
    cache.add(key, 0, timeout=window + 60)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: this is the window's first
        cache.set(key, 1, timeout=window + 60)
        return 1


def window_count(key: str, *, window: int, now: float | None = None) -> int:
    """Count one more under ``key`` in the current window of ``window`` seconds; the new count."""
    full = _window_key(key, window, time.time() if now is None else now)
    if not _serialised():
        return _incr(full, window)
    with transaction.atomic():
        advisory_locks(f"counter:{full}")
        return _incr(full, window)


def window_peek(key: str, *, window: int, now: float | None = None) -> int:
    """How many were counted under ``key`` in the current window (counts nothing)."""
    return int(cache.get(_window_key(key, window, time.time() if now is None else now)) or 0)


def spend_once(key: str, *, timeout: int) -> bool:
    """Mark ``key`` as spent; True the first time, False every time after (within ``timeout``)."""
    if not _serialised():
        return bool(cache.add(key, 1, timeout=timeout))
    with transaction.atomic():
        advisory_locks(f"once:{key}")
        return bool(cache.add(key, 1, timeout=timeout))
