"""The thread's HTML, rendered from its public data (``comments.public``): for the embed and for
Townsquare's own article page alike.

The same data the JSON API returns, for the same thread version, so the fragment a CMS includes,
the one the script shows, the article page and the API's JSON never disagree. Rendered without a
request: nothing in them depends on who asks (a reader's own parts come from
``POST /api/v1/forms``), except on the article page's private copy, which ``thread_mark_own``
marks with the reader's own parts (``comments.viewer``) for readers without JavaScript.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from townsquare.comments.public import (
    comment_public,
    replies_public_cached,
    thread_public_cached,
)
from townsquare.comments.selectors import ThreadSort
from townsquare.comments.viewer import ViewerParts
from townsquare.embed.pages import Page
from townsquare.embed.strings import embed_strings
from townsquare.embed.tokens import thread_token_for
from townsquare.terms.models import TermsVersion
from townsquare.terms.selectors import terms_current

MODES = ("include", "script", "page")


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


def _context(*, page: Page, story_data: dict | None, mode: str = "script") -> dict[str, Any]:
    story = story_data or {}
    # On Townsquare's own article page every link is relative to the page (the same origin, and
    # shorter: a link is written for every comment); the embed's point to Townsquare.
    own_page = mode == "page"
    return {
        "site_url": "" if own_page else settings.SITE_URL,
        "page_url": page.url,
        "discussion_url": "" if own_page else story.get("discussion_url", ""),
        "slug": page.story.slug if page.story else "",
        "comments_open": bool(story.get("comments_open")),
        "comments_close_at": (
            datetime.fromisoformat(story["comments_close_at"])
            if story.get("comments_close_at")
            else None
        ),
    }


def thread_html(
    *,
    page: Page,
    mode: str,
    sort: str = "",
    after: str = "",
    start: str = "",
    thread: dict | None = None,
    extra: dict[str, Any] | None = None,
) -> str:
    """The thread in ``mode``; ``thread`` is its data when the caller has it (marked with a
    reader's own parts), and ``extra`` adds to the context (the article page's form)."""
    mode = mode if mode in MODES else "include"
    if mode == "page" and not page.hosted:
        mode = "script"  # the plain forms post to Townsquare's own article page only
    if thread is None:
        thread = thread_data(page=page, sort=sort, after=after, start=start)
    context = {
        **_context(page=page, story_data=thread["story"], mode=mode),
        "thread": thread,
        "thread_token": thread["thread_token"],
        "comment_count": thread["comment_count"],
        "mode": mode,
        "sorts": ThreadSort.choices,
        "terms": (extra or {}).get("terms") or terms_current(kind=TermsVersion.Kind.TERMS),
        "max_length": settings.COMMENTS_MAX_LENGTH,
        "live_poll_seconds": settings.LIVE_POLL_SECONDS,
        # The story's own "read every comment first": said above the form, before the reader
        # writes (the site-wide setting is not read here, to keep the page's queries fixed).
        "premoderated": page.story is not None and page.story.premoderate,
        # The script's own words, in the thread's language (embed.strings), where it runs.
        "embed_strings": embed_strings() if mode != "include" else None,
        **(extra or {}),
    }
    return render_to_string("embed/thread.html", context)


def replies_html(
    *, page: Page, root_id: int, after: str = "", mode: str = "script", data: dict | None = None
) -> str | None:
    """All the replies under one top-level comment, a page at a time ("Show N more replies")."""
    data = data or replies_public_cached(story=page.story, root_id=root_id, after=after)
    if data is None:
        return None
    mode = "page" if mode == "page" and page.hosted else "script"
    context = {**_context(page=page, story_data=data["story"], mode=mode), "replies": data}
    if mode == "page":
        # The replies have a page of their own (/stories/<slug>/comments/<id>/replies/).
        context["discussion_url"] = page.story.get_absolute_url()
    return render_to_string("embed/_replies.html", {**context, "mode": mode})


def comment_html(*, page: Page, comment: dict, story_data: dict) -> str:
    """One comment (a new one, or the author's pending one) as the script shows it."""
    context = {
        **_context(page=page, story_data=story_data),
        "mode": "script",
        "c": {"more_replies": 0, "answers_elsewhere": False, "replies": [], **comment},
    }
    return render_to_string("embed/_comment.html", context)


def _walk(comments: list[dict]):
    for comment in comments:
        yield comment
        yield from _walk(comment.get("replies") or [])


def thread_mark_own(thread: dict, *, parts: ViewerParts) -> dict:
    """A copy of ``thread`` with one reader's own parts, for their private page without scripts:
    their comments awaiting moderation in place (under the comment they answer, or at the end),
    Edit (while the window is open) and Delete on their own, the pressed Respect buttons."""
    thread = copy.deepcopy(thread)  # the public data may be the cache's own copy
    now = timezone.now()
    editable = {pk: until for pk, until in parts.actions.editable.items() if until > now}
    respected = set(parts.respected)
    shown = {c["id"]: c for c in _walk(thread["comments"])}
    for comment in parts.pending:
        if comment.pk in shown:
            continue
        item = {"more_replies": 0, "answers_elsewhere": False, "replies": []}
        item.update(comment_public(comment))
        parent = shown.get(comment.parent_id) if comment.parent_id else None
        if parent is not None:
            parent.setdefault("replies", []).append(item)
        elif comment.parent_id is None and not thread.get("next_cursor"):
            thread["comments"].append(item)  # a new top-level comment ends the (last) page
        shown[comment.pk] = item
    for pk, comment in shown.items():
        if pk in editable:
            comment["edit_until"] = editable[pk].isoformat()
        comment["can_delete"] = pk in parts.actions.deletable
        comment["respected"] = pk in respected
    return thread
