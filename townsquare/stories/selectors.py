"""Read-side queries for stories."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from townsquare.lib.urls import InvalidURL, canonical_url
from townsquare.sites.models import Site
from townsquare.stories.models import Story


def stories_for_front_page(*, limit: int = 20) -> QuerySet[Story]:
    """The latest published stories; each carries its ``comment_count`` (a kept counter).

    The articles hosted here, plus the stories of sites' own pages where the site asks for them
    (``Site.front_page_lists_pages``) and their headline is confirmed: a story made by a page's
    first view carries the title a browser sent, which is not the newsroom's word until the page
    itself or an editor confirms it (``Story.metadata_confirmed``).
    """
    return (
        Story.objects.published()
        .filter(metadata_confirmed=True)
        .filter(Q(canonical_url="") | Q(site__front_page_lists_pages=True))
        .order_by("-published_at")[:limit]
    )


def story_thread_is_current(*, story: Story) -> bool:
    """Whether the database being read holds ``story``'s thread at least at its version.

    Asked of a read replica before it renders a page cached under that version.
    """
    return Story.objects.filter(pk=story.pk, thread_version__gte=story.thread_version).exists()


def story_for_reader(*, slug: str) -> Story | None:
    """A published story by slug, or None (drafts and future-dated stories are not public).

    Read on every article request, cached page or not: one indexed row, no ordering to build.
    """
    found = list(Story.objects.published().filter(slug=slug).select_related("site").order_by()[:1])
    return found[0] if found else None


def story_for_canonical_url(*, site: Site, url: str) -> Story | None:
    """The site's story whose page is ``url``, however the URL is spelled, or None.

    ``url`` is normalised with ``townsquare.lib.urls.canonical_url`` (scheme and host case,
    default ports, trailing slash, fragment and tracking parameters); a URL that is not http(s)
    finds nothing.
    """
    try:
        key = canonical_url(url)
    except InvalidURL:
        return None
    return stories_by_canonical_url(site=site, key=key).first()


def stories_by_canonical_url(*, site: Site, key: str) -> QuerySet[Story]:
    """Stories of ``site`` stored under the already-normalised ``key``.

    The ``exclude`` repeats the unique index's condition: SQLite uses a partial index only when
    the query states its condition, and would otherwise scan every story of the site.
    """
    return Story.objects.filter(site=site, canonical_url=key).exclude(canonical_url="")
