"""Reply e-mails from the form to the mailbox: double opt-in, one mail per published reply, no
mail to oneself or to an unconfirmed address, removed replies dropped, digests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.conftest import csrf_post
from tests.factories import make_comment, make_commenter, make_story
from tests.notifications.conftest import link_of
from townsquare.comments.models import Comment
from townsquare.moderation.services import comment_approve, comment_remove
from townsquare.notifications import mail, services
from townsquare.notifications.models import ReaderPreference, ReplyDelivery, ReplySubscription

pytestmark = pytest.mark.django_db
WREN = "wren@example.org"
OTTO = "otto@example.org"


@pytest.fixture
def confirm(django_capture_on_commit_callbacks):
    """Open the e-mailed link and press Continue, as the reader does."""

    def press(client, message):
        path = link_of(message, "/verify/")
        assert client.get(path).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            response = csrf_post(client, path, {}, page_url=path)
        assert response.status_code == 303
        return response

    return press


@pytest.fixture
def subscribed(reader, story, post, confirm, mailoutbox):
    """Wren's comment with reply e-mails confirmed through the link; the mailbox emptied."""
    comment = post(reader, story, email=WREN, notify=True)
    assert ReplySubscription.objects.get(comment=comment).status == "pending"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [WREN]
    confirm(reader, mailoutbox[0])
    assert ReplySubscription.objects.get(comment=comment).status == "active"
    mailoutbox.clear()
    return comment


def test_an_unverified_address_is_asked_to_confirm_and_nothing_is_sent_until_it_does(
    reader, bystander, story, post, mailoutbox
):
    comment = post(reader, story, email=WREN, notify=True)
    (opt_in,) = mailoutbox
    assert "/verify/" in opt_in.body and "replies" in opt_in.body
    mailoutbox.clear()
    post(bystander, story, email=OTTO, parent=comment, body="I disagree, politely.")
    assert mailoutbox == []
    assert not ReplyDelivery.objects.exists()


def test_a_confirmed_subscription_gets_one_mail_per_published_reply(
    subscribed, bystander, story, post, mailoutbox
):
    reply = post(bystander, story, email=OTTO, name="Otto", parent=subscribed, body="Quite so.")
    (message,) = mailoutbox
    assert message.to == [WREN]
    assert story.headline in message.subject or story.headline in message.body
    assert "> Quite so." in message.body
    assert f"#comment-{reply.pk}" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://news.example/unsubscribe/") and unsubscribe.endswith(
        ">"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert OTTO not in message.body  # the replier's address is never told
    # Heard of again (an event delivered twice): still one mail.
    services.reply_published(reply_id=reply.pk)
    assert len(mailoutbox) == 1


def test_no_mail_for_a_reply_by_the_subscriber_themselves(
    subscribed, reader, story, post, mailoutbox
):
    post(Client(), story, email=WREN.upper(), parent=subscribed, body="And another thing.")
    assert mailoutbox == []


def test_a_held_reply_is_mailed_when_a_moderator_approves_it_and_only_once(
    subscribed, story, mailoutbox, django_capture_on_commit_callbacks
):
    held = make_comment(
        story=story, parent=subscribed, status=Comment.Status.PENDING, commenter=make_commenter()
    )
    moderator = User.objects.create_superuser("chief", "chief@news.example", "pw")
    with django_capture_on_commit_callbacks(execute=True):
        assert comment_approve(comment=held, actor=moderator)
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        comment_remove(comment=held, actor=moderator, reason="off_topic")
    held.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=held, actor=moderator)
    assert len(mailoutbox) == 1


def test_a_reply_removed_before_its_mail_went_is_not_sent(
    subscribed, story, mailoutbox, django_capture_on_commit_callbacks
):
    reply = make_comment(story=story, parent=subscribed, commenter=make_commenter())
    with django_capture_on_commit_callbacks(execute=False):  # the task has not run yet
        (delivery_id,) = services.reply_published(reply_id=reply.pk)
    Comment.objects.filter(pk=reply.pk).update(status=Comment.Status.REMOVED)
    assert mail.reply_mail_send(delivery_id=delivery_id) is False
    assert mailoutbox == []
    assert ReplyDelivery.objects.get(pk=delivery_id).skipped


def test_an_unsubscribed_comment_gets_no_more_mail(subscribed, bystander, story, post, mailoutbox):
    services.unsubscribe(token=ReplySubscription.objects.get(comment=subscribed).token)
    post(bystander, story, email=OTTO, parent=subscribed)
    assert mailoutbox == []


