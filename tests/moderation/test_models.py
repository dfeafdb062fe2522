"""Audit entries outlive the comments, commenters and accounts they describe."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import make_comment, make_story
from townsquare.comments.models import Comment
from townsquare.moderation.models import AuditEntry, Report
from townsquare.moderation.services import audit_record, ban_commenter, comment_reject


@pytest.mark.django_db
def test_deleting_a_comment_and_its_commenter_keeps_their_audit_entries():
    story = make_story(headline="Ferry fares rise again")
    mo = User.objects.create_user("mo", password="x" * 16)
    comment = make_comment(story=story, status=Comment.Status.PENDING, body="Buy cheap pills")
    commenter = comment.commenter
    Report.objects.create(comment=comment, reporter_key="k", reason="spam")
    comment_reject(comment=comment, reason="spam", actor=mo)
    ban_commenter(commenter=commenter, reason="Selling pills", actor=mo)
    ids = {"comment_id": comment.pk, "commenter_id": commenter.pk, "actor_id": mo.pk}

    comment.delete()
    commenter.sanctions.all().delete()
    commenter.delete()
    mo.delete()

    reject = AuditEntry.objects.get(action="reject")
    ban = AuditEntry.objects.get(action="ban")
    assert reject.comment is None and reject.commenter is None and reject.actor is None
    assert reject.subject == {
        **ids,
        "story_id": story.pk,
        "story_headline": "Ferry fares rise again",
        "actor_username": "mo",
    }
    assert reject.about == (
        f"comment #{ids['comment_id']} on “Ferry fares rise again” · "
        f"commenter #{ids['commenter_id']}"
    )
    assert (reject.reason, reject.status_before, reject.status_after) == (
        "spam",
        "pending",
        "rejected",
    )
    assert ban.subject["commenter_id"] == ids["commenter_id"] and ban.reason == "Selling pills"
    assert ban.about == f"commenter #{ids['commenter_id']}"


@pytest.mark.django_db
def test_deleting_a_story_keeps_the_audit_of_its_comments():
    story = make_story(headline="Lighthouse for sale")
    comment = make_comment(story=story)
    audit_record(action="note", actor_kind=AuditEntry.ActorKind.SYSTEM, comment=comment)
    story.delete()
    entry = AuditEntry.objects.get(action="note")
    assert entry.subject["story_headline"] == "Lighthouse for sale"


@pytest.mark.django_db(transaction=True)
def test_migration_copies_subjects_into_existing_entries_and_reverses():
    executor = MigrationExecutor(connection)
    before = ("moderation", "0003_report_network_key_and_rate_indexes")
    after = ("moderation", "0004_audit_survives_deletion")
    story = make_story(headline="Harbour wall repairs")
    comment = make_comment(story=story)
    entry = audit_record(action="note", actor_kind=AuditEntry.ActorKind.SYSTEM, comment=comment)
    try:
        executor.migrate([before])
        with connection.cursor() as cursor:
            columns = [
                c.name
                for c in connection.introspection.get_table_description(
                    cursor, "moderation_auditentry"
                )
            ]
        assert "subject" not in columns
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([after])
    finally:
        MigrationExecutor(connection).migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
    entry.refresh_from_db()
    assert entry.subject == {
        "comment_id": comment.pk,
        "story_id": story.pk,
        "story_headline": "Harbour wall repairs",
        "commenter_id": comment.commenter_id,
    }
