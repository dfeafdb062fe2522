"""Read-side queries for moderation."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import timezone

from townsquare.comments.models import Comment, Commenter
from townsquare.moderation.models import ModerationPolicy, Sanction, SanctionMark, WordRule

# Rejection reasons that mean "this broke the civility rule", as opposed to spam or off-topic.
# A site model learns only from these, so it learns civility rather than topicality.
INCIVILITY_REASONS = frozenset(
    {"incivility", "personal_attack", "harassment", "hate", "threat", "obscene"}
)


def civility_learning_examples(*, limit: int | None = None) -> list[tuple[str, int]]:
    """The site's own moderation decisions as (text, label) pairs for ``civility learn``.

    Label 0: comments that are published (approved by the pipeline or a moderator).
    Label 1: comments a moderator rejected or removed for incivility.
    """
    uncivil = Comment.objects.filter(
        status__in=[Comment.Status.REJECTED, Comment.Status.REMOVED],
        rejection_reason__in=INCIVILITY_REASONS,
    ).order_by("-id")
    civil = Comment.objects.filter(status=Comment.Status.PUBLISHED).order_by("-id")
    if limit is not None:
        uncivil, civil = uncivil[:limit], civil[:limit]
    examples = [(body, 1) for body in uncivil.values_list("body", flat=True)]
    examples += [(body, 0) for body in civil.values_list("body", flat=True)]
    return examples


def moderation_policy() -> ModerationPolicy:
    """The site's policy row, created from settings defaults the first time it is needed."""
    policy = ModerationPolicy.objects.order_by("pk").first()
    if policy is None:
        policy, _ = ModerationPolicy.objects.get_or_create(
            pk=1,
            defaults={
                "nudge_threshold": settings.CIVILITY_NUDGE_THRESHOLD,
                "hold_threshold": settings.CIVILITY_HOLD_THRESHOLD,
                "reject_threshold": settings.CIVILITY_REJECT_THRESHOLD,
                "max_links": settings.MODERATION_MAX_LINKS,
                "premoderate_all": settings.PREMODERATE_ALL,
                "premoderate_new_below": settings.PREMODERATE_NEW_BELOW,
                "report_hide_threshold": settings.REPORT_HIDE_THRESHOLD,
                "notify_rejections": settings.NOTIFY_REJECTIONS,
            },
        )
    return policy


def _in_force(now: datetime) -> Q:
    return Q(lifted_at__isnull=True) & (Q(ends_at__isnull=True) | Q(ends_at__gt=now))


def sanctions_in_force(*, commenter: Commenter) -> QuerySet[Sanction]:
    """Sanctions on this commenter that have not ended or been lifted, newest first."""
    return Sanction.objects.filter(_in_force(timezone.now()), commenter=commenter).order_by(
        "-created_at"
    )


def blocking_sanction(*, commenter: Commenter) -> Sanction | None:
    """The ban or suspension that stops this commenter posting now, if any (bans first)."""
    sanctions = sanctions_in_force(commenter=commenter).filter(
        kind__in=[Sanction.Kind.BAN, Sanction.Kind.SUSPENSION]
    )
    return (
        sorted(sanctions, key=lambda s: (s.kind != Sanction.Kind.BAN, s.ends_at is None))[0]
        if sanctions
        else None
    )


def unacknowledged_warning(*, commenter: Commenter) -> Sanction | None:
    return (
        sanctions_in_force(commenter=commenter)
        .filter(kind=Sanction.Kind.WARNING, acknowledged_at__isnull=True)
        .first()
    )


def evasion_sanction(*, ip_hash: str, device_id: str) -> Sanction | None:
    """A ban or suspension in force whose commenter used this IP hash or device before."""
    marks = Q()
    if ip_hash:
        marks |= Q(marks__kind=SanctionMark.Kind.IP, marks__value=ip_hash)
    if device_id:
        marks |= Q(marks__kind=SanctionMark.Kind.DEVICE, marks__value=device_id)
    if not marks:
        return None
    return (
        Sanction.objects.filter(_in_force(timezone.now()), marks)
        .filter(kind__in=[Sanction.Kind.BAN, Sanction.Kind.SUSPENSION])
        .select_related("commenter")
        .first()
    )


def approved_comment_count(*, commenter: Commenter) -> int:
    return commenter.comments.filter(status=Comment.Status.PUBLISHED).count()


def word_rules() -> dict[str, list[str]]:
    """{"banned": [...], "suspect": [...]} phrases, cached briefly per process."""
    rules = cache.get(WORD_RULES_CACHE_KEY)
    if rules is None:
        rules = {kind: [] for kind in WordRule.Kind.values}
        for kind, phrase in WordRule.objects.values_list("kind", "phrase"):
            rules[kind].append(phrase)
        cache.set(WORD_RULES_CACHE_KEY, rules, 60)
    return rules


WORD_RULES_CACHE_KEY = "townsquare:word-rules"
