"""The admin shows moderation records; sanctions are lifted there through the same service."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from tests.factories import make_comment, make_commenter, make_story
from townsquare.moderation.models import AuditEntry, Report, Sanction
from townsquare.moderation.services import ban_commenter, comment_reject

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client) -> User:
    """Rhea, the site's superuser."""
    user = User.objects.create_superuser("rhea", password="x" * 16)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "model", ["auditentry", "report", "sanction", "wordrule", "moderationpolicy", "nudgeevent"]
)
def test_changelists_load(client, root, story, model):
    comment = make_comment(story=story, status="pending")
    comment_reject(comment=comment, reason="spam", actor=root)
    Report.objects.create(comment=comment, reporter_key="k", reason="spam")
    ban_commenter(commenter=comment.commenter, reason="Spam", actor=root)
    response = client.get(f"/admin/moderation/{model}/")
    assert response.status_code == 200


def test_audit_entries_cannot_be_edited_or_deleted(client, root, story):
    comment = make_comment(story=story, status="pending")
    comment_reject(comment=comment, reason="spam", actor=root)
    entry = AuditEntry.objects.get()
    assert client.get("/admin/moderation/auditentry/add/").status_code == 403
    client.post(f"/admin/moderation/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_lift_action_uses_the_service(client, root):
    troll = make_commenter(email="troll@example.com")
    ban = ban_commenter(commenter=troll, reason="x", actor=root).sanction
    response = client.post(
        "/admin/moderation/sanction/",
        {"action": "lift_selected", "_selected_action": [ban.pk]},
    )
    assert response.status_code == 302
    ban.refresh_from_db()
    assert ban.lifted_by == root
    assert AuditEntry.objects.filter(action="lift").count() == 1
    assert Sanction.objects.count() == 1


def test_no_one_adds_or_edits_sanctions_reports_or_audit_entries_in_the_admin(client, root, story):
    """Even a superuser: a sanction made here would skip its audit entry, marks and e-mail."""
    comment = make_comment(story=story)
    troll = comment.commenter
    ban = ban_commenter(commenter=troll, reason="Abuse", actor=root).sanction
    report = Report.objects.create(comment=comment, reporter_key="k", reason="spam")
    entry = AuditEntry.objects.get(action="ban")
    for model in ("sanction", "report", "auditentry"):
        assert client.get(f"/admin/moderation/{model}/add/").status_code == 403
    forged = {"commenter": troll.pk, "kind": "warning", "reason": "Forged", "comment": comment.pk}
    assert client.post("/admin/moderation/sanction/add/", forged).status_code == 403
    assert client.post(f"/admin/moderation/sanction/{ban.pk}/change/", forged).status_code == 403
    assert (
        client.post(
            f"/admin/moderation/report/{report.pk}/change/", {"reason": "other"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/admin/moderation/auditentry/{entry.pk}/change/", {"reason": "rewritten"}
        ).status_code
        == 403
    )
    for model, pk in (("sanction", ban.pk), ("report", report.pk)):
        client.post(f"/admin/moderation/{model}/{pk}/delete/", {"post": "yes"})
    ban.refresh_from_db()
    entry.refresh_from_db()
    assert (ban.kind, ban.reason) == ("ban", "Abuse")
    assert Report.objects.filter(pk=report.pk, reason="spam").exists()
    assert entry.reason == "Abuse"
    assert Sanction.objects.count() == 1


def test_the_audit_changelist_says_what_a_deleted_comments_entry_was_about(client, root):
    story = make_story(headline="New ferry timetable")
    comment = make_comment(story=story, status="pending")
    comment_reject(comment=comment, reason="spam", actor=root)
    comment_id = comment.pk
    comment.delete()
    html = client.get("/admin/moderation/auditentry/").content.decode()
    assert f"comment #{comment_id} on “New ferry timetable”" in html
