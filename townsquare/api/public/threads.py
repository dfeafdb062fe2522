"""Reading threads: a page of a thread, all the replies under a comment, the live state and
new comments by id. Public and cached like the pages (the story's thread version, ETag, 304).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from ninja import Path, Query

from townsquare.api.public.base import (
    CURSOR_MAX,
    ERRORS,
    OPERATION,
    json_answer,
    page_checked,
    router,
)
from townsquare.api.schemas import (
    URL_MAX,
    CommentsOut,
    LiveOut,
    RepliesOut,
    ThreadOut,
)
from townsquare.comments.live import live_state
from townsquare.comments.models import Comment
from townsquare.comments.public import comment_public, replies_public_cached, story_public
from townsquare.comments.selectors import ThreadSort, comment_ids_parse, comments_published_by_id
from townsquare.embed import fragments
from townsquare.embed.pages import (
    first_view_from_request,
    page_awaits_story,
)
from townsquare.lib import http_cache
from townsquare.lib.apierrors import ApiError
from townsquare.lib.params import MAX_DB_INT
from townsquare.stories.models import Story
from townsquare.stories.selectors import story_thread_is_current


@router.get(
    "/threads",
    response={200: ThreadOut, **ERRORS},
    summary="A page of a thread",
    operation_id=OPERATION + "thread_get",
)
def thread_get(
    request: HttpRequest,
    url: str = Query(..., max_length=URL_MAX, description="The page's (canonical) URL."),
    sort: ThreadSort = Query(ThreadSort.OLDEST),
    after: str = Query("", max_length=CURSOR_MAX, description="next_cursor of the last page."),
    title: str = Query("", max_length=300, description="The page's title, for a new thread."),
):
    """One page of top-level comments with their first replies, keyset-paginated.

    A page of an allowed origin that has no thread yet gets one when its site allows it and
    the request is a browser's on one of the site's origins (``Origin``), within the per-client
    rate; ``title`` is then its headline, unconfirmed. Anyone else reads an existing thread, or
    an empty one. Public and cached under the thread's version (ETag).
    """
    page = page_checked(
        request, write=False, url=url, title=title, first_view=first_view_from_request(request)
    )
    story = page.story
    parts = (
        "api-thread",
        # The fragments are rendered in the request's language (page_checked): one copy each.
        translation.get_language(),
        page.url,
        *(story.cache_marks() if story else ()),
        sort,
        after,
    )
    response = http_cache.public_response(
        request,
        parts=parts,
        last_modified=(story.thread_changed_at or story.updated_at) if story else None,
        render=lambda: json.dumps(fragments.thread_data(page=page, sort=sort, after=after)),
        replica_current=(lambda: story_thread_is_current(story=story)) if story else None,
        content_type="application/json; charset=utf-8",
    )
    if page_awaits_story(page):
        http_cache.private_headers(response)
    return response


@router.get(
    "/comments/{comment_id}/replies",
    response={200: RepliesOut, **ERRORS},
    summary="All the replies under a top-level comment",
    operation_id=OPERATION + "replies_get",
)
def replies_get(
    request: HttpRequest,
    comment_id: int = Path(..., ge=1, le=MAX_DB_INT),
    after: str = Query("", max_length=CURSOR_MAX),
):
    comment = (
        Comment.objects.select_related("story__site")
        .filter(pk=comment_id, depth=0, story__in=Story.objects.published())
        .first()
    )
    if comment is None:
        raise ApiError(404, code="not_found", field="comment_id", message="No such comment.")
    story = comment.story
    page_checked(request, write=False, story=story)

    def render() -> str:
        data = replies_public_cached(story=story, root_id=comment_id, after=after)
        if data is None:
            raise ApiError(404, code="not_found", field="comment_id", message="No such comment.")
        return json.dumps(data)

    return http_cache.public_response(
        request,
        parts=("api-replies", translation.get_language(), *story.cache_marks(), comment_id, after),
        last_modified=story.thread_changed_at or story.updated_at,
        render=render,
        content_type="application/json; charset=utf-8",
    )


LIVE_IDS_MAX = 50


@router.get(
    "/stories/{story_id}/live",
    response={200: LiveOut, 304: None, **ERRORS},
    summary="What is new in a thread (for polling)",
    operation_id=OPERATION + "live_get",
)
def live_get(request: HttpRequest, story_id: int = Path(..., ge=1, le=MAX_DB_INT)):
    """The thread's version and its most recently published comments, for an open page that
    polls to say "3 new comments". Read from the shared cache, never the database once warm;
    revalidate with ``If-None-Match`` for a 304 while nothing changed. Public: any origin may
    read it (it holds nothing a page does not show).
    """
    state = live_state(story_id)
    if state is None:
        raise ApiError(404, code="not_found", field="story_id", message="No such story.")
    etag = f"live-{story_id}-{state['version']}"
    response = http_cache.not_modified(request, etag=etag, last_modified=None)
    if response is None:
        response = json_answer(state)
    response["ETag"] = f'"{etag}"'
    response["Cache-Control"] = f"public, max-age=0, s-maxage={settings.LIVE_SHARED_MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag"
    return response


@router.get(
    "/stories/{story_id}/comments",
    response={200: CommentsOut, **ERRORS},
    summary="Published comments of a story by id (to show new ones)",
    operation_id=OPERATION + "comments_by_id_get",
)
def comments_by_id_get(
    request: HttpRequest,
    story_id: int = Path(..., ge=1, le=MAX_DB_INT),
    ids: str = Query(..., max_length=600, description="Comma-separated ids, at most 50."),
    url: str = Query("", max_length=URL_MAX, description="The page, for the embed's HTML."),
):
    """The published comments among ``ids`` on the story, oldest first: what a page adds when
    its reader clicks "show" on "3 new comments". Unknown, pending or removed ids are left out."""
    wanted = comment_ids_parse(ids, limit=LIVE_IDS_MAX)
    if wanted is None:
        raise ApiError(
            400, code="invalid", field="ids", message=f"Up to {LIVE_IDS_MAX} comma-separated ids."
        )
    story = Story.objects.published().select_related("site").filter(pk=story_id).first()
    if story is None:
        raise ApiError(404, code="not_found", field="story_id", message="No such story.")
    page = (
        page_checked(request, write=False, url=url)
        if url
        else page_checked(request, write=False, story=story)
    )
    if page.story is None or page.story.pk != story.pk:
        raise ApiError(404, code="not_found", field="url", message="That page is another thread.")
    story_data = story_public(story)

    def render() -> str:
        found = [comment_public(c) for c in comments_published_by_id(story=story, ids=wanted)]
        html = [fragments.comment_html(page=page, comment=c, story_data=story_data) for c in found]
        return json.dumps({"comments": found, "html": html if url else []})

    return http_cache.public_response(
        request,
        parts=(
            "api-comments",
            translation.get_language(),
            *story.cache_marks(),
            page.url if url else "",
            *wanted,
        ),
        last_modified=story.thread_changed_at or story.updated_at,
        render=render,
        content_type="application/json; charset=utf-8",
    )
