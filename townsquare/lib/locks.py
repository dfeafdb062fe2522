"""Serialising writers that must not overlap, with the database's own locks.

Used where a check and the write that depends on it must happen as one step across every web
process and machine (flood limits: "at most one comment per 15 seconds" only holds if the second
post sees the first). The lock lives in the database all the app servers share, and is released
when the transaction ends, so a crashed worker never leaves one behind.
"""

from __future__ import annotations

import hashlib

from django.db import connection


def _lock_key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def advisory_locks(*names: str) -> None:
    """Hold a lock per non-empty name until the current transaction ends.

    PostgreSQL: transaction-scoped advisory locks (``pg_advisory_xact_lock``), taken in a fixed
    order so two transactions wanting the same names cannot deadlock. SQLite: nothing to do, as
    Townsquare's write transactions are IMMEDIATE and already hold the database's one write
    lock. Must be called inside ``transaction.atomic``.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("advisory_locks() must be called inside transaction.atomic()")
    if connection.vendor != "postgresql":
        return
    keys = sorted({_lock_key(name) for name in names if name})
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
