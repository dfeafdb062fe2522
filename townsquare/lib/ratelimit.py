"""A limit on what one client does: count the event first, atomically, then compare.

A thin use of ``lib.counters`` (Redis, or one upsert on the database's counter table), the one
atomic counter every limit outside the posting pipeline shares: a count taken with the database
cache's ``incr`` is a read and then a write, so simultaneous requests could each read "below the
limit". Every event in a window counts, refused ones too, so hammering does not reopen the door.
"""

from __future__ import annotations

from townsquare.lib.counters import window_count


def rate_allow(*, scope: str, key: str, limit: int, window_seconds: int = 3600) -> bool:
    """Count one event of ``scope`` for ``key``; False when that is more than ``limit``.

    An empty ``key`` (a client we cannot name) or a ``limit`` of 0 or less is not limited.
    """
    if not key or limit <= 0:
        return True
    return window_count(f"townsquare:rate:{scope}:{key}", window=window_seconds) <= limit
