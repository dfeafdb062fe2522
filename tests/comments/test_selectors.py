from __future__ import annotations

import pytest

from tests.factories import make_comment, make_commenter
from townsquare.comments.models import Comment
from townsquare.comments.selectors import comment_count_for_story, thread_for_story

pytestmark = pytest.mark.django_db


def bodies(nodes):
    return [(n.comment.body, bodies(n.children)) for n in nodes]


def test_thread_nests_replies_under_their_parents(story):
    a = make_comment(story=story, body="A")
    b = make_comment(story=story, body="B")
    a1 = make_comment(story=story, body="A1", parent=a)
    make_comment(story=story, body="A1a", parent=a1)
    make_comment(story=story, body="B1", parent=b)
    thread = thread_for_story(story=story)
    assert bodies(thread.nodes) == [
        ("A", [("A1", [("A1a", [])])]),
        ("B", [("B1", [])]),
    ]


def test_pages_follow_keyset_cursors_and_keep_replies_with_their_parent(story):
    tops = [make_comment(story=story, body=f"top {i}") for i in range(5)]
    make_comment(story=story, body="reply to top 2", parent=tops[2])
    first = thread_for_story(story=story, per_page=2)
    second = thread_for_story(story=story, per_page=2, after=first.next_cursor)
    third = thread_for_story(story=story, per_page=2, after=second.next_cursor)
    assert first.is_first and not second.is_first
    assert bodies(second.nodes) == [("top 2", [("reply to top 2", [])]), ("top 3", [])]
    assert bodies(third.nodes) == [("top 4", [])] and not third.has_next
    newest = thread_for_story(story=story, per_page=2, sort="newest")
    assert [n.comment.body for n in newest.nodes] == ["top 4", "top 3"]
    again = thread_for_story(story=story, per_page=2, sort="newest", after=newest.next_cursor)
    assert [n.comment.body for n in again.nodes] == ["top 2", "top 1"]


@pytest.mark.parametrize("cursor", ["garbage", "!!", "MjAyNi0xMi0wMnwy", "x" * 500, "²"])
def test_a_cursor_that_is_not_ours_means_the_first_page(story, cursor):
    make_comment(story=story, body="first")
    page = thread_for_story(story=story, after=cursor)
    assert page.is_first and [n.comment.body for n in page.nodes] == ["first"]


def test_comments_created_in_the_same_instant_page_by_id(story):
    from django.utils import timezone

    moment = timezone.now()
    made = [make_comment(story=story, body=f"same {i}") for i in range(5)]
    Comment.objects.filter(pk__in=[c.pk for c in made]).update(created_at=moment)
    seen, after = [], ""
    while True:
        page = thread_for_story(story=story, per_page=2, after=after)
        seen += [n.comment.body for n in page.nodes]
        if not page.has_next:
            break
        after = page.next_cursor
    assert seen == [f"same {i}" for i in range(5)]


def test_only_the_first_replies_are_shown_with_a_count_of_the_rest(story, settings):
    settings.COMMENTS_REPLIES_SHOWN = 2
    top = make_comment(story=story, body="top")
    first = make_comment(story=story, body="r1", parent=top)
    make_comment(story=story, body="r1a", parent=first)
    for n in range(2, 6):
        make_comment(story=story, body=f"r{n}", parent=top)
    node = thread_for_story(story=story).nodes[0]
    assert bodies([node]) == [("top", [("r1", [("r1a", [])])])]
    assert node.more_replies == 4


