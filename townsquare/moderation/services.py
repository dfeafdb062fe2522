"""Write-side services for moderation: decisions on comments and commenters, always audited."""

from __future__ import annotations

from typing import Any

from townsquare.comments.models import Comment, Commenter
from townsquare.moderation.models import AuditEntry


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
    """Write one audit entry. Every decision, automatic or human, goes through here."""
    return AuditEntry.objects.create(
        comment=comment,
        commenter=commenter or (comment.commenter if comment is not None else None),
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        actor_kind=actor_kind,
        action=action,
        reason=reason[:500],
        status_before=status_before,
        status_after=status_after,
        details=details or {},
    )
