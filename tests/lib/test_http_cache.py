"""The page cache: keys, the shared cache and each process's recent pages."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from townsquare.lib import http_cache

pytestmark = pytest.mark.django_db


def test_a_stored_page_is_served_from_the_shared_cache_to_another_process():
    http_cache.cached_page_store("k-shared", "<p>hello</p>")
    http_cache._recent_pages.clear()  # as another process would start
    assert http_cache.cached_page("k-shared") == b"<p>hello</p>"


def test_recent_pages_are_bounded_and_keep_the_most_recent():
    http_cache._recent_pages.clear()
    for n in range(http_cache.RECENT_PAGES + 10):
        http_cache.cached_page_store(f"k{n}", f"page {n}")
    assert len(http_cache._recent_pages) == http_cache.RECENT_PAGES
    assert "k0" not in http_cache._recent_pages
    cache.clear()
    assert http_cache.cached_page(f"k{http_cache.RECENT_PAGES + 9}") is not None  # from memory
    assert http_cache.cached_page("k0") is None  # neither in memory nor shared any more


def test_the_key_changes_with_the_site_version_and_the_parts():
    first = http_cache.page_key("story", 1, 7)
    assert http_cache.page_key("story", 1, 7) == first
    assert http_cache.page_key("story", 1, 8) != first
    http_cache.site_version_bump()
    assert http_cache.page_key("story", 1, 7) != first
