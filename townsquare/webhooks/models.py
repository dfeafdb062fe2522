from __future__ import annotations

import ipaddress
import secrets
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from townsquare.lib.addresses import NonPublicAddress, address_is_public, host_addresses
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
        webhook_url_check(self.url)


def webhook_url_check(url: str) -> None:
    """Refuse a URL whose host is, or resolves to, an address off the public internet.

    Unless ``WEBHOOK_ALLOW_PRIVATE_ADDRESSES`` is on, a webhook may not reach loopback, private,
    link-local, multicast or reserved addresses (the server's own services, its network, a
    cloud's metadata address). A name that does not resolve yet is accepted here; every
    delivery resolves it again and connects only to addresses that pass the same check.
    """
    if settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        return
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError as error:
        raise ValidationError({"url": f"Not a usable URL: {error}."}) from None
    if not host:
        raise ValidationError({"url": "A webhook URL names a host."})
    refused = ValidationError(
        {
            "url": f"{host} is not a public internet address: webhooks may not reach loopback, "
            "private, link-local or reserved addresses (the operator's "
            "WEBHOOK_ALLOW_PRIVATE_ADDRESSES setting allows them)."
        }
    )
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        if not address_is_public(literal):
            raise refused
        return
    try:
        host_addresses(host, port or 443)
    except NonPublicAddress:
        raise refused from None
    except (OSError, UnicodeError):
        return  # does not resolve (yet): each delivery checks again


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one webhook: the body, every attempt's answer."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        # Neutral: whether it will be retried depends on the task backend (see
        # webhooks.services.webhook_delivery_status_text, what the delivery log shows).
        RETRYING = "retrying", "Failed; attempts left"
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
            # The sweep's query: pending or retrying deliveries whose attempt is overdue.
            models.Index(fields=["status", "next_attempt_at"], name="delivery_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook.url} ({self.get_status_display()})"
