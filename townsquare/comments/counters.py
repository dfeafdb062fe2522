"""Recounting the thread counters after a bulk change to many comments.

``comment_create`` and the moderation services keep ``Story.comment_count`` and each top-level
comment's ``reply_count`` one change at a time (``services.thread_changed``). A writer that
changes many comments at once without them — an import, a reader's erasure — calls
``thread_counters_recount`` once at the end instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from townsquare.comments.models import Comment
from townsquare.comments.services import thread_changed
from townsquare.stories.models import Story

CHUNK = 500


def thread_counters_recount(*, story_ids: Iterable[int]) -> None:
    """Recount the counters of these stories' threads from their comments; bump their versions.

    Counted as the migration that introduced the counters counted them; then ``thread_changed``
    moves each story's thread version on, so cached pages and ETags are renewed. Call it inside
    the transaction that made the change.
    """
    ids = sorted(set(story_ids))
    published = Comment.objects.filter(status=Comment.Status.PUBLISHED).order_by()
    per_story = published.filter(story=OuterRef("pk")).values("story").annotate(n=Count("pk"))
    per_root = published.filter(root=OuterRef("pk")).values("root").annotate(n=Count("pk"))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        Story.objects.filter(pk__in=chunk).update(
            comment_count=Coalesce(Subquery(per_story.values("n")), 0)
        )
        Comment.objects.filter(story_id__in=chunk, depth=0).update(
            reply_count=Coalesce(Subquery(per_root.values("n")), 0)
        )
    for story_id in ids:
        thread_changed(story_id=story_id)
