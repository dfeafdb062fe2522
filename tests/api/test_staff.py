"""The staff API: scoped, revocable tokens; the queue, decisions and sanctions, audited."""

from __future__ import annotations

import json

import pytest

from tests.factories import make_comment
from townsquare.accounts.models import ApiToken
from townsquare.accounts.services import api_token_create, api_token_revoke, moderator_create
from townsquare.moderation.models import AuditEntry, Sanction

pytestmark = pytest.mark.django_db
ALL = list(ApiToken.Scope.values)


@pytest.fixture
def moderator():
    return moderator_create(username="mia", email="mia@example.org", password="harbour-lights-42")


def auth(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def call(client, token, path, data=None):
    if data is None:
        return client.get(f"/api/v1/staff{path}", **auth(token))
    return client.post(
        f"/api/v1/staff{path}", json.dumps(data), content_type="application/json", **auth(token)
    )


def test_the_queue_lists_pending_comments_with_the_staff_fields(client, moderator, story):
    held = make_comment(story=story, status="pending", body="Held for review.")
    make_comment(story=story, body="Already up.")
    _, token = api_token_create(user=moderator, name="Queue bot", scopes=["queue:read"])
    response = call(client, token, "/queue")
    assert response.status_code == 200
    data = response.json()
    assert [c["id"] for c in data["comments"]] == [held.pk]
    assert data["comments"][0]["commenter_email"] == held.commenter.email
    assert call(client, token, "/queue?tab=approved").json()["count"] == 1
    assert call(client, token, "/queue?tab=nonsense").status_code == 400


def test_decisions_go_through_the_services_and_are_audited(client, moderator, story):
    held = make_comment(story=story, status="pending")
    _, token = api_token_create(user=moderator, name="Decider", scopes=ALL)
    response = call(client, token, f"/comments/{held.pk}/decisions", {"action": "approve"})
    assert response.status_code == 200 and response.json()["changed"] is True
    assert response.json()["comment"]["status"] == "published"
    entry = AuditEntry.objects.filter(comment=held, action="approve").get()
    assert entry.actor == moderator
    again = call(client, token, f"/comments/{held.pk}/decisions", {"action": "approve"})
    assert again.json()["changed"] is False
    no_reason = call(client, token, f"/comments/{held.pk}/decisions", {"action": "remove"})
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "reason"
    removed = call(
        client, token, f"/comments/{held.pk}/decisions", {"action": "remove", "reason": "spam"}
    )
    assert removed.json()["comment"]["status"] == "removed"
    assert (
        call(client, token, "/comments/999999/decisions", {"action": "approve"}).status_code == 404
    )


def test_sanctions_and_lifting_them(client, moderator, story):
    comment = make_comment(story=story)
    _, token = api_token_create(user=moderator, name="Sanctions", scopes=["sanctions:write"])
    path = f"/commenters/{comment.commenter_id}/sanctions"
    no_hours = call(client, token, path, {"kind": "suspension", "reason": "Insults."})
    assert no_hours.status_code == 400 and no_hours.json()["field"] == "hours"
    made = call(client, token, path, {"kind": "suspension", "reason": "Insults.", "hours": 24})
    assert made.status_code == 200 and made.json()["created"] is True
    sanction = Sanction.objects.get()
    assert sanction.kind == "suspension" and sanction.created_by == moderator
    lifted = call(client, token, f"/sanctions/{sanction.pk}/lift", {"reason": "Appeal upheld."})
    assert lifted.json() == {"changed": True}
    assert AuditEntry.objects.filter(action="lift", actor=moderator).exists()


def test_tokens_need_their_scope_a_live_record_and_a_moderator(client, moderator, story):
    _, reader_token = api_token_create(user=moderator, name="Reader", scopes=["queue:read"])
    denied = call(client, reader_token, "/comments/1/decisions", {"action": "approve"})
    assert denied.status_code == 403 and denied.json()["code"] == "scope"
    assert client.get("/api/v1/staff/queue").status_code == 401
    assert call(client, "ts_not-a-token", "/queue").status_code == 401
    record, token = api_token_create(user=moderator, name="Soon revoked", scopes=ALL)
    assert call(client, token, "/queue").status_code == 200
    assert api_token_revoke(token=record) is True
    assert call(client, token, "/queue").status_code == 401
    _, demoted = api_token_create(user=moderator, name="Demoted", scopes=ALL)
    moderator.groups.clear()
    assert call(client, demoted, "/queue").status_code == 401


def test_only_a_hash_is_stored(moderator):
    record, token = api_token_create(user=moderator, name="Hashed", scopes=["queue:read"])
    assert token.startswith("ts_") and token not in str(ApiToken.objects.values().get())
    assert record.prefix == token[:10]


def test_tokens_are_made_in_the_admin_and_shown_once(admin_client, moderator):
    response = admin_client.post(
        "/admin/accounts/apitoken/add/",
        {"user": moderator.pk, "name": "Slack bot", "scopes": ["queue:read"]},
        follow=True,
    )
    assert response.status_code == 200
    record = ApiToken.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    assert any(record.prefix in m and "will not be shown again" in m for m in shown)
    admin_client.post(
        "/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [record.pk]}
    )
    record.refresh_from_db()
    assert record.revoked_at is not None
