"""Write-side services for readers: e-mail verification links, reader sessions, data rights.

Verification is shared by every feature that must know a reader reads a mailbox before acting
for it (the data download and erasure here; reader sessions and notification opt-ins later):

``verification_send(email=..., purpose=...)`` creates a link and mails it from a task after the
commit; ``verification_confirm(token=...)`` checks the link (signed with the site's secret,
expiring after ``VERIFICATION_LINK_MINUTES``, used at most once, for its own purpose only) and
says which address it proved. Whoever asks for a link is told the same thing whatever the
address: nothing reveals whether it has comments here.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from townsquare.lib.client import ClientInfo
from townsquare.lib.counters import window_counts
from townsquare.lib.identity import normalise_email
from townsquare.readers.models import (
    EmailVerification,
    ReaderSession,
    SignedInComment,
    SSOIdentity,
    VerifiedAddress,
)
from townsquare.readers.registry import reader_data_erasers

VERIFICATION_SALT = "townsquare.readers.verification"


class VerificationRefused(Exception):
    """A request or a link that cannot be used; ``message`` is shown to the reader as is.

    ``purpose`` is what a refused link was for, when that is known (it was used, or it expired),
    so the page can offer the right way to ask for a new one.
    """

    def __init__(self, message: str, purpose: str | None = None, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.purpose = purpose
        self.code = code


VERIFICATION_WINDOW_SECONDS = 3600
CLIENT_LIMIT_MESSAGE = gettext_noop(
    "You have asked for a lot of links in the last hour; please wait a while before asking "
    "for another."
)


@dataclass(frozen=True)
class VerifiedEmail:
    email: str
    purpose: str
    verification_id: int = 0


def _checked_address(email: str) -> str:
    address = normalise_email(email or "")
    try:
        if not address or len(address) > 254:
            raise ValidationError("length")
        validate_email(address)
    except ValidationError:
        raise VerificationRefused(_("Please enter a valid e-mail address.")) from None
    return address


def _checked_purpose(purpose: str) -> str:
    if purpose not in EmailVerification.Purpose.values:
        raise ValueError(f"unknown verification purpose {purpose!r}")
    return purpose


def _client_limit(client: ClientInfo) -> None:
    """Count this request against the client's and its network's hourly links, then check.

    The client is its browser (the device id) and its IP address, which it cannot change at
    will; the network is its /24 or /48, loosely. Counted first, atomically (``lib.counters``).
    """
    limits = [
        (f"townsquare:verification-asked:{name}:{value}", limit)
        for name, value, limit in (
            ("device", client.device_id, settings.VERIFICATION_MAILS_PER_CLIENT_PER_HOUR),
            ("address", client.ip_hash, settings.VERIFICATION_MAILS_PER_CLIENT_PER_HOUR),
            ("network", client.network_hash, settings.VERIFICATION_MAILS_PER_NETWORK_PER_HOUR),
        )
        if value
    ]
    counts = window_counts([key for key, _ in limits], window=VERIFICATION_WINDOW_SECONDS)
    if any(count > limit for (_, limit), count in zip(limits, counts, strict=True)):
        raise VerificationRefused(_(CLIENT_LIMIT_MESSAGE), code="rate_limited")


@transaction.atomic
def verification_send(
    *, email: str, purpose: str, client: ClientInfo | None = None
) -> EmailVerification | None:
    """E-mail a verification link for ``purpose`` to ``email`` (after the commit, as a task).

    Raises ``VerificationRefused`` for an address that is not an address, and (code
    ``rate_limited``) when the ``client`` asking — its browser or its IP address — has asked for
    ``VERIFICATION_MAILS_PER_CLIENT_PER_HOUR`` links in the hour, or its network for
    ``VERIFICATION_MAILS_PER_NETWORK_PER_HOUR``: one client cannot make the site mail a hundred
    strangers. Beyond ``VERIFICATION_MAILS_PER_HOUR`` links per address and purpose in an hour,
    nothing more is sent, silently, so the form cannot be used to flood someone's mailbox; the
    caller answers the same either way. ``client`` is None only where no request is behind the
    link (the reply opt-in a posted comment asks for, already under the posting limits).
    """
    from townsquare.readers.tasks import verification_mail_task

    address = _checked_address(email)
    purpose = _checked_purpose(purpose)
    if client is not None:
        _client_limit(client)
    now = timezone.now()
    recent = EmailVerification.objects.filter(
        email=address, purpose=purpose, created_at__gte=now - timedelta(hours=1)
    ).count()
    if recent >= settings.VERIFICATION_MAILS_PER_HOUR:
        return None
    verification = EmailVerification.objects.create(
        email=address,
        purpose=purpose,
        nonce=secrets.token_urlsafe(32),
        expires_at=now + timedelta(minutes=settings.VERIFICATION_LINK_MINUTES),
    )
    # The mail speaks the language this request is answered in (the story's or site's).
    transaction.on_commit(
        partial(
            verification_mail_task.enqueue,
            verification_id=verification.pk,
            language=translation.get_language() or "",
        )
    )
    return verification


def verification_token(verification: EmailVerification) -> str:
    return signing.dumps({"v": verification.pk, "n": verification.nonce}, salt=VERIFICATION_SALT)


def verification_url(verification: EmailVerification) -> str:
    """The absolute link for the e-mail."""
    path = reverse("readers:verify", kwargs={"token": verification_token(verification)})
    return f"{settings.SITE_URL}{path}"


def _verification_for(token: str) -> EmailVerification:
    try:
        data = signing.loads(
            token[:500],
            salt=VERIFICATION_SALT,
            max_age=timedelta(minutes=settings.VERIFICATION_LINK_MINUTES),
        )
    except signing.SignatureExpired:
        # Genuine but too old: read it once more, without the age, only to say what it was for.
        stale = _record_for(signing.loads(token[:500], salt=VERIFICATION_SALT))
        raise VerificationRefused(
            _("This link has expired. Ask for a new one; it is sent at once."),
            purpose=stale.purpose if stale is not None else None,
        ) from None
    except signing.BadSignature:
        raise VerificationRefused(
            _(
                "This link is not valid. It may have been cut short when it was copied from the "
                "e-mail; please open it from the e-mail again, or copy all of it."
            )
        ) from None
    verification = _record_for(data)
    if verification is None:
        raise VerificationRefused(_("This link is not valid."))
    if verification.used_at is not None:
        raise VerificationRefused(
            _("This link has already been used. Each link works once; ask for a new one."),
            purpose=verification.purpose,
        )
    if verification.expires_at <= timezone.now():
        raise VerificationRefused(
            _("This link has expired. Ask for a new one; it is sent at once."),
            purpose=verification.purpose,
        )
    return verification


def _record_for(data: object) -> EmailVerification | None:
    """The verification a signed link's payload names, if its nonce matches."""
    if not isinstance(data, dict) or not isinstance(data.get("v"), int):
        return None
    verification = EmailVerification.objects.filter(pk=data["v"]).first()
    if verification is None or not constant_time_compare(
        str(data.get("n", "")), verification.nonce
    ):
        return None
    return verification


