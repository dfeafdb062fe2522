"""Issue 20, case 3: one client made the site send sign-in links to 100 addresses in 9 seconds.

The limit per address (``VERIFICATION_MAILS_PER_HOUR``) cannot see a client that types a new
address each time; the client itself (its browser, its IP address) and its network are limited
too, counted before anything is sent.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from townsquare.readers.models import EmailVerification

pytestmark = pytest.mark.django_db

STRANGERS = 100


@pytest.fixture
def real_limits(settings):
    settings.VERIFICATION_MAILS_PER_HOUR = 3
    settings.VERIFICATION_MAILS_PER_CLIENT_PER_HOUR = 5
    settings.VERIFICATION_MAILS_PER_NETWORK_PER_HOUR = 50


def test_one_client_cannot_mail_a_hundred_strangers_from_the_sign_in_page(
    real_limits, mailoutbox, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(
                "/your-comments/sign-in/", {"email": f"stranger-{n}@example.net"}
            ).status_code
            for n in range(STRANGERS)
        ]
    assert len(mailoutbox) == 5 and EmailVerification.objects.count() == 5
    assert 500 not in statuses
    refused = client.post("/your-comments/sign-in/", {"email": "one-more@example.net"})
    assert "a lot of links" in refused.content.decode()


def test_dropping_cookies_does_not_help_and_the_api_says_429(
    real_limits, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(STRANGERS):
            Client().post(
                "/api/v1/reader/sign-in",
                json.dumps({"email": f"stranger-{n}@example.net"}),
                content_type="application/json",
            )
    assert len(mailoutbox) == 5
    refused = Client().post(
        "/api/v1/reader/sign-in",
        json.dumps({"email": "one-more@example.net"}),
        content_type="application/json",
    )
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"


def test_a_network_of_many_addresses_is_limited_loosely(
    real_limits, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(STRANGERS):
            Client(REMOTE_ADDR=f"198.51.100.{n + 1}").post(
                "/your-comments/sign-in/", {"email": f"stranger-{n}@example.net"}
            )
    assert len(mailoutbox) == 50
    # Another network is not held up by this one.
    with django_capture_on_commit_callbacks(execute=True):
        Client(REMOTE_ADDR="203.0.113.9").post(
            "/your-comments/sign-in/", {"email": "reader@example.org"}
        )
    assert len(mailoutbox) == 51
