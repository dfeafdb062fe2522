"""Which browsers have a published comment, and since when: kept where the flood limits read.

On a busy network the pipeline lets a browser publish if it is established, and one way to be
established is a comment of that browser's that is published and was written before the last
hour. Asking the comments table on every such post cost a busy network's posts a round trip
each, so the answer is kept as a mark in the counter store (``lib.counters``: the
``townsquare_counter`` table, or Redis), under the device id: the minute (rounded up) of the
browser's earliest comment that is published now. The pipeline reads it in the round trip that
already counts the post on its address and network.

Kept in step by ``comment_status_changed``, on commit, on every path a comment takes in or out of
the public thread: published when posted, approved by a moderator, held again after reports or
an edit, removed, rejected, deleted by its author. Going in lowers the mark (one upsert);
going out recomputes it from the comments table (rare, and never on a post). A reader's erasure
recomputes the marks of the browsers their comments came from.

A mark is kept as long as a device cookie lives (``DEVICE_COOKIE_MAX_AGE``, two years): a browser
whose id was signed before issue times were kept is re-signed as issued when it next comes back,
whenever that is, and needs its mark from then on. Rounding up to the minute only ever makes a
browser wait up to a minute longer. Losing marks (Redis flushed without persistence) makes no one
established who was not: their browsers wait for a moderator on a busy network until their id is
``DEVICE_ESTABLISHED_HOURS`` old, as new ones do.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime

from django.db.models import Min

from townsquare.comments.models import Comment
from townsquare.lib.client import DEVICE_COOKIE_MAX_AGE
from townsquare.lib.counters import mark_put, marks_lower

MARK_TIMEOUT = DEVICE_COOKIE_MAX_AGE


def published_device_key(device_id: str) -> str:
    """The counter-store key of a browser's published-comment mark."""
    return f"townsquare:device-published:{device_id}"


def published_minute(when: datetime) -> int:
    """``when`` as whole minutes since 1970, rounded up (the mark's unit; it fits the column)."""
    return math.ceil(when.timestamp() / 60)


def published_device_record(*, device_id: str, created_at: datetime) -> None:
    """A comment written at ``created_at`` from ``device_id`` is published: lower its mark."""
    if device_id:
        marks_lower(
            {published_device_key(device_id): published_minute(created_at)},
            timeout=MARK_TIMEOUT,
        )


def published_devices_refresh(*, device_ids: Iterable[str]) -> None:
    """Set these browsers' marks from the comments table (after a comment left the thread)."""
    wanted = sorted({device_id for device_id in device_ids if device_id})
    if not wanted:
        return
    earliest = dict(
        Comment.objects.filter(device_id__in=wanted, status=Comment.Status.PUBLISHED)
        .values("device_id")
        .annotate(first=Min("created_at"))
        .values_list("device_id", "first")
    )
    for device_id in wanted:
        first = earliest.get(device_id)
        mark_put(
            published_device_key(device_id),
            published_minute(first) if first is not None else None,
            timeout=MARK_TIMEOUT,
        )
