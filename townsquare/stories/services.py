"""Write-side services for stories."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from townsquare.lib.urls import canonical_url
from townsquare.sites.models import Site
from townsquare.stories.models import Story
from townsquare.stories.selectors import stories_by_canonical_url

HEADLINE_MAX = Story._meta.get_field("headline").max_length


@dataclass(frozen=True)
class StoryForURL:
    story: Story
    created: bool


def _slug_for(*, headline: str, url: str) -> str:
    """A readable slug that cannot collide: the headline's words and a hash of the URL."""
    digest = hashlib.sha256(url.encode()).hexdigest()[:10]
    words = slugify(headline, allow_unicode=False)[:100].strip("-") or "story"
    return f"{words}-{digest}"


@transaction.atomic
def story_for_url_get_or_create(
    *,
    site: Site,
    url: str,
    headline: str = "",
    published_at: datetime | None = None,
    comments_open: bool = True,
) -> StoryForURL:
    """The site's story for the page at ``url``, created (with headline and date) if missing.

    ``url`` is normalised first (``townsquare.lib.urls.canonical_url``; raises ``InvalidURL``
    for anything but http(s)). An existing story is returned as it is: its headline and settings
    belong to the editors now.
    """
    key = canonical_url(url)
    existing = stories_by_canonical_url(site=site, key=key).first()
    if existing is not None:
        return StoryForURL(story=existing, created=False)
    headline = " ".join((headline or "").split())[:HEADLINE_MAX] or key[:HEADLINE_MAX]
    story = Story(
        site=site,
        canonical_url=key,
        slug=_slug_for(headline=headline, url=f"{site.pk}:{key}"),
        headline=headline,
        body="",
        published_at=published_at,
        comments_open=comments_open,
    )
    try:
        with transaction.atomic():
            story.save()
    except IntegrityError:
        # Someone created it in the meantime (two first views of one page at once).
        return StoryForURL(story=Story.objects.get(site=site, canonical_url=key), created=False)
    return StoryForURL(story=story, created=True)
