"""Webhooks: the events a site subscribes to reach its URL, signed, once committed; retried."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import make_comment, make_site, make_story
from townsquare.lib.events import EVENTS
from townsquare.moderation.posting import comment_submit
from townsquare.moderation.reporting import report_create
from townsquare.moderation.services import comment_approve, comment_remove
from townsquare.webhooks.models import Webhook, WebhookDelivery
from townsquare.webhooks.services import retry_delay, webhook_signature

pytestmark = pytest.mark.django_db

SECRET_EMAIL = "webhook.author.91c2@example.org"


@pytest.fixture
def site():
    return make_site(origins=["https://news.example.org"])


@pytest.fixture
def hook(site, receiver):
    return Webhook.objects.create(site=site, url=receiver.url, events=list(EVENTS))


def _post(story, *, body="The ferry timetable needs a winter service.", **extra):
    return comment_submit(
        story=story, author_name="Hook Reader", email=SECRET_EMAIL, body=body, **extra
    )


def _verify(request: dict, secret: str) -> dict:
    headers = request["headers"]
    timestamp = headers["Townsquare-Timestamp"]
    expected = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + request["body"], hashlib.sha256
    ).hexdigest()
    assert headers["Townsquare-Signature"] == f"sha256={expected}"
    return json.loads(request["body"])


def test_a_new_comment_is_posted_to_the_sites_webhook_signed(
    site, hook, receiver, terms, run_tasks, django_capture_on_commit_callbacks
):
    story = make_story(site=site, canonical_url="https://news.example.org/ferry")
    with django_capture_on_commit_callbacks(execute=True):
        result = _post(story)
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == "comment.created" and delivery.status == "pending"
    run_tasks()
    (request,) = receiver.requests
    body = _verify(request, hook.secret)
    assert request["headers"]["Townsquare-Event"] == "comment.created"
    assert request["headers"]["Townsquare-Delivery"] == str(delivery.delivery_id)
    assert body["event"] == "comment.created" and body["site"]["slug"] == site.slug
    assert body["data"]["comment"]["id"] == result.comment.pk
    assert body["data"]["story"]["url"] == "https://news.example.org/ferry"
    assert SECRET_EMAIL not in request["body"].decode()
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempts == 1
    assert delivery.response_status == 200


def test_a_tampered_body_does_not_match_its_signature():
    signature = webhook_signature(secret="s3cret", timestamp=1700000000, body=b'{"a":1}')
    assert signature != webhook_signature(secret="s3cret", timestamp=1700000000, body=b'{"a":2}')
    assert signature != webhook_signature(secret="s3cret", timestamp=1700000001, body=b'{"a":1}')
    assert signature != webhook_signature(secret="other", timestamp=1700000000, body=b'{"a":1}')


def test_only_subscribed_events_of_the_webhooks_own_site_are_sent(
    site, receiver, terms, django_capture_on_commit_callbacks
):
    Webhook.objects.create(site=site, url=receiver.url, events=["report.created"])
    Webhook.objects.create(site=make_site(), url=receiver.url, events=["comment.created"])
    Webhook.objects.create(site=site, url=receiver.url, events=list(EVENTS), active=False)
    with django_capture_on_commit_callbacks(execute=True):
        _post(make_story(site=site))
    assert not WebhookDelivery.objects.exists()


def test_a_change_that_rolls_back_sends_nothing(site, hook, terms):
    story = make_story(site=site)
    with pytest.raises(RuntimeError), transaction.atomic():
        _post(story)
        raise RuntimeError("the request failed later")
    assert not WebhookDelivery.objects.exists()


def test_decisions_and_reports_are_sent(
    site, hook, receiver, run_tasks, django_capture_on_commit_callbacks, django_user_model
):
    moderator = django_user_model.objects.create_superuser("mod", "mod@example.org", "pw")
    comment = make_comment(story=make_story(site=site), status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=comment, actor=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        report_create(comment=comment, reporter_key="k", reason="spam", details="An advert.")
    with django_capture_on_commit_callbacks(execute=True):
        comment_remove(comment=comment, reason="spam", actor=moderator)
    run_tasks()
    bodies = [_verify(r, hook.secret) for r in receiver.requests]
    assert [b["event"] for b in bodies] == ["comment.decided", "report.created", "comment.decided"]
    assert bodies[0]["data"]["decision"] == {
        "action": "approve",
        "status_before": "pending",
        "status_after": "published",
        "reason": "",
        "decided_by": "moderator",
    }
    assert bodies[1]["data"]["report"]["reason"] == "spam"
    assert bodies[2]["data"]["decision"]["status_after"] == "removed"
    assert "mod@example.org" not in str(bodies)


def test_a_failed_delivery_is_retried_with_backoff_then_delivered(
    site, hook, receiver, terms, run_tasks, django_capture_on_commit_callbacks
):
    receiver.answers = [500, 503]
    with django_capture_on_commit_callbacks(execute=True):
        _post(make_story(site=site))
    run_tasks()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "retrying" and delivery.response_status == 500
    # The wait runs from the end of the failed attempt.
    assert delivery.next_attempt_at - delivery.last_attempt_at >= retry_delay(1)
    # The retry waits in the queue until it is due; the worker does not run it early.
    assert run_tasks() == []
    for attempt in (2, 3):
        DBTaskResult.objects.filter(status="READY").update(
            run_after=timezone.now() - timedelta(seconds=1)
        )
        WebhookDelivery.objects.update(next_attempt_at=timezone.now())
        run_tasks()
        delivery.refresh_from_db()
        assert delivery.attempts == attempt
    assert delivery.status == "delivered"
    assert len(receiver.requests) == 3
    ids = {r["headers"]["Townsquare-Delivery"] for r in receiver.requests}
    assert ids == {str(delivery.delivery_id)}, "retries carry the same delivery id"
    assert retry_delay(2) == 4 * retry_delay(1)


def test_it_gives_up_after_the_last_attempt(
    site, hook, receiver, terms, run_tasks, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    receiver.answers = [500, 500, 500]
    with django_capture_on_commit_callbacks(execute=True):
        _post(make_story(site=site))
    run_tasks()
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    run_tasks()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "gave_up" and delivery.attempts == 2
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_an_unreachable_receiver_is_logged_as_an_error(
    site, terms, run_tasks, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    Webhook.objects.create(site=site, url="http://127.0.0.1:9/nothing", events=list(EVENTS))
    with django_capture_on_commit_callbacks(execute=True):
        _post(make_story(site=site))
    run_tasks()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "retrying" and delivery.response_status is None
    assert "Connection" in delivery.last_error or "refused" in delivery.last_error.lower()


def test_the_delivery_log_in_the_admin_redelivers(
    admin_client, site, hook, receiver, terms, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _post(make_story(site=site))
    run_tasks()
    delivery = WebhookDelivery.objects.get()
    assert admin_client.get("/admin/webhooks/webhookdelivery/").status_code == 200
    assert (
        admin_client.get(f"/admin/webhooks/webhookdelivery/{delivery.pk}/change/").status_code
        == 200
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/webhooks/webhookdelivery/",
            {"action": "deliver_again", "_selected_action": [delivery.pk]},
        )
    assert response.status_code == 302
    run_tasks()
    assert WebhookDelivery.objects.filter(status="delivered").count() == 2
    assert len(receiver.requests) == 2
