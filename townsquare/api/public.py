"""The public API: threads, posting, reports and counts (what embed.js uses, and any client).

Reads are public and cached like the pages (under the story's thread version, ETag, 304);
writes take the thread token from the thread, the form timestamp from ``POST /api/v1/forms`` and
the device token, never a cookie. Every write goes through the services the pages use
(``comment_post_use_case``, ``report_create``), so it meets the same checks and gets the same
answers.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router, Status

from townsquare.api.errors import ApiError
from townsquare.api.schemas import (
    URL_MAX,
    AuthorIn,
    CommentCreatedOut,
    CommentIn,
    CommentsOut,
    CountsIn,
    CountsOut,
    DeletedOut,
    EditIn,
    EditOut,
    ErrorOut,
    FormIn,
    FormOut,
    LiveOut,
    NudgeOut,
    RepliesOut,
    ReportIn,
    ReportOut,
    RespectIn,
    RespectOut,
    ThreadOut,
)
from townsquare.comments.authorship import Viewer, viewer_from_tokens
from townsquare.comments.forms import form_started_token
from townsquare.comments.live import live_state
from townsquare.comments.models import Comment
from townsquare.comments.public import comment_public, replies_public_cached, story_public
from townsquare.comments.respects import comment_respect_toggle
from townsquare.comments.selectors import ThreadSort, comment_ids_parse, comments_published_by_id
from townsquare.comments.services import CommentInvalid, CommentRefused
from townsquare.comments.viewer import viewer_parts
from townsquare.embed import fragments
from townsquare.embed.counts import comment_counts_for_urls
from townsquare.embed.pages import (
    Page,
    PageRefused,
    first_view_from_request,
    origin_check,
    page_awaits_story,
    page_for_story,
    page_for_url,
)
from townsquare.embed.tokens import (
    author_comment_ids,
    author_token_for,
    story_id_from_thread_token,
)
from townsquare.embed.views import cors_allow
from townsquare.lib import http_cache
from townsquare.lib.client import (
    DEVICE_ALLOWANCE_MESSAGE,
    Device,
    client_info,
    client_ip,
    device_allowance_spent,
    device_cookie_value,
    device_from_value,
    device_id_from_value,
    device_id_new,
    device_issue,
    device_token_for,
    ip_hash,
    network_hash,
)
from townsquare.lib.dbfaults import database_lost
from townsquare.lib.highlight import highlight_spans
from townsquare.lib.params import MAX_DB_INT
from townsquare.moderation.authoring import (
    CommentNotYours,
    comment_author_delete,
    comment_edit,
    comment_for_author,
)
from townsquare.moderation.posting import (
    CommentNudged,
)
from townsquare.moderation.reporting import (
    ReportRefused,
    comment_for_reporting,
    report_create,
    reporter_key_for_device,
)
from townsquare.notifications.posting import (
    PostInput,
    comment_post_use_case,
    refusal_status,
)
from townsquare.readers.session import reader_session_email
from townsquare.sites.selectors import origin_allowed_anywhere
from townsquare.stories.models import Story
from townsquare.stories.selectors import story_thread_is_current
from townsquare.terms.models import TermsVersion
from townsquare.terms.selectors import terms_current

router = Router(tags=["public"])

CURSOR_MAX = 100
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut}


def _page(request: HttpRequest, *, write: bool, **lookup) -> Page:
    """The page and its thread, checked against the browser's origin (``PageRefused`` → JSON)."""
    try:
        page = page_for_url(**lookup) if "url" in lookup else page_for_story(lookup["story"])
        cors_allow(request, page)
        origin_check(page=page, origin_header=request.headers.get("Origin"), write=write)
    except PageRefused as refusal:
        raise ApiError(
            refusal.status, code=refusal.code, field=refusal.field, message=refusal.message
        ) from None
    return page


def _json(data: dict, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(data), status=status, content_type="application/json; charset=utf-8"
    )


