"""The admin shows moderation records; sanctions are lifted there through the same service."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from tests.factories import make_comment, make_commenter
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
