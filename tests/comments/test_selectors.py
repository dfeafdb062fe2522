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


def test_pages_split_by_top_level_comment_and_keep_replies_with_their_parent(story):
    tops = [make_comment(story=story, body=f"top {i}") for i in range(5)]
    make_comment(story=story, body="reply to top 2", parent=tops[2])
    first = thread_for_story(story=story, page=1, per_page=2)
    second = thread_for_story(story=story, page=2, per_page=2)
    assert (first.page_count, first.top_level_count) == (3, 5)
    assert bodies(second.nodes) == [("top 2", [("reply to top 2", [])]), ("top 3", [])]
    assert thread_for_story(story=story, page=99, per_page=2).page == 3


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
    bystander, story, terms, size, django_assert_num_queries
):
    _grow_thread(story, size)
    # story, terms, thread count, thread page, replies, published count
    with django_assert_num_queries(6):
        response = bystander.get(story.get_absolute_url())
    assert response.status_code == 200

    def rendered(nodes) -> int:
        return sum(1 + rendered(node.children) for node in nodes)

    expected = rendered(thread_for_story(story=story).nodes)
    assert response.content.decode().count('<li class="comment') == expected > 0


def test_pages_count_what_is_shown_not_removed_comments_without_replies(story):
    # 100 removed and 10 published: one page of ten, not "No comments yet" and no pager.
    for n in range(100):
        make_comment(story=story, body=f"removed {n}", status=Comment.Status.REMOVED)
    for n in range(10):
        make_comment(story=story, body=f"kept {n}")
    thread = thread_for_story(story=story, page=1, per_page=50)
    assert (thread.page_count, thread.top_level_count) == (1, 10)
    assert [n.comment.body for n in thread.nodes] == [f"kept {n}" for n in range(10)]


def test_a_removed_comment_with_a_published_reply_still_counts_as_its_tombstone(story):
    gone = make_comment(story=story, body="gone", status=Comment.Status.REMOVED)
    make_comment(story=story, body="answer", parent=gone)
    make_comment(story=story, body="removed, alone", status=Comment.Status.DELETED)
    thread = thread_for_story(story=story)
    assert thread.top_level_count == 1
    assert bodies(thread.nodes) == [("gone", [("answer", [])])]
