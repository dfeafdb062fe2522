"""Thread reads from a PostgreSQL read replica, when one is configured.

With ``DATABASE_REPLICA_URL`` set, the public pages (rendered once per thread version for every
anonymous reader) read their comments from the replica; everything else — writes, a viewer's own
page, the moderators' queue, the checks before a post — reads the primary. A page is read from
the replica only once the replica has caught up with the thread version the page is cached under
(``http_cache.public_response``), so a lagging replica never leaves an old page in the cache under
a new version; nobody reads their own write from it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_replica_reads: ContextVar[bool] = ContextVar("townsquare_replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def replica_reads() -> Iterator[None]:
    """Within the block, reads go to the replica (when there is one)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    """Django database router: reads inside ``replica_reads()`` go to the replica."""

    def db_for_read(self, model, **hints) -> str | None:
        if _replica_reads.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model, **hints) -> str | None:
        return None

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the same data, whichever copy it was read from

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db != REPLICA  # the replica follows the primary; it is never migrated itself
