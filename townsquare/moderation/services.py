"""Write-side services for moderation: decisions on comments and commenters, always audited."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from townsquare.comments.models import Comment, Commenter
from townsquare.comments.services import comment_status_changed, thread_changed
from townsquare.lib.events import COMMENT_DECIDED, event_publish
from townsquare.moderation.models import AuditEntry, Report, Sanction, SanctionMark
from townsquare.moderation.policy import policy_for_site
from townsquare.moderation.rules import (
    APPROVABLE,
    BULK_LIMIT,
    REJECTABLE,
    REMOVABLE,
    SUSPENSION_MAX,
    RejectionReason,
)
from townsquare.moderation.sanctions import sanctions_in_force
from townsquare.moderation.tasks import rejection_notice_task, sanction_notice_task


def audit_record(
    *,
    action: str,
    actor_kind: str,
    comment: Comment | None = None,
    commenter: Commenter | None = None,
    actor=None,
    reason: str = "",
    status_before: str = "",
    status_after: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit entry. Every decision, automatic or human, goes through here.

    ``subject`` keeps the ids (and the story's headline, the actor's username) alongside the
    foreign keys, which are emptied if the comment, commenter or account is deleted later.
    """
    commenter_id = commenter.pk if commenter is not None else getattr(comment, "commenter_id", None)
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    subject: dict[str, Any] = {}
    if comment is not None:
        subject.update(
            comment_id=comment.pk, story_id=comment.story_id, story_headline=comment.story.headline
        )
    if commenter_id is not None:
        subject["commenter_id"] = commenter_id
    if user is not None:
        subject.update(actor_id=user.pk, actor_username=user.get_username())
    return AuditEntry.objects.create(
        comment=comment,
        commenter_id=commenter_id,
        actor=user,
        actor_kind=actor_kind,
        action=action,
        reason=reason[:500],
        status_before=status_before,
        status_after=status_after,
        details=details or {},
        subject=subject,
    )


# --- Decisions on comments --------------------------------------------------------------------
#
# Every status change below is a conditional UPDATE on the status the moderator saw. When two
# moderators act on the same card at once, the second UPDATE matches no row, the function returns
# False and nothing else happens: no second audit entry, no second e-mail.


class ModerationError(Exception):
    """A moderation request that cannot be carried out; ``message`` is shown to the moderator."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# How far back a new sanction looks for the IP hashes and devices the commenter used.
MARK_LOOKBACK = timedelta(days=90)
MARK_LIMIT = 200


def _reason_checked(reason: str) -> str:
    if reason not in RejectionReason.values:
        raise ModerationError(gettext("Please choose a reason from the list."))
    return reason


def _reports_resolve(*, comment: Comment, now: datetime) -> int:
    return Report.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=now)


UNFEATURED_BY = (Comment.Status.REJECTED, Comment.Status.REMOVED, Comment.Status.SPAM)


def _status_change(
    *,
    comment: Comment,
    to_status: str,
    allowed_from: tuple[str, ...],
    action: str,
    actor,
    expected_status: str | None,
    rejection_reason: str = "",
) -> bool:
    """Move ``comment`` to ``to_status`` if it is still in the status the moderator saw."""
    before = expected_status or comment.status
    if before not in allowed_from:
        return False
    now = timezone.now()
    fields = {"status": to_status, "moderated_at": now, "rejection_reason": rejection_reason}
    # A pick is the moderators' word that readers should see the comment: rejecting or removing
    # it withdraws the pick too (approving it again does not feature it again).
    unfeatured = comment.featured and to_status in UNFEATURED_BY
    if to_status in UNFEATURED_BY:  # whatever this (possibly stale) instance says
        fields.update(featured=False, featured_reason="")
    changed = Comment.objects.filter(pk=comment.pk, status=before).update(**fields, updated_at=now)
    if not changed:
        return False
    for name, value in fields.items():
        setattr(comment, name, value)
    comment_status_changed(comment=comment, status_before=before)
    resolved = _reports_resolve(comment=comment, now=now)
    audit_record(
        action=action,
        actor_kind=AuditEntry.ActorKind.MODERATOR,
        actor=actor,
        comment=comment,
        reason=rejection_reason,
        status_before=before,
        status_after=to_status,
        details={
            **({"reports_resolved": resolved} if resolved else {}),
            **({"unfeatured": True} if unfeatured else {}),
        }
        or None,
    )
    decision_publish(comment=comment, action=action, status_before=before, reason=rejection_reason)
    return True


def decision_publish(
    *, comment: Comment, action: str, status_before: str, reason: str = "", by: str = "moderator"
) -> None:
    """Tell the site's systems (webhooks), on commit, that ``comment`` was decided on."""
    event_publish(
        name=COMMENT_DECIDED,
        site_id=comment.story.site_id,
        data={
            "comment_id": comment.pk,
            "action": action,
            "status_before": status_before,
            "status_after": comment.status,
            "reason": reason,
            "decided_by": by,
        },
    )


