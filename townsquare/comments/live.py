"""What a reader's open page polls to learn that new comments were published: "3 new comments".

Each story's *live state* is a small JSON document kept in the shared cache: the thread version
and the most recently published comments (id, parent id, when published). The services refresh
it on commit of every change to the thread (``thread_changed``), so the poll itself reads one
cache key and never the database: with Redis as the cache, no database query at all; with the
database cache of a small site, one primary-key read of the cache table. A poll whose version is
the one the browser has is answered ``304 Not Modified`` from that same read.

The page knows when it was rendered and which comments it shows; the comments published after
that and not on it are the new ones (``embed.js``). Nothing here is per-reader.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.core.cache import cache
from django.db.models import Q

from townsquare.comments.models import Comment
from townsquare.stories.models import Story

LIVE_KEY = "townsquare:live:{story_id}"
# The newest comments listed. A page open so long that more were published than this says
# "50 or more new comments"; showing them reloads the thread.
LIVE_COMMENTS = 50
LIVE_SECONDS = 24 * 3600
# A story that does not exist (or is not published) is remembered briefly, so polling made-up
# ids cannot turn into database reads.
MISSING_SECONDS = 60
# Live-state keys read from the shared cache in one call after a bulk change.
REFRESH_CHUNK = 500


def _key(story_id: int) -> str:
    return LIVE_KEY.format(story_id=story_id)


def _story_row(story_id: int) -> dict | None:
    return (
        Story.objects.published()
        .filter(pk=story_id)
        .values("pk", "thread_version", "comment_count")
        .first()
    )


def live_state_build(story_id: int, *, story: dict | None = None) -> dict | None:
    """The live state of a published story, read from the database; None when there is none.

    ``story``: the story's row (pk, thread_version, comment_count) when the caller has read it.
    """
    story = story if story is not None else _story_row(story_id)
    if story is None:
        return None
    published = Comment.objects.filter(story_id=story_id, status=Comment.Status.PUBLISHED)
    fields = ("pk", "parent_id", "created_at", "moderated_at")
    # Published as written (newest first, on the story/status/created index) or on approval,
    # later (by the moderation time); the state lists the newest of both by publication time.
    rows = list(published.order_by("-created_at", "-id").values_list(*fields)[:LIVE_COMMENTS])
    rows += list(
        published.filter(Q(moderated_at__isnull=False))
        .order_by("-moderated_at", "-id")
        .values_list(*fields)[:LIVE_COMMENTS]
    )
    newest: dict[int, tuple[int, int, int]] = {}
    for pk, parent_id, created_at, moderated_at in rows:
        at = max(created_at, moderated_at) if moderated_at else created_at
        newest[pk] = (pk, parent_id or 0, int(at.timestamp() * 1000))
    listed = sorted(newest.values(), key=lambda row: (row[2], row[0]), reverse=True)
    return {
        "story": story["pk"],
        "version": story["thread_version"],
        "count": story["comment_count"],
        "comments": [
            {"id": pk, "parent_id": parent_id or None, "published_ms": at}
            for pk, parent_id, at in listed[:LIVE_COMMENTS]
        ],
    }


# The version each story's state was last refreshed at by this process: a transaction that
# changed one story many times (a bulk decision, a seed) queues a refresh per change, and all but
# the first find their version already written. Only a shortcut: the shared cache is the truth,
# and a state evicted from it is rebuilt by the next poll.
_refreshed: OrderedDict[int, int] = OrderedDict()
_refreshed_lock = threading.Lock()
REFRESHED_REMEMBERED = 1024


def live_state_refresh(story_id: int, *, force: bool = False) -> None:
    """Rebuild the story's live state into the shared cache (on commit of a thread change).

    Two processes committing changes to one story at once may refresh in either order; the
    state with the lower version never replaces a higher one, whoever writes last.
    """
    story = _story_row(story_id)
    with _refreshed_lock:
        if not force and story is not None and _refreshed.get(story_id) == story["thread_version"]:
            return
    state = live_state_build(story_id, story=story) if story is not None else None
    if state is None:
        cache.set(_key(story_id), {"missing": True}, MISSING_SECONDS)
        return
    current = cache.get(_key(story_id))
    if current and not current.get("missing") and current.get("version", -1) > state["version"]:
        return
    cache.set(_key(story_id), state, LIVE_SECONDS)
    with _refreshed_lock:
        _refreshed[story_id] = state["version"]
        _refreshed.move_to_end(story_id)
        while len(_refreshed) > REFRESHED_REMEMBERED:
            _refreshed.popitem(last=False)


def live_states_refresh_cached(story_ids: list[int]) -> None:
    """Refresh the live states of those of ``story_ids`` that are in the shared cache.

    After a bulk change (an import, an erasure): a story without a cached state has no page
    polling it, and its first poll builds the state from the database.
    """
    for start in range(0, len(story_ids), REFRESH_CHUNK):
        chunk = story_ids[start : start + REFRESH_CHUNK]
        cached = cache.get_many([_key(story_id) for story_id in chunk])
        for story_id in chunk:
            if _key(story_id) in cached:
                live_state_refresh(story_id)


def live_state(story_id: int) -> dict | None:
    """The story's live state from the shared cache, built from the database only on a miss."""
    state = cache.get(_key(story_id))
    if state is None:
        live_state_refresh(story_id, force=True)
        state = cache.get(_key(story_id))
    if not state or state.get("missing"):
        return None
    return state
