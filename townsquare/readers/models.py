from __future__ import annotations

from django.db import models


class EmailVerification(models.Model):
    """A link e-mailed to an address, proving that whoever opens it reads that mailbox.

    Signed, expiring and single use (see ``readers.services``). ``purpose`` says what the proof
    is for; each purpose has its own mail text and its own page after confirmation, so a link
    sent to download one's data can never be used for anything else.
    """

    class Purpose(models.TextChoices):
        DATA_RIGHTS = "data_rights", "See, download or erase the data held about an address"

    email = models.EmailField(max_length=254, help_text="Normalised.")
    purpose = models.CharField(max_length=30, choices=Purpose.choices)
    nonce = models.CharField(max_length=43, help_text="Random; part of the signed link.")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["email", "purpose", "created_at"], name="verification_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.created_at:%Y-%m-%d %H:%M})"