@transaction.atomic
def comment_approve(*, comment: Comment, actor, expected_status: str | None = None) -> bool:
    """Publish a held, rejected or removed comment, or keep a reported published one.

    For a published comment, approving means "the reports are unfounded": its open reports are
    resolved and the decision is audited; the status stays published. Returns False when there
    was nothing to do, typically because another moderator got there first.
    """
    before = expected_status or comment.status
    if before == Comment.Status.PUBLISHED:
        now = timezone.now()
        resolved = _reports_resolve(comment=comment, now=now)
        if not resolved:
            return False
        Comment.objects.filter(pk=comment.pk).update(moderated_at=now, updated_at=now)
        comment.moderated_at = now
        audit_record(
            action="approve",
            actor_kind=AuditEntry.ActorKind.MODERATOR,
            actor=actor,
            comment=comment,
            reason="Reports reviewed; the comment stays.",
            status_before=before,
            status_after=before,
            details={"reports_resolved": resolved},
        )
        decision_publish(comment=comment, action="approve", status_before=before)
        return True
    return _status_change(
        comment=comment,
        to_status=Comment.Status.PUBLISHED,
        allowed_from=APPROVABLE,
        action="approve",
        actor=actor,
        expected_status=expected_status,
    )


@transaction.atomic
def comment_reject(
    *,
    comment: Comment,
    reason: str,
    actor,
    expected_status: str | None = None,
    notify_author: bool = True,
) -> bool:
    """Reject a held comment with a reason from ``RejectionReason``; it stays for the record.

    When the site's policy says so, the author is e-mailed the reason after the commit.
    """
    reason = _reason_checked(reason)
    changed = _status_change(
        comment=comment,
        to_status=Comment.Status.REJECTED,
        allowed_from=REJECTABLE,
        action="reject",
        actor=actor,
        expected_status=expected_status,
        rejection_reason=reason,
    )
    if changed and notify_author:
        _rejection_notice_on_commit(comment=comment, reason=reason)
    return changed


@transaction.atomic
def comment_remove(
    *,
    comment: Comment,
    reason: str,
    actor,
    expected_status: str | None = None,
    notify_author: bool = True,
) -> bool:
    """Take a published comment down. Replies keep their place under a "removed" tombstone."""
    reason = _reason_checked(reason)
    changed = _status_change(
        comment=comment,
        to_status=Comment.Status.REMOVED,
        allowed_from=REMOVABLE,
        action="remove",
        actor=actor,
        expected_status=expected_status,
        rejection_reason=reason,
    )
    if changed and notify_author:
        _rejection_notice_on_commit(comment=comment, reason=reason)
    return changed


def _rejection_notice_on_commit(*, comment: Comment, reason: str) -> None:
    if policy_for_site(site=comment.story.site).notify_rejections:
        # robust: the decision is committed; a task queue that is down must not undo the answer.
        # A lambda, not functools.partial: Django logs a failed robust callback by __qualname__.
        transaction.on_commit(
            lambda: rejection_notice_task.enqueue(comment_id=comment.pk, reason=reason),
            robust=True,
        )


FEATURED_REASON_MAX = 200


def _featured_set(*, comment: Comment, featured: bool, actor, reason: str = "") -> bool:
    reason = " ".join(reason.split())
    if featured and not reason:
        raise ModerationError(
            gettext("Please say why it is featured; readers see the reason with the comment.")
        )
    if len(reason) > FEATURED_REASON_MAX:
        raise ModerationError(
            gettext("Please keep the reason under %(limit)d characters (this has %(length)d).")
            % {"limit": FEATURED_REASON_MAX, "length": len(reason)}
        )
    now = timezone.now()
    current = Comment.objects.filter(pk=comment.pk, status=Comment.Status.PUBLISHED)
    if featured:
        # Featuring a featured comment again with a new reason replaces the reason.
        current = current.exclude(featured=True, featured_reason=reason)
    else:
        current = current.filter(featured=True)
    changed = current.update(featured=featured, featured_reason=reason, updated_at=now)
    if not changed:
        return False
    comment.featured, comment.featured_reason = featured, reason
    thread_changed(story_id=comment.story_id)
    audit_record(
        action="feature" if featured else "unfeature",
        actor_kind=AuditEntry.ActorKind.MODERATOR,
        actor=actor,
        comment=comment,
        reason=reason,
        status_before=comment.status,
        status_after=comment.status,
    )
    decision_publish(
        comment=comment,
        action="feature" if featured else "unfeature",
        status_before=comment.status,
        reason=reason,
    )
    return True


