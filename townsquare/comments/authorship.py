"""Who wrote a comment, as far as the request in hand can tell: the rule for "your own comment".

Readers have no accounts. A comment is this viewer's own when it was posted from this browser
(the signed device cookie, or the embed's device token), or during this browser session (the
ids the session keeps, or the embed's signed author token), or — once the reader has proved an
address by an e-mailed link — under that verified address. Every interface builds a ``Viewer``
and asks ``viewer_is_author``; the edit and delete services take the ``Viewer`` and ask again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from townsquare.comments.models import Comment
from townsquare.comments.session import my_comment_ids
from townsquare.lib.client import DEVICE_COOKIE, device_id_from_value
from townsquare.lib.identity import normalise_email
from townsquare.stories.models import Story

# The statuses an author may still edit (within the window) and delete.
EDITABLE = (Comment.Status.PUBLISHED, Comment.Status.PENDING)
DELETABLE = (Comment.Status.PUBLISHED, Comment.Status.PENDING)
OWN_LISTED = 200  # at most this many of a viewer's own comments on one story are looked at


@dataclass(frozen=True)
class Viewer:
    """The reader behind a request: their browser, this session's comments, a proved address.

    ``device_id`` is "" when the browser carries no valid signed device id (nothing is then
    "from this device"); ``verified_email`` is None unless the reader proved the address.
    """

    device_id: str = ""
    session_comment_ids: frozenset[int] = field(default_factory=frozenset)
    verified_email: str | None = None


def viewer_from_request(request: HttpRequest) -> Viewer:
    """The ``Viewer`` of a request to our own pages: the device cookie and the session.

    Only a device id the browser already carries counts (a fresh one made up during this
    request names no comment yet). ``verified_email`` is the address of the browser's verified
    reader session, which the readers app's middleware offers as
    ``request.townsquare_reader_email()`` (None when not signed in).
    """
    reader_email = getattr(request, "townsquare_reader_email", None)
    return Viewer(
        device_id=device_id_from_value(request.COOKIES.get(DEVICE_COOKIE, "")) or "",
        session_comment_ids=frozenset(my_comment_ids(request)),
        verified_email=reader_email() if reader_email is not None else None,
    )


def viewer_from_tokens(*, device_id: str, comment_ids: Iterable[int]) -> Viewer:
    """The ``Viewer`` of an embed or API client: its device token and its author token's ids."""
    return Viewer(device_id=device_id or "", session_comment_ids=frozenset(comment_ids))


def viewer_is_author(viewer: Viewer, comment: Comment) -> bool:
    """Whether ``comment`` is this viewer's own (see the module's docstring for the rule)."""
    if comment.device_id and comment.device_id == viewer.device_id:
        return True
    if comment.pk in viewer.session_comment_ids:
        return True
    if viewer.verified_email:
        return normalise_email(viewer.verified_email) == comment.commenter.email
    return False


def _own_condition(viewer: Viewer) -> Q | None:
    parts = []
    if viewer.device_id:
        parts.append(Q(device_id=viewer.device_id))
    if viewer.session_comment_ids:
        parts.append(Q(pk__in=sorted(viewer.session_comment_ids)))
    if viewer.verified_email:
        parts.append(Q(commenter__email=normalise_email(viewer.verified_email)))
    return reduce(or_, parts) if parts else None


def own_comments(*, viewer: Viewer, story: Story) -> QuerySet[Comment]:
    """This viewer's comments on ``story`` that they may still act on (edit or delete)."""
    condition = _own_condition(viewer)
    if condition is None:
        return Comment.objects.none()
    return Comment.objects.filter(condition, story=story, status__in=DELETABLE).order_by("-id")


def edit_deadline(comment: Comment) -> datetime | None:
    """Until when the author may edit ``comment``; None when editing is off or not allowed."""
    minutes = comment.story.site.edit_minutes
    if not minutes or comment.status not in EDITABLE:
        return None
    return comment.created_at + timedelta(minutes=minutes)


@dataclass(frozen=True)
class ViewerActions:
    """What this viewer may do to comments on one story: edit until when, delete which.

    ``sources`` holds the Markdown each editable comment was typed in: an edit form starts from
    it, since the rendered text has lost its links, emphasis and quotes.
    """

    editable: dict[int, datetime]
    deletable: frozenset[int]
    sources: dict[int, str] = field(default_factory=dict)


def viewer_actions(*, viewer: Viewer, story: Story) -> ViewerActions:
    """The viewer's own comments on ``story``, with their edit deadlines. One query."""
    now = timezone.now()
    editable: dict[int, datetime] = {}
    deletable: set[int] = set()
    sources: dict[int, str] = {}
    minutes = story.site.edit_minutes
    for pk, created_at, status, body in own_comments(viewer=viewer, story=story).values_list(
        "pk", "created_at", "status", "body"
    )[:OWN_LISTED]:
        deletable.add(pk)
        until = created_at + timedelta(minutes=minutes) if minutes else None
        if until is not None and status in EDITABLE and until > now:
            editable[pk] = until
            sources[pk] = body
    return ViewerActions(editable=editable, deletable=frozenset(deletable), sources=sources)
