"""Periodic jobs: enqueue each registered task once per period.

The apps that own a periodic job register it in their ``AppConfig.ready()`` with
``periodic_task_register`` (``moderation``: raw IP expiry; ``notifications``: the digests, at
the intervals the operator set; ``webhooks``: the sweep of overdue deliveries). They are enqueued
in the order they registered, the order of their apps in ``INSTALLED_APPS``.

Any number of ``townsquare worker`` processes, on any number of machines, may call
``periodic_tasks_enqueue``: the first to claim a period's slot in the shared cache (an atomic
``add`` in Redis or the database table) enqueues the task; the others find the slot taken. The
task backend (the database or Redis) then runs it once, on whichever worker takes it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

from django.core.cache import cache

logger = logging.getLogger(__name__)

# task path -> (the task, seconds between runs)
_registry: dict[str, tuple[Any, int]] = {}


def periodic_task_register(task: Any, *, every: int) -> None:
    """Enqueue ``task`` (a django-tasks task taking no arguments) once every ``every`` seconds.

    Registering the same task again changes its period; ``every`` must be positive (an app
    whose operator turned a job off does not register it).
    """
    if every <= 0:
        raise ValueError(f"a periodic task runs every so many seconds, not {every!r}")
    _registry[task.module_path] = (task, int(every))


def periodic_tasks() -> dict[str, int]:
    """The registered tasks' paths and periods in seconds, in the order they are enqueued."""
    return {path: every for path, (_, every) in _registry.items()}


def periodic_tasks_enqueue(
    *, now: float | None = None, tasks: Mapping[Any, int] | None = None
) -> list[str]:
    """Enqueue the periodic tasks whose current period has not been claimed; return their paths.

    ``tasks`` (task -> seconds) replaces the registered ones, for a test. Periods are aligned to
    whole multiples of each task's interval since the Unix epoch, so every worker agrees which
    period it is.
    """
    now = time.time() if now is None else now
    due = _registry.values() if tasks is None else tasks.items()
    enqueued = []
    for task, every in due:
        path = task.module_path
        slot = int(now // every)
        if cache.add(f"townsquare:periodic:{path}:{slot}", True, timeout=int(every) * 2):
            task.enqueue()
            enqueued.append(path)
            logger.info("Enqueued the periodic task %s", path)
    return enqueued
