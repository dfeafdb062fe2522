"""The unsubscribe link: GET shows a button and changes nothing; POST unsubscribes with no
cookie and no CSRF token (RFC 8058 one-click)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import make_comment, make_story
from townsquare.notifications import services
from townsquare.notifications.models import ReaderPreference, ReplySubscription

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mail_tasks_at_once")]


@pytest.fixture
def subscription():
    comment = make_comment(story=make_story(headline="Harbour wall to be rebuilt"))
    return services.reply_subscription_create(
        comment=comment, email=comment.commenter.email, confirmed=True
    )


def test_opening_the_link_only_shows_the_button(subscription):
    client = Client(enforce_csrf_checks=True)
    for _ in range(3):  # a mail scanner, a link preview, the reader
        response = client.get(f"/unsubscribe/{subscription.token}/")
        assert response.status_code == 200
    html = response.content.decode()
    assert "Harbour wall to be rebuilt" in html and '<form method="post"' in html
    subscription.refresh_from_db()
    assert subscription.status == ReplySubscription.Status.ACTIVE


def test_one_click_post_unsubscribes_without_cookie_or_csrf_token(subscription):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/unsubscribe/{subscription.token}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == ReplySubscription.Status.CANCELLED
    # Again: harmless, still 200.
    assert client.post(f"/unsubscribe/{subscription.token}/").status_code == 200


def test_the_digest_link_switches_reply_mails_off(db):
    preference = services.preference_set(email="wren@example.org", delivery="daily")
    client = Client(enforce_csrf_checks=True)
    assert "digest" in client.get(f"/unsubscribe/{preference.token}/").content.decode()
    assert services.preference_for(email="wren@example.org").delivery == "daily"
    client.post(f"/unsubscribe/{preference.token}/")
    assert ReaderPreference.objects.get(pk=preference.pk).delivery == "none"


@pytest.mark.parametrize("token", ["nope", "x" * 500, "%00", "..%2F"])
def test_an_unknown_or_mangled_token_is_a_404_page(db, token):
    assert Client().get(f"/unsubscribe/{token}/").status_code == 404
    assert Client().post(f"/unsubscribe/{token}/").status_code == 404


def test_the_api_and_embed_post_ask_for_reply_mails_with_double_opt_in(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    import json

    from tests.factories import make_site

    origin = "https://gazette.example"
    make_site(origins=[origin])

    def api_post(path, data):
        return client.post(
            path, json.dumps(data), content_type="application/json", HTTP_ORIGIN=origin
        )

    token = client.get("/api/v1/threads", {"url": f"{origin}/ferry"}, HTTP_ORIGIN=origin).json()[
        "thread_token"
    ]
    started = api_post("/api/v1/forms", {"thread_token": token}).json()
    with django_capture_on_commit_callbacks(execute=True):
        response = api_post(
            "/api/v1/comments",
            {
                "thread_token": token,
                "author": "Wren",
                "email": "wren@example.org",
                "comment": "Via the embed.",
                "form_started": started["form_started"],
                "device_token": started["device_token"],
                "notify_replies": True,
            },
        )
    assert response.status_code == 201
    assert "open the link" in response.json()["replies_notice"]
    subscription = ReplySubscription.objects.get()
    assert subscription.status == ReplySubscription.Status.PENDING
    (opt_in,) = mailoutbox
    assert opt_in.to == ["wren@example.org"] and "/verify/" in opt_in.body
