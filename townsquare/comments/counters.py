"""Recounting the thread counters after a bulk change to many comments.

``comment_create`` and the moderation services keep ``Story.comment_count`` and each top-level
comment's ``reply_count`` one change at a time (``services.thread_changed``). A writer that
changes many comments at once without them — an import, a reader's erasure — calls
``thread_counters_recount`` once at the end instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from townsquare.comments.live import live_states_refresh_cached
from townsquare.comments.models import Comment
from townsquare.stories.models import Story

CHUNK = 500


def thread_counters_recount(*, story_ids: Iterable[int]) -> None:
    """Recount the counters of these stories' threads from their comments; bump their versions.

    Counted as the migration that introduced the counters counted them; each story's thread
    version moves on as ``thread_changed`` moves it, so cached pages and ETags are renewed, in
    one statement per chunk of stories. Call it inside the transaction that made the change.

    The live states ("3 new comments") are refreshed on commit only for the stories that have
    one in the shared cache: a page is polling them. The others are built by their first poll,
    so an import touching thousands of stories nobody has open costs no rebuild.
    """
    ids = sorted(set(story_ids))
    published = Comment.objects.filter(status=Comment.Status.PUBLISHED).order_by()
    per_story = published.filter(story=OuterRef("pk")).values("story").annotate(n=Count("pk"))
    per_root = published.filter(root=OuterRef("pk")).values("root").annotate(n=Count("pk"))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        Story.objects.filter(pk__in=chunk).update(
            comment_count=Coalesce(Subquery(per_story.values("n")), 0),
            thread_version=F("thread_version") + 1,
            thread_changed_at=timezone.now(),
        )
        Comment.objects.filter(story_id__in=chunk, depth=0).update(
            reply_count=Coalesce(Subquery(per_root.values("n")), 0)
        )
    transaction.on_commit(partial(live_states_refresh_cached, ids), robust=True)
