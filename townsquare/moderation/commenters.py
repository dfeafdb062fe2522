"""A commenter's record for moderators: tallies, rejection rate, the commenter page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Q,
)
from django.utils import timezone

from townsquare.comments.models import Comment, Commenter
from townsquare.moderation.models import (
    AuditEntry,
    Sanction,
)

COMMENTER_PAGE_SIZE = 25
REJECTION_RATE_DAYS = 30


def approved_comment_count(*, commenter: Commenter) -> int:
    return commenter.comments.filter(status=Comment.Status.PUBLISHED).count()


@dataclass
class CommenterStats:
    published: int = 0
    rejected: int = 0
    recent_decided: int = 0
    recent_rejected: int = 0

    @property
    def rejection_rate(self) -> float | None:
        """Share of the last 30 days' decided comments that were rejected or removed."""
        if not self.recent_decided:
            return None
        return self.recent_rejected / self.recent_decided


_TAKEN_DOWN = [Comment.Status.REJECTED, Comment.Status.REMOVED, Comment.Status.SPAM]


def commenter_stats(*, commenter_ids: list[int]) -> dict[int, CommenterStats]:
    """Published and rejected tallies per commenter, and their 30-day rejection rate."""
    since = timezone.now() - timedelta(days=REJECTION_RATE_DAYS)
    recent = Q(created_at__gte=since)
    rows = (
        Comment.objects.filter(commenter_id__in=commenter_ids)
        .order_by()
        .values("commenter_id")
        .annotate(
            published=Count("pk", filter=Q(status=Comment.Status.PUBLISHED)),
            rejected=Count("pk", filter=Q(status__in=_TAKEN_DOWN)),
            recent_decided=Count(
                "pk",
                filter=recent & Q(status__in=[Comment.Status.PUBLISHED, *_TAKEN_DOWN]),
            ),
            recent_rejected=Count("pk", filter=recent & Q(status__in=_TAKEN_DOWN)),
        )
    )
    stats = {pk: CommenterStats() for pk in commenter_ids}
    for row in rows:
        commenter_id = row.pop("commenter_id")
        stats[commenter_id] = CommenterStats(**row)
    return stats


# --- The commenter page -----------------------------------------------------------------------


@dataclass
class CommenterProfile:
    commenter: Commenter
    stats: CommenterStats
    sanctions: list[Sanction]
    comments: Page
    audit: Page


def commenter_profile(
    *, commenter: Commenter, page: int | str = 1, audit_page: int | str = 1
) -> CommenterProfile:
    """A commenter's record for moderators: tallies, sanctions, comments and audit trail."""
    comments = (
        Comment.objects.filter(commenter=commenter)
        .select_related("story")
        .order_by("-created_at", "-id")
    )
    audit = (
        AuditEntry.objects.filter(commenter=commenter)
        .select_related("actor", "comment")
        .order_by("-created_at", "-id")
    )
    sanctions = list(
        Sanction.objects.filter(commenter=commenter)
        .select_related("created_by", "lifted_by")
        .order_by("-created_at", "-id")[:50]
    )
    return CommenterProfile(
        commenter=commenter,
        stats=commenter_stats(commenter_ids=[commenter.pk])[commenter.pk],
        sanctions=sanctions,
        comments=Paginator(comments, COMMENTER_PAGE_SIZE).get_page(page),
        audit=Paginator(audit, COMMENTER_PAGE_SIZE).get_page(audit_page),
    )