def verification_check(*, token: str) -> EmailVerification:
    """The verification a link stands for, if it can still be used; nothing is changed.

    For the page a link opens, which asks the reader to confirm with a button: mail scanners
    follow links, and a link used up by a scanner would not work for the reader.
    """
    return _verification_for(token)


@transaction.atomic
def verification_confirm(*, token: str, purpose: str | None = None) -> VerifiedEmail:
    """Use the link: returns the address it proved, and for which purpose.

    Raises ``VerificationRefused`` for a link that is forged, altered, expired, already used, or
    (with ``purpose``) meant for something else. The claim is a conditional UPDATE, so two
    clicks at once confirm once.
    """
    verification = _verification_for(token)
    if purpose is not None and verification.purpose != purpose:
        raise VerificationRefused(_("This link is not valid here."))
    claimed = EmailVerification.objects.filter(pk=verification.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if not claimed:
        raise VerificationRefused(
            _("This link has already been used. Each link works once; ask for a new one.")
        )
    return VerifiedEmail(
        email=verification.email, purpose=verification.purpose, verification_id=verification.pk
    )


# --- Verified readers: the address record, reader sessions, comments posted signed in ---------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def address_verified_record(*, email: str) -> VerifiedAddress:
    """Note that the owner of ``email`` proved it (the first time counts; later ones keep it)."""
    address = normalise_email(email)
    record, _ = VerifiedAddress.objects.get_or_create(
        email=address, defaults={"verified_at": timezone.now()}
    )
    return record


@transaction.atomic
def reader_session_start(
    *, email: str, sso_identity=None, sso_jti: str = ""
) -> tuple[ReaderSession, str]:
    """Sign a verified reader in on one browser: the session row, and the token for its cookie.

    Call only with an address just proved by a link, or vouched for by the newsroom's sign-on
    token (``sso_identity``, and the token's ``sso_jti``: ``readers.sso``). The token is
    returned once and stored only as its hash.
    """
    address = normalise_email(email)
    address_verified_record(email=address)
    token = secrets.token_urlsafe(32)
    session = ReaderSession.objects.create(
        email=address,
        token_hash=_token_hash(token),
        last_used_at=timezone.now(),
        sso_identity=sso_identity,
        sso_jti=sso_jti,
    )
    return session, token


# A session's last use is written at most this often, not on every page.
LAST_USED_EVERY = timedelta(hours=1)


def reader_session_for_token(token: str) -> ReaderSession | None:
    """The live session a cookie's token stands for (and note its use), or None.

    None for an unknown token, a revoked session, or one unused for ``READER_SESSION_DAYS``.
    """
    if not token or len(token) > 100:
        return None
    session = ReaderSession.objects.filter(
        token_hash=_token_hash(token), revoked_at__isnull=True
    ).first()
    if session is None:
        return None
    now = timezone.now()
    if session.last_used_at < now - timedelta(days=settings.READER_SESSION_DAYS):
        return None
    if session.last_used_at < now - LAST_USED_EVERY:
        ReaderSession.objects.filter(pk=session.pk).update(last_used_at=now)
        session.last_used_at = now
    return session


def reader_session_revoke(*, session: ReaderSession) -> bool:
    """Sign out this browser; False if it was signed out already."""
    return bool(
        ReaderSession.objects.filter(pk=session.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def reader_sessions_revoke_all(*, email: str) -> int:
    """Sign the address out everywhere; how many sessions ended."""
    return ReaderSession.objects.filter(
        email=normalise_email(email), revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


def comment_signed_in_record(*, comment_id: int, commenter_email: str, session_email: str | None):
    """Record that a comment was posted in a reader session for its own address.

    Nothing is recorded when the poster was not signed in, or signed in as someone else: only
    then is the comment the verified reader's own. (Its sign-on badges were written with the
    comment itself: ``commenting_check`` says them, ``comment_submit`` stores them.)
    """
    if session_email and normalise_email(commenter_email) == session_email:
        SignedInComment.objects.get_or_create(
            comment_id=comment_id, defaults={"email": session_email}
        )
        return True
    return False


# --- Data rights: erasure ----------------------------------------------------------------------

ERASED_DOMAIN = "erased.invalid"


@dataclass(frozen=True)
class ErasureResult:
    comments_deleted: int
    comments_tombstoned: int
    reports_anonymised: int
    # A ban or suspension in force keeps the address (and the sanction's IP and browser marks)
    # until it ends, so that erasing cannot be used to lift it.
    address_kept: bool


def _erase_note(note: str, address: str) -> str:
    """A moderator's note about the request, without the address in it."""
    note = " ".join((note or "").split())[:400]
    return note.replace(address, "[address]") if address else note


@transaction.atomic
def reader_data_erase(
    *, email: str, actor=None, reporter_key: str = "", note: str = ""
) -> ErasureResult:
    """Erase what is held about ``email``: the reader's own request, or a moderator's on it.

    - Comments with replies become tombstones: no name, website or text, status "deleted"
      (a moderator's removal, rejection or spam verdict stays as it was); their place in the
      thread stays so that the replies keep their context.
    - Comments without replies are deleted. Their audit entries stay, detached from them.
    - The commenter's address and name are replaced by nothing that points back to them; IP
      addresses, IP hashes and browser ids are removed from what remains.
    - Reports made from the reader's browser (``reporter_key``) lose their link to it and their
      free-text details; they still count for the comments they were about.
    - Moderators' decisions stay in the audit log (action, status, reason code, moderator);
      the pipeline's entries lose their reasons, which can quote the comment.
    - Except: while a ban or suspension is in force the address, and the sanction's IP and
      browser marks, are kept so that erasing cannot lift it; the reader is told.

    - What the apps above this one hold under the address goes too
      (``registry.reader_data_erasers``: reply e-mail subscriptions and the delivery choice).

    The erasure itself is audited, without the address.
    """
    from townsquare.comments.counters import thread_counters_recount
    from townsquare.comments.models import Comment, Commenter
    from townsquare.comments.published_devices import published_devices_refresh
    from townsquare.moderation.models import AuditEntry, Report, SanctionMark
    from townsquare.moderation.sanctions import blocking_sanction
    from townsquare.moderation.services import audit_record

    address = normalise_email(email or "")
    now = timezone.now()
    deleted = tombstoned = 0
    address_kept = False
    commenter = (
        Commenter.objects.select_for_update().filter(email=address).first() if address else None
    )
    if commenter is not None:
        mine = Comment.objects.filter(commenter=commenter)
        story_ids = set(mine.values_list("story_id", flat=True).distinct())
        # Their comments stop counting for the browsers they came from (flood limits' marks).
        device_ids = set(
            mine.filter(status=Comment.Status.PUBLISHED)
            .exclude(device_id="")
            .values_list("device_id", flat=True)
        )
        transaction.on_commit(lambda: published_devices_refresh(device_ids=device_ids), robust=True)
        answered = Comment.objects.filter(parent__commenter=commenter).values("parent_id")
        tombstones = mine.filter(pk__in=answered)
        tombstoned = tombstones.update(
            author_name="",
            author_url="",
            body="",
            body_html="",
            ip_hash="",
            network_hash="",
            raw_ip=None,
            device_id="",
            civility_scores={},
            markers=[],
            featured=False,
            updated_at=now,
        )
        tombstones.filter(status__in=[Comment.Status.PUBLISHED, Comment.Status.PENDING]).update(
            status=Comment.Status.DELETED
        )
        doomed = mine.exclude(pk__in=answered)
        AuditEntry.objects.filter(comment__in=doomed).update(comment=None)
        deleted = doomed.count()
        doomed.delete()
        AuditEntry.objects.filter(commenter=commenter).exclude(
            actor_kind=AuditEntry.ActorKind.MODERATOR
        ).update(reason="", details={})
        address_kept = blocking_sanction(commenter=commenter) is not None
        if not address_kept:
            SanctionMark.objects.filter(sanction__commenter=commenter).delete()
            commenter.email = f"erased-{secrets.token_hex(12)}@{ERASED_DOMAIN}"
        commenter.display_name = ""
        commenter.avatar_key = secrets.token_hex(16)
        commenter.save(update_fields=["email", "display_name", "avatar_key", "last_seen"])
        # Comments left the public threads, or became tombstones: recount and refresh them.
        thread_counters_recount(story_ids=story_ids)
    reports = 0
    if reporter_key:
        reports = Report.objects.filter(reporter_key=reporter_key).update(
            reporter_key=f"erased-{secrets.token_hex(16)}", network_key="", details=""
        )
    if address:
        EmailVerification.objects.filter(email=address).delete()
        # Erasure signs the reader out everywhere and forgets that the address was verified.
        ReaderSession.objects.filter(email=address).delete()
        if not address_kept:
            # The newsroom's account as it signed in here (name, badges, links); a ban in
            # force keeps it, as it keeps the address.
            SSOIdentity.objects.filter(email=address).delete()
        VerifiedAddress.objects.filter(email=address).delete()
        SignedInComment.objects.filter(email=address).delete()
        # What the apps above this one hold under the address (reply e-mail subscriptions).
        for eraser in reader_data_erasers():
            eraser(email=address)
    by_moderator = actor is not None and getattr(actor, "is_authenticated", False)
    audit_record(
        action="erase",
        actor_kind=AuditEntry.ActorKind.MODERATOR if by_moderator else AuditEntry.ActorKind.READER,
        actor=actor if by_moderator else None,
        commenter=commenter,
        reason=_erase_note(note, address),
        details={
            "requested_by": "moderator" if by_moderator else "reader (verified e-mail link)",
            "comments_deleted": deleted,
            "comments_tombstoned": tombstoned,
            "reports_anonymised": reports,
            "address_kept_for_sanction": address_kept,
        },
    )
    return ErasureResult(
        comments_deleted=deleted,
        comments_tombstoned=tombstoned,
        reports_anonymised=reports,
        address_kept=address_kept,
    )


def reader_data_export_audit(*, email: str, actor, note: str = "") -> None:
    """Record that a moderator downloaded someone's data on their request (without the address)."""
    from townsquare.moderation.models import AuditEntry
    from townsquare.moderation.services import audit_record

    audit_record(
        action="data_export",
        actor_kind=AuditEntry.ActorKind.MODERATOR,
        actor=actor,
        reason=_erase_note(note, normalise_email(email or "")),
    )
