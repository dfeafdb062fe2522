from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ApiToken(models.Model):
    """A staff member's key to the staff API, with the scopes it may use.

    Only a SHA-256 hash of the token is stored: the token itself is shown once, when it is made
    (``accounts.services.api_token_create``), and a lost token is revoked and replaced. A token
    acts as its user, whose staff role still decides what it may touch; the scopes narrow that.
    """

    class Scope(models.TextChoices):
        QUEUE_READ = "queue:read", "Read the moderation queue"
        COMMENTS_DECIDE = "comments:decide", "Approve, reject, remove and feature comments"
        SANCTIONS_WRITE = "sanctions:write", "Warn, suspend, ban, pre-moderate and lift"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. 'Slack bot'.")
    scopes = models.JSONField(default=list)
    prefix = models.CharField(
        max_length=12, editable=False, help_text="The token's first characters, to recognise it."
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"
        indexes = [
            models.Index(
                fields=["token_hash"], condition=Q(revoked_at__isnull=True), name="apitoken_live"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None


class SignInCount(models.Model):
    """Recent staff sign-in attempts counted under one key: a username, a browser or a network.

    Kept in the database rather than the cache because the count must be raised and read in one
    step by every web process at once (``accounts.services.login_attempt_start``): an UPDATE holds
    the row until the transaction ends on PostgreSQL and SQLite alike, whereas Django's database
    cache raises a count by reading it and writing it back, so simultaneous guesses all read the
    same count. The key is a keyed hash, so no username or address is stored.
    """

    key = models.CharField(max_length=64, primary_key=True)
    attempts = models.PositiveIntegerField(default=0)
    window_ends = models.DateTimeField(db_index=True)
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.key[:8]}…: {self.attempts}"
