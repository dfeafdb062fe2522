"""In the admin, comments and commenters are read-only; decisions go through the services."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from tests.factories import make_comment, make_commenter
from townsquare.comments.models import Comment, Commenter
from townsquare.moderation.models import AuditEntry
from townsquare.moderation.policy import moderation_policy

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/comments/comment/"


@pytest.fixture
def moderator(client) -> User:
    """Mo, in the Moderator group, signed in to the admin."""
    user = User.objects.create_user("mo", password="x" * 16, is_staff=True)
    user.groups.add(Group.objects.get(name="Moderator"))
    client.force_login(user)
    return user


def run_action(client: Client, action: str, comments: list[Comment], **extra):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [c.pk for c in comments], "index": 0, **extra},
    )


def test_a_moderator_cannot_edit_a_comment_in_the_admin(client, moderator, story):
    comment = make_comment(story=story, body="The ferry was *late* again.")
    page = client.get(f"{CHANGELIST}{comment.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="body"' not in html and 'name="status"' not in html
    assert 'name="_save"' not in html

    response = client.post(
        f"{CHANGELIST}{comment.pk}/change/",
        {"body": "Edited behind the services' back", "status": "removed", "story": story.pk},
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.body == "The ferry was *late* again."
    assert comment.status == Comment.Status.PUBLISHED
    assert "<em>late</em>" in comment.body_html


def test_comments_and_commenters_cannot_be_added_or_deleted_in_the_admin(client, story):
    root = User.objects.create_superuser("rhea", password="x" * 16)
    client.force_login(root)
    comment = make_comment(story=story)
    assert client.get(f"{CHANGELIST}add/").status_code == 403
    assert client.get("/admin/comments/commenter/add/").status_code == 403
    client.post(f"{CHANGELIST}{comment.pk}/delete/", {"post": "yes"})
    client.post(f"/admin/comments/commenter/{comment.commenter_id}/delete/", {"post": "yes"})
    client.post(
        f"/admin/comments/commenter/{comment.commenter_id}/change/",
        {"email": "someone.else@example.com", "display_name": "Renamed"},
    )
    assert Comment.objects.filter(pk=comment.pk).exists()
    commenter = Commenter.objects.get(pk=comment.commenter_id)
    assert commenter.display_name == "Ada Reader"
    assert not commenter.email.startswith("someone.else")


def test_approve_action_calls_the_service_and_is_audited(client, moderator, story):
    held = make_comment(story=story, status=Comment.Status.PENDING)
    published = make_comment(story=story)
    response = run_action(client, "approve", [held, published])
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == Comment.Status.PUBLISHED
    entry = AuditEntry.objects.get(action="approve")
    assert (entry.comment, entry.actor, entry.status_before) == (held, moderator, "pending")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [
        "Approved 1 comment. 1 left as it was: that decision does not apply to their status, "
        "or another moderator got there first."
    ]


def test_reject_action_asks_for_a_reason_then_rejects_through_the_service(
    client, moderator, story, django_capture_on_commit_callbacks, run_tasks, mailoutbox
):
    policy = moderation_policy()
    policy.notify_rejections = True
    policy.save()
    held = make_comment(story=story, status=Comment.Status.PENDING, body="Spam spam spam")
    page = run_action(client, "reject", [held])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Reject held comments" in html and 'value="spam"' in html and "Spam spam spam" in html
    held.refresh_from_db()
    assert held.status == Comment.Status.PENDING, "nothing happens before the reason is chosen"

    # The intermediate page posts back without "index", as Django's own confirmation pages do.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST,
            {"action": "reject", "_selected_action": [held.pk], "apply": "1", "reason": "spam"},
        )
    assert response.status_code == 302
    held.refresh_from_db()
    assert (held.status, held.rejection_reason) == (Comment.Status.REJECTED, "spam")
    entry = AuditEntry.objects.get(action="reject")
    assert (entry.actor, entry.reason, entry.status_after) == (moderator, "spam", "rejected")
    # The author's notice goes the same way as from the queue: a task, after the commit.
    (task,) = run_tasks()
    assert task.task_path == "townsquare.moderation.tasks.rejection_notice_task"
    assert [m.subject for m in mailoutbox] == [
        f"Your comment on “{story.headline}” was not published"
    ]


def test_an_unknown_reason_shows_the_form_again_and_changes_nothing(client, moderator, story):
    held = make_comment(story=story, status=Comment.Status.PENDING)
    response = client.post(
        CHANGELIST,
        {"action": "reject", "_selected_action": [held.pk], "apply": "1", "reason": "because"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    held.refresh_from_db()
    assert held.status == Comment.Status.PENDING
    assert not AuditEntry.objects.exists()


def test_remove_and_feature_actions_use_the_services(client, moderator, story):
    keep, drop = make_comment(story=story), make_comment(story=story)
    asked = run_action(client, "feature", [keep])
    assert "readers see this" in asked.content.decode()  # the reason is asked for first
    client.post(
        CHANGELIST,
        {
            "action": "feature",
            "_selected_action": [keep.pk],
            "apply": "1",
            "reason": "A first-hand account from the harbour master",
        },
    )
    client.post(
        CHANGELIST,
        {"action": "remove", "_selected_action": [drop.pk], "apply": "1", "reason": "off_topic"},
    )
    keep.refresh_from_db()
    drop.refresh_from_db()
    assert keep.featured and drop.status == Comment.Status.REMOVED
    assert keep.featured_reason == "A first-hand account from the harbour master"
    run_action(client, "unfeature", [keep])
    keep.refresh_from_db()
    assert not keep.featured
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "feature",
        "remove",
        "unfeature",
    ]


def test_staff_outside_the_moderator_roles_get_no_decision_actions(client, story):
    clerk = User.objects.create_user("clerk", password="x" * 16, is_staff=True)
    clerk.user_permissions.add(*Group.objects.get(name="Moderator").permissions.all())
    client.force_login(clerk)
    held = make_comment(story=story, status=Comment.Status.PENDING)
    page = client.get(CHANGELIST)
    assert page.status_code == 200
    assert 'value="approve"' not in page.content.decode()
    run_action(client, "approve", [held])
    held.refresh_from_db()
    assert held.status == Comment.Status.PENDING


def test_commenter_page_is_read_only(client, moderator):
    reader = make_commenter(email="quiet.reader@example.com", name="Quiet Reader")
    page = client.get(f"/admin/comments/commenter/{reader.pk}/change/")
    assert page.status_code == 200
    assert "quiet.reader@example.com" in page.content.decode()
    assert 'name="email"' not in page.content.decode()
