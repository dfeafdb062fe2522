"""Comment counts for many pages at once, read from the stories' kept counters.

``count.js`` asks for every count on a page in one request; this answers it with one query per
site the pages belong to (and one for Townsquare's own article pages), reading
``Story.comment_count`` — never counting comments.
"""

from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import urlsplit

from django.conf import settings

from townsquare.lib.urls import InvalidURL, canonical_url, origin
from townsquare.sites.selectors import sites_with_origins
from townsquare.stories.models import Story

URL_MAX_LENGTH = 2000
_HOSTED_PATH = re.compile(r"^/stories/(?P<slug>[-a-zA-Z0-9_]+)/?$")


def comment_counts_for_urls(*, urls: list[str]) -> dict[str, int]:
    """{url as given: published comments}; 0 for a page with no thread.

    Raises ``ValueError`` naming the first URL that is not an http(s) address.
    """
    own = origin(settings.SITE_URL)
    by_origin = {o: site for site in sites_with_origins() for o in site.allowed_origins}
    wanted: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    hosted: dict[str, list[str]] = defaultdict(list)
    counts: dict[str, int] = {}
    for url in urls:
        if len(url) > URL_MAX_LENGTH:
            raise ValueError(f"URLs can be at most {URL_MAX_LENGTH} characters.")
        try:
            key = canonical_url(url)
        except InvalidURL:
            raise ValueError(f"Not an http(s) page address: {url[:100]!r}") from None
        counts[url] = 0
        page_origin = origin(key)
        if page_origin == own:
            match = _HOSTED_PATH.match(urlsplit(key).path)
            if match:
                hosted[match["slug"]].append(url)
        elif page_origin in by_origin:
            wanted[by_origin[page_origin].pk][key].append(url)
    for site_id, keys in wanted.items():
        for key, count in Story.objects.filter(
            site_id=site_id, canonical_url__in=list(keys)
        ).values_list("canonical_url", "comment_count"):
            for url in keys[key]:
                counts[url] = count
    if hosted:
        for slug, count in (
            Story.objects.published()
            .filter(slug__in=list(hosted))
            .values_list("slug", "comment_count")
        ):
            for url in hosted[slug]:
                counts[url] = count
    return counts