def test_the_replies_page_shows_every_reply_a_page_at_a_time(story):
    from townsquare.comments.selectors import thread_replies

    top = make_comment(story=story, body="top")
    replies = [make_comment(story=story, body=f"r{n}", parent=top) for n in range(5)]
    make_comment(story=story, body="r0 child", parent=replies[0])
    first = thread_replies(story=story, root_id=top.pk, per_page=4)
    assert bodies([first.node]) == [("top", [("r0", []), ("r1", []), ("r2", []), ("r3", [])])]
    second = thread_replies(story=story, root_id=top.pk, per_page=4, after=first.next_cursor)
    # The late answer to r0 shows under the top of the thread, saying whom it answers.
    assert bodies([second.node]) == [("top", [("r4", []), ("r0 child", [])])]
    assert second.node.children[1].answers_elsewhere
    assert second.next_cursor is None
    assert thread_replies(story=story, root_id=replies[0].pk).node is None  # not top-level


def test_removed_comment_with_replies_leaves_a_tombstone(story):
    removed = make_comment(story=story, body="gone", status=Comment.Status.REMOVED)
    make_comment(story=story, body="context", parent=removed)
    make_comment(story=story, body="lonely", status=Comment.Status.REMOVED)
    nodes = thread_for_story(story=story).nodes
    assert len(nodes) == 1
    assert nodes[0].is_tombstone and nodes[0].children[0].comment.body == "context"


@pytest.mark.parametrize(
    "status", [Comment.Status.PENDING, Comment.Status.REJECTED, Comment.Status.SPAM]
)
def test_non_public_comments_are_not_in_the_thread(story, status):
    make_comment(story=story, status=status)
    story.refresh_from_db()
    assert thread_for_story(story=story).nodes == []
    assert comment_count_for_story(story=story) == 0


def test_viewer_sees_own_pending_comment_but_not_others(story):
    mine = make_comment(story=story, status=Comment.Status.PENDING, body="mine")
    make_comment(story=story, status=Comment.Status.PENDING, body="theirs")
    nodes = thread_for_story(story=story, viewer_comment_ids=[mine.pk]).nodes
    assert [(n.comment.body, n.is_awaiting_moderation) for n in nodes] == [("mine", True)]


def _grow_thread(story, count: int) -> None:
    """count comments: a third top-level, the rest replies spread two levels deep."""
    commenter = make_commenter()
    tops = []
    for i in range(count):
        if i % 3 == 0 or not tops:
            tops.append(make_comment(story=story, commenter=commenter, body=f"c{i}"))
        else:
            parent = tops[-1] if i % 3 == 1 else tops[-1].children.first() or tops[-1]
            make_comment(story=story, commenter=commenter, body=f"c{i}", parent=parent)


