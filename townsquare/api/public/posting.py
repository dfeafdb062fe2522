"""Posting: a fresh reply form (form timestamp, device token, the reader's own parts) and the
post itself, through the same ``comment_post_use_case`` as the hosted page's form.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Status

from townsquare.api.public.base import (
    ERRORS,
    OPERATION,
    device_required,
    json_answer,
    nudged_answer,
    page_checked,
    router,
    story_for_token,
)
from townsquare.api.public.first_party import (
    caller_device,
    caller_user,
    caller_viewer,
    first_party,
    first_party_keep,
)
from townsquare.api.schemas import (
    CommentCreatedOut,
    CommentIn,
    FormIn,
    FormOut,
    NudgeOut,
)
from townsquare.comments.forms import form_started_token
from townsquare.comments.public import comment_public, story_public
from townsquare.comments.viewer import viewer_parts
from townsquare.embed import fragments
from townsquare.embed.tokens import (
    author_comment_ids,
    author_token_for,
)
from townsquare.lib import http_cache
from townsquare.lib.apierrors import ApiError
from townsquare.lib.client import (
    client_info,
    device_issue,
    device_token_for,
)
from townsquare.lib.dbfaults import database_lost
from townsquare.notifications.posting import (
    PostInput,
    comment_post_use_case,
)
from townsquare.readers.commenting import commenting_viewer
from townsquare.readers.session import reader_session_email
from townsquare.terms.models import TermsVersion
from townsquare.terms.selectors import terms_current


def _commenting_answer(request: HttpRequest, *, story, session_email: str | None) -> dict:
    """Whether the caller may post here, and the account they are signed in with."""
    # Read only: a signed-in user on our own pages counts without the CSRF check a write makes.
    user = request.user if first_party(request) and request.user.is_authenticated else None
    viewer = commenting_viewer(story=story, session_email=session_email, user=user)
    identity = viewer.identity
    reader = None
    if identity is not None:
        reader = {
            "name": identity.username,
            "email": identity.email,
            "badges": identity.public_badges,
        }
    return {"may_comment": viewer.may_comment, "reader": reader}


@router.post(
    "/forms",
    response={200: FormOut, **ERRORS},
    summary="A fresh reply form",
    operation_id=OPERATION + "form_post",
)
def form_post(request: HttpRequest, payload: FormIn):
    """What a reader needs to post: a fresh form timestamp, a device token, and their own
    comments on this thread that await moderation. Never cached."""
    story = story_for_token(payload.thread_token)
    page = page_checked(request, write=False, story=story)
    # The reader's device: the one they hold (on our own pages, the cookie), or a new one within
    # the connection's allowance.
    device = caller_device(request, payload.device_token) or device_issue(request)
    device_token = device_token_for(device) if device is not None else ""
    viewer = caller_viewer(request, device_token=device_token, author_token=payload.author_token)
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
        "reader_verified": viewer.verified_email is not None,
        **_commenting_answer(request, story=story, session_email=viewer.verified_email),
    }
    response = http_cache.private_headers(json_answer(data))
    first_party_keep(request, response, device=device)
    return response


@router.post(
    "/comments",
    response={201: CommentCreatedOut, 422: NudgeOut, **ERRORS},
    summary="Post a comment or a reply",
    operation_id=OPERATION + "comment_post",
)
def comment_post(request: HttpRequest, payload: CommentIn, response: HttpResponse):
    """Top level, or a reply with ``parent_id``; the same ``comment_post_use_case`` as the pages.

    201: published or pending (awaiting moderation). 422 ``nudged``: the civility check asks the
    author to reconsider — post again with ``nudge_token`` to post anyway (it then waits for a
    moderator). 422 ``rejected``: saved for the moderators, not published. 400: a field is
    wrong (``errors`` has each one), or the form is stale (a fresh ``form_started`` comes with
    it). 403/409/429: refused (sanction, closed story, duplicate, flood limit).

    From Townsquare's own pages the reader's cookies name them (``first_party``).
    """
    story = story_for_token(payload.thread_token)
    page = page_checked(request, write=True, story=story)
    device = device_required(request, payload.device_token)
    user = caller_user(request)
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
        user=user,
        session_email=reader_session_email(request),
    )
    first_party_keep(request, response, device=device)
    if result.outcome == "nudged":
        return nudged_answer(result.nudge, text=payload.comment, form_started=result.form_started)
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
        first_party_keep(request, response, device=None, comment_id=comment.pk)
    if result.shown and result.outcome == "posted":
        public = comment_public(comment)
        answer["comment"] = public
        answer["html"] = fragments.comment_html(
            page=page, comment=public, story_data=story_public(story)
        )
        answer["replies_notice"] = result.subscription_notice
    return Status(201, answer)