@router.get("/threads", response={200: ThreadOut, **ERRORS}, summary="A page of a thread")
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
    page = _page(
        request, write=False, url=url, title=title, first_view=first_view_from_request(request)
    )
    story = page.story
    parts = (
        "api-thread",
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
    _page(request, write=False, story=story)

    def render() -> str:
        data = replies_public_cached(story=story, root_id=comment_id, after=after)
        if data is None:
            raise ApiError(404, code="not_found", field="comment_id", message="No such comment.")
        return json.dumps(data)

    return http_cache.public_response(
        request,
        parts=("api-replies", *story.cache_marks(), comment_id, after),
        last_modified=story.thread_changed_at or story.updated_at,
        render=render,
        content_type="application/json; charset=utf-8",
    )


def _story_for_token(token: str) -> Story:
    story_id = story_id_from_thread_token(token)
    story = Story.objects.published().select_related("site").filter(pk=story_id).first()
    if story_id is None or story is None:
        raise ApiError(
            400,
            code="invalid",
            field="thread_token",
            message="This thread token is not one of ours; load the thread again.",
        )
    return story


def _device(token: str) -> tuple[str, str]:
    """(device id, its token) for a report: the one the client sent, or a new one."""
    device_id = device_id_from_value(token) or device_id_new()
    return device_id, device_cookie_value(device_id)


def _device_required(request: HttpRequest, token: str) -> Device:
    """The device a write must name: one we issued (``POST /forms`` hands it out, within the
    connection's allowance of new ones). Without it: 400 ``device_required``, or 429
    ``device_allowance`` when this connection could not be issued one just now."""
    device = device_from_value(token)
    if device is not None:
        return device
    if device_allowance_spent(request):
        raise ApiError(
            429, code="device_allowance", field="device_token", message=DEVICE_ALLOWANCE_MESSAGE
        )
    raise ApiError(
        400,
        code="device_required",
        field="device_token",
        message="This browser has no device token from us: load the form (POST /api/v1/forms) "
        "and send its device_token.",
    )


LIVE_IDS_MAX = 50


@router.get(
    "/stories/{story_id}/live",
    response={200: LiveOut, 304: None, **ERRORS},
    summary="What is new in a thread (for polling)",
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
        response = _json(state)
    response["ETag"] = f'"{etag}"'
    response["Cache-Control"] = f"public, max-age=0, s-maxage={settings.LIVE_SHARED_MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag"
    return response


@router.get(
    "/stories/{story_id}/comments",
    response={200: CommentsOut, **ERRORS},
    summary="Published comments of a story by id (to show new ones)",
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
    page = _page(request, write=False, url=url) if url else _page(request, write=False, story=story)
    if page.story is None or page.story.pk != story.pk:
        raise ApiError(404, code="not_found", field="url", message="That page is another thread.")
    story_data = story_public(story)

    def render() -> str:
        found = [comment_public(c) for c in comments_published_by_id(story=story, ids=wanted)]
        html = [fragments.comment_html(page=page, comment=c, story_data=story_data) for c in found]
        return json.dumps({"comments": found, "html": html if url else []})

    return http_cache.public_response(
        request,
        parts=("api-comments", *story.cache_marks(), page.url if url else "", *wanted),
        last_modified=story.thread_changed_at or story.updated_at,
        render=render,
        content_type="application/json; charset=utf-8",
    )


@router.post("/forms", response={200: FormOut, **ERRORS}, summary="A fresh reply form")
def form_post(request: HttpRequest, payload: FormIn):
    """What a reader needs to post: a fresh form timestamp, a device token, and their own
    comments on this thread that await moderation. Never cached."""
    story = _story_for_token(payload.thread_token)
    page = _page(request, write=False, story=story)
    # The embed's device: the one it holds, or a new one within the connection's allowance.
    device = device_from_value(payload.device_token) or device_issue(request)
    device_token = device_token_for(device) if device is not None else ""
    viewer = viewer_from_tokens(
        device_id=device.id if device else "",
        comment_ids=author_comment_ids(payload.author_token),
    )
    parts = viewer_parts(viewer=viewer, story=story)
    pending = [comment_public(c) for c in parts.pending]
    story_data = story_public(story)
    terms = terms_current(kind=TermsVersion.Kind.TERMS)
    data = {
        "form_started": form_started_token(),
        "device_token": device_token,
        "terms_version": terms.pk if terms else None,
        "pending": pending,
        "pending_html": [
            fragments.comment_html(page=page, comment=c, story_data=story_data) for c in pending
        ],
        **parts.as_json(),
    }
    return http_cache.private_headers(_json(data))


@router.post(
    "/comments",
    response={201: CommentCreatedOut, 422: NudgeOut, **ERRORS},
    summary="Post a comment or a reply",
)
def comment_post(request: HttpRequest, payload: CommentIn):
    """Top level, or a reply with ``parent_id``; the same ``comment_post_use_case`` as the pages.

    201: published or pending (awaiting moderation). 422 ``nudged``: the civility check asks the
    author to reconsider — post again with ``nudge_token`` to post anyway (it then waits for a
    moderator). 422 ``rejected``: saved for the moderators, not published. 400: a field is
    wrong (``errors`` has each one), or the form is stale (a fresh ``form_started`` comes with
    it). 403/409/429: refused (sanction, closed story, duplicate, flood limit).
    """
    story = _story_for_token(payload.thread_token)
    page = _page(request, write=True, story=story)
    device = _device_required(request, payload.device_token)
    result = comment_post_use_case(
        story=story,
        post=PostInput(
            author=payload.author,
            email=payload.email,
            url=payload.url,
            body=payload.comment,
            parent_id=payload.parent_id,
            terms_version_id=payload.tos_version,
            honeypot=payload.phone,
            nudge_token=payload.nudge_token,
            notify_replies=payload.notify_replies,
            form_started=payload.form_started,
        ),
        device=device,
        device_issue=lambda: None,  # the API's device comes from POST /forms, never from here
        client=client_info(request, device=device),
        session_email=reader_session_email(request),
    )
    if result.outcome == "nudged":
        return _nudged(result.nudge, text=payload.comment, form_started=result.form_started)
    if result.outcome in ("write_failed", "saved_plainly"):
        database_lost(request)
    if not result.posted:
        raise ApiError(
            result.http_status,
            code=result.code,
            field=result.field,
            message=result.message,
            form_started=result.form_started,
            **({"errors": result.errors} if result.errors else {}),
        )
    comment = result.comment
    answer = {
        "status": result.status,
        "message": result.message,
        "comment": None,
        "html": "",
        "author_token": payload.author_token,
        "device_token": device_token_for(device),
        "form_started": result.form_started,
    }
    if result.shown:
        answer["author_token"] = author_token_for(
            [comment.pk, *author_comment_ids(payload.author_token)]
        )
    if result.shown and result.outcome == "posted":
        public = comment_public(comment)
        answer["comment"] = public
        answer["html"] = fragments.comment_html(
            page=page, comment=public, story_data=story_public(story)
        )
        answer["replies_notice"] = result.subscription_notice
    return Status(201, answer)


@router.post(
    "/comments/{comment_id}/reports",
    response={201: ReportOut, **ERRORS},
    summary="Report a comment to the moderators",
)
def report_post(
    request: HttpRequest, payload: ReportIn, comment_id: int = Path(..., ge=1, le=MAX_DB_INT)
):
    comment = comment_for_reporting(comment_id=comment_id)
    if comment is None:
        raise ApiError(
            404,
            code="unavailable",
            field="comment_id",
            message="This comment is not published, so it cannot be reported.",
        )
    _page(request, write=True, story=comment.story)
    device_id, device_token = _device(payload.device_token)
    try:
        report_create(
            comment=comment,
            reporter_key=reporter_key_for_device(device_id),
            network_key=network_hash(client_ip(request)),
            reason=payload.reason,
            details=payload.details.replace("\r\n", "\n"),
        )
    except ReportRefused as refusal:
        raise ApiError(
            refusal_status(refusal.code),
            code=refusal.code,
            field=refusal.field,
            message=refusal.message,
        ) from None
    return Status(
        201,
        {
            "message": "Thank you. Our moderators will read the comment.",
            "device_token": device_token,
        },
    )


def _nudged(nudged: CommentNudged, *, text: str, form_started: str = "") -> Status:
    """The 422 a nudged post or edit answers: the message, the token to post anyway, the spans
    (and, for a post, the next form token)."""
    return Status(
        422,
        {
            **({"form_started": form_started} if form_started else {}),
            "code": "nudged",
            "field": "comment",
            "message": nudged.message,
            "errors": {"comment": nudged.message},
            "nudge_token": nudged.token,
            "spans": [{"start": s["start"], "end": s["end"]} for s in nudged.spans],
            "highlighted": str(highlight_spans(text.strip(), nudged.spans)),
        },
    )


def _refusal(refusal: CommentRefused) -> ApiError:
    if isinstance(refusal, CommentNotYours):
        return ApiError(404, code=refusal.code, field="comment_id", message=refusal.message)
    if isinstance(refusal, CommentInvalid):
        return ApiError(
            400, code="invalid", field=refusal.field, message=refusal.message, errors=refusal.errors
        )
    return ApiError(
        refusal_status(refusal.code),
        code=refusal.code,
        field=refusal.field,
        message=refusal.message,
    )


def _author_viewer(payload) -> Viewer:
    """The caller as an author: their device id (from a token they hold) and own comment ids."""
    device_id = device_id_from_value(payload.device_token) or ""
    return viewer_from_tokens(
        device_id=device_id, comment_ids=author_comment_ids(payload.author_token)
    )


def _authors_comment(request: HttpRequest, viewer, comment_id: int):
    """(the caller's own comment, its page), checked against the browser's origin."""
    try:
        comment = comment_for_author(viewer=viewer, comment_id=comment_id)
    except CommentRefused as refusal:
        raise _refusal(refusal) from None
    page = _page(request, write=True, story=comment.story)
    return comment, page


@router.post(
    "/comments/{comment_id}/edit",
    response={200: EditOut, 422: NudgeOut, **ERRORS},
    summary="Edit one's own comment (within the site's edit window)",
)
def comment_edit_post(
    request: HttpRequest, payload: EditIn, comment_id: int = Path(..., ge=1, le=MAX_DB_INT)
):
    """The author — the browser that posted it (``device_token``) or that holds its
    ``author_token`` — replaces the text while the site's edit window is open. The new text
    goes through the moderation checks again: 200 ``published`` or ``pending`` (held for a
    moderator: off the public thread), 422 ``nudged`` (send again with ``nudge_token`` to save
    anyway) or ``rejected`` (nothing saved; the comment reads as before), 409 when the window
    has closed, 404 when it is not the caller's."""
    viewer = _author_viewer(payload)
    comment, page = _authors_comment(request, viewer, comment_id)
    try:
        result = comment_edit(
            viewer=viewer,
            comment_id=comment.pk,
            body=payload.comment,
            client=client_info(request, device_id=viewer.device_id or device_id_new()),
            nudge_token=payload.nudge_token,
        )
    except CommentNudged as nudged:
        return _nudged(nudged, text=payload.comment)
    except CommentRefused as refusal:
        raise _refusal(refusal) from None
    public = comment_public(result.comment)
    message = result.message
    return {
        "status": "pending" if result.held else "published",
        "message": message,
        "changed": result.changed,
        "comment": public,
        "html": fragments.comment_html(
            page=page, comment=public, story_data=story_public(comment.story)
        ),
    }


@router.post(
    "/comments/{comment_id}/delete",
    response={200: DeletedOut, **ERRORS},
    summary="Delete one's own comment",
)
def comment_delete_post(
    request: HttpRequest, payload: AuthorIn, comment_id: int = Path(..., ge=1, le=MAX_DB_INT)
):
    """At any time, by its author (as for edit). With replies it stays as a tombstone ("This
    comment was deleted by its author."); without, it leaves the thread. 409 when it is already
    gone (deleted, or taken down by a moderator)."""
    viewer = _author_viewer(payload)
    comment, _ = _authors_comment(request, viewer, comment_id)
    try:
        comment_author_delete(viewer=viewer, comment_id=comment.pk)
    except CommentRefused as refusal:
        raise _refusal(refusal) from None
    return {"message": "Your comment was deleted.", "status": "deleted"}


@router.post(
    "/comments/{comment_id}/respect",
    response={200: RespectOut, **ERRORS},
    summary="Respect a comment, or undo it",
)
def comment_respect_post(
    request: HttpRequest, payload: RespectIn, comment_id: int = Path(..., ge=1, le=MAX_DB_INT)
):
    """Once per reader (the browser's ``device_token``); idempotent. Answers the new count and
    whether the caller respects it — never who else does. 409 for a comment that is not
    published, 429 over the hourly limit."""
    comment = (
        Comment.objects.select_related("story__site")
        .filter(pk=comment_id, status=Comment.Status.PUBLISHED, story__in=Story.objects.published())
        .first()
    )
    if comment is None:
        raise ApiError(
            409,
            code="unavailable",
            field="comment_id",
            message="This comment is not published, so it cannot be respected.",
        )
    _page(request, write=True, story=comment.story)
    device = _device_required(request, payload.device_token)
    ip = client_ip(request)
    try:
        result = comment_respect_toggle(
            viewer=viewer_from_tokens(device_id=device.id, comment_ids=()),
            comment_id=comment.pk,
            on=payload.on,
            network_hash=network_hash(ip),
            address_hash=ip_hash(ip),
        )
    except CommentRefused as refusal:
        raise _refusal(refusal) from None
    return {
        "respected": result.respected,
        "respect_count": result.respect_count,
        "device_token": device_token_for(device),
    }


def _counts(request: HttpRequest, urls: list[str]) -> HttpResponse:
    if len(urls) > 100:
        raise ApiError(400, code="too_many", field="urls", message="At most 100 URLs at a time.")
    origin = request.headers.get("Origin")
    if origin is not None:
        if not origin_allowed_anywhere(value=origin):
            raise ApiError(
                403, code="origin_not_allowed", field="origin", message="Origin not allowed."
            )
        request.townsquare_cors_origin = origin
    try:
        counts = comment_counts_for_urls(urls=urls)
    except ValueError as error:
        raise ApiError(400, code="invalid", field="urls", message=str(error)) from None
    body = json.dumps({"counts": counts})
    etag = hashlib.sha256(body.encode()).hexdigest()[:32]  # the counts themselves name it
    response = http_cache.not_modified(request, etag=etag, last_modified=None)
    if response is None:
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["ETag"] = f'"{etag}"'
    # Counts change with every comment on any of the pages: browsers revalidate each time (a
    # 304 when nothing changed), shared caches keep them as long as they keep pages.
    response["Cache-Control"] = f"public, max-age=0, s-maxage={settings.PAGE_SHARED_MAX_AGE}"
    return response


@router.get("/counts", response={200: CountsOut, **ERRORS}, summary="Comment counts (query)")
def counts_get(
    request: HttpRequest,
    url: list[str] = Query(..., description="Repeat for each page (at most 100)."),
):
    """Published comments per page: one request for every count on a page (``count.js``)."""
    return _counts(request, url)


@router.post("/counts", response={200: CountsOut, **ERRORS}, summary="Comment counts (body)")
def counts_post(request: HttpRequest, payload: CountsIn):
    """As ``GET /counts``, with the URLs in a JSON body (for long lists)."""
    return _counts(request, payload.urls)
