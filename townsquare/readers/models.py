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
        READER_SIGN_IN = "reader_sign_in", "Sign in to see one's comments and settings"
        REPLY_OPT_IN = "reply_opt_in", "Confirm e-mails about replies to a comment"

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


class VerifiedAddress(models.Model):
    """An address whose owner proved, once, that they read its mailbox (any confirmed link but
    a data-rights one, which proves it only for that request).

    ``verified_at`` is the line "Your comments" draws: comments typed with the address before
    it were the owner's to claim; after it, only those posted in the owner's reader session are
    (anyone can type an address into the form).
    """

    email = models.EmailField(max_length=254, unique=True, help_text="Normalised.")
    verified_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "verified addresses"

    def __str__(self) -> str:
        return f"verified {self.verified_at:%Y-%m-%d}"


class ReaderSession(models.Model):
    """A verified reader's sign-in on one browser: no password, long-lived, revocable.

    The browser's cookie carries a random token (signed); only its SHA-256 is stored, so a copy
    of the database cannot be used to sign in as anyone.
    """

    email = models.EmailField(max_length=254, help_text="Normalised.")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["email", "revoked_at"], name="reader_session_email")]

    def __str__(self) -> str:
        return f"reader session since {self.created_at:%Y-%m-%d}"


class SignedInComment(models.Model):
    """A comment posted in a reader session for its commenter's address.

    What makes a comment posted after the address was verified the verified reader's own (see
    ``VerifiedAddress``); moderators' cards say "posted signed in". A table of its own because
    the comments app knows nothing of reader sessions.
    """

    comment = models.OneToOneField(
        "comments.Comment", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    email = models.EmailField(max_length=254, help_text="The reader session's address.")
    posted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"comment {self.comment_id} posted signed in"
