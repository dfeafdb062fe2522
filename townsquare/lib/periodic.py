"""Periodic jobs: enqueue each task in ``settings.PERIODIC_TASKS`` once per period.

Any number of ``townsquare worker`` processes, on any number of machines, may call
``periodic_tasks_enqueue``: the first to claim a period's slot in the shared cache (an atomic
``add`` in Redis or the database table) enqueues the task; the others find the slot taken. The
task backend (the database or Redis) then runs it once, on whichever worker takes it.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def periodic_tasks_enqueue(*, now: float | None = None) -> list[str]:
    """Enqueue the periodic tasks whose current period has not been claimed; return their paths.

    Periods are aligned to whole multiples of each task's interval since the Unix epoch, so every
    worker agrees which period it is.
    """
    now = time.time() if now is None else now
    enqueued = []
    for path, every in settings.PERIODIC_TASKS.items():
        slot = int(now // every)
        if cache.add(f"townsquare:periodic:{path}:{slot}", True, timeout=int(every) * 2):
            import_string(path).enqueue()
            enqueued.append(path)
            logger.info("Enqueued the periodic task %s", path)
    return enqueued
