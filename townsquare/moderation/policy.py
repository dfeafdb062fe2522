"""The site's moderation policy and its word lists, as every check and page reads them."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from townsquare.moderation.models import (
    ModerationPolicy,
    WordRule,
)
from townsquare.moderation.rules import (
    WORD_RULES_CACHE_KEY,
)


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


def word_rules() -> dict[str, list[str]]:
    """{"banned": [...], "suspect": [...]} phrases, cached briefly per process."""
    rules = cache.get(WORD_RULES_CACHE_KEY)
    if rules is None:
        rules = {kind: [] for kind in WordRule.Kind.values}
        for kind, phrase in WordRule.objects.values_list("kind", "phrase"):
            rules[kind].append(phrase)
        cache.set(WORD_RULES_CACHE_KEY, rules, 60)
    return rules
