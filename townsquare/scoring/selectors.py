"""Reads for scoring from other platforms: a site's dashboard, the feedback labels."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from townsquare.scoring.models import AnalysisCall, ScoreFeedback
from townsquare.sites.models import Site

DASHBOARD_DAYS_MAX = 90


def analysis_calls_per_day(*, site: Site, days: int = 30) -> list[dict]:
    """Per day, newest first: calls, calls over SCORING_DASHBOARD_THRESHOLD and their share."""
    days = max(1, min(int(days), DASHBOARD_DAYS_MAX))
    since = timezone.now() - timedelta(days=days)
    rows = (
        AnalysisCall.objects.filter(site=site, created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(calls=Count("id"), over=Count("id", filter=Q(over_threshold=True)))
        .order_by("-day")
    )
    return [
        {
            "day": row["day"],
            "calls": row["calls"],
            "over_threshold": row["over"],
            "share_over": row["over"] / row["calls"] if row["calls"] else 0.0,
        }
        for row in rows
    ]


def feedback_examples(*, limit: int | None = None) -> list[tuple[str, int]]:
    """(text, label) pairs kept from opted-in sites' feedback, newest first, for ``learn``.

    A site that withdrew its opt-in stops contributing at once, whatever rows remain.
    """
    rows = ScoreFeedback.objects.filter(site__scoring__keep_feedback=True).order_by("-id")
    out: list[tuple[str, int]] = []
    for label in (ScoreFeedback.Label.REJECTED, ScoreFeedback.Label.APPROVED):
        chosen = rows.filter(label=label)
        if limit is not None:
            chosen = chosen[:limit]
        out += [(text, int(label)) for text in chosen.values_list("text", flat=True)]
    return out
