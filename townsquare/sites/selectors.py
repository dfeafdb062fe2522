"""Read-side queries for sites."""

from __future__ import annotations

from townsquare.sites.models import Site, default_site_id


def site_default() -> Site:
    return Site.objects.get(pk=default_site_id())


def site_by_slug(*, slug: str) -> Site | None:
    return Site.objects.filter(slug=slug).first()
