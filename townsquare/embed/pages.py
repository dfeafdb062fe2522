"""The page a script (or a CMS template, or an API client) names by URL: its site and story.

A page lives on one of a site's allowed origins, and its thread is the site's story with that
canonical URL, created on the first view when the site says so (``stories_on_first_view``),
from the URL and the title the script read from the page (its ``og:title`` or ``<title>``).
Townsquare's own article pages (``SITE_URL/stories/<slug>/``) name their hosted story.

Only the embed's own request creates a story: a browser's, whose ``Origin`` is one of the
site's allowed origins, within ``FIRST_VIEW_STORIES_PER_HOUR`` new stories per client address
(and, loosely, ``NETWORK_FIRST_VIEW_STORIES_PER_HOUR`` per network). Anyone else (a server
including the fragment, curl) reads an existing thread, or an empty one. The title it sent is a
claim: the story is made with ``metadata_confirmed`` off, which keeps it off the front page
until the page's own metadata or an editor confirms it.

A browser's ``Origin`` must be one of the site's allowed origins to read the thread through the
embed or the API, or to write (post, report); a request without one (a CMS's server including
the fragment, an API client) may read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from townsquare.lib.client import client_ip, ip_hash, network_hash
from townsquare.lib.ratelimit import rate_allow
from townsquare.lib.urls import InvalidURL, canonical_url, origin
from townsquare.sites.models import Site
from townsquare.sites.selectors import origin_allowed_for_site, site_for_origin
from townsquare.stories.models import Story
from townsquare.stories.selectors import story_for_canonical_url, story_for_reader
from townsquare.stories.services import story_for_url_get_or_create
from townsquare.stories.tasks import story_metadata_task

URL_MAX_LENGTH = Story._meta.get_field("canonical_url").max_length
TITLE_MAX_LENGTH = 300
_HOSTED_PATH = re.compile(r"^/stories/(?P<slug>[-a-zA-Z0-9_]+)/?$")


class PageRefused(Exception):
    """The page cannot be served or written to; ``field`` and ``message`` say why."""

    def __init__(self, message: str, *, field: str, code: str, status: int) -> None:
        super().__init__(message)
        self.message, self.field, self.code, self.status = message, field, code, status


@dataclass
class Page:
    site: Site
    url: str  # the canonical URL
    story: Story | None  # None: no thread yet (and none will be made on view)
    hosted: bool = False


@dataclass(frozen=True)
class FirstView:
    """A browser's request that may create its page's story: its ``Origin`` and its keys.

    ``client_key`` and ``network_key`` are keyed hashes of the client's address and of its
    network (``townsquare.lib.client``); the embed's thread request carries no cookie or device
    token (it is public and cached), so the address is what names the client.
    """

    origin_header: str | None
    client_key: str = ""
    network_key: str = ""


def first_view_from_request(request: HttpRequest) -> FirstView:
    ip = client_ip(request)
    return FirstView(
        origin_header=request.headers.get("Origin"),
        client_key=ip_hash(ip),
        network_key=network_hash(ip),
    )


def _may_create(*, site: Site, first_view: FirstView | None) -> bool:
    """Whether this request may create a story for one of ``site``'s pages (and count it).

    The embed's own request only: a browser on one of the site's allowed origins, within the
    per-client and per-network rates. Anything else reads the page without creating its story.
    """
    if first_view is None or not site.stories_on_first_view:
        return False
    if not origin_allowed_for_site(site=site, value=first_view.origin_header):
        return False
    return rate_allow(
        scope="first-view-client",
        key=first_view.client_key,
        limit=settings.FIRST_VIEW_STORIES_PER_HOUR,
    ) and rate_allow(
        scope="first-view-network",
        key=first_view.network_key,
        limit=settings.NETWORK_FIRST_VIEW_STORIES_PER_HOUR,
    )


def own_origin() -> str:
    """Townsquare's own origin (``SITE_URL``'s): where its article pages are."""
    return origin(settings.SITE_URL)


def page_origins(page: Page) -> list[str]:
    """The origins whose pages may show and write to this page's thread."""
    return [own_origin()] if page.hosted else list(page.site.allowed_origins or [])


