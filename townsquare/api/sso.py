"""Signing in with the newsroom's own accounts (docs/identity.md): a token for a reader session.

``POST /api/v1/sso/sign-in`` takes the token the newsroom minted and answers the reader
session's token, which the client sends with its later requests in ``X-Townsquare-Reader``
(``readers.session.READER_HEADER``): posts, edits and the reader's own pages then know the
reader as a verified one. A request from our own origin also gets the reader cookie.
``POST /api/v1/sso/sign-out`` ends the session and refuses the token's ``jti`` from then on.

The site whose secrets check the token is the page's (``url``), else the one named by ``site``
(its slug), else the one whose origin the browser's ``Origin`` is, else the default site. A
browser on another origin is answered (CORS) only when that origin is the site's.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from pydantic import Field

from townsquare.api.schemas import URL_MAX, ErrorOut, MessageOut
from townsquare.lib import http_cache
from townsquare.lib.apierrors import ApiError
from townsquare.readers.session import reader_cookie_delete, reader_cookie_set, reader_session
from townsquare.readers.sso import TOKEN_MAX_CHARS, SSORefused, sso_sign_in, sso_sign_out
from townsquare.sites.models import Site
from townsquare.sites.selectors import (
    origin_allowed_for_site,
    site_by_slug,
    site_default,
    site_for_origin,
    site_for_page_url,
)

router = Router(tags=["sso"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}

# Each refusal's HTTP status: a token that is not ours or no longer good is 401; an address
# that belongs to another account is a conflict.
SSO_STATUS = {
    "invalid_token": 400,
    "algorithm_refused": 401,
    "unknown_key": 401,
    "bad_signature": 401,
    "expired": 401,
    "not_yet_valid": 401,
    "signed_out": 401,
    "sso_off": 404,
    "email_taken": 409,
    "email_mismatch": 409,
}


class SignInIn(Schema):
    token: str = Field(..., max_length=TOKEN_MAX_CHARS, description="The newsroom's JWT.")
    url: str = Field("", max_length=URL_MAX, description="The page the reader is on.")
    site: str = Field("", max_length=50, description="A site's slug, when there is no page.")


class SignOutIn(Schema):
    token: str = Field("", max_length=TOKEN_MAX_CHARS, description="The JWT to sign out.")
    url: str = Field("", max_length=URL_MAX)
    site: str = Field("", max_length=50)


class ReaderOut(Schema):
    name: str
    email: str
    badges: list[str] = Field(description='The public marks: badges, and "staff".')
    role: str
    profile_url: str
    avatar_url: str


class SignedInOut(Schema):
    reader_token: str = Field(description="Send it in X-Townsquare-Reader from now on.")
    expires_at: datetime = Field(
        description="When the reader session ends if it is not used before (each use moves "
        "it on, READER_SESSION_DAYS); signing out ends it at once."
    )
    reader: ReaderOut
    message: str


def _own_origin(request: HttpRequest, origin: str) -> bool:
    parts = urlsplit(origin)
    return f"{parts.scheme}://{parts.netloc}" in settings.CSRF_TRUSTED_ORIGINS or (
        parts.netloc == request.get_host() and parts.scheme == request.scheme
    )


def _site(request: HttpRequest, *, url: str, slug: str) -> Site:
    """The token's site, and the CORS answer for the browser's origin (refused: 403)."""
    origin = request.headers.get("Origin")
    if url:
        site = site_for_page_url(url=url)
    elif slug:
        site = site_by_slug(slug=slug)
    elif origin:
        site = site_for_origin(value=origin)
    else:
        site = None
    if site is None and (url or slug):
        raise ApiError(
            404, code="not_found", field="url" if url else "site", message="No such site."
        )
    site = site or site_default()
    if origin is not None and not _own_origin(request, origin):
        if not origin_allowed_for_site(site=site, value=origin):
            raise ApiError(
                403, code="origin_not_allowed", field="origin", message="Origin not allowed."
            )
        request.townsquare_cors_origin = origin
    return site


def _refused(refusal: SSORefused) -> ApiError:
    return ApiError(
        SSO_STATUS.get(refusal.code, 400), code=refusal.code, field="token", message=refusal.message
    )


@router.post(
    "/sign-in", response={200: SignedInOut, **ERRORS}, summary="Sign in with a newsroom token"
)
def sso_sign_in_post(request: HttpRequest, payload: SignInIn):
    """Exchange the newsroom's token (docs/identity.md) for a reader session: 200 with its
    ``reader_token``; 400/401 for a token that cannot be used (the message says why; nothing is
    created), 409 for an address that belongs to another account on the site."""
    site = _site(request, url=payload.url, slug=payload.site)
    try:
        signed_in = sso_sign_in(site=site, token=payload.token)
    except SSORefused as refusal:
        raise _refused(refusal) from None
    identity = signed_in.identity
    response = HttpResponse(
        SignedInOut(
            reader_token=signed_in.session_token,
            expires_at=signed_in.session.last_used_at
            + timedelta(days=settings.READER_SESSION_DAYS),
            reader=ReaderOut(
                name=identity.username,
                email=identity.email,
                badges=identity.public_badges,
                role=identity.role,
                profile_url=identity.profile_url,
                avatar_url=identity.avatar_url,
            ),
            message=f"Signed in as {identity.username}.",
        ).model_dump_json(),
        content_type="application/json; charset=utf-8",
    )
    origin = request.headers.get("Origin")
    if origin is None or _own_origin(request, origin):
        reader_cookie_set(request, response, signed_in.session_token)
    return http_cache.private_headers(response)


@router.post("/sign-out", response={200: MessageOut, **ERRORS}, summary="Sign out (SSO)")
def sso_sign_out_post(request: HttpRequest, payload: SignOutIn):
    """End the reader session this request carries (header or cookie) and refuse its token's
    ``jti``, or the ``jti`` of the ``token`` sent, from now on. 400 when there is neither."""
    site = _site(request, url=payload.url, slug=payload.site)
    session = reader_session(request)
    if session is None and not payload.token:
        raise ApiError(
            400,
            code="not_signed_in",
            field="token",
            message="Send the token to sign out, or the reader session (X-Townsquare-Reader).",
        )
    try:
        sso_sign_out(site=site, token=payload.token, session=session)
    except SSORefused as refusal:
        raise _refused(refusal) from None
    response = HttpResponse(
        MessageOut(message="Signed out.").model_dump_json(),
        content_type="application/json; charset=utf-8",
    )
    reader_cookie_delete(response)
    return http_cache.private_headers(response)