def test_the_daily_digest_gathers_the_replies_instead_of_one_mail_each(
    subscribed, bystander, story, post, mailoutbox
):
    services.preference_set(email=WREN, delivery=ReaderPreference.Delivery.DAILY)
    post(bystander, story, email=OTTO, parent=subscribed, body="First answer.")
    post(Client(), story, email="third@example.org", parent=subscribed, body="Second answer.")
    removed = post(Client(), story, email="fourth@example.org", parent=subscribed, body="Gone.")
    Comment.objects.filter(pk=removed.pk).update(status=Comment.Status.REMOVED)
    assert mailoutbox == []
    assert mail.reader_digests_send() == 1
    (digest,) = mailoutbox
    assert digest.to == [WREN]
    assert "First answer." in digest.body and "Second answer." in digest.body
    assert "Gone." not in digest.body
    token = ReaderPreference.objects.get(email=WREN).token
    assert (
        digest.extra_headers["List-Unsubscribe"] == f"<https://news.example/unsubscribe/{token}/>"
    )
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Nothing left: the next run sends nothing; a new reply waits for the next period.
    assert mail.reader_digests_send() == 0
    post(Client(), story, email="fifth@example.org", parent=subscribed, body="Late.")
    assert mail.reader_digests_send() == 0
    later = timezone.now() + timedelta(days=1)
    assert mail.reader_digests_send(now=later) == 1
    assert "Late." in mailoutbox[-1].body
    # The digest's unsubscribe switches reply e-mails off.
    services.unsubscribe(token=token)
    assert services.preference_for(email=WREN).delivery == ReaderPreference.Delivery.NONE


def test_the_checkbox_cannot_flood_a_mailbox(reader, story, post, mailoutbox, settings):
    settings.VERIFICATION_MAILS_PER_HOUR = 2
    for n in range(4):
        post(reader, story, email=WREN, notify=True, body=f"Comment number {n}.")
    assert len(mailoutbox) == 2
    assert ReplySubscription.objects.filter(status="pending").count() == 4


def test_the_moderators_digest_counts_what_waits(moderator, story, mailoutbox):
    assert mail.moderator_digest_send() == 0  # nothing waits: nothing sent
    assert mailoutbox == []
    other = make_story()
    oldest = make_comment(story=other, status=Comment.Status.PENDING, body="Old one")
    Comment.objects.filter(pk=oldest.pk).update(created_at=timezone.now() - timedelta(days=2))
    make_comment(story=story, status=Comment.Status.PENDING)
    make_comment(story=story, status=Comment.Status.PUBLISHED)
    User.objects.create_user("reporter", email="not-a-moderator@news.example", password="x")
    assert mail.moderator_digest_send() == 1
    (digest,) = mailoutbox
    assert digest.to == ["desk@news.example"]
    assert "Pending: 2" in digest.body and "Reported" not in digest.body
    assert other.headline in digest.body
    assert "https://news.example/moderate/" in digest.body
    assert "2 comments waiting" in digest.subject


def _periodic_tasks(tmp_path, **env) -> list[str]:
    code = (
        "import json, django; django.setup(); "
        "from townsquare.lib.periodic import periodic_tasks; "
        "print(json.dumps(list(periodic_tasks())))"
    )
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}
    } | {"TOWNSQUARE_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "townsquare.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=environment | env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


MODERATORS = "townsquare.notifications.tasks.moderator_digest_task"
READERS = "townsquare.notifications.tasks.reader_digest_task"


def test_the_digests_are_periodic_jobs_that_can_be_turned_off(tmp_path):
    assert {MODERATORS, READERS} <= set(_periodic_tasks(tmp_path))
    tasks = _periodic_tasks(tmp_path, MODERATOR_DIGEST_SECONDS="0")
    assert MODERATORS not in tasks and READERS in tasks


def test_erasing_a_readers_data_drops_their_reply_mails_and_sessions(subscribed, reader):
    from townsquare.readers.models import ReaderSession, VerifiedAddress

    services.preference_set(email=WREN, delivery=ReaderPreference.Delivery.DAILY)
    assert ReaderSession.objects.filter(email=WREN).exists()
    User.objects.create_superuser("chief", "chief@news.example", "pw")
    call_command("reader_data", "erase", WREN, "--moderator", "chief", "--yes")
    assert not ReplySubscription.objects.filter(email=WREN).exists()
    assert not ReaderPreference.objects.filter(email=WREN).exists()
    assert not ReaderSession.objects.filter(email=WREN).exists()
    assert not VerifiedAddress.objects.filter(email=WREN).exists()
