"""A reply e-mail's subject shows the replier's name as a quoted, short, single-line name.

The name is typed by whoever replies. The sweep of issue 20 found it in the subject as typed, so a
reply signed "Your account will be closed. Sign in at harbour-login.example to keep it" read as a
message from the newsroom itself; names from imports also kept control characters.
"""

from __future__ import annotations

import pytest

from tests.factories import make_comment
from tests.notifications import test_services as reply_mail_tests
from townsquare.notifications import mail
from townsquare.notifications.models import ReplyDelivery, ReplySubscription

pytestmark = pytest.mark.django_db
# A confirmed subscription, as the reply e-mail tests make it.
confirm, subscribed = reply_mail_tests.confirm, reply_mail_tests.subscribed
OTTO, WREN = reply_mail_tests.OTTO, reply_mail_tests.WREN

POSING = "Your account will be closed. Sign in at harbour-login.example to keep it"


def test_a_posing_name_is_quoted_and_cut_short(subscribed, bystander, story, post, mailoutbox):
    post(bystander, story, email=OTTO, name=POSING, parent=subscribed, body="Quite so.")
    (message,) = mailoutbox
    assert message.to == [WREN]
    assert message.subject.startswith(
        f"[{mail.settings.SITE_NAME}] “Your account will be closed. Sign in at…” replied to your "
        "comment on "
    )
    assert POSING not in message.subject


def test_control_and_direction_characters_never_reach_the_subject(subscribed, story, mailoutbox):
    # An imported comment's name is stored as the old system had it.
    reply = make_comment(
        story=story, parent=subscribed, author_name="Ot\u202eto\x07\r\nBcc: x@example.org\u200b"
    )
    delivery = ReplyDelivery.objects.create(
        subscription=ReplySubscription.objects.get(comment=subscribed),
        reply=reply,
        mode=ReplyDelivery.Mode.EACH,
    )
    assert mail.reply_mail_send(delivery_id=delivery.pk)
    subject = mailoutbox[-1].subject
    assert "“Otto Bcc: x@example.org” replied to your comment on" in subject
    assert not any(ord(c) < 32 or c in "\u202e\u200b" for c in subject)


def test_an_ordinary_name_reads_naturally(subscribed, bystander, story, post, mailoutbox):
    post(bystander, story, email=OTTO, name="Otto", parent=subscribed, body="Quite so.")
    assert "“Otto” replied to your comment on" in mailoutbox[0].subject