@transaction.atomic
def comment_feature(*, comment: Comment, actor, reason: str) -> bool:
    """Show a published comment in the thread's "Featured" section, with the reason readers
    see ("A first-hand account from a nurse on the ward"). Audited."""
    return _featured_set(comment=comment, featured=True, actor=actor, reason=reason)


@transaction.atomic
def comment_unfeature(*, comment: Comment, actor) -> bool:
    return _featured_set(comment=comment, featured=False, actor=actor)


def _bulk_checked(comments: Iterable[Comment]) -> list[Comment]:
    comments = list(comments)
    if len(comments) > BULK_LIMIT:
        raise ModerationError(
            ngettext(
                "Select at most %(limit)d comment at a time.",
                "Select at most %(limit)d comments at a time.",
                BULK_LIMIT,
            )
            % {"limit": BULK_LIMIT}
        )
    return comments


@transaction.atomic
def comments_bulk_approve(*, comments: Iterable[Comment], actor) -> int:
    """Approve each comment as ``comment_approve`` would; returns how many changed."""
    return sum(comment_approve(comment=comment, actor=actor) for comment in _bulk_checked(comments))


@transaction.atomic
def comments_bulk_reject(*, comments: Iterable[Comment], reason: str, actor) -> int:
    """Take each comment off the site: held ones are rejected, published ones removed."""
    reason = _reason_checked(reason)
    changed = 0
    for comment in _bulk_checked(comments):
        decide = comment_remove if comment.status in REMOVABLE else comment_reject
        changed += decide(comment=comment, reason=reason, actor=actor)
    return changed


# --- Sanctions on commenters ------------------------------------------------------------------


@dataclass(frozen=True)
class SanctionOutcome:
    sanction: Sanction
    created: bool


def _marks_copy(*, sanction: Sanction, now: datetime) -> int:
    """Remember the IP hashes and devices the commenter used, for the pipeline's evasion check."""
    recent = Comment.objects.filter(
        commenter_id=sanction.commenter_id, created_at__gte=now - MARK_LOOKBACK
    ).order_by()
    marks = [
        SanctionMark(sanction=sanction, kind=SanctionMark.Kind.IP, value=value)
        for value in recent.exclude(ip_hash="")
        .values_list("ip_hash", flat=True)
        .distinct()[:MARK_LIMIT]
    ] + [
        SanctionMark(sanction=sanction, kind=SanctionMark.Kind.DEVICE, value=value)
        for value in recent.exclude(device_id="")
        .values_list("device_id", flat=True)
        .distinct()[:MARK_LIMIT]
    ]
    SanctionMark.objects.bulk_create(marks, ignore_conflicts=True)
    return len(marks)


def _sanction_impose(
    *,
    commenter: Commenter,
    kind: str,
    reason: str,
    actor,
    ends_at: datetime | None = None,
    comment: Comment | None = None,
    comment_reason: str = "",
) -> SanctionOutcome:
    """Create a sanction unless an equivalent one is already in force; see the callers."""

    reason = reason.strip()
    if not reason:
        raise ModerationError(gettext("Please give a reason; the commenter is told it."))
    if comment is not None and comment.commenter_id != commenter.pk:
        raise ModerationError(gettext("That comment was written by someone else."))
    if comment_reason:
        _reason_checked(comment_reason)
    # Lock the commenter so two moderators sanctioning at once queue up here and the second one
    # finds the first one's sanction instead of creating a twin (SQLite's IMMEDIATE transactions
    # already serialise writers).
    Commenter.objects.select_for_update().filter(pk=commenter.pk).first()
    now = timezone.now()
    in_force = sanctions_in_force(commenter=commenter).filter(kind=kind)
    if kind == Sanction.Kind.WARNING:
        in_force = in_force.filter(acknowledged_at__isnull=True)
    if kind == Sanction.Kind.SUSPENSION and ends_at is not None:
        # A suspension in force that already runs at least as long (give or take a double
        # click) makes a new one pointless.
        in_force = in_force.filter(ends_at__gte=ends_at - timedelta(minutes=1))
    existing = in_force.first()
    if existing is not None:
        return SanctionOutcome(sanction=existing, created=False)

    sanction = Sanction.objects.create(
        commenter=commenter,
        kind=kind,
        reason=reason[:500],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        ends_at=ends_at,
    )
    marks = _marks_copy(sanction=sanction, now=now)
    audit_record(
        action=kind,
        actor_kind=AuditEntry.ActorKind.MODERATOR,
        actor=actor,
        comment=comment,
        commenter=commenter,
        reason=reason,
        details={
            "sanction_id": sanction.pk,
            "ends_at": ends_at.isoformat() if ends_at else None,
            "marks": marks,
        },
    )
    if comment is not None and comment_reason:
        decide = comment_remove if comment.status in REMOVABLE else comment_reject
        # The sanction notice carries the reason; a second e-mail about the comment is noise.
        decide(comment=comment, reason=comment_reason, actor=actor, notify_author=False)
    if kind != Sanction.Kind.PREMODERATE:
        transaction.on_commit(
            lambda: sanction_notice_task.enqueue(sanction_id=sanction.pk), robust=True
        )
    return SanctionOutcome(sanction=sanction, created=True)