@pytest.mark.parametrize("size", [10, 500])
def test_article_page_costs_the_same_queries_whatever_the_thread_size(
    bystander, story, terms, size, django_assert_num_queries, settings
):
    _grow_thread(story, size)
    story.refresh_from_db()
    cache_queries = 0 if settings.REDIS_URL else 1  # the database cache is a table
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Rendering: story, terms, thread page, first replies, the featured picks (plus the cache's
    # own, whose writes take five statements on the database cache), whatever the size.
    with CaptureQueriesContext(connection) as rendering:
        response = bystander.get(story.get_absolute_url())
    assert response.status_code == 200
    database = [
        q["sql"]
        for q in rendering.captured_queries
        if "townsquare_cache" not in q["sql"] and not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
    ]
    assert len(database) == 5, database
    # Cached: the story and the site version; the page itself from this process's recent pages
    # (another process would read it from the shared cache). Nothing counts comments.
    with django_assert_num_queries(1 + cache_queries):
        again = bystander.get(story.get_absolute_url())
    assert again.content == response.content

    def rendered(nodes) -> int:
        return sum(1 + rendered(node.children) for node in nodes)

    expected = rendered(thread_for_story(story=story).nodes)
    assert response.content.decode().count('<li class="ts-comment') == expected > 0


def test_pages_count_what_is_shown_not_removed_comments_without_replies(story):
    # 100 removed and 10 published: one page of ten, not "No comments yet" and no pager.
    for n in range(100):
        make_comment(story=story, body=f"removed {n}", status=Comment.Status.REMOVED)
    for n in range(10):
        make_comment(story=story, body=f"kept {n}")
    thread = thread_for_story(story=story, per_page=10)
    assert not thread.has_next
    assert [n.comment.body for n in thread.nodes] == [f"kept {n}" for n in range(10)]


def test_a_removed_comment_with_a_published_reply_still_counts_as_its_tombstone(story):
    gone = make_comment(story=story, body="gone", status=Comment.Status.REMOVED)
    make_comment(story=story, body="answer", parent=gone)
    make_comment(story=story, body="removed, alone", status=Comment.Status.DELETED)
    thread = thread_for_story(story=story, per_page=1)
    assert not thread.has_next
    assert bodies(thread.nodes) == [("gone", [("answer", [])])]


# --- Sorts by respect and by replies; the featured picks ----------------------------------------


def _respected(comment, n: int) -> None:
    Comment.objects.filter(pk=comment.pk).update(respect_count=n)


@pytest.mark.parametrize("sort", ["respected", "replies"])
def test_counted_sorts_page_by_count_then_newest_without_gaps_or_repeats(story, sort):
    comments = [make_comment(story=story, body=f"Top {n}") for n in range(7)]
    counts = [3, 0, 5, 3, 1, 5, 0]
    for comment, n in zip(comments, counts, strict=True):
        if sort == "respected":
            _respected(comment, n)
        else:
            for r in range(n):
                make_comment(story=story, parent=comment, body=f"Reply {r}")
    expected = [
        c.pk for c, _ in sorted(zip(comments, counts, strict=True), key=lambda p: (-p[1], -p[0].pk))
    ]
    seen, after = [], ""
    while True:
        page = thread_for_story(story=story, sort=sort, after=after, per_page=3)
        assert page.sort == sort
        seen += [node.comment.pk for node in page.nodes]
        if not page.has_next:
            break
        after = page.next_cursor
    assert seen == expected


def test_a_cursor_without_the_count_starts_a_counted_sort_at_the_beginning(story):
    first = make_comment(story=story)
    make_comment(story=story)
    oldest_cursor = thread_for_story(story=story, per_page=1).next_cursor
    page = thread_for_story(story=story, sort="respected", after=oldest_cursor)
    assert len(page.nodes) == 2 and page.is_first
    assert first.pk in [n.comment.pk for n in page.nodes]


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("sort", "index"),
    [("respected", "comment_story_respected"), ("replies", "comment_story_most_replies")],
)
def test_counted_sorts_read_their_index(story, sort, index):
    from django.db import connection

    from townsquare.comments.selectors import _keyset, _shown_top_level

    for n in range(3):
        make_comment(story=story, body=f"Top {n}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
    query = _keyset(_shown_top_level(story=story, viewer_comment_ids=[]), sort=sort, after="")
    plan = query[:51].explain()
    assert index in plan, plan


def test_featured_picks_come_on_the_first_page_only_whatever_the_sort(story, settings):
    settings.COMMENTS_FEATURED_MAX = 2
    picks = [make_comment(story=story, body=f"Pick {n}") for n in range(3)]
    top = make_comment(story=story, body="Not featured")
    reply = make_comment(story=story, parent=top, body="A featured reply")
    for comment in [*picks, reply]:
        Comment.objects.filter(pk=comment.pk).update(featured=True, featured_reason="Good")
    Comment.objects.filter(pk=picks[1].pk).update(status=Comment.Status.REMOVED)
    for sort in ("oldest", "newest", "respected", "replies"):
        page = thread_for_story(story=story, sort=sort, per_page=2)
        assert [item.comment.pk for item in page.featured] == [picks[0].pk, picks[2].pk]
        assert thread_for_story(story=story, sort=sort, after=page.next_cursor).featured == []
    settings.COMMENTS_FEATURED_MAX = 5
    urls = {item.comment.pk: item.url for item in thread_for_story(story=story).featured}
    assert urls[reply.pk].endswith(f"#comment-{reply.pk}") and "?from=" in urls[reply.pk]
