"""Read-side queries for comment threads.

A thread page costs the same number of queries whatever the size of the discussion: one count
and one page of top-level comments, one query for all replies under that page, one count of
published comments.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet, TextChoices, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import gettext_noop

from townsquare.comments.models import Comment
from townsquare.lib.params import MAX_DB_INT, positive_int
from townsquare.stories.models import Story


@dataclass
class ThreadNode:
    comment: Comment
    children: list[ThreadNode] = field(default_factory=list)
    is_mine: bool = False
    more_replies: int = 0  # a top-level comment's replies not shown on this page
    answers_elsewhere: bool = False  # shown under its thread's top, its parent on another page

    @property
    def is_tombstone(self) -> bool:
        return self.comment.status in (Comment.Status.REMOVED, Comment.Status.DELETED)

    @property
    def tombstone_text(self) -> str:
        # Marked, not translated: the thread's public data is cached for every language; the
        # thread's template translates it in the reader's.
        if self.comment.status == Comment.Status.DELETED:
            return gettext_noop("This comment was deleted by its author.")
        return gettext_noop("This comment was removed.")

    @property
    def reply_to_name(self) -> str:
        """The name of the author this comment answers, while that comment is published.

        A deleted or removed comment's author is named nowhere, not even in the replies to it.
        """
        answered = self.comment.reply_to
        if answered is None or answered.status != Comment.Status.PUBLISHED:
            return ""
        return answered.author_name

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


class ThreadSort(TextChoices):
    # The labels are marked, and translated where they are shown (the thread's sort menu).
    OLDEST = "oldest", gettext_noop("Oldest first")
    NEWEST = "newest", gettext_noop("Newest first")
    RESPECTED = "respected", gettext_noop("Most respected")
    REPLIES = "replies", gettext_noop("Most replies")


# Sorts by a counter: keyset pages on (counter, created_at, id), all descending (the indexes
# comment_story_respected and comment_story_most_replies have exactly this shape).
COUNTED_SORTS = {ThreadSort.RESPECTED: "respect_count", ThreadSort.REPLIES: "reply_count"}


@dataclass
class FeaturedItem:
    """A moderators' pick for the "Featured" section, and where it sits in the thread."""

    comment: Comment
    url: str


@dataclass
class ThreadPage:
    """One page of top-level comments with (the first of) their replies.

    Pages are keyset-paginated on (created_at, id) in the sort's direction: ``after`` is the
    cursor this page started after ("" for the first page) and ``next_cursor`` the one the next
    page starts after (None on the last page). A page costs the same whatever the thread's size.
    """

    nodes: list[ThreadNode]
    sort: str = ThreadSort.OLDEST
    after: str = ""
    next_cursor: str | None = None
    featured: list[FeaturedItem] = field(default_factory=list)  # first page only

    @property
    def is_first(self) -> bool:
        return not self.after

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None


def cursor_for(comment: Comment, sort: str = ThreadSort.OLDEST) -> str:
    """The opaque keyset cursor that points just past ``comment`` in ``sort``'s order."""
    raw = f"{comment.created_at.isoformat()}|{comment.pk}"
    counter = COUNTED_SORTS.get(sort)
    if counter:
        raw += f"|{getattr(comment, counter)}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _cursor_read(cursor: str) -> tuple[datetime, int, int | None] | None:
    """(created_at, id, counter or None) from a cursor; None for anything not one of ours."""
    if not cursor or len(cursor) > 100:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, _, rest = raw.partition("|")
        pk, _, count = rest.partition("|")
        created = datetime.fromisoformat(moment)
        number = positive_int(pk)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        return None
    if number is None or created.tzinfo is None:
        return None
    if count == "":
        return created, number, None
    if not (count.isascii() and count.isdigit()) or int(count) > MAX_DB_INT:
        return None
    return created, number, int(count)


