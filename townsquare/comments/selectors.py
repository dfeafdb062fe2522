"""Read-side queries for comment threads.

A thread page costs the same number of queries whatever the size of the discussion: one count
and one page of top-level comments, one query for all replies under that page, one count of
published comments.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from townsquare.comments.models import Comment
from townsquare.stories.models import Story


@dataclass
class ThreadNode:
    comment: Comment
    children: list[ThreadNode] = field(default_factory=list)
    is_mine: bool = False

    @property
    def is_tombstone(self) -> bool:
        return self.comment.status in (Comment.Status.REMOVED, Comment.Status.DELETED)

    @property
    def tombstone_text(self) -> str:
        if self.comment.status == Comment.Status.DELETED:
            return "This comment was deleted by its author."
        return "This comment was removed."

    @property
    def is_awaiting_moderation(self) -> bool:
        return self.comment.status == Comment.Status.PENDING

    @property
    def author_link(self) -> str:
        """The author's website when it is an http(s) address; "" otherwise.

        The services accept nothing else, and rows written before they checked are cleaned by
        a migration; this keeps any other scheme off the page whatever the row holds.
        """
        url = self.comment.author_url
        return url if url.lower().startswith(("http://", "https://")) else ""


@dataclass
class ThreadPage:
    nodes: list[ThreadNode]
    page: int
    page_count: int
    top_level_count: int

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.page_count


def _visible(viewer_comment_ids: Iterable[int]) -> Q:
    """Public thread statuses, plus the viewer's own comments whatever their status is pending."""
    mine = list(viewer_comment_ids)
    condition = Q(status__in=Comment.THREAD_STATUSES)
    if mine:
        condition |= Q(pk__in=mine, status=Comment.Status.PENDING)
    return condition


def _readable(viewer_comment_ids: list[int]) -> Q:
    """Comments the viewer can read: published ones, and their own pending ones."""
    condition = Q(status=Comment.Status.PUBLISHED)
    if viewer_comment_ids:
        condition |= Q(pk__in=viewer_comment_ids, status=Comment.Status.PENDING)
    return condition


def _shown_top_level(*, story: Story, viewer_comment_ids: list[int]) -> QuerySet[Comment]:
    """The top-level comments a page shows: readable ones, and tombstones with readable replies.

    Pages are counted over exactly these, so a story with a hundred removed comments and ten
    published ones has one page of ten, not three pages that are mostly empty.
    """
    readable = _readable(viewer_comment_ids)
    has_readable_reply = Exists(Comment.objects.filter(readable, root=OuterRef("pk")))
    tombstone = Q(status__in=[Comment.Status.REMOVED, Comment.Status.DELETED])
    return Comment.objects.filter(story=story, depth=0).filter(
        readable | (tombstone & has_readable_reply)
    )


def comment_count_for_story(*, story: Story) -> int:
    return Comment.objects.filter(story=story, status=Comment.Status.PUBLISHED).count()


def thread_for_story(
    *,
    story: Story,
    page: int = 1,
    per_page: int | None = None,
    viewer_comment_ids: Iterable[int] = (),
) -> ThreadPage:
    """One page of a story's discussion: top-level comments, oldest first, with their replies."""
    per_page = per_page or settings.COMMENTS_PER_PAGE
    viewer_comment_ids = list(viewer_comment_ids)
    visible = _visible(viewer_comment_ids)
    top_level = _shown_top_level(story=story, viewer_comment_ids=viewer_comment_ids)
    top_level_count = top_level.count()
    page_count = max(1, math.ceil(top_level_count / per_page))
    page = min(max(page, 1), page_count)
    columns = ("commenter", "reply_to")
    roots = list(
        top_level.select_related(*columns).order_by("created_at", "id")[
            (page - 1) * per_page : page * per_page
        ]
    )
    replies = (
        list(
            Comment.objects.filter(visible, root__in=[root.pk for root in roots])
            .select_related(*columns)
            .order_by("created_at", "id")
        )
        if roots
        else []
    )
    mine = set(viewer_comment_ids)
    nodes = {c.pk: ThreadNode(comment=c, is_mine=c.pk in mine) for c in [*roots, *replies]}
    for reply in replies:
        parent = nodes.get(reply.parent_id)
        if parent is not None:
            parent.children.append(nodes[reply.pk])
    tops = [_prune(nodes[root.pk]) for root in roots]
    return ThreadPage(
        nodes=[node for node in tops if node is not None],
        page=page,
        page_count=page_count,
        top_level_count=top_level_count,
    )


def comment_thread_url(*, comment: Comment, viewer_comment_ids: Iterable[int] = ()) -> str:
    """The address of the thread page that shows ``comment``, anchored at the comment.

    A reply lives on the page of its top-level comment; pages count what ``thread_for_story``
    shows, so the number matches the page the reader will see.
    """
    root = comment.root if comment.root_id else comment
    mine = [*viewer_comment_ids, comment.pk]
    before = (
        _shown_top_level(story=comment.story, viewer_comment_ids=mine)
        .filter(Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, pk__lt=root.pk))
        .count()
    )
    page = before // settings.COMMENTS_PER_PAGE + 1
    query = f"?cpage={page}" if page > 1 else ""
    return f"{comment.story.get_absolute_url()}{query}#comment-{comment.pk}"


def _prune(node: ThreadNode) -> ThreadNode | None:
    """Drop removed/deleted comments that have nothing visible under them."""
    node.children = [child for child in map(_prune, node.children) if child is not None]
    if node.is_tombstone and not node.children:
        return None
    return node
