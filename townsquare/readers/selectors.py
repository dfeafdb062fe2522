"""Read-side queries for readers: everything held about an e-mail address."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.conf import settings
from django.utils import timezone

from townsquare.comments.models import Comment, Commenter
from townsquare.lib.identity import normalise_email
from townsquare.moderation.models import Report, Sanction

REPORTS_NOTE = (
    "Reports are tied to a browser, never to an e-mail address: the reports listed are those "
    "made from the browser in which this download was requested."
)


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _story_url(comment: Comment) -> str:
    story = comment.story
    return story.canonical_url or f"{settings.SITE_URL}{story.get_absolute_url()}"


def reader_data_summary(*, email: str, reporter_key: str = "") -> dict[str, Any]:
    """Counts for the page where a verified reader chooses to download or erase."""
    commenter = Commenter.objects.filter(email=normalise_email(email)).first()
    statuses: Counter = Counter()
    sanctions = 0
    if commenter is not None:
        statuses.update(commenter.comments.values_list("status", flat=True))
        sanctions = Sanction.objects.filter(commenter=commenter).count()
    labels = dict(Comment.Status.choices)
    return {
        "comments": sum(statuses.values()),
        "by_status": [(labels[s], n) for s, n in sorted(statuses.items())],
        "reports": Report.objects.filter(reporter_key=reporter_key).count() if reporter_key else 0,
        "sanctions": sanctions,
    }


def reader_data_for(*, email: str, reporter_key: str = "") -> dict[str, Any]:
    """Everything held about ``email``, as one JSON-ready document.

    The address's comments (with their status, story, text, website, and the civility model's
    scores), the commenter record, the public part of any sanction (kind, reason, dates: what
    the commenter was told, not who decided), the raw IP address while it is still kept, and the
    reports made from the browser with ``reporter_key`` (reports are not tied to an address).
    """
    address = normalise_email(email)
    commenter = Commenter.objects.filter(email=address).first()
    document: dict[str, Any] = {
        "email": address,
        "generated_at": _iso(timezone.now()),
        "site": settings.SITE_NAME,
        "commenter": None,
        "comments": [],
        "sanctions": [],
        "reports": [],
        "notes": [
            REPORTS_NOTE,
            "For abuse prevention each comment also keeps a keyed hash of the IP address it "
            "came from and a random browser id; neither can be turned back into the address.",
        ],
    }
    if commenter is not None:
        document["commenter"] = {
            "name": commenter.display_name,
            "first_seen": _iso(commenter.first_seen),
            "last_seen": _iso(commenter.last_seen),
        }
        comments = (
            Comment.objects.filter(commenter=commenter)
            .select_related("story")
            .order_by("created_at", "pk")
        )
        for comment in comments.iterator(chunk_size=500):
            scores = {k: v for k, v in (comment.civility_scores or {}).items() if k != "spans"}
            document["comments"].append(
                {
                    "id": comment.pk,
                    "story": {"headline": comment.story.headline, "url": _story_url(comment)},
                    "created_at": _iso(comment.created_at),
                    "status": comment.status,
                    "status_label": comment.get_status_display(),
                    "rejection_reason": comment.rejection_reason,
                    "name": comment.author_name,
                    "website": comment.author_url,
                    "text": comment.body,
                    "in_reply_to": comment.reply_to_id or comment.parent_id,
                    "ip_address": comment.raw_ip,
                    "civility_scores": scores,
                }
            )
        for sanction in Sanction.objects.filter(commenter=commenter).order_by("created_at"):
            document["sanctions"].append(
                {
                    "kind": sanction.kind,
                    "reason": sanction.reason,
                    "created_at": _iso(sanction.created_at),
                    "ends_at": _iso(sanction.ends_at),
                    "lifted_at": _iso(sanction.lifted_at),
                    "acknowledged_at": _iso(sanction.acknowledged_at),
                }
            )
    if reporter_key:
        for report in Report.objects.filter(reporter_key=reporter_key).order_by("created_at"):
            document["reports"].append(
                {
                    "comment_id": report.comment_id,
                    "reason": report.reason,
                    "details": report.details,
                    "created_at": _iso(report.created_at),
                    "resolved": report.resolved_at is not None,
                }
            )
    return document
