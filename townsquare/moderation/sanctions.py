"""Sanctions as the pipeline, the queue and the warning page read them.

"In force" has one meaning, here: not lifted, and not ended (only suspensions end).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core import signing
from django.db.models import (
    Q,
    QuerySet,
)
from django.urls import reverse

from townsquare.comments.models import Comment, Commenter
from townsquare.lib.i18n import installation_language, language_for
from townsquare.moderation.models import (
    Sanction,
    SanctionMark,
)
from townsquare.moderation.rules import (
    WARNING_TOKEN_SALT,
)


def sanctions_in_force(*, commenter: Commenter) -> QuerySet[Sanction]:
    """Sanctions on this commenter that have not ended or been lifted, newest first."""
    return Sanction.objects.in_force().filter(commenter=commenter).order_by("-created_at")


def blocking_among(sanctions: Iterable[Sanction]) -> Sanction | None:
    """Of sanctions in force, the one that stops posting: a ban, else the suspension ending last."""
    blocking = [s for s in sanctions if s.kind in (Sanction.Kind.BAN, Sanction.Kind.SUSPENSION)]
    if not blocking:
        return None
    return max(
        blocking,
        key=lambda s: (
            s.kind == Sanction.Kind.BAN,
            s.ends_at.timestamp() if s.ends_at else float("inf"),
        ),
    )


def unacknowledged_warning_among(sanctions: Iterable[Sanction]) -> Sanction | None:
    """The newest warning in force that the commenter has not acknowledged yet."""
    warnings = [
        s for s in sanctions if s.kind == Sanction.Kind.WARNING and s.acknowledged_at is None
    ]
    return max(warnings, key=lambda s: s.created_at) if warnings else None


def blocking_sanction(*, commenter: Commenter) -> Sanction | None:
    """The ban or suspension that stops this commenter posting now, if any (bans first)."""
    return blocking_among(sanctions_in_force(commenter=commenter))


def unacknowledged_warning(*, commenter: Commenter) -> Sanction | None:
    return unacknowledged_warning_among(sanctions_in_force(commenter=commenter))


def evasion_matches(
    *, ip_hash: str = "", device_id: str = "", exclude_commenter: int | None = None
) -> dict[str, Sanction]:
    """{"device": sanction, "ip": sanction}: bans or suspensions in force on other commenters who
    used this device or this IP hash; one query for both (the pipeline asks on every post)."""
    marks = Q()
    if ip_hash:
        marks |= Q(kind=SanctionMark.Kind.IP, value=ip_hash)
    if device_id:
        marks |= Q(kind=SanctionMark.Kind.DEVICE, value=device_id)
    if not marks:
        return {}
    in_force = Sanction.objects.in_force().filter(
        kind__in=[Sanction.Kind.BAN, Sanction.Kind.SUSPENSION]
    )
    if exclude_commenter is not None:
        in_force = in_force.exclude(commenter_id=exclude_commenter)
    found: dict[str, Sanction] = {}
    for mark in (
        SanctionMark.objects.filter(marks, sanction__in=in_force)
        .select_related("sanction__commenter")
        .order_by("-sanction__created_at")[:10]
    ):
        found.setdefault(mark.kind, mark.sanction)
    return found


def warning_for_token(*, token: str) -> Sanction | None:
    """The warning a signed acknowledgement token stands for; None for a bad or stale token."""
    try:
        sanction_id = signing.loads(token, salt=WARNING_TOKEN_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(sanction_id, int):
        return None
    return (
        Sanction.objects.select_related("commenter")
        .filter(pk=sanction_id, kind=Sanction.Kind.WARNING)
        .first()
    )


def warning_ack_url(sanction: Sanction) -> str:
    """The path of the page where a warned commenter acknowledges ``sanction``.

    The token is the sanction id signed with the site's secret, so it cannot be guessed or
    altered; prefix settings.SITE_URL for an e-mail.
    """
    token = signing.dumps(sanction.pk, salt=WARNING_TOKEN_SALT)
    return reverse("moderation:warning_ack", kwargs={"token": token})


def commenter_language(
    *, commenter: Commenter, comment: Comment | None = None, before: datetime | None = None
) -> str:
    """The language to tell a commenter about a sanction in (docs/translating.md).

    The language of the story of ``comment`` (the one the sanction was given over), else of the
    commenter's newest comment (written up to ``before``), else the installation's: a commenter
    belongs to no site, but speaks where they comment.
    """
    if comment is None:
        comments = Comment.objects.filter(commenter=commenter)
        if before is not None:
            comments = comments.filter(created_at__lte=before)
        comment = comments.select_related("story__site").order_by("-created_at", "-pk").first()
    if comment is None:
        return installation_language()
    return language_for(story=comment.story)


def sanction_language(sanction: Sanction) -> str:
    """The language of a sanction's e-mail and warning page: the commenter's when it was given."""
    return commenter_language(commenter=sanction.commenter, before=sanction.created_at)
