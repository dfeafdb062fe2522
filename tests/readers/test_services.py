"""E-mail verification: signed, expiring, single use, purpose-scoped, throttled, mailed by a
task after the commit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.readers.conftest import link_in
from townsquare.readers.models import EmailVerification
from townsquare.readers.services import (
    VerificationRefused,
    verification_check,
    verification_confirm,
    verification_send,
    verification_token,
)

pytestmark = pytest.mark.django_db
DATA = EmailVerification.Purpose.DATA_RIGHTS


def send(email="Reader@Example.org", purpose=DATA, capture=None):
    with capture(execute=True):
        verification_send(email=email, purpose=purpose)


def test_the_link_is_mailed_after_commit_and_proves_the_address(
    mailoutbox, django_capture_on_commit_callbacks
):
    send(capture=django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["reader@example.org"]
    assert "60 minutes" in message.body and "ignore this e-mail" in message.body
    token = link_in(message).split("/verify/")[1].rstrip("/")
    assert verification_check(token=token).email == "reader@example.org"
    verified = verification_confirm(token=token)
    assert (verified.email, verified.purpose) == ("reader@example.org", DATA)


def test_nothing_is_mailed_when_the_transaction_rolls_back(
    mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        verification_send(email="a@example.org", purpose=DATA)
        raise RuntimeError("rolled back")
    assert mailoutbox == []


def test_the_mail_is_a_task_for_the_worker(settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    send(capture=django_capture_on_commit_callbacks)
    task = DBTaskResult.objects.get()
    assert task.task_path.endswith("verification_mail_task")
    assert "nonce" not in str(task.args_kwargs)  # only the id travels; the link is built then


def test_a_link_works_once(django_capture_on_commit_callbacks):
    verification_send(email="a@example.org", purpose=DATA)
    token = verification_token(EmailVerification.objects.get())
    verification_confirm(token=token)
    with pytest.raises(VerificationRefused, match="already been used"):
        verification_confirm(token=token)
    with pytest.raises(VerificationRefused, match="already been used"):
        verification_check(token=token)


def test_an_expired_link_is_refused(settings):
    verification_send(email="a@example.org", purpose=DATA)
    verification = EmailVerification.objects.get()
    EmailVerification.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(VerificationRefused, match="expired"):
        verification_confirm(token=verification_token(verification))


def test_forged_altered_and_cross_purpose_links_are_refused():
    verification_send(email="a@example.org", purpose=DATA)
    verification = EmailVerification.objects.get()
    token = verification_token(verification)
    with pytest.raises(VerificationRefused, match="not valid"):
        verification_confirm(token=token[:-3] + "abc")
    forged = signing.dumps(
        {"v": verification.pk, "n": "guess"}, salt="townsquare.readers.verification"
    )
    with pytest.raises(VerificationRefused, match="not valid"):
        verification_confirm(token=forged)
    with pytest.raises(VerificationRefused, match="not valid here"):
        verification_confirm(token=token, purpose="reader_session")
    with pytest.raises(VerificationRefused):
        verification_confirm(token="x" * 5000)


def test_sending_is_throttled_silently_per_address(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.VERIFICATION_MAILS_PER_HOUR = 2
    for _ in range(4):
        send(email="a@example.org", capture=django_capture_on_commit_callbacks)
    send(email="b@example.org", capture=django_capture_on_commit_callbacks)
    assert [m.to[0] for m in mailoutbox] == ["a@example.org", "a@example.org", "b@example.org"]


def test_only_an_address_is_refused():
    for bad in ("", "not an address", "a@" + "b" * 300 + ".example"):
        with pytest.raises(VerificationRefused, match="valid e-mail"):
            verification_send(email=bad, purpose=DATA)
    with pytest.raises(ValueError):
        verification_send(email="a@example.org", purpose="anything")


def test_erasure_takes_the_reply_email_subscriptions_and_delivery_choice_with_it(story):
    from tests.factories import make_comment, make_commenter
    from townsquare.notifications.models import ReaderPreference, ReplySubscription
    from townsquare.notifications.services import preference_set, reply_subscription_create
    from townsquare.readers.services import reader_data_erase

    wren = make_commenter(email="wren@example.org", name="Wren")
    answered = make_comment(story=story, body="Later ferries, please.", commenter=wren)
    make_comment(story=story, body="Agreed.", parent=answered)  # so it stays, as a tombstone
    reply_subscription_create(comment=answered, email="wren@example.org", confirmed=True)
    preference_set(email="wren@example.org", delivery="daily")
    other = make_comment(story=story, body="Mine.", commenter=make_commenter(email="o@example.org"))
    reply_subscription_create(comment=other, email="o@example.org", confirmed=True)

    reader_data_erase(email="Wren@Example.org")

    assert list(ReplySubscription.objects.values_list("email", flat=True)) == ["o@example.org"]
    assert not ReaderPreference.objects.filter(email="wren@example.org").exists()
