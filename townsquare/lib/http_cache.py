"""Caching headers and the shared page cache for pages every anonymous reader sees alike.

A public page names its content with a key built from what it is made of (the story's version
numbers, the site version, the code version, the query). The rendered page is kept in the shared
cache (Redis or the database table) under that key, and the key's hash is the page's ``ETag``, so
a proxy, a CDN or a browser revalidating gets ``304 Not Modified`` without a render. Nothing on
such a page depends on who asks: per-viewer parts come from an uncached request (the page's
script asks ``POST /api/v1/forms``), and a request that carries our cookies gets a private page.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections import OrderedDict
from datetime import datetime
from functools import cache as once
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language

from townsquare.lib.replica import replica_configured, replica_reads

SITE_VERSION_KEY = "townsquare:site-version"
PAGE_CACHE_SECONDS = 24 * 3600


@once
def code_version() -> str:
    """A hash of the package version, the templates and the static files of this process.

    Part of every page key, so a deployment that changes how pages look never serves a page
    rendered by the code before it.
    """
    import townsquare

    digest = hashlib.sha256(townsquare.__version__.encode())
    root = Path(townsquare.__file__).resolve().parent
    for folder in ("templates", "static"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def site_version() -> str:
    """A token that changes when something every page shows changes (the Terms, say)."""
    version = cache.get(SITE_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex[:12]
        if not cache.add(SITE_VERSION_KEY, version, None):
            version = cache.get(SITE_VERSION_KEY) or version
    return version


def site_version_bump() -> None:
    """Make every cached public page stale (call on commit of the change)."""
    cache.set(SITE_VERSION_KEY, uuid.uuid4().hex[:12], None)


def page_key(*parts: object) -> str:
    """The cache key and ETag seed for a page made of ``parts`` (plus site and code version)."""
    seed = "|".join(str(part) for part in (code_version(), site_version(), *parts))
    return hashlib.sha256(seed.encode()).hexdigest()[:32]


def not_modified(
    request: HttpRequest, *, etag: str, last_modified: datetime | None
) -> HttpResponse | None:
    """A 304 response when the request's validators match, else None."""
    response = get_conditional_response(
        request,
        etag=f'"{etag}"',
        last_modified=int(last_modified.timestamp()) if last_modified else None,
    )
    if response is not None:
        public_headers(response, etag=etag, last_modified=last_modified)
    return response


def public_headers(
    response: HttpResponse, *, etag: str, last_modified: datetime | None
) -> HttpResponse:
    """Mark ``response`` cacheable by browsers and shared caches, with its validators."""
    response["Cache-Control"] = (
        f"public, max-age={settings.PAGE_MAX_AGE}, s-maxage={settings.PAGE_SHARED_MAX_AGE}, "
        f"stale-while-revalidate={settings.PAGE_STALE_WHILE_REVALIDATE}"
    )
    response["ETag"] = f'"{etag}"'
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return response


def private_headers(response: HttpResponse) -> HttpResponse:
    """Mark ``response`` as for this viewer only: no shared cache may keep it."""
    response["Cache-Control"] = "private, no-store"
    return response


def public_response(
    request: HttpRequest,
    *,
    parts: tuple,
    last_modified: datetime | None,
    render,
    replica_current=None,
    content_type: str = "text/html; charset=utf-8",
) -> HttpResponse:
    """A public page made of ``parts``: a 304, the shared cache's copy, or ``render()`` kept.

    ``render`` returns the page's HTML; it runs only when no copy for these parts is cached,
    reading from the read replica when there is one and ``replica_current()`` (asked of the
    replica) says it has caught up with the version the key names; otherwise from the primary,
    so a page is never kept under a version its content is older than.

    The active language is part of the key: a page is rendered in its story's language or the
    one a ``lang`` parameter asks for (docs/translating.md), one copy (and ETag) each.
    """
    key = page_key(*parts, get_language())
    response = not_modified(request, etag=key, last_modified=last_modified)
    if response is not None:
        return response
    body = cached_page(key)
    if body is None:
        html = None
        with replica_reads():
            if replica_current is not None and replica_configured() and replica_current():
                html = render()
        if html is None:
            html = render()
        body = cached_page_store(key, html)
    return public_headers(
        HttpResponse(body, content_type=content_type), etag=key, last_modified=last_modified
    )


# Each process also keeps the pages it served most recently. Safe to keep locally: a key names
# exactly what the page is made of (the versions were just read from the database), so a stale
# entry can only be one nobody asks for any more. It saves reading and decoding the page from the
# shared cache on every request for a popular story.
_recent_pages: OrderedDict[str, bytes] = OrderedDict()
_recent_lock = threading.Lock()
RECENT_PAGES = 64


def cached_page(key: str) -> bytes | None:
    """The page's encoded body, from this process's recent pages or the shared cache."""
    with _recent_lock:
        body = _recent_pages.get(key)
        if body is not None:
            _recent_pages.move_to_end(key)
            return body
    body = cache.get(f"townsquare:page:{key}")
    if isinstance(body, bytes):
        _recent_remember(key, body)
        return body
    return None


def cached_page_store(key: str, html: str) -> bytes:
    body = str(html).encode()
    cache.set(f"townsquare:page:{key}", body, PAGE_CACHE_SECONDS)
    _recent_remember(key, body)
    return body


def _recent_remember(key: str, html: bytes) -> None:
    with _recent_lock:
        _recent_pages[key] = html
        _recent_pages.move_to_end(key)
        while len(_recent_pages) > RECENT_PAGES:
            _recent_pages.popitem(last=False)
