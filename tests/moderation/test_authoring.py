"""The author's own edits and deletions, through the services every interface calls."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import REVISED, UNCIVIL
from tests.factories import make_comment, make_commenter
from townsquare.comments.authorship import Viewer, viewer_is_author
from townsquare.comments.models import Comment, CommentRevision
from townsquare.comments.selectors import thread_for_story
from townsquare.comments.services import CommentInvalid, CommentRefused, comment_create
from townsquare.lib.client import ClientInfo
from townsquare.moderation.authoring import (
    CommentNotYours,
    comment_author_delete,
    comment_edit,
)
from townsquare.moderation.models import AuditEntry, WordRule
from townsquare.moderation.posting import CommentNudged

pytestmark = pytest.mark.django_db

DEVICE = "D" * 32
OTHER_DEVICE = "E" * 32


def posted(story, *, body="The ferry timetable changes in May.", device=DEVICE, **extra):
    return comment_create(
        story=story,
        commenter=extra.pop("commenter", None) or make_commenter(name="Ada Reader"),
        author_name="Ada Reader",
        body=body,
        status=extra.pop("status", Comment.Status.PUBLISHED),
        parent=extra.pop("parent", None),
        client=ClientInfo(device_id=device),
    )


AUTHOR = Viewer(device_id=DEVICE)
STRANGER = Viewer(device_id=OTHER_DEVICE)


# --- Who is the author --------------------------------------------------------------------------


def test_the_author_is_recognised_by_device_session_or_verified_address(story):
    commenter = make_commenter(email="Ada@Example.org")
    comment = posted(story, commenter=commenter)
    assert viewer_is_author(AUTHOR, comment)
    assert not viewer_is_author(STRANGER, comment)
    assert viewer_is_author(Viewer(session_comment_ids=frozenset({comment.pk})), comment)
    assert viewer_is_author(Viewer(verified_email="ada@example.ORG"), comment)
    assert not viewer_is_author(Viewer(verified_email="someone@example.org"), comment)
    # A comment without a device (an import) is nobody's by device, even an empty one's.
    imported = make_comment(story=story)
    assert not viewer_is_author(Viewer(device_id=""), imported)


# --- Edit ---------------------------------------------------------------------------------------


def test_the_author_edits_within_the_window_and_the_earlier_text_is_kept(story):
    comment = posted(story)
    version = story.thread_version
    result = comment_edit(
        viewer=AUTHOR, comment_id=comment.pk, body="The ferry timetable changes in *June*."
    )
    assert result.changed and not result.held
    comment.refresh_from_db()
    assert comment.body == "The ferry timetable changes in *June*."
    assert "<em>June</em>" in comment.body_html
    assert comment.edited_at is not None and comment.status == Comment.Status.PUBLISHED
    revision = CommentRevision.objects.get(comment=comment)
    assert revision.body == "The ferry timetable changes in May."
    assert revision.written_at == comment.created_at
    story.refresh_from_db()
    assert story.thread_version > version
    entry = AuditEntry.objects.get(action="edit_publish")
    assert entry.details["revision_id"] == revision.pk and entry.actor_kind == "reader"


def test_an_unchanged_text_changes_nothing(story):
    comment = posted(story)
    result = comment_edit(viewer=AUTHOR, comment_id=comment.pk, body=f"  {comment.body} ")
    assert not result.changed
    assert not CommentRevision.objects.exists()


def test_only_the_author_may_edit(story):
    comment = posted(story)
    with pytest.raises(CommentNotYours):
        comment_edit(viewer=STRANGER, comment_id=comment.pk, body="Hijacked.")
    with pytest.raises(CommentNotYours):
        comment_edit(viewer=AUTHOR, comment_id=999_999, body="Nothing there.")
    assert Comment.objects.get(pk=comment.pk).body.startswith("The ferry")


def test_the_edit_window_closes_and_can_be_turned_off(story, settings):
    comment = posted(story)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=6))
    with pytest.raises(CommentRefused) as closed:
        comment_edit(viewer=AUTHOR, comment_id=comment.pk, body="Too late.")
    assert closed.value.code == "edit_window_closed" and "5 minutes" in closed.value.message
    site = story.site
    site.edit_window_minutes = 30
    site.save()
    comment_edit(viewer=AUTHOR, comment_id=comment.pk, body="In time for this site.")
    site.edit_window_minutes = 0
    site.save()
    with pytest.raises(CommentRefused) as off:
        comment_edit(viewer=AUTHOR, comment_id=comment.pk, body="Not here.")
    assert off.value.code == "edit_off"


def test_removed_rejected_or_deleted_comments_cannot_be_edited(story):
    for status in (Comment.Status.REMOVED, Comment.Status.REJECTED, Comment.Status.DELETED):
        comment = posted(story, status=status)
        with pytest.raises(CommentRefused) as refused:
            comment_edit(viewer=AUTHOR, comment_id=comment.pk, body="New words.")
        assert refused.value.code == "not_editable"


def test_an_empty_or_overlong_edit_is_a_field_error(story, settings):
    comment = posted(story)
    with pytest.raises(CommentInvalid) as empty:
        comment_edit(viewer=AUTHOR, comment_id=comment.pk, body="   ")
    assert empty.value.field == "comment"
    with pytest.raises(CommentInvalid):
        comment_edit(
            viewer=AUTHOR, comment_id=comment.pk, body="x" * (settings.COMMENTS_MAX_LENGTH + 1)
        )


def test_an_edit_the_policy_holds_leaves_the_public_thread_and_counters(story):
    top = posted(story)
    reply = posted(story, parent=top, body="I agree about May.")
    story.refresh_from_db()
    top.refresh_from_db()
    assert story.comment_count == 2 and top.reply_count == 1
    story.premoderate = True  # from now on a moderator reads every text on this story
    story.save()
    result = comment_edit(viewer=AUTHOR, comment_id=reply.pk, body="I agree about June.")
    assert result.held
    story.refresh_from_db()
    top.refresh_from_db()
    assert story.comment_count == 1 and top.reply_count == 0
    page = thread_for_story(story=story)
    assert [child.comment.pk for child in page.nodes[0].children] == []


def test_an_edit_with_banned_words_is_refused_and_the_comment_stays_as_it_was(story):
    WordRule.objects.create(kind=WordRule.Kind.BANNED, phrase="scoundrel")
    comment = posted(story)
    with pytest.raises(CommentRefused) as refused:
        comment_edit(viewer=AUTHOR, comment_id=comment.pk, body="The skipper is a scoundrel.")
    assert refused.value.code == "rejected" and "scoundrel" in refused.value.message
    comment.refresh_from_db()
    assert comment.body.startswith("The ferry") and comment.edited_at is None
    assert not CommentRevision.objects.exists()


def test_an_uncivil_edit_is_nudged_then_held_when_saved_anyway(story, nudging_policy):
    comment = posted(story, body=REVISED)
    with pytest.raises(CommentNudged) as nudged:
        comment_edit(viewer=AUTHOR, comment_id=comment.pk, body=UNCIVIL)
    assert Comment.objects.get(pk=comment.pk).body == REVISED  # nothing saved yet
    result = comment_edit(
        viewer=AUTHOR, comment_id=comment.pk, body=UNCIVIL, nudge_token=nudged.value.token
    )
    assert result.held
    assert Comment.objects.get(pk=comment.pk).civility_max is not None


def test_a_held_comment_stays_held_when_edited(story):
    comment = posted(story, status=Comment.Status.PENDING)
    result = comment_edit(viewer=AUTHOR, comment_id=comment.pk, body="A calmer second draft.")
    assert result.changed and result.held


def test_edits_are_not_counted_by_the_flood_limits(story, settings):
    settings.RATE_LIMIT_SECONDS = 3600  # one comment an hour
    comment = posted(story)
    comment_edit(viewer=AUTHOR, comment_id=comment.pk, body="First correction.")
    comment_edit(viewer=AUTHOR, comment_id=comment.pk, body="Second correction.")
    assert CommentRevision.objects.filter(comment=comment).count() == 2


def test_a_featured_comment_held_by_its_edit_is_no_longer_featured(story):
    comment = posted(story)
    Comment.objects.filter(pk=comment.pk).update(featured=True, featured_reason="Well put")
    story.premoderate = True
    story.save()
    comment_edit(viewer=AUTHOR, comment_id=comment.pk, body="Something else entirely.")
    comment.refresh_from_db()
    assert not comment.featured and comment.featured_reason == ""


# --- Delete -------------------------------------------------------------------------------------


def test_deleting_a_comment_with_replies_leaves_a_tombstone(story):
    top = posted(story)
    posted(story, parent=top, body="A reply by someone else.", device=OTHER_DEVICE)
    comment_author_delete(viewer=AUTHOR, comment_id=top.pk)
    top.refresh_from_db()
    assert top.status == Comment.Status.DELETED
    story.refresh_from_db()
    assert story.comment_count == 1
    node = thread_for_story(story=story).nodes[0]
    assert node.is_tombstone and node.tombstone_text == "This comment was deleted by its author."
    entry = AuditEntry.objects.get(action="author_delete")
    assert entry.status_before == "published" and entry.status_after == "deleted"


def test_deleting_a_comment_without_replies_takes_it_out_of_the_thread(story):
    lone = posted(story)
    comment_author_delete(viewer=AUTHOR, comment_id=lone.pk)
    assert thread_for_story(story=story).nodes == []
    story.refresh_from_db()
    assert story.comment_count == 0


def test_delete_at_any_time_but_only_ones_own_and_only_once(story):
    comment = posted(story)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(days=400))
    with pytest.raises(CommentNotYours):
        comment_author_delete(viewer=STRANGER, comment_id=comment.pk)
    comment_author_delete(viewer=AUTHOR, comment_id=comment.pk)
    with pytest.raises(CommentRefused) as again:
        comment_author_delete(viewer=AUTHOR, comment_id=comment.pk)
    assert again.value.code == "not_deletable"


def test_a_moderators_removal_stands_against_the_authors_delete(story):
    removed = posted(story, status=Comment.Status.REMOVED)
    with pytest.raises(CommentRefused):
        comment_author_delete(viewer=AUTHOR, comment_id=removed.pk)
    assert Comment.objects.get(pk=removed.pk).status == Comment.Status.REMOVED
