"""What a reader proved with an e-mailed link: briefly, for one purpose, in the server-side
session (the data-rights pages); and lastingly, as a reader session (``reader_session_email``).

The short proof lives in Django's session only (never a cookie the page can read) for
``VERIFIED_MINUTES``, scoped to its purpose. A reader session is a row of its own
(``ReaderSession``) named by a signed, HttpOnly cookie carrying a random token.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from townsquare.readers.models import ReaderSession
from townsquare.readers.services import VerifiedEmail, reader_session_for_token

SESSION_KEY = "townsquare.readers.verified"
VERIFIED_MINUTES = 30


def verified_remember(request: HttpRequest, verified: VerifiedEmail) -> None:
    # A new session key on proof of identity, so a session id planted beforehand is useless.
    request.session.cycle_key()
    stored = dict(request.session.get(SESSION_KEY, {}))
    stored[verified.purpose] = {
        "email": verified.email,
        "until": time.time() + VERIFIED_MINUTES * 60,
    }
    request.session[SESSION_KEY] = stored


def verified_email(request: HttpRequest, purpose: str) -> str | None:
    entry = request.session.get(SESSION_KEY, {}).get(purpose)
    if not entry or entry.get("until", 0) < time.time():
        return None
    return entry.get("email")


def verified_forget(request: HttpRequest, purpose: str) -> None:
    stored = dict(request.session.get(SESSION_KEY, {}))
    if stored.pop(purpose, None) is not None:
        request.session[SESSION_KEY] = stored


# --- The reader session: a verified reader signed in on this browser -------------------------

READER_COOKIE = "townsquare_reader"
_COOKIE_SALT = "townsquare.readers.session-cookie"
_CACHED = "_townsquare_reader_session"


# A client of the API on another origin (the embed) carries no cookie of ours: it sends the
# session's token, which signing in with a newsroom token answered, in this header. A header is
# never sent by the browser on its own, so another page cannot post as the reader.
READER_HEADER = "X-Townsquare-Reader"


def reader_session(request: HttpRequest) -> ReaderSession | None:
    """The live reader session this browser's cookie (or the API's ``READER_HEADER``) names, or
    None (looked up once a request)."""
    if not hasattr(request, _CACHED):
        token = None
        if READER_COOKIE in request.COOKIES:
            token = request.get_signed_cookie(READER_COOKIE, default=None, salt=_COOKIE_SALT)
        if not token:
            token = request.headers.get(READER_HEADER, "").strip()
        session = reader_session_for_token(token) if token else None
        setattr(request, _CACHED, session)
    return getattr(request, _CACHED)


def reader_session_email(request: HttpRequest) -> str | None:
    """The verified address of this browser's reader session, or None when not signed in."""
    session = reader_session(request)
    return session.email if session is not None else None


def reader_cookie_set(request: HttpRequest, response: HttpResponseBase, token: str) -> None:
    """Give the browser its long-lived, signed, HttpOnly, SameSite=Lax reader cookie."""
    response.set_signed_cookie(
        READER_COOKIE,
        token,
        salt=_COOKIE_SALT,
        max_age=settings.READER_SESSION_DAYS * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
    )


def reader_cookie_delete(response: HttpResponseBase) -> None:
    response.delete_cookie(READER_COOKIE, samesite="Lax")
