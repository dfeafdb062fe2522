from __future__ import annotations

from django.db import models
from django.db.models import Q


class ReplySubscription(models.Model):
    """ "Email me replies to this comment": asked for on the form, one per comment.

    Pending until the address is confirmed (a verification link, unless the comment came from a
    reader session for the address); only an active subscription is ever mailed.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the address to be confirmed"
        ACTIVE = "active", "Active"
        CANCELLED = "cancelled", "Unsubscribed"

    comment = models.OneToOneField("comments.Comment", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(max_length=254, help_text="Normalised; the comment's address.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    verification = models.ForeignKey(
        "readers.EmailVerification",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The opt-in link whose confirmation activates it.",
    )
    token = models.CharField(max_length=43, unique=True, help_text="Unsubscribe link secret.")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["email", "status"], name="subscription_email_status")]

    def __str__(self) -> str:
        return f"replies to comment {self.comment_id} ({self.status})"


class ReaderPreference(models.Model):
    """How one address wants reply e-mails: each reply, a daily digest, or none."""

    class Delivery(models.TextChoices):
        EACH = "each", "An e-mail for each reply"
        DAILY = "daily", "One daily digest"
        NONE = "none", "No reply e-mails"

    email = models.EmailField(max_length=254, unique=True, help_text="Normalised.")
    delivery = models.CharField(max_length=5, choices=Delivery.choices, default=Delivery.EACH)
    token = models.CharField(max_length=43, unique=True, help_text="Digest unsubscribe secret.")
    last_digest_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.get_delivery_display()


class ReplyDelivery(models.Model):
    """One reply to tell one subscription about: mailed at once, or gathered for the digest.

    Unique per (subscription, reply), so a reply approved twice, or heard of twice, is told
    once. ``sent_at`` is claimed with a conditional UPDATE before the mail goes.
    """

    class Mode(models.TextChoices):
        EACH = "each", "Its own e-mail"
        DIGEST = "digest", "The daily digest"

    subscription = models.ForeignKey(
        ReplySubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    reply = models.ForeignKey("comments.Comment", on_delete=models.CASCADE, related_name="+")
    mode = models.CharField(max_length=6, choices=Mode.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    skipped = models.CharField(
        max_length=40, blank=True, help_text="Why it was not sent (reply gone, unsubscribed)."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "reply"], name="delivery_once"),
        ]
        indexes = [
            models.Index(
                fields=["mode", "created_at"],
                condition=Q(sent_at__isnull=True, skipped=""),
                name="delivery_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"reply {self.reply_id} for subscription {self.subscription_id}"
