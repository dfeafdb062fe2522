"""Respect: one reader's nod to a comment, counted, undoable, and never saying who.

Who is "one reader": a verified reader is their verified address, anyone else their browser
(the signed device id of the cookie, or the embed's device token). Either is stored only as a
keyed hash (``respect_key``), so the table can tell that a reader respected a comment, to let
them undo it, but not who that reader is. A reader who respected from a browser and later
proves an address counts as a new reader for the comments they respect from then on.

``Comment.respect_count`` moves in the same transaction as the row. A change bumps the story's
thread version (see ``comment_respect_toggle`` for why).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest

from townsquare.comments.authorship import Viewer
from townsquare.comments.models import Comment, Respect
from townsquare.comments.services import CommentRefused, thread_changed
from townsquare.lib.counters import window_counts
from townsquare.lib.identity import keyed_hash, normalise_email
from townsquare.stories.models import Story

RATE_WINDOW_SECONDS = 3600


def respect_key(viewer: Viewer) -> str:
    """The keyed hash naming this reader in ``Respect.reader_key``; "" when they are unknown."""
    if viewer.verified_email:
        value = f"email:{normalise_email(viewer.verified_email)}"
    elif viewer.device_id:
        value = f"device:{viewer.device_id}"
    else:
        return ""
    return keyed_hash(value, secret=settings.SECRET_KEY, purpose="respect")


def respected_comment_ids(*, viewer: Viewer, story: Story) -> list[int]:
    """The comments of ``story`` this viewer respects (for the viewer's own page parts)."""
    key = respect_key(viewer)
    if not key:
        return []
    return list(
        Respect.objects.filter(reader_key=key, comment__story=story)
        .order_by("comment_id")
        .values_list("comment_id", flat=True)[:1000]
    )


@dataclass(frozen=True)
class RespectResult:
    respected: bool
    respect_count: int
    changed: bool


def _rate_check(*, reader_key: str, address_hash: str, network_hash: str) -> None:
    """Refuse when this reader, their IP address or (loosely) their network changed too many
    respects lately.

    Counted first, then checked, in the shared cache in fixed windows (``lib.counters``, atomic
    on every cache backend): a script flipping respects to push a comment up the "most
    respected" sort meets the limit, a reader never does. The reader is a browser we issued an
    id to, and new ones are rationed per address (``lib.client.device_issue``), so dropping the
    cookie or token does not make a new reader for free.
    """
    # The reader first, alone: a reader over their own limit does not eat into their address's
    # and network's (which are counted together, in one round trip).
    for group in (
        [("reader", reader_key, settings.RESPECTS_PER_HOUR)],
        [
            ("address", address_hash, settings.ADDRESS_RESPECTS_PER_HOUR),
            ("network", network_hash, settings.NETWORK_RESPECTS_PER_HOUR),
        ],
    ):
        limits = [
            (f"townsquare:respect-rate:{name}:{value}", limit)
            for name, value, limit in group
            if value
        ]
        counts = window_counts([key for key, _ in limits], window=RATE_WINDOW_SECONDS)
        if any(used > limit for (_, limit), used in zip(limits, counts, strict=True)):
            raise CommentRefused(
                "You have respected and unrespected a lot of comments in the last hour; "
                "please try again later.",
                code="rate_limited",
            )


@transaction.atomic
def comment_respect_toggle(
    *, viewer: Viewer, comment_id: int, on: bool, network_hash: str = "", address_hash: str = ""
) -> RespectResult:
    """Respect (``on``) or stop respecting a published comment, once per reader; idempotent.

    Respecting twice, or undoing a respect that is not there, changes nothing and is not
    counted against the rate limit. Raises ``CommentRefused`` for a comment that is not
    published ("unavailable"), an unknown reader ("unknown_reader") or too many changes
    ("rate_limited").

    A change bumps the thread version. The count is on the public page, which is cached per
    version for every anonymous reader (and by nginx or a CDN), and the "most respected" order
    depends on it: without the bump, readers without JavaScript, search engines and the embed's
    include would see an old count and order until the next comment. The price is one new render
    of the story's pages per respect, which the per-reader limit keeps in proportion.
    """
    key = respect_key(viewer)
    if not key:
        raise CommentRefused(
            "We could not tell who you are; please enable cookies and try again.",
            code="unknown_reader",
        )
    comment = (
        Comment.objects.select_for_update()
        .filter(
            pk=comment_id,
            status=Comment.Status.PUBLISHED,
            story__in=Story.objects.published().values("pk"),
        )
        .only("pk", "story_id", "respect_count")
        .first()
    )
    if comment is None:
        raise CommentRefused(
            "This comment is no longer published, so it cannot be respected.", code="unavailable"
        )
    exists = Respect.objects.filter(comment_id=comment.pk, reader_key=key).exists()
    if exists == on:
        return RespectResult(respected=on, respect_count=comment.respect_count, changed=False)
    _rate_check(reader_key=key, address_hash=address_hash, network_hash=network_hash)
    if on:
        try:
            with transaction.atomic():  # a savepoint: a simultaneous twin click fails alone
                Respect.objects.create(comment_id=comment.pk, reader_key=key)
        except IntegrityError:
            return RespectResult(respected=True, respect_count=comment.respect_count, changed=False)
        delta = 1
    else:
        deleted, _ = Respect.objects.filter(comment_id=comment.pk, reader_key=key).delete()
        if not deleted:
            return RespectResult(
                respected=False, respect_count=comment.respect_count, changed=False
            )
        delta = -1
    Comment.objects.filter(pk=comment.pk).update(
        respect_count=Greatest(F("respect_count") + delta, 0)
    )
    thread_changed(story_id=comment.story_id)
    count = Comment.objects.filter(pk=comment.pk).values_list("respect_count", flat=True).first()
    return RespectResult(respected=on, respect_count=count or 0, changed=True)
