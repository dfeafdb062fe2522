"""Which comments the current reader wrote, so they can see their own pending comments.

Kept in the reader's server-side session (never in a public page or a shared cache): only the
author is told "Your comment is awaiting moderation".
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

SESSION_KEY = "townsquare.my_comments"
REMEMBERED = 200


def my_comment_ids(request: HttpRequest) -> list[int]:
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return []  # no session yet: skip the session lookup for the many readers who never post
    return list(request.session.get(SESSION_KEY, []))


def remember_my_comment(request: HttpRequest, comment_id: int) -> None:
    ids = [comment_id, *request.session.get(SESSION_KEY, [])]
    request.session[SESSION_KEY] = ids[:REMEMBERED]
