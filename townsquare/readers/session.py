"""The verified address a reader proved with an e-mailed link, kept in their session briefly.

Server-side session only (never a cookie the page can read). A verification lasts
``VERIFIED_MINUTES`` and is scoped to its purpose.
"""

from __future__ import annotations

import time

from django.http import HttpRequest

from townsquare.readers.services import VerifiedEmail

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
