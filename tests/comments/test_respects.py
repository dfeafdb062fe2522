"""Respect: once per reader, counted with the row, undoable, rate-limited, and anonymous."""

from __future__ import annotations

import pytest

from tests.factories import make_comment
from townsquare.comments.authorship import Viewer
from townsquare.comments.models import Comment, Respect
from townsquare.comments.respects import comment_respect_toggle, respect_key, respected_comment_ids
from townsquare.comments.services import CommentRefused

pytestmark = pytest.mark.django_db

ONE = Viewer(device_id="a" * 32)
TWO = Viewer(device_id="b" * 32)


def count(comment) -> int:
    return Comment.objects.get(pk=comment.pk).respect_count


def test_respect_is_once_per_reader_idempotent_and_undoable(story):
    comment = make_comment(story=story)
    first = comment_respect_toggle(viewer=ONE, comment_id=comment.pk, on=True)
    assert first.respected and first.changed and first.respect_count == 1
    again = comment_respect_toggle(viewer=ONE, comment_id=comment.pk, on=True)
    assert again.respected and not again.changed and count(comment) == 1
    comment_respect_toggle(viewer=TWO, comment_id=comment.pk, on=True)
    assert count(comment) == 2
    undone = comment_respect_toggle(viewer=ONE, comment_id=comment.pk, on=False)
    assert not undone.respected and undone.respect_count == 1
    assert not comment_respect_toggle(viewer=ONE, comment_id=comment.pk, on=False).changed
    assert count(comment) == 1 and Respect.objects.count() == 1


def test_the_stored_key_is_a_keyed_hash_never_the_device_id(story):
    comment = make_comment(story=story)
    comment_respect_toggle(viewer=ONE, comment_id=comment.pk, on=True)
    stored = Respect.objects.get().reader_key
    assert ONE.device_id not in stored and stored == respect_key(ONE) and len(stored) <= 64
    # A verified reader is their address, whatever browser they use.
    by_email = respect_key(Viewer(device_id="c" * 32, verified_email="Ada@Example.org"))
    assert by_email == respect_key(Viewer(device_id="d" * 32, verified_email="ada@example.org"))
    assert by_email != respect_key(Viewer(device_id="c" * 32))


def test_a_respect_bumps_the_thread_version(story):
    comment = make_comment(story=story)
    story.refresh_from_db()
    version = story.thread_version
    comment_respect_toggle(viewer=ONE, comment_id=comment.pk, on=True)
    story.refresh_from_db()
    assert story.thread_version == version + 1


def test_only_published_comments_and_known_readers(story):
    held = make_comment(story=story, status=Comment.Status.PENDING)
    with pytest.raises(CommentRefused) as refused:
        comment_respect_toggle(viewer=ONE, comment_id=held.pk, on=True)
    assert refused.value.code == "unavailable"
    comment = make_comment(story=story)
    with pytest.raises(CommentRefused) as unknown:
        comment_respect_toggle(viewer=Viewer(), comment_id=comment.pk, on=True)
    assert unknown.value.code == "unknown_reader"


@pytest.mark.redis
def test_respects_are_rate_limited_per_reader_and_per_network(story, settings):
    settings.RESPECTS_PER_HOUR = 3
    settings.NETWORK_RESPECTS_PER_HOUR = 4
    comments = [make_comment(story=story, body=f"Point {n}") for n in range(6)]
    for comment in comments[:3]:
        comment_respect_toggle(viewer=ONE, comment_id=comment.pk, on=True, network_hash="net")
    with pytest.raises(CommentRefused) as limited:
        comment_respect_toggle(viewer=ONE, comment_id=comments[3].pk, on=True, network_hash="net")
    assert limited.value.code == "rate_limited"
    assert count(comments[3]) == 0
    # Another reader on the same network has one left before the network's limit.
    comment_respect_toggle(viewer=TWO, comment_id=comments[4].pk, on=True, network_hash="net")
    with pytest.raises(CommentRefused):
        comment_respect_toggle(viewer=TWO, comment_id=comments[5].pk, on=True, network_hash="net")
    # Repeating what is already so costs nothing.
    comment_respect_toggle(viewer=ONE, comment_id=comments[0].pk, on=True, network_hash="net")


def test_respected_comment_ids_are_this_readers_on_this_story(story):
    from tests.factories import make_story

    mine, theirs = make_comment(story=story), make_comment(story=story)
    elsewhere = make_comment(story=make_story())
    comment_respect_toggle(viewer=ONE, comment_id=mine.pk, on=True)
    comment_respect_toggle(viewer=ONE, comment_id=elsewhere.pk, on=True)
    comment_respect_toggle(viewer=TWO, comment_id=theirs.pk, on=True)
    assert respected_comment_ids(viewer=ONE, story=story) == [mine.pk]
    assert respected_comment_ids(viewer=Viewer(), story=story) == []
