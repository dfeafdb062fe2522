"""Events: what happened, told after it is committed to whoever listens, unknown to the teller.

The services that change comments and reports publish a named event with the facts of it
(``event_publish``); once the transaction that made the change commits, each listener registered
with ``event_listener_register`` is called with the event. The apps that listen register in their
``AppConfig.ready()`` (``notifications``: reply e-mails; ``webhooks``: deliveries), so the
comments and moderation apps never import them (a lower layer never imports a higher one), and
the import graph shows who listens. A change that rolls back tells nobody, and a listener that
fails (its database table, a task queue that is down) never undoes the change nor silences the
listeners after it: each is its own ``on_commit(robust=True)`` callback, which logs the failure.

Listeners are called in the order they registered: the order of their apps in
``INSTALLED_APPS`` (``notifications``, then ``webhooks``), since Django runs the ``ready()``
methods in that order. Each listener's work is independent of the others'.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

COMMENT_CREATED = "comment.created"
COMMENT_DECIDED = "comment.decided"
REPORT_CREATED = "report.created"
EVENTS = (COMMENT_CREATED, COMMENT_DECIDED, REPORT_CREATED)

# Called as listener(name=..., site_id=..., data=...); its return value is ignored.
Listener = Callable[..., Any]
_listeners: list[Listener] = []


def event_listener_register(listener: Listener) -> None:
    """Call ``listener`` with every event from now on (once, however often it is registered).

    Made from an ``AppConfig.ready()``, where Django calls it once per process.
    """
    if listener not in _listeners:
        _listeners.append(listener)


def event_listeners() -> tuple[Listener, ...]:
    """The registered listeners, in the order they are called."""
    return tuple(_listeners)


def event_publish(*, name: str, site_id: int, data: dict[str, Any]) -> None:
    """Tell the listeners, on commit, that ``name`` happened on ``site_id`` with ``data``.

    ``data`` holds ids and plain values (JSON-able); listeners read what else they need.
    Outside a transaction the listeners are called at once.
    """
    if name not in EVENTS:
        raise ValueError(f"unknown event {name!r}; known: {', '.join(EVENTS)}")
    for listener in _listeners:
        transaction.on_commit(_telling(listener, name, site_id, dict(data)), robust=True)


def _telling(listener: Listener, name: str, site_id: int, data: dict[str, Any]) -> Callable:
    """``listener`` called with the event, under the listener's own name.

    A robust on-commit callback that raises is logged by its ``__qualname__``: a bare
    ``functools.partial`` has none, so logging the failure would itself raise and the commit
    would end in an ``AttributeError`` instead of a logged error.
    """

    def tell() -> None:
        listener(name=name, site_id=site_id, data=data)

    tell.__qualname__ = f"{listener.__module__}.{listener.__qualname__}"
    return tell
