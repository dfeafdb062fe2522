from __future__ import annotations

import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import models

from townsquare.lib.events import EVENTS


def webhook_secret_new() -> str:
    return secrets.token_urlsafe(32)


class Webhook(models.Model):
    """A URL of the site's own systems that is sent the events it subscribes to, signed.

    The secret signs every delivery (HMAC-SHA256, docs/api.md#webhooks); the receiver keeps the
    same secret to check it, so it is stored as it is (not hashed) and shown to administrators.
    """

    site = models.ForeignKey("sites.Site", on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=500, help_text="Receives a POST of JSON per event.")
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(
        default=list, help_text=f"Any of: {', '.join(EVENTS)}; empty sends nothing."
    )
    secret = models.CharField(
        max_length=100,
        default=webhook_secret_new,
        help_text="Signs each delivery; give the receiver the same secret.",
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["site", "url"]

    def __str__(self) -> str:
        return f"{self.url} ({self.site})"

    def clean(self) -> None:
        events = list(dict.fromkeys(self.events or []))
        unknown = [e for e in events if e not in EVENTS]
        if unknown:
            raise ValidationError({"events": f"Unknown event {unknown[0]!r}."})
        self.events = events
        if not self.url.lower().startswith(("http://", "https://")):
            raise ValidationError({"url": "A webhook URL is an http or https address."})


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one webhook: the body, every attempt's answer."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        RETRYING = "retrying", "Failed; will be retried"
        DELIVERED = "delivered", "Delivered"
        GAVE_UP = "gave_up", "Failed; no more retries"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    delivery_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(max_length=40)
    payload = models.JSONField(help_text="The JSON body, sent unchanged on every attempt.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        indexes = [
            models.Index(fields=["webhook", "-created_at"], name="delivery_webhook_created"),
            models.Index(fields=["status", "-created_at"], name="delivery_status_created"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook.url} ({self.get_status_display()})"
