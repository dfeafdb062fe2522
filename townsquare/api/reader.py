"""A verified reader's own comments and reply e-mails, for a page on the comment server's own
origin: authenticated by the reader-session cookie (``/your-comments/``'s), never a token.

No CORS: a page of another origin gets no answer it can read, and its requests carry no cookie
of ours (it is SameSite=Lax). Writes also refuse a browser's ``Origin`` that is not this site,
as the comment form does.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import Path, Query, Router

from townsquare.api.schemas import (
    ErrorOut,
    MessageOut,
    ReaderCommentsOut,
    ReaderDeliveryIn,
    ReaderRepliesIn,
    ReaderSignInIn,
)
from townsquare.lib import http_cache
from townsquare.lib.apierrors import ApiError
from townsquare.lib.client import client_info
from townsquare.lib.params import MAX_DB_INT
from townsquare.notifications import services as notifications
from townsquare.notifications.models import ReplySubscription
from townsquare.readers import selectors
from townsquare.readers.models import EmailVerification
from townsquare.readers.services import VerificationRefused, verification_send
from townsquare.readers.session import reader_session_email

router = Router(tags=["reader"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut}


def _same_origin(request: HttpRequest) -> None:
    origin = request.headers.get("Origin")
    if origin is None:
        return
    parts = urlsplit(origin)
    here = f"{parts.scheme}://{parts.netloc}"
    if here in settings.CSRF_TRUSTED_ORIGINS:
        return
    if parts.netloc != request.get_host() or parts.scheme != request.scheme:
        raise ApiError(
            403, code="origin_not_allowed", field="origin", message="Origin not allowed."
        )


def _reader(request: HttpRequest) -> str:
    email = reader_session_email(request)
    if email is None:
        raise ApiError(
            401,
            code="not_signed_in",
            field="cookie",
            message=gettext("Sign in with a link from /your-comments/sign-in/ first."),
        )
    return email


def _subscription_state(subscription: ReplySubscription | None) -> str:
    return subscription.status if subscription is not None else "off"


@router.get("/comments", response={200: ReaderCommentsOut, **ERRORS}, summary="Your comments")
def reader_comments_get(
    request: HttpRequest, before: str = Query("", max_length=100, description="A next_cursor.")
):
    """The signed-in reader's comments on every story, newest first, with status and whether
    replies are e-mailed (the rule for which comments are theirs: docs/readers.md)."""
    email = _reader(request)
    page = selectors.reader_comments(email=email, before=before)
    subscriptions = {
        s.comment_id: s
        for s in ReplySubscription.objects.filter(comment_id__in=[c.pk for c in page.comments])
    }
    data = {
        "comments": [
            {
                "id": c.pk,
                "story_headline": c.story.headline_shown,
                "story_url": c.story.canonical_url
                or f"{settings.SITE_URL}{c.story.get_absolute_url()}",
                "thread_url": f"{settings.SITE_URL}{c.thread_url}",
                "created_at": c.created_at.isoformat(),
                "status": c.reader_status[0],
                "status_label": gettext(c.reader_status[1]),
                "text": c.body,
                "replies_by_email": _subscription_state(subscriptions.get(c.pk)),
            }
            for c in page.comments
        ],
        "next_cursor": page.next_cursor,
        "delivery": notifications.preference_for(email=email).delivery,
    }
    return http_cache.private_headers(_json(data))


def _json(data: dict) -> HttpResponse:
    return HttpResponse(json.dumps(data), content_type="application/json; charset=utf-8")


@router.post("/sign-in", response={200: MessageOut, **ERRORS}, summary="E-mail me a sign-in link")
def reader_sign_in_post(request: HttpRequest, payload: ReaderSignInIn):
    """Mail a sign-in link to the address (the answer is the same whatever the address)."""
    _same_origin(request)
    try:
        verification_send(
            email=payload.email,
            purpose=EmailVerification.Purpose.READER_SIGN_IN,
            client=client_info(request),
        )
    except VerificationRefused as refused:
        status = 429 if refused.code == "rate_limited" else 400
        raise ApiError(status, code=refused.code, field="email", message=refused.message) from None
    return {"message": "If that address can receive mail, a sign-in link is on its way to it."}


@router.post("/delivery", response={200: MessageOut, **ERRORS}, summary="How replies reach you")
def reader_delivery_post(request: HttpRequest, payload: ReaderDeliveryIn):
    _same_origin(request)
    email = _reader(request)
    notifications.preference_set(email=email, delivery=payload.delivery)
    return {"message": "Your choice for reply e-mails is saved."}


@router.post(
    "/comments/{comment_id}/replies",
    response={200: MessageOut, **ERRORS},
    summary="E-mail replies to one of your comments, or stop",
)
def reader_replies_post(
    request: HttpRequest, payload: ReaderRepliesIn, comment_id: int = Path(..., ge=1, le=MAX_DB_INT)
):
    _same_origin(request)
    email = _reader(request)
    comment = selectors.reader_comments_queryset(email=email).filter(pk=comment_id).first()
    if comment is None:
        raise ApiError(
            404, code="not_found", field="comment_id", message=gettext("Not one of your comments.")
        )
    if payload.replies:
        notifications.reader_subscribe(comment=comment, email=email)
        return {"message": "You will get an e-mail when someone replies to that comment."}
    subscription = ReplySubscription.objects.filter(comment=comment).first()
    if subscription is not None:
        notifications.subscription_cancel(subscription=subscription)
    return {"message": "No more e-mails about replies to that comment."}
