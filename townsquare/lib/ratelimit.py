"""Counting events per key in fixed windows of the shared cache: a limit on what one client does.

Framework-light (Django's cache only). A window starts at a key's first event and lasts
``window_seconds``; every event in it counts, refused ones too, so hammering does not reopen the
door. The shared cache is Redis or the database's cache table, so every worker process counts
together.
"""

from __future__ import annotations

from django.core.cache import cache


def rate_allow(*, scope: str, key: str, limit: int, window_seconds: int = 3600) -> bool:
    """Count one event of ``scope`` for ``key``; False when that is more than ``limit``.

    An empty ``key`` (a client we cannot name) or a ``limit`` of 0 or less is not limited.
    """
    if not key or limit <= 0:
        return True
    name = f"townsquare:rate:{scope}:{key}"
    cache.add(name, 0, timeout=window_seconds)
    try:
        used = cache.incr(name)
    except ValueError:  # the window expired between add and incr: a new one starts
        cache.set(name, 1, timeout=window_seconds)
        used = 1
    return used <= limit
