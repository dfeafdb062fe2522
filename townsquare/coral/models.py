from __future__ import annotations

from django.db import models
from django.db.models import Q


class CoralSigningSecret(models.Model):
    """A secret Coral signs its external moderation phase requests for one site with.

    Coral makes the secret (``empsec_…``, shown in Coral's admin) and we keep a copy: checking
    an HMAC needs the secret itself, so unlike an API token it cannot be kept as a hash. It is
    stored as it is, as webhook secrets are (docs/coral.md says so); the admin and the
    command show only its first characters after it is saved. Several may be live for a site at
    once: while Coral rotates a secret it signs with both, and either matches.
    """

    site = models.ForeignKey(
        "sites.Site", on_delete=models.CASCADE, related_name="coral_signing_secrets"
    )
    name = models.CharField(
        max_length=100, blank=True, help_text="What it is for, e.g. 'Coral phase, rotated May'."
    )
    secret = models.CharField(max_length=200)
    prefix = models.CharField(
        max_length=16, editable=False, help_text="The secret's first characters, to recognise it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["site", "-created_at"]
        indexes = [
            models.Index(
                fields=["site"], condition=Q(revoked_at__isnull=True), name="coralsecret_live"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.site})"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None


class CoralPhaseSettings(models.Model):
    """How the Coral phase answers for one site, beyond the site's moderation thresholds.

    A site without a row gets the defaults: nothing is rejected outright.
    """

    site = models.OneToOneField(
        "sites.Site", on_delete=models.CASCADE, related_name="coral_phase_settings"
    )
    reject_directed = models.BooleanField(
        default=False,
        help_text="Let the phase reject (status REJECTED, with a reason) a comment in the reject "
        "band that is a directed attack, hate or a threat. Off: such comments are withheld "
        "for Coral's moderators, like the hold band.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Coral phase settings"
        verbose_name_plural = "Coral phase settings"

    def __str__(self) -> str:
        return f"Coral phase settings ({self.site})"