def _cursor_fits(cursor: str, sort: str) -> bool:
    """Whether ``cursor`` is one of ours, with the counter when ``sort`` orders by one."""
    position = _cursor_read(cursor)
    return position is not None and (sort not in COUNTED_SORTS or position[2] is not None)


def _keyset(
    comments: QuerySet[Comment], *, sort: str, after: str, inclusive: bool = False
) -> QuerySet[Comment]:
    """``comments`` in the sort's order, starting just past the cursor ``after``.

    ``inclusive`` starts *at* the comment the cursor names instead (a page that begins with it).
    A cursor without the counter a counted sort needs starts at the beginning.
    """
    counter = COUNTED_SORTS.get(sort)
    newest = sort == ThreadSort.NEWEST
    if counter:
        ordered = comments.order_by(f"-{counter}", "-created_at", "-id")
    else:
        ordered = comments.order_by(*(("-created_at", "-id") if newest else ("created_at", "id")))
    position = _cursor_read(after)
    if position is None:
        return ordered
    created, pk, count = position
    if counter:
        if count is None:
            return ordered
        same = Q(pk__lte=pk) if inclusive else Q(pk__lt=pk)
        return ordered.filter(
            Q(**{f"{counter}__lt": count})
            | Q(**{counter: count, "created_at__lt": created})
            | (Q(**{counter: count, "created_at": created}) & same)
        )
    if newest:
        same = Q(created_at=created, pk__lte=pk) if inclusive else Q(created_at=created, pk__lt=pk)
        return ordered.filter(Q(created_at__lt=created) | same)
    same = Q(created_at=created, pk__gte=pk) if inclusive else Q(created_at=created, pk__gt=pk)
    return ordered.filter(Q(created_at__gt=created) | same)


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
    """Published comments on ``story``: the counter the services keep, no counting."""
    return story.comment_count


def _replies(*, root_ids: list[int], visible: Q, shown: int) -> list[Comment]:
    """The first ``shown`` replies under each of ``root_ids``, in time order.

    The first N replies of a thread by time always include each one's parent (a parent is older
    than its replies), so a capped page never shows a reply without what it answers.
    """
    if not root_ids or shown <= 0:
        return []
    replies = Comment.objects.filter(visible, root_id__in=root_ids).select_related(
        "commenter", "reply_to"
    )
    ranked = replies.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("root_id")],
            order_by=[F("created_at").asc(), F("id").asc()],
        )
    )
    return list(ranked.filter(rank__lte=shown).order_by("created_at", "id"))


def _nodes(
    *, roots: list[Comment], replies: list[Comment], mine: set[int], capped: bool
) -> list[ThreadNode]:
    nodes = {c.pk: ThreadNode(comment=c, is_mine=c.pk in mine) for c in [*roots, *replies]}
    shown_published: dict[int, int] = {}
    for reply in replies:
        parent = nodes.get(reply.parent_id)
        if parent is None:
            # On a page of replies cut by count, the parent may be on an earlier page: the reply
            # shows under its top-level comment and says whom it answers.
            parent = nodes.get(reply.root_id)
            nodes[reply.pk].answers_elsewhere = True
        if parent is not None:
            parent.children.append(nodes[reply.pk])
        if reply.status == Comment.Status.PUBLISHED:
            shown_published[reply.root_id] = shown_published.get(reply.root_id, 0) + 1
    tops = []
    for root in roots:
        node = nodes[root.pk]
        if capped:
            node.more_replies = max(0, root.reply_count - shown_published.get(root.pk, 0))
        pruned = _prune(node)
        if pruned is not None:
            tops.append(pruned)
    return tops


