"""Read-side queries for readers: everything held about an e-mail address; a verified reader's
own comments; which commenters on a moderator's page are verified."""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import CharField, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_noop

from townsquare.comments.models import Comment, Commenter, status_label
from townsquare.lib.identity import normalise_email
from townsquare.moderation.models import Report, Sanction
from townsquare.readers.models import (
    ReaderSession,
    SignedInComment,
    SSOIdentity,
    VerifiedAddress,
)
from townsquare.readers.registry import reader_data_sections

REPORTS_NOTE = (
    "Reports are tied to a browser, never to an e-mail address: the reports listed are those "
    "made from the browser in which this download was requested."
)


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _story_url(comment: Comment) -> str:
    story = comment.story
    return story.canonical_url or f"{settings.SITE_URL}{story.get_absolute_url()}"


def reader_data_summary(*, email: str, reporter_key: str = "") -> dict[str, Any]:
    """Counts for the page where a verified reader chooses to download or erase."""
    commenter = Commenter.objects.filter(email=normalise_email(email)).first()
    statuses: Counter = Counter()
    sanctions = 0
    if commenter is not None:
        statuses.update(commenter.comments.values_list("status", flat=True))
        sanctions = Sanction.objects.filter(commenter=commenter).count()
    return {
        "comments": sum(statuses.values()),
        "by_status": [(status_label(s), n) for s, n in sorted(statuses.items())],
        "reports": Report.objects.filter(reporter_key=reporter_key).count() if reporter_key else 0,
        "sanctions": sanctions,
    }


def reader_data_for(*, email: str, reporter_key: str = "") -> dict[str, Any]:
    """Everything held about ``email``, as one JSON-ready document.

    The address's comments (with their status, story, text, website, and the civility model's
    scores), the commenter record, the public part of any sanction (kind, reason, dates: what
    the commenter was told, not who decided), the raw IP address while it is still kept, the
    reports made from the browser with ``reporter_key`` (reports are not tied to an address),
    when the address was verified and its reader sessions (the browsers signed in, without their
    secrets), the newsroom accounts that signed in with it (``sso_accounts``), and the sections
    of the apps above this one that hold data keyed by the address
    (``registry.reader_data_sections``: reply e-mails).
    """
    address = normalise_email(email)
    commenter = Commenter.objects.filter(email=address).first()
    document: dict[str, Any] = {
        "email": address,
        "generated_at": _iso(timezone.now()),
        "site": settings.SITE_NAME,
        "commenter": None,
        "comments": [],
        "sanctions": [],
        "reports": [],
        "verified_at": None,
        "reader_sessions": [],
        "notes": [
            REPORTS_NOTE,
            "For abuse prevention each comment also keeps a keyed hash of the IP address it "
            "came from and a random browser id; neither can be turned back into the address.",
        ],
    }
    if commenter is not None:
        document["commenter"] = {
            "name": commenter.display_name,
            "first_seen": _iso(commenter.first_seen),
            "last_seen": _iso(commenter.last_seen),
        }
        comments = (
            Comment.objects.filter(commenter=commenter)
            .select_related("story")
            .order_by("created_at", "pk")
        )
        for comment in comments.iterator(chunk_size=500):
            scores = {k: v for k, v in (comment.civility_scores or {}).items() if k != "spans"}
            document["comments"].append(
                {
                    "id": comment.pk,
                    "story": {"headline": comment.story.headline_shown, "url": _story_url(comment)},
                    "created_at": _iso(comment.created_at),
                    "status": comment.status,
                    "status_label": comment.get_status_display(),
                    "rejection_reason": comment.rejection_reason,
                    "name": comment.author_name,
                    "website": comment.author_url,
                    "text": comment.body,
                    "in_reply_to": comment.reply_to_id or comment.parent_id,
                    "ip_address": comment.raw_ip,
                    "civility_scores": scores,
                }
            )
        for sanction in Sanction.objects.filter(commenter=commenter).order_by("created_at"):
            document["sanctions"].append(
                {
                    "kind": sanction.kind,
                    "reason": sanction.reason,
                    "created_at": _iso(sanction.created_at),
                    "ends_at": _iso(sanction.ends_at),
                    "lifted_at": _iso(sanction.lifted_at),
                    "acknowledged_at": _iso(sanction.acknowledged_at),
                }
            )
    verified = VerifiedAddress.objects.filter(email=address).first()
    document["verified_at"] = _iso(verified.verified_at) if verified else None
    for session in ReaderSession.objects.filter(email=address).order_by("created_at", "pk"):
        document["reader_sessions"].append(
            {
                "signed_in_at": _iso(session.created_at),
                "last_used_at": _iso(session.last_used_at),
                "signed_out_at": _iso(session.revoked_at),
            }
        )
    document["sso_accounts"] = [
        {
            "site": identity.site.name,
            "account_id": identity.subject,
            # Whose id it is: the newsroom's token, or the OpenID provider (its issuer).
            "signed_in_with": identity.issuer or "newsroom token",
            "username": identity.username,
            "badges": identity.badges,
            "role": identity.role,
            "profile_url": identity.profile_url,
            "avatar_url": identity.avatar_url,
            "first_signed_in_at": _iso(identity.created_at),
            "updated_at": _iso(identity.updated_at),
        }
        for identity in SSOIdentity.objects.filter(email=address).select_related("site")
    ]
    for section in reader_data_sections():
        document.update(section(email=address))
    if reporter_key:
        for report in Report.objects.filter(reporter_key=reporter_key).order_by("created_at"):
            document["reports"].append(
                {
                    "comment_id": report.comment_id,
                    "reason": report.reason,
                    "details": report.details,
                    "created_at": _iso(report.created_at),
                    "resolved": report.resolved_at is not None,
                }
            )
    return document