def page_for_url(*, url: str, title: str = "", first_view: FirstView | None = None) -> Page:
    """The page at ``url``; with ``first_view``, its story is made now if that request may.

    A story is made for the embed's own request only (``_may_create``: the site makes stories on
    first view, the browser's origin is one of the site's, the client is within its rate), with
    ``title`` as a claimed headline (``metadata_confirmed`` off).

    Raises ``PageRefused`` for a URL that is not http(s), is too long, or lives on no site.
    """
    if not url:
        raise PageRefused("Give the page's URL.", field="url", code="required", status=400)
    if len(url) > URL_MAX_LENGTH:
        raise PageRefused(
            f"Page URLs can be at most {URL_MAX_LENGTH} characters.",
            field="url",
            code="too_long",
            status=400,
        )
    try:
        key = canonical_url(url)
    except InvalidURL:
        raise PageRefused(
            "That is not an http(s) page address.", field="url", code="invalid", status=400
        ) from None
    if origin(key) == own_origin():
        match = _HOSTED_PATH.match(urlsplit(key).path)
        story = story_for_reader(slug=match["slug"]) if match else None
        if story is None:
            raise PageRefused(
                "There is no story at that address.", field="url", code="not_found", status=404
            )
        return Page(site=story.site, url=key, story=story, hosted=True)
    site = site_for_origin(value=key)
    if site is None:
        raise PageRefused(
            f"No site here lists {origin(key)} among its allowed origins.",
            field="url",
            code="unknown_site",
            status=404,
        )
    story = story_for_canonical_url(site=site, url=key)
    if story is None and _may_create(site=site, first_view=first_view):
        title = " ".join((title or "").split())[:TITLE_MAX_LENGTH]
        made = story_for_url_get_or_create(
            site=site,
            url=key,
            headline=title,
            published_at=timezone.now(),
            metadata_confirmed=False,
        )
        story = made.story
        if made.created and site.fetch_metadata:
            story_id = story.pk
            transaction.on_commit(
                lambda: story_metadata_task.enqueue(story_id=story_id), robust=True
            )
    if story is not None and (story.published_at is None or story.published_at > timezone.now()):
        raise PageRefused(
            "This story's discussion is not open yet.",
            field="url",
            code="not_published",
            status=404,
        )
    return Page(site=site, url=key, story=story)


def page_awaits_story(page: Page) -> bool:
    """Whether this page has no story yet but its embed's next request may make one.

    Its empty thread is then answered ``private, no-store``: a shared cache (nginx, a CDN) that
    kept it would show the next readers an empty thread their own request would have made.
    """
    return page.story is None and not page.hosted and page.site.stories_on_first_view


def page_for_story(story: Story) -> Page:
    if story.canonical_url:
        return Page(site=story.site, url=story.canonical_url, story=story)
    return Page(
        site=story.site,
        url=canonical_url(f"{settings.SITE_URL}{story.get_absolute_url()}"),
        story=story,
        hosted=True,
    )


def page_on_townsquare(story: Story) -> Page:
    """Townsquare's own page of ``story``'s discussion (``/stories/<slug>/``): the article, or
    the discussion of a story that lives on a newsroom's page."""
    url = canonical_url(f"{settings.SITE_URL}{story.get_absolute_url()}")
    return Page(site=story.site, url=url, story=story, hosted=True)


def origin_allowed(*, page: Page, origin_header: str | None) -> bool:
    """Whether a browser on ``origin_header`` may use this page's thread.

    Townsquare's own origin may use every thread: each story has its discussion page there.
    """
    if origin_header is not None and origin_header == own_origin():
        return True
    if page.hosted:
        return bool(origin_header) and origin_header == own_origin()
    return origin_allowed_for_site(site=page.site, value=origin_header)


def origin_check(*, page: Page, origin_header: str | None, write: bool) -> None:
    """Raise ``PageRefused`` (403) when a browser on another origin reads or writes the thread.

    A read without ``Origin`` (a server including the fragment) is allowed; so is a write
    without one, which no browser sends (an API client on a server: it still needs the thread
    token and the form timestamp, and meets every limit).
    """
    if origin_header is None:
        return
    if not origin_allowed(page=page, origin_header=origin_header):
        raise PageRefused(
            "This page's origin is not allowed to "
            + ("post to" if write else "show")
            + " this thread.",
            field="origin",
            code="origin_not_allowed",
            status=403,
        )
