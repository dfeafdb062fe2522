"""Read-side queries for sites: the default site, and the site a page or a browser belongs to."""

from __future__ import annotations

from townsquare.lib.urls import InvalidURL, origin
from townsquare.sites.models import Site, default_site_id


def site_default() -> Site:
    return Site.objects.get(pk=default_site_id())


def site_by_slug(*, slug: str) -> Site | None:
    return Site.objects.filter(slug=slug).first()


def sites_with_origins() -> list[Site]:
    """Every site that lists at least one allowed origin (a handful: read whole)."""
    return [site for site in Site.objects.all() if site.allowed_origins]


def site_for_origin(*, value: str) -> Site | None:
    """The site whose allowed origins include ``value`` (an ``Origin`` header, a page URL's
    origin), or None. An origin belongs to one site at most (``Site.clean``)."""
    try:
        wanted = origin(value)
    except InvalidURL:
        return None
    return next((s for s in sites_with_origins() if wanted in s.allowed_origins), None)


def site_for_page_url(*, url: str) -> Site | None:
    """The site a page at ``url`` belongs to, by its origin; None for a page of no site."""
    return site_for_origin(value=url)


def origin_allowed_for_site(*, site: Site, value: str | None) -> bool:
    """Whether a browser's ``Origin`` header names one of ``site``'s allowed origins."""
    if not value or value == "null":
        return False
    try:
        return origin(value) in (site.allowed_origins or [])
    except InvalidURL:
        return False


def origin_allowed_anywhere(*, value: str | None) -> bool:
    """Whether ``value`` is an allowed origin of any site (for a CORS preflight)."""
    return bool(value) and site_for_origin(value=value or "") is not None
