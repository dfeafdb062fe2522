"""Write-side services for stories: saving an editor's changes, and finding a page's story.

A story's ``ad_html`` is inserted into the article page as raw HTML, unescaped, because
advertising networks deliver their slots as markup and scripts. Whoever can set it can run
script on every reader's page, under the site's origin; so only a superuser may set or change
it, like the site-wide ``AD_HTML`` that comes from the operator's environment. Everyone else who
may edit stories (the Administrator group) edits the rest of the story and leaves that field as
it is. Sanitising the markup instead was rejected: an allow-list that keeps an ad network's tag
working keeps its script, and one that removes script breaks the tag.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from townsquare.lib.pagemeta import page_meta_fetch
from townsquare.lib.urls import canonical_url, origin
from townsquare.sites.models import Site
from townsquare.stories.models import Story
from townsquare.stories.selectors import stories_by_canonical_url


class StoryRefused(Exception):
    """A story change that the acting user may not make; ``message`` says why."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def story_may_set_ad_html(*, actor) -> bool:
    """Whether ``actor`` may set raw advertising HTML: superusers only (see the module)."""
    return bool(getattr(actor, "is_superuser", False) and getattr(actor, "is_active", False))


@transaction.atomic
def story_save(*, story: Story, actor) -> Story:
    """Create or update ``story`` as edited by ``actor``.

    Changing the headline or the date confirms them (``metadata_confirmed``): a claimed headline
    from a page's first view becomes the newsroom's once an editor has written it.
    Raises ``StoryRefused`` when the advertising HTML differs from what is stored (or is set on a
    new story) and ``actor`` is not a superuser; nothing is saved then.
    """
    stored = (
        Story.objects.select_for_update()
        .filter(pk=story.pk)
        .values_list("ad_html", "headline", "published_at")
        if story.pk
        else []
    )
    stored_ad_html, stored_headline, stored_published_at = next(iter(stored), ("", None, None))
    if story.ad_html != stored_ad_html and not story_may_set_ad_html(actor=actor):
        raise StoryRefused(
            "Only a superuser can change a story's advertising HTML: it runs as script on "
            "every reader's page.",
            field="ad_html",
        )
    if story.pk and (story.headline, story.published_at) != (stored_headline, stored_published_at):
        # An editor who writes the headline or the date has made them the newsroom's own.
        story.metadata_confirmed = True
    story.save()
    return story


logger = logging.getLogger(__name__)
HEADLINE_MAX = Story._meta.get_field("headline").max_length


@dataclass(frozen=True)
class StoryForURL:
    story: Story
    created: bool


def _slug_for(*, words_from: str, url: str) -> str:
    """A readable slug that cannot collide: some words and a hash of the URL."""
    digest = hashlib.sha256(url.encode()).hexdigest()[:10]
    words = slugify(words_from, allow_unicode=False)[:100].strip("-") or "story"
    return f"{words}-{digest}"


@transaction.atomic
def story_for_url_get_or_create(
    *,
    site: Site,
    url: str,
    headline: str = "",
    published_at: datetime | None = None,
    comments_open: bool = True,
    metadata_confirmed: bool = True,
) -> StoryForURL:
    """The site's story for the page at ``url``, created (with headline and date) if missing.

    ``url`` is normalised first (``townsquare.lib.urls.canonical_url``; raises ``InvalidURL``
    for anything but http(s)). An existing story is returned as it is: its headline and settings
    belong to the editors now. ``metadata_confirmed=False`` marks the headline and date as a
    browser's claim (a page's first view): the story then stays off the front page, and its
    slug is made from the URL rather than from words anyone could have sent.
    """
    key = canonical_url(url)
    existing = stories_by_canonical_url(site=site, key=key).first()
    if existing is not None:
        return StoryForURL(story=existing, created=False)
    headline = " ".join((headline or "").split())[:HEADLINE_MAX] or key[:HEADLINE_MAX]
    story = Story(
        site=site,
        canonical_url=key,
        slug=_slug_for(
            words_from=headline if metadata_confirmed else urlsplit(key).path.replace("/", " "),
            url=f"{site.pk}:{key}",
        ),
        headline=headline,
        body="",
        published_at=published_at,
        comments_open=comments_open,
        metadata_confirmed=metadata_confirmed,
    )
    try:
        with transaction.atomic():
            story.save()
    except IntegrityError:
        # Someone created it in the meantime (two first views of one page at once).
        return StoryForURL(story=Story.objects.get(site=site, canonical_url=key), created=False)
    return StoryForURL(story=story, created=True)


def story_metadata_refresh(*, story_id: int) -> bool:
    """Fetch a CMS story's page and take its headline (and date) from the page's own tags.

    For a site with "fetch metadata" on: the title a reader's browser sent when it created the
    story is a claim anyone can make; the page itself is not. Only a page on one of the site's
    allowed origins is fetched, with ``METADATA_FETCH_TIMEOUT``; False when nothing changed
    (the story is gone, the page could not be read or has no title). A title read from the page
    confirms the story's metadata (``metadata_confirmed``), which puts it where the newsroom's
    own headlines go.
    """
    story = Story.objects.select_related("site").filter(pk=story_id).first()
    if story is None or not story.canonical_url:
        return False
    if origin(story.canonical_url) not in (story.site.allowed_origins or []):
        return False
    try:
        meta = page_meta_fetch(story.canonical_url, timeout=settings.METADATA_FETCH_TIMEOUT)
    except (OSError, ValueError) as error:
        logger.info("Could not read %s for its metadata: %s", story.canonical_url, error)
        return False
    fields = {}
    if meta.title:
        # The page's own title: the headline is the newsroom's now.
        fields["headline"] = meta.title[:HEADLINE_MAX]
        fields["metadata_confirmed"] = True
    if meta.published_at is not None:
        fields["published_at"] = min(meta.published_at, timezone.now())
    if not fields:
        return False
    Story.objects.filter(pk=story.pk).update(**fields, updated_at=timezone.now())
    return True
