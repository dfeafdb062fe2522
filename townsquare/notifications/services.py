"""Write-side services for notifications: reply subscriptions, preferences, unsubscribing, the
event handler for published replies, and the digests.

A reply is told about once it is *published* (at posting, or when a moderator approves it):
``notification_event_handle`` hears of it through ``lib.events`` and writes one
``ReplyDelivery`` per active subscription of the comment it answers (unique, so never twice),
then either mails it from a task (``reply_mail_send``, which checks again that the reply is
still published and the subscription active) or leaves it for the reader's daily digest.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from townsquare.comments.models import Comment
from townsquare.lib.events import COMMENT_CREATED, COMMENT_DECIDED
from townsquare.lib.identity import normalise_email
from townsquare.notifications.models import ReaderPreference, ReplyDelivery, ReplySubscription
from townsquare.readers.models import EmailVerification
from townsquare.readers.services import comment_signed_in_record, verification_send

_TOKEN = re.compile(r"[A-Za-z0-9_-]+")


def _token() -> str:
    return secrets.token_urlsafe(32)


# --- Subscribing --------------------------------------------------------------------------------

# What the poster is told about their subscription, by its status.
SUBSCRIPTION_NOTICE = {
    ReplySubscription.Status.ACTIVE: "You will get an e-mail when someone replies to your comment.",
    ReplySubscription.Status.PENDING: (
        "To start the e-mails about replies, open the link we sent to your address: it "
        "confirms the address is yours."
    ),
    ReplySubscription.Status.CANCELLED: "You unsubscribed from replies to this comment.",
}


def comment_posted_record(
    *, comment: Comment, session_email: str | None, notify_replies: bool
) -> ReplySubscription | None:
    """What the reader's post asked for besides the comment, called by every posting interface.

    Records whether the comment came from a reader session for its own address, and with
    ``notify_replies`` subscribes the address to replies: at once when it came from that
    session, otherwise pending a confirmation link (double opt-in; the link is sent under the
    same hourly cap as every verification mail, so the box cannot flood a stranger's mailbox).
    Robots' posts (spam) get neither.
    """
    if comment.status == Comment.Status.SPAM or not (session_email or notify_replies):
        return None  # nothing to record: no transaction (on SQLite, no wait for the write lock)
    with transaction.atomic():
        email = comment.commenter.email
        signed_in = comment_signed_in_record(
            comment_id=comment.pk,
            commenter_email=email,
            session_email=session_email,
        )
        if not notify_replies:
            return None
        return reply_subscription_create(comment=comment, email=email, confirmed=signed_in)


@transaction.atomic
def reply_subscription_create(
    *, comment: Comment, email: str, confirmed: bool
) -> ReplySubscription:
    address = normalise_email(email)
    existing = ReplySubscription.objects.filter(comment=comment).first()
    if existing is not None:
        return existing
    now = timezone.now()
    subscription = ReplySubscription.objects.create(
        comment=comment,
        email=address,
        status=ReplySubscription.Status.ACTIVE if confirmed else ReplySubscription.Status.PENDING,
        confirmed_at=now if confirmed else None,
        token=_token(),
    )
    if not confirmed:
        verification = verification_send(
            email=address, purpose=EmailVerification.Purpose.REPLY_OPT_IN
        )
        if verification is not None:
            subscription.verification = verification
            subscription.save(update_fields=["verification"])
    return subscription


def subscriptions_confirm(*, verification_id: int, email: str) -> int:
    """Activate the pending subscriptions an opt-in link was sent for; how many."""
    return ReplySubscription.objects.filter(
        verification_id=verification_id,
        email=normalise_email(email),
        status=ReplySubscription.Status.PENDING,
    ).update(status=ReplySubscription.Status.ACTIVE, confirmed_at=timezone.now())


def subscription_activate(*, subscription: ReplySubscription) -> bool:
    """Turn replies on for a comment from the reader's own page (their session proves the
    address), or back on after unsubscribing."""
    return bool(
        ReplySubscription.objects.filter(pk=subscription.pk)
        .exclude(status=ReplySubscription.Status.ACTIVE)
        .update(
            status=ReplySubscription.Status.ACTIVE,
            confirmed_at=timezone.now(),
            cancelled_at=None,
        )
    )


def subscription_cancel(*, subscription: ReplySubscription) -> bool:
    """Stop the mails about replies to one comment; False if they were stopped already."""
    return bool(
        ReplySubscription.objects.filter(pk=subscription.pk)
        .exclude(status=ReplySubscription.Status.CANCELLED)
        .update(status=ReplySubscription.Status.CANCELLED, cancelled_at=timezone.now())
    )


@transaction.atomic
def reader_subscribe(*, comment: Comment, email: str) -> ReplySubscription:
    """From the reader's own page: replies to one of their comments, on at once."""
    subscription = ReplySubscription.objects.filter(comment=comment).first()
    if subscription is None:
        return reply_subscription_create(comment=comment, email=email, confirmed=True)
    subscription_activate(subscription=subscription)
    subscription.refresh_from_db()
    return subscription


# --- Preferences ------------------------------------------------------------------------------


def preference_for(*, email: str) -> ReaderPreference:
    """The address's preference (a default "each reply" one, unsaved, when none was set)."""
    address = normalise_email(email)
    found = ReaderPreference.objects.filter(email=address).first()
    return found or ReaderPreference(email=address, delivery=ReaderPreference.Delivery.EACH)


