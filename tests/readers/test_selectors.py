"""The data download: what the readers app holds about an address, and nothing of anyone
else's (reply e-mails are tests/notifications/test_selectors.py's)."""

from __future__ import annotations

import json

import pytest

from townsquare.readers.selectors import reader_data_for
from townsquare.readers.services import reader_session_revoke, reader_session_start

pytestmark = pytest.mark.django_db


def test_the_download_holds_the_address_verification_and_sessions_without_secrets():
    laptop, laptop_token = reader_session_start(email="wren@example.org")
    reader_session_start(email="wren@example.org")
    reader_session_revoke(session=laptop)
    reader_session_start(email="o@example.org")  # someone else's stays out

    document = reader_data_for(email="WREN@example.org")

    assert document["verified_at"] is not None
    assert [s["signed_out_at"] is not None for s in document["reader_sessions"]] == [True, False]
    text = json.dumps(document)
    assert laptop_token not in text and laptop.token_hash not in text


def test_an_address_that_never_signed_in_gets_empty_sections():
    document = reader_data_for(email="nobody@example.org")
    assert document["verified_at"] is None and document["reader_sessions"] == []


def test_the_download_joins_the_reply_email_sections_of_the_app_above(story):
    from tests.factories import make_comment, make_commenter
    from townsquare.notifications.services import preference_set, reply_subscription_create

    wren = make_commenter(email="wren@example.org", name="Wren")
    comment = make_comment(story=story, body="Later ferries, please.", commenter=wren)
    reply_subscription_create(comment=comment, email="wren@example.org", confirmed=True)
    preference_set(email="wren@example.org", delivery="daily")

    document = reader_data_for(email="wren@example.org")

    assert [s["comment_id"] for s in document["reply_subscriptions"]] == [comment.pk]
    assert document["reply_emails"]["delivery"] == "daily"
