"""What anyone may see of a comment or a thread, as plain data: the API, the embed, webhooks.

One definition of a comment's public fields (``comment_public``) and of a page of a thread
(``thread_public``): the JSON API returns them, the embed's HTML fragment is rendered from them,
webhooks carry them. Nothing here holds an e-mail address, an IP or its hashes, a device id, the
civility scores or a moderator's reason: those never leave the staff pages.

``thread_public_cached`` keeps each page of a thread in the shared cache under the story's
``thread_version`` (which every change bumps in the same transaction), so the API's JSON and the
embed's fragment for one version are made from the same data, read once.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache

from townsquare.comments.models import Comment
from townsquare.comments.selectors import ThreadNode, ThreadSort, thread_for_story, thread_replies
from townsquare.lib import http_cache
from townsquare.stories.models import Story

THREAD_DATA_SECONDS = 24 * 3600


def story_page_url(story: Story) -> str:
    """Where the story's readers are: its CMS page, or its page here."""
    return story.canonical_url or f"{settings.SITE_URL}{story.get_absolute_url()}"


def story_public(story: Story) -> dict[str, Any]:
    close_at = story.comments_close_at
    return {
        "id": story.pk,
        "url": story_page_url(story),
        "headline": story.headline_shown,
        "discussion_url": f"{settings.SITE_URL}{story.get_absolute_url()}",
        "comments_open": story.accepting_comments(),
        "comments_close_at": close_at.isoformat() if close_at else None,
        "comment_count": story.comment_count,
        "commenting": story.commenting_rule.as_json(),
    }


def comment_public(comment: Comment) -> dict[str, Any]:
    """The public fields of one comment; a removed or deleted one is a bare tombstone."""
    tombstone = comment.status in (Comment.Status.REMOVED, Comment.Status.DELETED)
    node = ThreadNode(comment=comment)
    reply_to = None
    if comment.reply_to_id and not tombstone:
        reply_to = {"id": comment.reply_to_id, "author_name": node.reply_to_name}
    return {
        "id": comment.pk,
        "parent_id": comment.parent_id,
        "reply_to": reply_to,
        "depth": comment.depth,
        "status": comment.status,
        "tombstone": node.tombstone_text if tombstone else "",
        "created_at": comment.created_at.isoformat(),
        "author_name": "" if tombstone else comment.author_name,
        "author_url": "" if tombstone else node.author_link,
        "author_badges": [] if tombstone else list(comment.author_badges or []),
        "avatar_key": "" if tombstone else comment.commenter.avatar_key,
        "html": "" if tombstone else comment.body_html,
        "featured": comment.is_featured,
        "featured_reason": comment.featured_reason if comment.is_featured else "",
        "edited_at": comment.edited_at.isoformat() if comment.edited_at and not tombstone else None,
        "respect_count": 0 if tombstone else comment.respect_count,
        "reply_count": comment.reply_count if comment.depth == 0 else 0,
    }


def _node_public(node: ThreadNode) -> dict[str, Any]:
    data = comment_public(node.comment)
    data["more_replies"] = node.more_replies
    data["answers_elsewhere"] = node.answers_elsewhere
    data["replies"] = [_node_public(child) for child in node.children]
    return data


def thread_public(*, story: Story, sort: str = "", after: str = "", start: str = "") -> dict:
    """One page of ``story``'s public thread (no viewer's own comments), as plain data."""
    read_ms = int(time.time() * 1000)  # before the read: what is published after it is new
    page = thread_for_story(story=story, sort=sort, after=after, start=start)
    return {
        "read_ms": read_ms,
        "story": story_public(story),
        "version": story.thread_version,
        "sort": page.sort,
        "after": page.after,
        "next_cursor": page.next_cursor,
        "featured": [
            {**comment_public(item.comment), "thread_url": f"{settings.SITE_URL}{item.url}"}
            for item in page.featured
        ],
        "comments": [_node_public(node) for node in page.nodes],
    }


def replies_public(*, story: Story, root_id: int, after: str = "") -> dict | None:
    """A top-level comment with one page of all its replies; None when it is not shown."""
    page = thread_replies(story=story, root_id=root_id, after=after)
    if page.node is None:
        return None
    return {
        "story": story_public(story),
        "version": story.thread_version,
        "after": page.after,
        "next_cursor": page.next_cursor,
        "comment": _node_public(page.node),
    }


def thread_data_key(*parts: object) -> str:
    return "townsquare:thread-data:" + http_cache.page_key(*parts)


def thread_public_cached(*, story: Story, sort: str = "", after: str = "", start: str = "") -> dict:
    """``thread_public``, kept in the shared cache under the story's thread version."""
    sort = str(sort) if sort in ThreadSort.values else ThreadSort.OLDEST.value
    key = thread_data_key("thread", story.pk, story.thread_version, sort, after, start)
    data = cache.get(key)
    if data is None:
        data = thread_public(story=story, sort=sort, after=after, start=start)
        cache.set(key, data, THREAD_DATA_SECONDS)
    # The story's own fields (headline, open or closed) change without a new thread version.
    return {**data, "story": story_public(story)}


def replies_public_cached(*, story: Story, root_id: int, after: str = "") -> dict | None:
    key = thread_data_key("replies", story.pk, story.thread_version, root_id, after)
    data = cache.get(key)
    if data is None:
        data = replies_public(story=story, root_id=root_id, after=after)
        if data is None:
            return None
        cache.set(key, data, THREAD_DATA_SECONDS)
    return {**data, "story": story_public(story)}