# --- Verified readers --------------------------------------------------------------------------


def address_is_verified(*, email: str) -> bool:
    return VerifiedAddress.objects.filter(email=normalise_email(email)).exists()


@dataclass(frozen=True)
class VerificationMarks:
    """For a page of comments: which commenters' addresses are verified, and which comments
    were posted in a reader session for their address."""

    emails: frozenset[str]
    signed_in_ids: frozenset[int]

    def of(self, comment: Comment) -> dict[str, bool]:
        return {
            "verified": comment.commenter.email in self.emails,
            "signed_in": comment.pk in self.signed_in_ids,
        }


def verification_marks(
    *, comments: Iterable[Comment], emails: Iterable[str] | None = None
) -> VerificationMarks:
    """The marks for every comment on a page in one query, whatever the page's size.

    ``comments`` need their commenter loaded (the queue's cards have it), unless the page's
    commenters' ``emails`` are given (a commenter's own page).
    """
    comments = list(comments)
    emails = set(emails) if emails is not None else {c.commenter.email for c in comments}
    if not comments and not emails:
        return VerificationMarks(emails=frozenset(), signed_in_ids=frozenset())
    # One query: the verified addresses among the page's commenters, and the page's comments
    # posted signed in, as a union of two small indexed selects tagged by kind.
    addresses = (
        VerifiedAddress.objects.filter(email__in=emails)
        .annotate(kind=Value("address"), ref=F("email"))
        .values_list("kind", "ref")
    )
    signed_in = (
        SignedInComment.objects.filter(comment_id__in=[c.pk for c in comments])
        .annotate(kind=Value("comment"), ref=Cast("comment_id", CharField()))
        .values_list("kind", "ref")
    )
    verified: set[str] = set()
    signed_ids: set[int] = set()
    for kind, ref in addresses.union(signed_in, all=True):
        if kind == "address":
            verified.add(ref)
        else:
            signed_ids.add(int(ref))
    return VerificationMarks(emails=frozenset(verified), signed_in_ids=frozenset(signed_ids))


# Comment statuses as the reader is told them (a spam verdict reads as a rejection).
# The labels are marked for the catalogs and translated where they are shown.
READER_STATUS = {
    Comment.Status.PUBLISHED: ("published", gettext_noop("Published")),
    Comment.Status.PENDING: ("pending", gettext_noop("Awaiting moderation")),
    Comment.Status.REJECTED: ("rejected", gettext_noop("Not published")),
    Comment.Status.SPAM: ("rejected", gettext_noop("Not published")),
    Comment.Status.REMOVED: ("removed", gettext_noop("Removed by a moderator")),
    Comment.Status.DELETED: ("deleted", gettext_noop("Deleted by you")),
}
READER_COMMENTS_PAGE = 20


def reader_comments_queryset(*, email: str):
    """Every comment that is the verified reader's own, under the rule in docs/readers.md.

    Typed with the address, and either posted in a reader session for it, or posted before the
    address was first verified (the owner proved the mailbox; those comments were typed with it
    when nobody could prove anything). A comment posted with the address afterwards from outside
    the owner's session is somebody's claim, not theirs.
    """
    address = normalise_email(email)
    record = VerifiedAddress.objects.filter(email=address).first()
    mine = Q(Exists(SignedInComment.objects.filter(comment_id=OuterRef("pk"), email=address)))
    if record is not None:
        mine |= Q(created_at__lt=record.verified_at)
    return Comment.objects.filter(commenter__email=address).filter(mine)


def _cursor(comment: Comment) -> str:
    raw = f"{comment.created_at.isoformat()}|{comment.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _cursor_read(cursor: str) -> tuple[datetime, int] | None:
    if not cursor or len(cursor) > 100:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, pk = raw.split("|")
        when = datetime.fromisoformat(moment)
        number = int(pk)
    except (ValueError, UnicodeDecodeError):
        return None
    if when.tzinfo is None or not 0 < number < 2**63:
        return None
    return when, number


@dataclass
class ReaderCommentsPage:
    comments: list[Comment]
    next_cursor: str | None


def reader_comments(
    *, email: str, before: str = "", limit: int = READER_COMMENTS_PAGE
) -> ReaderCommentsPage:
    """A page of the reader's own comments, newest first (keyset: ``before`` a cursor).

    Each comment has ``reader_status`` (code, label) and ``thread_url``. A malformed cursor
    gives the first page.
    """
    comments = reader_comments_queryset(email=email).select_related("story", "root")
    position = _cursor_read(before)
    if position is not None:
        when, pk = position
        comments = comments.filter(Q(created_at__lt=when) | Q(created_at=when, pk__lt=pk))
    rows = list(comments.order_by("-created_at", "-pk")[: limit + 1])
    page, more = rows[:limit], len(rows) > limit
    for comment in page:
        comment.reader_status = READER_STATUS[comment.status]
        comment.thread_url = _thread_url(comment)
    return ReaderCommentsPage(comments=page, next_cursor=_cursor(page[-1]) if more else None)


def _thread_url(comment: Comment) -> str:
    """Where the comment sits in its thread (a reply: its thread's page of replies)."""
    from townsquare.comments.selectors import cursor_for, thread_replies_url

    story_url = comment.story.get_absolute_url()
    anchor = f"#comment-{comment.pk}"
    if comment.root_id is None:
        return f"{story_url}?from={cursor_for(comment)}{anchor}"
    return f"{thread_replies_url(story=comment.story, root_id=comment.root_id)}{anchor}"
