"""The public API's shared parts: its router, the page and origin check, tokens, error answers.

Every public endpoint module registers on ``router``; ``page_checked`` turns a URL or a story into
its page checked against the browser's ``Origin`` (a refusal is a JSON error).
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from townsquare.api.public.first_party import caller_device, first_party
from townsquare.api.schemas import (
    ErrorOut,
)
from townsquare.comments.services import CommentInvalid, CommentRefused
from townsquare.embed.pages import (
    Page,
    PageRefused,
    origin_check,
    own_origin,
    page_for_story,
    page_for_url,
)
from townsquare.embed.tokens import (
    story_id_from_thread_token,
)
from townsquare.embed.views import cors_allow
from townsquare.lib.apierrors import ApiError
from townsquare.lib.client import (
    DEVICE_ALLOWANCE_MESSAGE,
    Device,
    device_allowance_spent,
    device_cookie_value,
    device_id_new,
)
from townsquare.lib.highlight import highlight_spans
from townsquare.lib.i18n import language_activate_for
from townsquare.moderation.authoring import (
    CommentNotYours,
)
from townsquare.moderation.posting import (
    CommentNudged,
)
from townsquare.notifications.posting import (
    refusal_status,
)
from townsquare.stories.models import Story

router = Router(tags=["public"])

CURSOR_MAX = 100
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut}


def page_checked(request: HttpRequest, *, write: bool, **lookup) -> Page:
    """The page and its thread, checked against the browser's origin (``PageRefused`` → JSON)."""
    try:
        page = page_for_url(**lookup) if "url" in lookup else page_for_story(lookup["story"])
        # The answer's language: the embed's lang, else the story's or its site's (the
        # request's own scope, InterfaceLanguageMiddleware, restores the previous one).
        language_activate_for(request, site=page.site, story=page.story)
        cors_allow(request, page)
        # Townsquare's own pages may use every thread (each story's discussion page is here).
        origin = own_origin() if first_party(request) else request.headers.get("Origin")
        origin_check(page=page, origin_header=origin, write=write)
    except PageRefused as refusal:
        raise ApiError(
            refusal.status, code=refusal.code, field=refusal.field, message=refusal.message
        ) from None
    return page


def json_answer(data: dict, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(data), status=status, content_type="application/json; charset=utf-8"
    )


def story_for_token(token: str) -> Story:
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


def device_for_report(request: HttpRequest, token: str) -> tuple[str, str]:
    """(device id, its token) for a report: the caller's (``caller_device``), or a new one."""
    device = caller_device(request, token)
    device_id = device.id if device else device_id_new()
    return device_id, device_cookie_value(device_id)


def device_required(request: HttpRequest, token: str) -> Device:
    """The device a write must name: one we issued (``POST /forms`` hands it out, within the
    connection's allowance of new ones). Without it: 400 ``device_required``, or 429
    ``device_allowance`` when this connection could not be issued one just now."""
    device = caller_device(request, token)
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


def nudged_answer(nudged: CommentNudged, *, text: str, form_started: str = "") -> Status:
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


def refusal_error(refusal: CommentRefused) -> ApiError:
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


# The operation ids the OpenAPI schema had while every public endpoint lived in one module:
# clients generated from the schema keep their method names.
OPERATION = "townsquare_api_public_"