def thread_for_story(
    *,
    story: Story,
    sort: str = ThreadSort.OLDEST,
    after: str = "",
    start: str = "",
    per_page: int | None = None,
    replies_shown: int | None = None,
    viewer_comment_ids: Iterable[int] = (),
) -> ThreadPage:
    """One page of a story's discussion: top-level comments with the first of their replies.

    Costs three queries whatever the thread's size: one page of top-level comments (one more
    than the page holds, to know whether another page follows), and the first
    ``replies_shown`` (``COMMENTS_REPLIES_SHOWN``) replies of each. The rest of a long thread is
    one link away (``thread_replies``), counted from the top-level comment's ``reply_count``.
    ``start`` (a cursor, instead of ``after``) gives the page that begins with that comment.
    """
    per_page = per_page or settings.COMMENTS_PER_PAGE
    shown = settings.COMMENTS_REPLIES_SHOWN if replies_shown is None else replies_shown
    sort = sort if sort in ThreadSort.values else ThreadSort.OLDEST
    mine = list(viewer_comment_ids)
    top_level = _shown_top_level(story=story, viewer_comment_ids=mine).select_related(
        "commenter", "reply_to"
    )
    begin = start if _cursor_fits(start, sort) else ""
    page = list(
        _keyset(top_level, sort=sort, after=begin or after, inclusive=bool(begin))[: per_page + 1]
    )
    next_cursor = cursor_for(page[per_page - 1], sort) if len(page) > per_page else None
    roots = page[:per_page]
    replies = _replies(root_ids=[r.pk for r in roots], visible=_visible(mine), shown=shown)
    after = begin or (after if _cursor_fits(after, sort) else "")
    return ThreadPage(
        nodes=_nodes(roots=roots, replies=replies, mine=set(mine), capped=True),
        sort=sort,
        after=after,
        next_cursor=next_cursor,
        featured=[] if after else featured_for_story(story=story),
    )


def featured_for_story(*, story: Story) -> list[FeaturedItem]:
    """The moderators' picks on ``story`` for the "Featured" section, oldest first.

    One query (index comment_story_featured), and one more for each featured reply, to find the
    page it sits on; at most ``COMMENTS_FEATURED_MAX`` of them.
    """
    limit = settings.COMMENTS_FEATURED_MAX
    if not limit:
        return []
    picks = (
        Comment.objects.filter(story=story, featured=True, status=Comment.Status.PUBLISHED)
        .select_related("commenter", "story", "root")
        .order_by("created_at", "id")[:limit]
    )
    return [
        FeaturedItem(comment=c, url=comment_thread_url(comment=c, whole_page=False)) for c in picks
    ]


@dataclass
class RepliesPage:
    """A top-level comment with one page of all its replies (the "show more replies" page)."""

    node: ThreadNode | None
    after: str = ""
    next_cursor: str | None = None


def thread_replies(
    *,
    story: Story,
    root_id: int,
    after: str = "",
    per_page: int | None = None,
    viewer_comment_ids: Iterable[int] = (),
) -> RepliesPage:
    """One top-level comment of ``story`` and a page of every reply under it, in time order.

    None for ``node`` when the comment is not a shown top-level comment of this story.
    """
    per_page = per_page or settings.COMMENTS_REPLIES_PER_PAGE
    mine = list(viewer_comment_ids)
    root = (
        _shown_top_level(story=story, viewer_comment_ids=mine)
        .select_related("commenter", "reply_to")
        .filter(pk=root_id)
        .first()
    )
    if root is None:
        return RepliesPage(node=None)
    replies = Comment.objects.filter(_visible(mine), root=root).select_related(
        "commenter", "reply_to"
    )
    page = list(_keyset(replies, sort=ThreadSort.OLDEST, after=after)[: per_page + 1])
    next_cursor = cursor_for(page[per_page - 1]) if len(page) > per_page else None
    nodes = _nodes(roots=[root], replies=page[:per_page], mine=set(mine), capped=False)
    return RepliesPage(
        node=nodes[0] if nodes else None,
        after=after if _cursor_read(after) else "",
        next_cursor=next_cursor,
    )


