"""The moderation policy and its word lists, as every check and page reads them.

One site-wide policy row (administrators edit it at /admin/), whose first values come from
settings; a site may set any of its values for itself (``Site`` carries the same names, empty
meaning "as the site-wide policy says"). ``policy_for_site`` is what a story's comments are
judged by.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache

from townsquare.moderation.models import (
    ModerationPolicy,
    WordRule,
)
from townsquare.moderation.rules import (
    WORD_RULES_CACHE_KEY,
)
from townsquare.sites.models import MODERATION_SETTINGS, Site


def moderation_policy() -> ModerationPolicy:
    """The site-wide policy row, created from settings defaults the first time it is needed."""
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


@dataclass(frozen=True)
class SitePolicy:
    """The policy one site's stories are judged by: the site-wide values with the site's own.

    ``overridden`` names the values that come from the site. Read-only: the site-wide row is
    changed in the admin's Moderation policy, a site's own values on the site.
    """

    nudge_threshold: float
    hold_threshold: float
    reject_threshold: float
    max_links: int
    premoderate_all: bool
    premoderate_new_below: int
    report_hide_threshold: int
    notify_rejections: bool
    overridden: frozenset[str] = field(default_factory=frozenset)


def policy_for_site(*, site: Site | None) -> SitePolicy:
    """The effective policy for ``site`` (None: the site-wide policy as it is)."""
    row = moderation_policy()
    values = {name: getattr(row, name) for name in MODERATION_SETTINGS}
    overrides = site.moderation_overrides if site is not None else {}
    values.update(overrides)
    return SitePolicy(**values, overridden=frozenset(overrides))


def word_rules() -> dict[str, list[str]]:
    """{"banned": [...], "suspect": [...]} phrases, cached briefly per process."""
    rules = cache.get(WORD_RULES_CACHE_KEY)
    if rules is None:
        rules = {kind: [] for kind in WordRule.Kind.values}
        for kind, phrase in WordRule.objects.values_list("kind", "phrase"):
            rules[kind].append(phrase)
        cache.set(WORD_RULES_CACHE_KEY, rules, 60)
    return rules
