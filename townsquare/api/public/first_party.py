"""Townsquare's own article pages as a client of the public API: the reader's cookies count.

The embed on a newsroom's page has no cookie of ours (a third-party cookie is blocked), so the
API names a reader by the tokens the script keeps. The hosted article page loads the same script
on Townsquare's own origin, where the reader may already be someone: the device cookie of a post
made without JavaScript, the session that lists their comments, a verified reader's sign-in. A
request is *first-party* when the browser says it comes from Townsquare's own origin (``Origin``
is ``SITE_URL``'s; browsers send it with every POST and no page can forge it). Then:

- the device cookie is the reader's device (a device token sent too is ignored; a device issued
  now is also set as the cookie, so a post without JavaScript later is the same browser);
- the session's comment ids and the verified reader's address are theirs, as on the form pages;
- what they post is remembered in their session, as a form post is, with the ``ts_posted`` mark
  that tells the page's script to fetch their own parts after a reload;
- a signed-in user (staff) posts as themselves, which needs Django's CSRF token
  (``X-CSRFToken``), as their form posts do.

Cross-site requests cannot use any of it: the cookies are ``SameSite=Lax`` (not sent with
another site's POST), and their ``Origin`` is not ours.
"""

from __future__ import annotations

from dataclasses import replace

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware

from townsquare.comments.authorship import Viewer, viewer_from_request, viewer_from_tokens
from townsquare.comments.session import own_parts_cookie_set, remember_my_comment
from townsquare.embed.pages import own_origin
from townsquare.embed.tokens import author_comment_ids
from townsquare.lib.apierrors import ApiError
from townsquare.lib.client import (
    Device,
    device_cookie_set,
    device_from_cookie,
    device_from_value,
)
from townsquare.readers.session import reader_session_email


def first_party(request: HttpRequest) -> bool:
    """Whether a browser sent this request from one of Townsquare's own pages: its ``Origin`` is
    ``SITE_URL``'s, or this server's own as the request names it (the same-origin check Django's
    CSRF protection makes; a cross-site request's ``Origin`` is the other site's)."""
    origin = request.headers.get("Origin")
    if origin is None or origin == "null":
        return False
    return origin in (own_origin(), f"{request.scheme}://{request.get_host()}")


def caller_device(request: HttpRequest, token: str) -> Device | None:
    """The caller's device: the cookie's on a first-party request (else the token's)."""
    if first_party(request):
        device = device_from_cookie(request)
        if device is not None:
            return device
    return device_from_value(token)


def caller_viewer(request: HttpRequest, *, device_token: str, author_token: str) -> Viewer:
    """The caller as a reader: their tokens, and on a first-party request their cookies too."""
    device = caller_device(request, device_token)
    tokens = viewer_from_tokens(
        device_id=device.id if device else "", comment_ids=author_comment_ids(author_token)
    )
    if not first_party(request):
        # Another origin sends no cookie of ours; a reader signed in with a newsroom token sends
        # their session in a header (readers.session.READER_HEADER), which no page can forge.
        return replace(tokens, verified_email=reader_session_email(request))
    cookies = viewer_from_request(request)
    return replace(
        cookies,
        device_id=tokens.device_id,
        session_comment_ids=cookies.session_comment_ids | tokens.session_comment_ids,
    )


def caller_user(request: HttpRequest):
    """The signed-in user a first-party write is made as (None: a reader without an account).

    Their session cookie acts for them, so Django's CSRF check applies, as on their form pages.
    """
    if not first_party(request) or not request.user.is_authenticated:
        return None
    refused = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
    if refused is not None:
        raise ApiError(
            403,
            code="csrf",
            field="csrf",
            message="Signed in: send the page's CSRF token (X-CSRFToken) with the request.",
        )
    return request.user


def first_party_keep(
    request: HttpRequest,
    response: HttpResponse,
    *,
    device: Device | None,
    comment_id: int | None = None,
) -> None:
    """After a first-party write: the device as a cookie, the new comment in the session."""
    if not first_party(request):
        return
    held = device_from_cookie(request)
    if device is not None and (held is None or held.id != device.id):
        device_cookie_set(response, device)
    if comment_id is not None:
        remember_my_comment(request, comment_id)
        own_parts_cookie_set(response)
