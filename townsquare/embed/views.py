"""The embed's endpoints: the thread fragment, more replies, and the two scripts.

``GET /embed/thread?url=…`` is the server-side include: a CMS template fetches it and puts it
in the page, so search engines and readers without JavaScript get the first page of comments
in the page's own HTML; ``embed.js`` then fetches it with ``mode=script`` (with the reply form)
into a shadow root. Both are public (cached under the story's thread version, ETag, 304) and
made from the same data as ``GET /api/v1/threads``. A browser on an origin that is not one of
the site's gets no thread: only the refusal (403 or 404), which its page may read, so the script
can tell the site's owner in place why nothing shows.
"""

from __future__ import annotations

from functools import cache as once
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.html import escape
from django.views.decorators.http import require_GET, require_safe

from townsquare.embed import fragments
from townsquare.embed.pages import (
    Page,
    PageRefused,
    first_view_from_request,
    origin_check,
    page_awaits_story,
    page_for_url,
    page_origins,
)
from townsquare.lib import http_cache
from townsquare.lib.csp import csp_override_response
from townsquare.lib.i18n import language_activate_for
from townsquare.lib.params import positive_int
from townsquare.stories.selectors import story_thread_is_current

QUERY_MAX = 100  # cursors and sorts
ORIGIN_REFUSALS = ("origin_not_allowed", "unknown_site")


def cors_allow(request: HttpRequest, page: Page) -> None:
    """Let the browser's page read this response, when its origin is one of the page's."""
    origin = request.headers.get("Origin")
    if origin and origin in page_origins(page):
        request.townsquare_cors_origin = origin


def _refused(refusal: PageRefused) -> HttpResponse:
    response = HttpResponse(
        f'<p class="ts-error" data-code="{refusal.code}">{escape(refusal.message)}</p>',
        status=refusal.status,
    )
    return http_cache.private_headers(response)


def _framed_by(response: HttpResponse, page: Page) -> HttpResponse:
    # Shown in a shadow root, not a frame; should anyone frame it, only the site's pages may.
    csp_override_response(response, frame_ancestors=page_origins(page) or ["'none'"])
    return response


def _thread_query(request: HttpRequest) -> dict[str, str]:
    return {
        "sort": request.GET.get("sort", "")[:QUERY_MAX],
        "after": request.GET.get("after", "")[:QUERY_MAX],
        "start": request.GET.get("from", "")[:QUERY_MAX],
    }


@require_GET
def embed_thread(request: HttpRequest) -> HttpResponse:
    # "page": the article page's own thread (its script reloads it in another order).
    mode = request.GET.get("mode") if request.GET.get("mode") in fragments.MODES else "include"
    try:
        page = page_for_url(
            url=request.GET.get("url", ""),
            title=request.GET.get("title", ""),
            first_view=first_view_from_request(request),
        )
        # The thread in its story's (or site's) language, or the embed's lang; the page cache
        # keeps one copy per language (http_cache.public_response).
        language_activate_for(request, site=page.site, story=page.story)
        cors_allow(request, page)
        origin_check(page=page, origin_header=request.headers.get("Origin"), write=False)
    except PageRefused as refusal:
        if refusal.code in ORIGIN_REFUSALS and request.headers.get("Origin"):
            # Only the reason is readable (it names nothing but the page's own origin): the
            # script shows it where the thread would be, rather than a blank area.
            request.townsquare_cors_origin = request.headers["Origin"]
        return _refused(refusal)
    query = _thread_query(request)
    story = page.story
    parts = (
        "embed-thread",
        mode,
        page.url,
        *(story.cache_marks() if story else ()),
        *query.values(),
    )
    response = http_cache.public_response(
        request,
        parts=parts,
        last_modified=(story.thread_changed_at or story.updated_at) if story else None,
        render=lambda: fragments.thread_html(page=page, mode=mode, **query),
        replica_current=(lambda: story_thread_is_current(story=story)) if story else None,
    )
    if page_awaits_story(page):
        http_cache.private_headers(response)
    return _framed_by(response, page)


@require_GET
def embed_replies(request: HttpRequest) -> HttpResponse:
    """Every reply under one top-level comment, a page at a time (the embed's "Show more")."""
    root_id = positive_int(request.GET.get("comment"))
    try:
        page = page_for_url(url=request.GET.get("url", ""))
        language_activate_for(request, site=page.site, story=page.story)
        cors_allow(request, page)
        origin_check(page=page, origin_header=request.headers.get("Origin"), write=False)
    except PageRefused as refusal:
        return _refused(refusal)
    story = page.story
    if story is None or root_id is None:
        raise Http404("No such comment")
    after = request.GET.get("after", "")[:QUERY_MAX]

    def render() -> str:
        html = fragments.replies_html(page=page, root_id=root_id, after=after)
        if html is None:
            raise Http404("No such comment")
        return html

    response = http_cache.public_response(
        request,
        parts=("embed-replies", *story.cache_marks(), root_id, after),
        last_modified=story.thread_changed_at or story.updated_at,
        render=render,
    )
    return _framed_by(response, page)


SCRIPTS = {"embed.js": "townsquare/embed.js", "count.js": "townsquare/count.js"}


@once
def _script(name: str) -> str:
    path = finders.find(SCRIPTS[name])
    return Path(path).read_text()


@require_safe  # HEAD too: uptime monitors and CDNs check a script with HEAD
def embed_script(request: HttpRequest, name: str) -> HttpResponse:
    """``/embed.js`` and ``/count.js``: at a short, stable address for the one tag a CMS adds.

    Public and revalidated by ETag, so a new release reaches readers within ``PAGE_MAX_AGE``.
    """
    if name not in SCRIPTS:
        raise Http404("No such script")
    body = _script(name)
    key = http_cache.page_key("script", name, body)
    response = http_cache.not_modified(request, etag=key, last_modified=None)
    if response is None:
        response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
        http_cache.public_headers(response, etag=key, last_modified=None)
    response["Access-Control-Allow-Origin"] = "*"  # a script is public; lets it load as a module
    return response