def comment_thread_url(
    *, comment: Comment, viewer_comment_ids: Iterable[int] = (), whole_page: bool = True
) -> str:
    """The address of a page that shows ``comment``, anchored at the comment.

    A top-level comment, or a reply among the first few shown under it: the page of the story's
    thread (oldest first, as a page without JavaScript shows it) that holds it, whole, as the
    reader would have paged to it — where a reader lands after posting or editing. With
    ``whole_page`` false (the featured list's links, one per pick), the page that starts with
    it, found without counting. A reply further down: its thread's page of replies (which is
    where "show more replies" leads).
    """
    story_url = comment.story.get_absolute_url()
    anchor = f"#comment-{comment.pk}"
    mine = [*viewer_comment_ids, comment.pk]
    if comment.root_id is None:
        if not whole_page:
            return f"{story_url}?from={cursor_for(comment)}{anchor}"
        page = _page_holding(comment, story=comment.story, viewer_comment_ids=mine)
        return f"{story_url}{page}{anchor}"
    root = comment.root
    earlier = (
        Comment.objects.filter(_visible(mine), root=root)
        .filter(
            Q(created_at__lt=comment.created_at)
            | Q(created_at=comment.created_at, pk__lt=comment.pk)
        )
        .order_by()[: settings.COMMENTS_REPLIES_SHOWN]
        .count()
    )
    if earlier < settings.COMMENTS_REPLIES_SHOWN:
        if not whole_page:
            return f"{story_url}?from={cursor_for(root)}{anchor}"
        page = _page_holding(root, story=comment.story, viewer_comment_ids=mine)
        return f"{story_url}{page}{anchor}"
    return f"{thread_replies_url(story=comment.story, root_id=root.pk)}{anchor}"


def _page_holding(top: Comment, *, story: Story, viewer_comment_ids: list[int]) -> str:
    """The query of the thread's page (oldest first) that holds top-level comment ``top``: ""
    for the first page, else ``?after=`` the last comment of the page before. Two queries at
    most (how many come before it; the one that ends the page before)."""
    per_page = settings.COMMENTS_PER_PAGE
    before = (
        _shown_top_level(story=story, viewer_comment_ids=viewer_comment_ids)
        .filter(Q(created_at__lt=top.created_at) | Q(created_at=top.created_at, pk__lt=top.pk))
        .order_by("created_at", "pk")
    )
    pages_before = before.count() // per_page
    if not pages_before:
        return ""
    last = before[pages_before * per_page - 1]
    return f"?after={cursor_for(last)}"


def thread_replies_url(*, story: Story, root_id: int, after: str = "") -> str:
    url = reverse("comments:replies", kwargs={"slug": story.slug, "comment_id": root_id})
    return f"{url}?after={after}" if after else url


def _prune(node: ThreadNode) -> ThreadNode | None:
    """Drop removed/deleted comments that have nothing visible under them."""
    node.children = [child for child in map(_prune, node.children) if child is not None]
    if node.is_tombstone and not node.children:
        return None
    return node


def comment_ids_parse(value: str, *, limit: int) -> list[int] | None:
    """Comma-separated comment ids from a query string, in order, without repeats; None when
    the value is not that or names more than ``limit``."""
    ids: list[int] = []
    for part in (value or "").split(","):
        part = part.strip()
        if not part:
            continue
        if (
            not (part.isascii() and part.isdigit())
            or len(part) > 12
            or not 0 < int(part) <= MAX_DB_INT
        ):
            return None
        if int(part) not in ids:
            ids.append(int(part))
    if not ids or len(ids) > limit:
        return None
    return ids


def comments_published_by_id(*, story: Story, ids: Iterable[int]) -> list[Comment]:
    """The published comments of ``story`` among ``ids``, oldest first (new ones to show)."""
    return list(
        Comment.objects.filter(story=story, pk__in=list(ids), status=Comment.Status.PUBLISHED)
        .select_related("commenter", "reply_to")
        .order_by("created_at", "id")
    )
