"""Recounting the thread counters after a bulk change to many comments.

``comment_create`` and the moderation services keep ``Story.comment_count`` and each top-level
comment's ``reply_count`` one change at a time (``services.thread_changed``). A writer that
changes many comments at once without them — an import, a reader's erasure — calls
``thread_counters_recount`` once at the end instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Case, Count, Value, When

from townsquare.comments.live import live_states_refresh_cached
from townsquare.comments.models import Comment
from townsquare.comments.services import thread_version_moved
from townsquare.stories.models import Story

CHUNK = 500


def thread_counters_recount(*, story_ids: Iterable[int]) -> None:
    """Recount the counters of these stories' threads from their comments; bump their versions.

    Counted as the migration that introduced the counters counted them; each story's thread
    version moves on as ``thread_changed`` moves it (``thread_version_moved``), so cached pages
    and ETags are renewed, in one statement per chunk of stories. Call it inside the transaction
    that made the change.

    The live states ("3 new comments") are refreshed on commit only for the stories that have
    one in the shared cache: a page is polling them. The others are built by their first poll,
    so an import touching thousands of stories nobody has open costs no rebuild.
    """
    ids = sorted(set(story_ids))
    published = Comment.objects.filter(status=Comment.Status.PUBLISHED).order_by()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        # Counted with one GROUP BY each and written by value, not with a subquery correlated to
        # every row updated: on a freshly filled PostgreSQL table (an import, no statistics yet)
        # the planner ran that subquery as a scan of the whole table per top-level comment.
        per_story = dict(
            published.filter(story_id__in=chunk)
            .values("story_id")
            .annotate(n=Count("pk"))
            .values_list("story_id", "n")
        )
        Story.objects.filter(pk__in=chunk).update(
            comment_count=Case(
                *(When(pk=pk, then=Value(n)) for pk, n in per_story.items()), default=Value(0)
            ),
            **thread_version_moved(),
        )
        per_root = (
            published.filter(story_id__in=chunk, root__isnull=False)
            .values("root_id")
            .annotate(n=Count("pk"))
            .values_list("root_id", "n")
        )
        roots_by_count: dict[int, list[int]] = defaultdict(list)
        for root_id, n in per_root:
            roots_by_count[n].append(root_id)
        Comment.objects.filter(story_id__in=chunk, depth=0).exclude(reply_count=0).update(
            reply_count=0
        )
        for n, roots in roots_by_count.items():
            for at in range(0, len(roots), CHUNK):
                Comment.objects.filter(pk__in=roots[at : at + CHUNK]).update(reply_count=n)
    # A lambda, not functools.partial: Django logs a failed robust callback by its __qualname__,
    # which a partial lacks, and that AttributeError escaped the commit as a 500.
    transaction.on_commit(lambda: live_states_refresh_cached(ids), robust=True)
