from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone


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
    # Set when the session was started by a newsroom sign-on token (docs/identity.md): whose
    # account, and the token's jti, so signing out revokes the token with the session.
    sso_identity = models.ForeignKey(
        "readers.SSOIdentity",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    sso_jti = models.CharField(max_length=255, blank=True)

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


# --- Single sign-on with the newsroom's own accounts (docs/identity.md) -----------------------


def _new_kid() -> str:
    return secrets.token_hex(8)


def _new_secret() -> str:
    return secrets.token_urlsafe(48)


class SSOSecretQuerySet(models.QuerySet["SSOSecret"]):
    def live(self, *, now=None) -> SSOSecretQuerySet:
        """Secrets that still verify tokens: no end, or an end still ahead."""
        now = now or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class SSOSecret(models.Model):
    """A site's HMAC secret for sign-on tokens; the token's ``kid`` header names it.

    Rotating adds a new secret and gives the old ones an end (``expires_at``) an overlap away,
    so tokens minted with the old secret keep working while the newsroom switches over.
    """

    site = models.ForeignKey("sites.Site", on_delete=models.CASCADE, related_name="sso_secrets")
    kid = models.CharField(
        "key id",
        max_length=64,
        default=_new_kid,
        help_text="The token's kid header; unique on the site.",
    )
    secret = models.CharField(
        max_length=200,
        default=_new_secret,
        help_text="Shared with the newsroom's sign-in code only; at least 32 characters.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Tokens signed with it are refused from then on."
    )

    objects = SSOSecretQuerySet.as_manager()

    class Meta:
        verbose_name = "sign-on secret"
        constraints = [
            models.UniqueConstraint(fields=["site", "kid"], name="sso_secret_kid_per_site"),
        ]

    def __str__(self) -> str:
        return f"{self.site} / {self.kid}"


class SSOIdentity(models.Model):
    """A newsroom account that signed in here: its opaque id and one address, per site.

    ``issued_at`` is the ``iat`` of the token that last set the profile; only a newer one
    changes name, badges, role, links or address. ``previous_emails`` keeps the addresses the
    account had before, so a ban on any of them stays with the account.
    """

    class Role(models.TextChoices):
        COMMENTER = "COMMENTER", "Commenter"
        MEMBER = "MEMBER", "Member"
        STAFF = "STAFF", "Staff"
        MODERATOR = "MODERATOR", "Moderator"
        ADMIN = "ADMIN", "Administrator"

    # Shown as a public "Staff" mark; they grant no permission here.
    STAFF_ROLES = (Role.STAFF, Role.MODERATOR, Role.ADMIN)

    site = models.ForeignKey("sites.Site", on_delete=models.CASCADE, related_name="+")
    # Whose ids ``subject`` are: empty for the newsroom's tokens (their user.id), else the issuer
    # of the OpenID provider whose ``sub`` it is. Ids of two sources never meet; an address is
    # still one account's per site, whichever source signed it in.
    issuer = models.CharField(
        max_length=300,
        blank=True,
        default="",
        help_text="Empty: the newsroom's token; else the OpenID provider's issuer.",
    )
    subject = models.CharField(
        max_length=255, help_text="The token's user.id, or the OpenID provider's sub (opaque)."
    )
    email = models.EmailField(max_length=254, help_text="Normalised.")
    username = models.CharField(max_length=100)
    badges = models.JSONField(default=list, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.COMMENTER)
    profile_url = models.URLField(max_length=300, blank=True)
    avatar_url = models.URLField(max_length=300, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    previous_emails = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "sign-on identity"
        verbose_name_plural = "sign-on identities"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "issuer", "subject"], name="sso_identity_per_site"
            ),
            models.UniqueConstraint(fields=["site", "email"], name="sso_email_per_site"),
        ]

    def __str__(self) -> str:
        return f"{self.username} ({self.site})"

    @property
    def public_badges(self) -> list[str]:
        """The marks shown with the account's comments: its badges, and "staff" for a staff
        role."""
        marks = list(self.badges or [])
        if self.role in self.STAFF_ROLES and "staff" not in marks:
            marks.append("staff")
        return marks


class OIDCProvider(models.Model):
    """A site's OpenID Connect provider (Auth0, Azure AD B2C, Keycloak, Google…): its readers
    sign in there and come back as the site's sign-on accounts (docs/identity.md).

    The claim settings say which of the provider's claims give the name, the address, the
    public badges, and the subscriber status (the site's subscriber badge). A claim name is
    looked up whole first (Auth0's are URLs), then as a dotted path (Keycloak's
    ``realm_access.roles``).
    """

    site = models.OneToOneField(
        "sites.Site", on_delete=models.CASCADE, related_name="oidc_provider"
    )
    name = models.CharField(
        max_length=60, help_text='Shown on the button: "Sign in with" and this name.'
    )
    enabled = models.BooleanField(default=True)
    issuer = models.URLField(
        max_length=300,
        help_text="The provider's issuer URL; its discovery document is the issuer followed "
        "by /.well-known/openid-configuration.",
    )
    discovery_url = models.URLField(
        max_length=500,
        blank=True,
        help_text="Only when the discovery document is elsewhere (Azure AD B2C: the user flow's "
        "metadata URL); it must still name the issuer above.",
    )
    client_id = models.CharField(max_length=255)
    client_secret = models.CharField(
        max_length=500,
        blank=True,
        help_text="As the provider gave it; empty for a public client (PKCE only).",
    )
    scopes = models.CharField(
        max_length=300, default="openid email profile", help_text="Space-separated; with openid."
    )
    name_claim = models.CharField(
        max_length=200, default="name", help_text="The display name (else preferred_username)."
    )
    email_claim = models.CharField(
        max_length=200, default="email", help_text="The address (a list: its first)."
    )
    email_verified_required = models.BooleanField(
        default=True,
        help_text="Refuse an address the provider does not mark email_verified: true. Turn off "
        "only for a provider that never sends the claim and checks addresses itself.",
    )
    badges_claim = models.CharField(
        max_length=200, blank=True, help_text="A claim whose values become public badges."
    )
    badges_allowed = models.CharField(
        max_length=500,
        blank=True,
        help_text="Comma-separated: only these values of the badges claim are shown; empty: all.",
    )
    subscriber_claim = models.CharField(
        max_length=200,
        blank=True,
        help_text="A claim that makes a subscriber when it is, or contains, the value below.",
    )
    subscriber_value = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "OpenID provider"

    def __str__(self) -> str:
        return f"{self.name} ({self.site})"


class SSORevokedToken(models.Model):
    """A sign-on token signed out by its ``jti``: refused from then on, on every process."""

    site = models.ForeignKey("sites.Site", on_delete=models.CASCADE, related_name="+")
    jti = models.CharField(max_length=255)
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="The token's own end, when known; the row may go after it."
    )
    revoked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "jti"], name="sso_revoked_jti_per_site"),
        ]

    def __str__(self) -> str:
        return f"signed out {self.jti}"


class StoryReporter(models.Model):
    """A newsroom account given a story: its comments there publish without moderation and are
    marked "author" (docs/identity.md). Given by an administrator, never by a token."""

    story = models.ForeignKey("stories.Story", on_delete=models.CASCADE, related_name="+")
    identity = models.ForeignKey(SSOIdentity, on_delete=models.CASCADE, related_name="stories")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "story's reporter"
        verbose_name_plural = "stories' reporters"
        constraints = [
            models.UniqueConstraint(fields=["story", "identity"], name="story_reporter_once"),
        ]

    def __str__(self) -> str:
        return f"{self.identity} on {self.story}"
