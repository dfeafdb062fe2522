"""Events: what happened, told after it is committed to whoever listens, unknown to the teller.

The services that change comments and reports publish a named event with the facts of it
(``event_publish``); once the transaction that made the change commits, each function named in
``settings.EVENT_HANDLERS`` is called with the event (the webhooks app's, by default). So the
comments and moderation apps never import the apps that listen (a lower layer never imports a
higher one), a change that rolls back tells nobody, and a listener that fails (its database
table, a task queue that is down) never undoes the change: ``on_commit(robust=True)`` logs it.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

COMMENT_CREATED = "comment.created"
COMMENT_DECIDED = "comment.decided"
REPORT_CREATED = "report.created"
EVENTS = (COMMENT_CREATED, COMMENT_DECIDED, REPORT_CREATED)


def event_publish(*, name: str, site_id: int, data: dict[str, Any]) -> None:
    """Tell the listeners, on commit, that ``name`` happened on ``site_id`` with ``data``.

    ``data`` holds ids and plain values (JSON-able); listeners read what else they need.
    Outside a transaction the listeners are called at once.
    """
    if name not in EVENTS:
        raise ValueError(f"unknown event {name!r}; known: {', '.join(EVENTS)}")
    data = dict(data)

    # A named function, not functools.partial: when a robust callback fails, Django logs it by
    # its __qualname__, which a partial lacks, and the AttributeError escaped the commit (a 500).
    def tell() -> None:
        _tell(name, site_id, data)

    transaction.on_commit(tell, robust=True)


def _tell(name: str, site_id: int, data: dict[str, Any]) -> None:
    for path in settings.EVENT_HANDLERS:
        import_string(path)(name=name, site_id=site_id, data=data)
