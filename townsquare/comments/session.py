"""Which comments the current reader wrote, so they can see their own pending comments.

Kept in the reader's server-side session (never in a public page or a shared cache): only the
author is told "Your comment is awaiting moderation".
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

# Cookies that make a page this viewer's own: the session (their pending comments, notices, a
# signed-in account), the remember-me details, Django's notices, a verified reader's sign-in.
PERSONAL_COOKIES = ("townsquare_commenter", "messages", "townsquare_reader")

SESSION_KEY = "townsquare.my_comments"
# Not a secret, and not one of the personal cookies (the pages stay public): tells the page's
# script that this browser has parts of its own (pending comments, Edit, Delete) to fetch.
POSTED_COOKIE = "ts_posted"
REMEMBERED = 200


def my_comment_ids(request: HttpRequest) -> list[int]:
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return []  # no session yet: skip the session lookup for the many readers who never post
    return list(request.session.get(SESSION_KEY, []))


def remember_my_comment(request: HttpRequest, comment_id: int) -> None:
    ids = [comment_id, *request.session.get(SESSION_KEY, [])]
    request.session[SESSION_KEY] = ids[:REMEMBERED]


def viewer_is_anonymous(request: HttpRequest) -> bool:
    """A GET carrying none of our personal cookies: nothing on the page is about this viewer.

    Decided from the cookies alone, so the session is never touched (touching it would add
    ``Vary: Cookie`` and make the page uncacheable).
    """
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and not any(
        name in cookies for name in PERSONAL_COOKIES
    )


def own_parts_cookie_set(response: HttpResponseBase) -> None:
    """Mark this browser as one with parts of its own to fetch (``POSTED_COOKIE``)."""
    response.set_cookie(
        POSTED_COOKIE,
        "1",
        max_age=settings.SESSION_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
