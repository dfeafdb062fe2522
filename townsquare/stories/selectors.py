"""Read-side queries for stories."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from townsquare.comments.models import Comment
from townsquare.stories.models import Story


def stories_for_front_page(*, limit: int = 20) -> QuerySet[Story]:
    """The latest published stories, each annotated with ``comment_count`` (published only)."""
    return (
        Story.objects.published()
        .annotate(
            comment_count=Count("comments", filter=Q(comments__status=Comment.Status.PUBLISHED))
        )
        .order_by("-published_at")[:limit]
    )


def story_for_reader(*, slug: str) -> Story | None:
    """A published story by slug, or None (drafts and future-dated stories are not public)."""
    return Story.objects.published().filter(slug=slug).first()
