"""What the hosted site tells crawlers and feed readers: robots.txt, sitemap.xml, RSS.

The sitemap and the RSS feed list the stories the front page lists (``stories_for_front_page``,
so a change to what the front page shows applies here too), and of those only the ones hosted
here: a story on the newsroom's CMS has its page there, in the CMS's own sitemap and feed.
Every address starts with ``SITE_URL`` (what readers use), not with whatever Host header a
request came with.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from townsquare.stories.models import Story
from townsquare.stories.selectors import stories_for_front_page

FEED_ITEMS = 20
SITEMAP_ITEMS = 50_000  # the sitemap protocol's limit for one file
ROBOTS_MAX_AGE = 3600


def hosted_stories(*, limit: int) -> list[Story]:
    """The front page's published stories that are hosted here (not pages of the CMS)."""
    return [story for story in stories_for_front_page(limit=limit) if not story.canonical_url]


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


class SiteUrlSitemap(Sitemap):
    """A sitemap whose addresses start with SITE_URL's scheme and host."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None) -> str:
        parts = urlsplit(settings.SITE_URL)
        return f"{parts.netloc}{parts.path.rstrip('/')}"


class FrontPageSitemap(SiteUrlSitemap):
    changefreq = "hourly"

    def items(self) -> list[str]:
        return ["stories:front_page"]

    def location(self, item: str) -> str:
        return reverse(item)


class HostedStorySitemap(SiteUrlSitemap):
    limit = SITEMAP_ITEMS

    def items(self) -> list[Story]:
        return hosted_stories(limit=SITEMAP_ITEMS)

    def lastmod(self, story: Story) -> datetime:
        return story.updated_at


SITEMAPS = {"front": FrontPageSitemap, "stories": HostedStorySitemap}


class HostedStoriesFeed(Feed):
    """RSS 2.0: the newest hosted stories, as the front page lists them."""

    def title(self) -> str:
        return settings.SITE_NAME

    def link(self) -> str:
        return _absolute(reverse("stories:front_page"))

    def description(self) -> str:
        return f"The latest stories from {settings.SITE_NAME}."

    def feed_url(self) -> str:
        return _absolute(reverse("stories:feed"))

    def items(self) -> Iterable[Story]:
        return hosted_stories(limit=FEED_ITEMS)

    def item_title(self, story: Story) -> str:
        return story.headline

    def item_description(self, story: Story) -> str:
        return story.standfirst

    def item_link(self, story: Story) -> str:
        return _absolute(story.get_absolute_url())

    def item_author_name(self, story: Story) -> str:
        return story.byline.removeprefix("By ").strip()

    def item_pubdate(self, story: Story) -> datetime | None:
        return story.published_at

    def item_updateddate(self, story: Story) -> datetime:
        return story.updated_at


# Paths no crawler should fetch: staff pages, the API, and every path that writes or belongs to
# one reader (posting, reports, sign-in and verification links, data requests).
ROBOTS_DISALLOW = (
    "/admin/",
    "/moderate/",
    "/accounts/",
    "/api/",
    "/stories/*/comments/",
    "/stories/*/viewer/",
    "/comments/",
    "/your-comments/",
    "/your-data/",
    "/verify/",
    "/unsubscribe/",
    "/warnings/",
)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Articles and the front page may be crawled; staff, API and write paths may not."""
    lines = [
        "User-agent: *",
        "Allow: /",
        *(f"Disallow: {path}" for path in ROBOTS_DISALLOW),
        "",
        f"Sitemap: {_absolute(reverse('stories:sitemap'))}",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={ROBOTS_MAX_AGE}"
    return response
