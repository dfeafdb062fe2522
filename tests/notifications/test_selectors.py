"""Reply e-mails in the reader's data download."""

from __future__ import annotations

import json

import pytest

from tests.factories import make_comment, make_commenter
from townsquare.notifications.selectors import notifications_data_for
from townsquare.notifications.services import (
    preference_set,
    reply_subscription_create,
    subscription_cancel,
)

pytestmark = pytest.mark.django_db


def test_the_address_subscriptions_and_delivery_choice_and_no_one_else(story):
    wren = make_commenter(email="wren@example.org", name="Wren")
    kept = make_comment(story=story, body="Later ferries, please.", commenter=wren)
    dropped = make_comment(story=story, body="And lights on the pier.", commenter=wren)
    reply_subscription_create(comment=kept, email="Wren@Example.org", confirmed=True)
    subscription_cancel(
        subscription=reply_subscription_create(
            comment=dropped, email="wren@example.org", confirmed=True
        )
    )
    preference_set(email="wren@example.org", delivery="daily")
    other = make_comment(story=story, body="Mine.", commenter=make_commenter(email="o@example.org"))
    reply_subscription_create(comment=other, email="o@example.org", confirmed=True)
    preference_set(email="o@example.org", delivery="none")

    sections = notifications_data_for(email="WREN@example.org")

    assert [(s["comment_id"], s["status"]) for s in sections["reply_subscriptions"]] == [
        (kept.pk, "active"),
        (dropped.pk, "cancelled"),
    ]
    assert sections["reply_emails"]["delivery"] == "daily"
    assert "o@example.org" not in json.dumps(sections)


def test_an_address_that_never_subscribed_gets_empty_sections():
    sections = notifications_data_for(email="nobody@example.org")
    assert sections == {"reply_subscriptions": [], "reply_emails": None}
