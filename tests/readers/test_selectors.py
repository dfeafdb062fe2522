"""The data download: everything an address keys, and nothing of anyone else's."""

from __future__ import annotations

import json

import pytest

from tests.factories import make_comment, make_commenter
from townsquare.notifications.services import (
    preference_set,
    reply_subscription_create,
    subscription_cancel,
)
from townsquare.readers.selectors import reader_data_for
from townsquare.readers.services import reader_session_revoke, reader_session_start

pytestmark = pytest.mark.django_db


def test_the_download_holds_the_address_own_sessions_subscriptions_and_delivery_choice(story):
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
    laptop, laptop_token = reader_session_start(email="wren@example.org")
    reader_session_start(email="wren@example.org")
    reader_session_revoke(session=laptop)
    # Someone else's subscription, preference and session stay out of it.
    other = make_comment(story=story, body="Mine.", commenter=make_commenter(email="o@example.org"))
    reply_subscription_create(comment=other, email="o@example.org", confirmed=True)
    preference_set(email="o@example.org", delivery="none")
    reader_session_start(email="o@example.org")

    document = reader_data_for(email="WREN@example.org")

    assert document["verified_at"] is not None
    assert [s["signed_out_at"] is not None for s in document["reader_sessions"]] == [True, False]
    assert [(s["comment_id"], s["status"]) for s in document["reply_subscriptions"]] == [
        (kept.pk, "active"),
        (dropped.pk, "cancelled"),
    ]
    assert document["reply_emails"]["delivery"] == "daily"
    text = json.dumps(document)
    assert laptop_token not in text and laptop.token_hash not in text
    assert "o@example.org" not in text


def test_an_address_that_never_signed_in_or_subscribed_gets_empty_sections(story):
    document = reader_data_for(email="nobody@example.org")
    assert document["verified_at"] is None
    assert document["reader_sessions"] == document["reply_subscriptions"] == []
    assert document["reply_emails"] is None
