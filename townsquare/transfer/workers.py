"""Entry points of the worker processes that prepare comments for a big import.

Kept free of Django imports at module level: a worker process unpickles references to these
functions before anything is set up, then ``start`` sets Django up once.
"""

from __future__ import annotations

import os

from townsquare.transfer.records import CommentRecord, PrepareConfig, Prepared, Skip


def start() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings")
    import django

    django.setup()


def prepare_chunk(records: list[CommentRecord], config: PrepareConfig) -> list[Prepared | Skip]:
    from townsquare.transfer.prepare import prepare_many

    return prepare_many(records, config)