class PreferenceInvalid(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@transaction.atomic
def preference_set(*, email: str, delivery: str) -> ReaderPreference:
    """Set how reply e-mails reach the address: each reply, a daily digest, or none."""
    if delivery not in ReaderPreference.Delivery.values:
        raise PreferenceInvalid("Choose one of the ways to receive replies.")
    address = normalise_email(email)
    preference, created = ReaderPreference.objects.get_or_create(
        email=address, defaults={"delivery": delivery, "token": _token()}
    )
    if not created and preference.delivery != delivery:
        preference.delivery = delivery
        preference.save(update_fields=["delivery", "updated_at"])
    return preference


def preference_token(*, email: str) -> str:
    """The digest mail's unsubscribe token, made on first need."""
    address = normalise_email(email)
    preference, _ = ReaderPreference.objects.get_or_create(
        email=address,
        defaults={"delivery": ReaderPreference.Delivery.EACH, "token": _token()},
    )
    return preference.token


# --- Unsubscribing (the link in every mail) -----------------------------------------------------

TOKEN_MAX = 64


def unsubscribe_target(*, token: str) -> ReplySubscription | ReaderPreference | None:
    """What an unsubscribe link stands for: one comment's replies, or an address's digest."""
    # Tokens are URL-safe base64 (secrets.token_urlsafe); anything else names nobody, and must
    # not reach the database (PostgreSQL refuses a NUL in a query).
    if not token or len(token) > TOKEN_MAX or not _TOKEN.fullmatch(token):
        return None
    subscription = (
        ReplySubscription.objects.select_related("comment__story").filter(token=token).first()
    )
    if subscription is not None:
        return subscription
    return ReaderPreference.objects.filter(token=token).first()


@transaction.atomic
def unsubscribe(*, token: str) -> ReplySubscription | ReaderPreference | None:
    """Act on an unsubscribe link (the POST only: RFC 8058's one click, or the page's button).

    A comment's link stops the replies to that comment; a digest's link switches the address's
    reply e-mails off altogether. Doing it twice is harmless. None for a token of nobody's.
    """
    target = unsubscribe_target(token=token)
    if isinstance(target, ReplySubscription):
        subscription_cancel(subscription=target)
        target.refresh_from_db()
    elif isinstance(target, ReaderPreference):
        preference_set(email=target.email, delivery=ReaderPreference.Delivery.NONE)
        target.refresh_from_db()
    return target


# --- Published replies --------------------------------------------------------------------------


def notification_event_handle(*, name: str, site_id: int, data: dict[str, Any]) -> list[int]:
    """The ``lib.events`` listener (``apps.py``): a comment published at posting or by decision."""
    if name == COMMENT_CREATED and "answers_id" in data and data["answers_id"] is None:
        return []  # a top-level comment answers nobody
    if name == COMMENT_CREATED or (
        name == COMMENT_DECIDED
        and data.get("status_after") == Comment.Status.PUBLISHED
        and data.get("status_before") != Comment.Status.PUBLISHED
    ):
        return reply_published(reply_id=data["comment_id"])
    return []


def reply_published(*, reply_id: int) -> list[int]:
    """Note a published reply for the subscription of the comment it answers; delivery ids.

    Nothing for a reply by the subscriber themselves (their own address), for a subscription
    not confirmed or cancelled, or for an address whose preference is "no e-mails". The reply's
    own mail goes from a task after the commit; a digest reader's waits for the digest.
    """
    from townsquare.notifications.tasks import reply_mail_task

    reply = (
        Comment.objects.select_related("commenter")
        .filter(pk=reply_id, status=Comment.Status.PUBLISHED)
        .first()
    )
    if reply is None:
        return []
    answered_id = reply.reply_to_id or reply.parent_id
    if answered_id is None:
        return []
    subscription = ReplySubscription.objects.filter(
        comment_id=answered_id, status=ReplySubscription.Status.ACTIVE
    ).first()
    if subscription is None or subscription.email == reply.commenter.email:
        return []
    delivery_kind = preference_for(email=subscription.email).delivery
    if delivery_kind == ReaderPreference.Delivery.NONE:
        return []
    mode = (
        ReplyDelivery.Mode.DIGEST
        if delivery_kind == ReaderPreference.Delivery.DAILY
        else ReplyDelivery.Mode.EACH
    )
    try:
        with transaction.atomic():
            delivery = ReplyDelivery.objects.create(
                subscription=subscription, reply=reply, mode=mode
            )
    except IntegrityError:
        return []  # heard of already (approved twice, or an event delivered twice)
    if mode == ReplyDelivery.Mode.EACH:
        transaction.on_commit(partial(reply_mail_task.enqueue, delivery_id=delivery.pk))
    return [delivery.pk]


def delivery_still_wanted(delivery: ReplyDelivery) -> str:
    """Why a waiting delivery must not be sent now ("" when it may)."""
    if delivery.reply.status != Comment.Status.PUBLISHED:
        return "reply no longer published"
    if delivery.subscription.status != ReplySubscription.Status.ACTIVE:
        return "unsubscribed"
    if preference_for(email=delivery.subscription.email).delivery == ReaderPreference.Delivery.NONE:
        return "reply e-mails off"
    return ""


# --- Erasure --------------------------------------------------------------------------------------


def notifications_erase(*, email: str) -> int:
    """Forget the address's subscriptions and preference (a reader's data erasure)."""
    address = normalise_email(email)
    deleted, _ = ReplySubscription.objects.filter(email=address).delete()
    ReaderPreference.objects.filter(email=address).delete()
    return deleted


def digest_due(*, preference: ReaderPreference, every: timedelta, now) -> bool:
    """One digest per period: a second run within 90% of it (a retried task) sends nothing."""
    return preference.last_digest_at is None or preference.last_digest_at <= now - every * 0.9
