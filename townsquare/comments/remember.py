"""The opt-in "Save my name, email, and website in this browser" cookie.

The reader's own details, in their own browser only. The page's script reads it to pre-fill the
form; with JavaScript off the server pre-fills the form from it for that reader's own request.
Either way the details go back only to the browser that sent them, never into a page anyone
else is served.
"""

from __future__ import annotations

import json
from urllib.parse import unquote

from django.http import HttpRequest

from townsquare.comments.session import PERSONAL_COOKIES

REMEMBER_COOKIE = PERSONAL_COOKIES[0]
REMEMBER_SECONDS = 365 * 24 * 3600
_FIELDS = {"author": 100, "email": 254, "url": 300}


def remembered_details(request: HttpRequest) -> dict[str, str] | None:
    """The details this browser asked us to remember, or None (no cookie, or not ours)."""
    raw = request.COOKIES.get(REMEMBER_COOKIE, "")
    if not raw or len(raw) > 4096:
        return None
    try:
        saved = json.loads(unquote(raw.strip('"')))
    except ValueError:
        return None
    if not isinstance(saved, dict):
        return None
    details = {
        name: str(saved.get(name) or "")[:limit]
        for name, limit in _FIELDS.items()
        if isinstance(saved.get(name, ""), str)
    }
    if not all(_encodable(value) for value in details.values()):
        # JSON can spell a lone UTF-16 surrogate ("\ud800"), which no UTF-8 page can carry: the
        # page that pre-filled the form with it failed to encode. We never write one.
        return None
    return details if any(details.values()) else None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