@transaction.atomic
def commenter_warn(
    *,
    commenter: Commenter,
    reason: str,
    actor,
    comment: Comment | None = None,
    comment_reason: str = "",
) -> SanctionOutcome:
    """Warn a commenter; their next comment is refused until they acknowledge the warning.

    The e-mail carries the reason, the guidelines and the acknowledgement link. When ``comment``
    and ``comment_reason`` are given, that comment is rejected (or removed) in the same step.
    """
    return _sanction_impose(
        commenter=commenter,
        kind=Sanction.Kind.WARNING,
        reason=reason,
        actor=actor,
        comment=comment,
        comment_reason=comment_reason,
    )


@transaction.atomic
def commenter_suspend(
    *,
    commenter: Commenter,
    duration: timedelta,
    reason: str,
    actor,
    comment: Comment | None = None,
    comment_reason: str = "",
) -> SanctionOutcome:
    """Stop a commenter posting for ``duration`` (at most a year)."""
    if duration <= timedelta(0) or duration > SUSPENSION_MAX:
        raise ModerationError(gettext("A suspension lasts from one hour to 365 days."))
    return _sanction_impose(
        commenter=commenter,
        kind=Sanction.Kind.SUSPENSION,
        reason=reason,
        actor=actor,
        ends_at=timezone.now() + duration,
        comment=comment,
        comment_reason=comment_reason,
    )


@transaction.atomic
def ban_commenter(
    *,
    commenter: Commenter,
    reason: str,
    actor,
    comment: Comment | None = None,
    comment_reason: str = "",
) -> SanctionOutcome:
    """Ban a commenter until a moderator lifts it; their IPs and devices are remembered too."""
    return _sanction_impose(
        commenter=commenter,
        kind=Sanction.Kind.BAN,
        reason=reason,
        actor=actor,
        comment=comment,
        comment_reason=comment_reason,
    )


@transaction.atomic
def commenter_premoderate(
    *,
    commenter: Commenter,
    reason: str,
    actor,
    comment: Comment | None = None,
    comment_reason: str = "",
) -> SanctionOutcome:
    """Hold every future comment by this commenter for a moderator. The commenter is not told."""
    return _sanction_impose(
        commenter=commenter,
        kind=Sanction.Kind.PREMODERATE,
        reason=reason,
        actor=actor,
        comment=comment,
        comment_reason=comment_reason,
    )


@transaction.atomic
def sanction_lift(*, sanction: Sanction, actor, reason: str = "") -> bool:
    """End a sanction now. Returns False when it was already lifted."""
    now = timezone.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    changed = Sanction.objects.filter(pk=sanction.pk, lifted_at__isnull=True).update(
        lifted_at=now, lifted_by=user
    )
    if not changed:
        return False
    sanction.lifted_at, sanction.lifted_by = now, user
    audit_record(
        action="lift",
        actor_kind=AuditEntry.ActorKind.MODERATOR,
        actor=actor,
        commenter=sanction.commenter,
        reason=reason,
        details={"sanction_id": sanction.pk, "kind": sanction.kind},
    )
    return True


@transaction.atomic
def warning_acknowledge(*, sanction: Sanction) -> bool:
    """The commenter confirms they read a warning; their next comment is accepted again."""
    if sanction.kind != Sanction.Kind.WARNING:
        raise ModerationError(gettext("Only warnings are acknowledged."))
    now = timezone.now()
    changed = Sanction.objects.filter(pk=sanction.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now
    )
    if not changed:
        return False
    sanction.acknowledged_at = now
    audit_record(
        action="warning_acknowledged",
        actor_kind=AuditEntry.ActorKind.READER,
        commenter=sanction.commenter,
        details={"sanction_id": sanction.pk},
    )
    return True
