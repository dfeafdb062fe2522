"""The embed's HTML, rendered from the thread's public data (``comments.public``).

The same data the JSON API returns, for the same thread version, so the fragment a CMS includes,
the one the script shows and the API's JSON never disagree. Rendered without a request: nothing
in them depends on who asks (a reader's own pending comments come from ``POST /api/v1/forms``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from townsquare.comments.public import replies_public_cached, thread_public_cached
from townsquare.comments.selectors import ThreadSort
from townsquare.embed.pages import Page
from townsquare.embed.tokens import thread_token_for
from townsquare.terms.models import TermsVersion
from townsquare.terms.selectors import terms_current

MODES = ("include", "script")


def thread_data(*, page: Page, sort: str = "", after: str = "", start: str = "") -> dict:
    """The API's thread object for ``page``: the cached public thread, its token and URL."""
    story = page.story
    if story is None:
        return {
            "story": None,
            "url": page.url,
            "version": 0,
            "sort": sort or ThreadSort.OLDEST,
            "after": "",
            "next_cursor": None,
            "comment_count": 0,
            "thread_token": "",
            "featured": [],
            "comments": [],
        }
    data = thread_public_cached(story=story, sort=sort, after=after, start=start)
    return {
        **data,
        "url": page.url,
        "comment_count": data["story"]["comment_count"],
        "thread_token": thread_token_for(story.pk),
    }


def _context(*, page: Page, story_data: dict | None) -> dict[str, Any]:
    story = story_data or {}
    return {
        "site_url": settings.SITE_URL,
        "page_url": page.url,
        "discussion_url": story.get("discussion_url", ""),
        "comments_open": bool(story.get("comments_open")),
        "comments_close_at": (
            datetime.fromisoformat(story["comments_close_at"])
            if story.get("comments_close_at")
            else None
        ),
    }


def thread_html(*, page: Page, mode: str, sort: str = "", after: str = "", start: str = "") -> str:
    thread = thread_data(page=page, sort=sort, after=after, start=start)
    context = {
        **_context(page=page, story_data=thread["story"]),
        "thread": thread,
        "thread_token": thread["thread_token"],
        "comment_count": thread["comment_count"],
        "mode": mode if mode in MODES else "include",
        "sorts": ThreadSort.choices,
        "terms": terms_current(kind=TermsVersion.Kind.TERMS),
        "max_length": settings.COMMENTS_MAX_LENGTH,
        "live_poll_seconds": settings.LIVE_POLL_SECONDS,
        # The story's own "read every comment first": said above the form, before the reader
        # writes (the site-wide setting is not read here, to keep the page's queries fixed).
        "premoderated": page.story is not None and page.story.premoderate,
    }
    return render_to_string("embed/thread.html", context)


def replies_html(*, page: Page, root_id: int, after: str = "") -> str | None:
    data = replies_public_cached(story=page.story, root_id=root_id, after=after)
    if data is None:
        return None
    context = {**_context(page=page, story_data=data["story"]), "replies": data, "mode": "script"}
    return render_to_string("embed/_replies.html", context)


def comment_html(*, page: Page, comment: dict, story_data: dict) -> str:
    """One comment (a new one, or the author's pending one) as the embed shows it."""
    context = {
        **_context(page=page, story_data=story_data),
        "mode": "script",
        "c": {"more_replies": 0, "answers_elsewhere": False, "replies": [], **comment},
    }
    return render_to_string("embed/_comment.html", context)
