"""Posting a comment from any interface: the one use case the reply form and the API both call.

A submit becomes: spend the form token, make sure the browser has a device id of ours, submit
the comment through the moderation pipeline (``comment_submit``), record what the reader asked
for besides the comment (the reply e-mails), and say what happened. The form view and the JSON
endpoint differ only in how they read the submit and write the answer (a page or a redirect,
JSON with tokens); the steps, the messages and the HTTP status of each refusal are here, once.

It lives in ``notifications`` because that is the lowest app that may call every step: the
pipeline is ``moderation``'s and the reply subscription is this app's own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from townsquare.comments.forms import FormTokenRefused, form_started_token, form_token_spend
from townsquare.comments.models import Comment
from townsquare.comments.services import CommentInvalid, CommentRefused
from townsquare.lib.client import DEVICE_ALLOWANCE_MESSAGE, ClientInfo, Device
from townsquare.lib.dbfaults import connection_lost
from townsquare.moderation.posting import (
    CONNECTION_ERRORS,
    CommentNudged,
    CommentWriteFailed,
    comment_submit,
)
from townsquare.notifications.services import SUBSCRIPTION_NOTICE, comment_posted_record
from townsquare.readers.commenting import commenting_check
from townsquare.stories.models import Story

# Every refusal of a reader's write (post, edit, delete, respect) and the HTTP status that says
# it, for every interface: the form view's page and the API's JSON answer with the same one.
REFUSAL_STATUS = {
    "invalid": 400,
    "device_required": 400,
    "sanction": 403,
    "not_accepted": 403,
    "warning_unacknowledged": 403,
    "story_closed": 403,
    "commenting_restricted": 403,
    "duplicate": 409,
    "parent_missing": 409,
    "edit_window_closed": 409,
    "edit_off": 409,
    "not_editable": 409,
    "not_deletable": 409,
    "unavailable": 409,
    "nudged": 422,
    "rejected": 422,
    "rate_limit": 429,
    "rate_limited": 429,
    "device_allowance": 429,
    "not_saved": 503,
    "outcome_unknown": 503,
}

POSTED_MESSAGE = gettext_noop("Your comment was posted.")
PENDING_MESSAGE = gettext_noop(
    "Thank you. Your comment is awaiting moderation: a moderator will read it before it "
    "appears to other readers."
)
SAVED_PLAINLY_MESSAGE = gettext_noop("Your comment was saved. Reload the thread to see it.")


def refusal_status(code: str) -> int:
    """The HTTP status that answers a refusal with ``code`` (400 for one not listed)."""
    return REFUSAL_STATUS.get(code, 400)


@dataclass(frozen=True)
class PostInput:
    """What a reader submits, as both interfaces read it (field names are the form's)."""

    author: str
    email: str
    body: str
    form_started: str
    url: str = ""
    parent_id: int | None = None
    terms_version_id: int | None = None
    honeypot: str = ""
    nudge_token: str = ""
    notify_replies: bool = False


@dataclass
class PostResult:
    """What happened to a post, for an interface to answer with.

    ``outcome`` is one of ``posted`` (``comment`` saved; ``shown`` says whether to show it: a
    robot's post caught as spam gets the same success, with nothing to show), ``saved_plainly``
    (committed, but the database went away before the answer could be built), ``nudged``
    (``nudge`` asks the author to reconsider), ``refused`` (``code``, ``field``, ``message``,
    ``errors`` for each field; nothing saved, or saved for the moderators when ``rejected``),
    ``stale`` (the form token cannot post) and ``write_failed`` (the database failed during the
    write; ``message`` says whether to look before posting again). ``form_started`` is the next
    form token (the posted one is spent) and ``device`` the browser's device, new or not.
    """

    outcome: str
    http_status: int
    message: str = ""
    status: str = ""  # "published" or "pending", as the poster is told
    comment: Comment | None = None
    shown: bool = False
    code: str = ""
    field: str | None = None
    errors: dict[str, str] = dataclasses.field(default_factory=dict)
    nudge: CommentNudged | None = None
    form_started: str = ""
    device: Device | None = None
    subscription_notice: str = ""

    @property
    def posted(self) -> bool:
        return self.outcome in ("posted", "saved_plainly")


def comment_post_use_case(
    *,
    story: Story,
    post: PostInput,
    device: Device | None,
    device_issue: Callable[[], Device | None],
    client: ClientInfo,
    user=None,
    session_email: str | None = None,
) -> PostResult:
    """Post a reader's comment and say what happened; the one path of every posting interface.

    ``device`` is the browser's device of ours, if it has one; otherwise ``device_issue`` is
    called for a new one (within the connection's allowance), and only after the form token is
    spent, so a replayed form costs the connection nothing. ``client`` is the request's address
    hashes. ``session_email`` is the address of the browser's verified reader session.

    Database faults keep their meaning: a write that failed answers ``write_failed`` (503), and a
    comment committed just before the connection went away answers ``saved_plainly`` (201); the
    interface then calls ``database_lost`` so the rest of its request needs no database.
    """
    try:
        age = form_token_spend(post.form_started)
    except FormTokenRefused as refused:
        return PostResult(
            outcome="stale",
            http_status=400,
            code=refused.code,
            field="form_started",
            message=refused.message,
            form_started=form_started_token(),
            device=device,
        )
    fresh = form_started_token()  # the posted token is spent: every answer carries the next one
    device = device or device_issue()
    if device is None:
        return _refused(
            CommentRefused(DEVICE_ALLOWANCE_MESSAGE, code="device_allowance"), fresh, device
        )
    try:
        # Who may comment (docs/identity.md); a signed-in account posts under its own name.
        poster = commenting_check(
            story=story,
            author=post.author,
            email=post.email,
            session_email=session_email,
            user=user,
        )
        post = replace(post, author=poster.author, email=poster.email)
        result = comment_submit(
            story=story,
            author_name=post.author,
            email=post.email,
            url=post.url,
            body=post.body,
            parent_id=post.parent_id,
            terms_version_id=post.terms_version_id,
            user=user,
            client=replace(client, device_id=device.id, device_issued_at=device.issued_at),
            honeypot=post.honeypot[:200],
            form_age_seconds=age,
            nudge_token=post.nudge_token,
            verified_email=session_email,
            story_author=poster.story_author,
            author_badges=poster.badges,
        )
    except CommentWriteFailed as failed:
        return PostResult(
            outcome="write_failed",
            http_status=refusal_status(failed.code),
            code=failed.code,
            field=failed.field,
            message=failed.message,
            form_started=fresh,
            device=device,
        )
    except CommentRefused as refusal:
        return _refused(refusal, fresh, device)
    except CommentNudged as nudged:
        return PostResult(
            outcome="nudged",
            http_status=refusal_status("nudged"),
            code="nudged",
            field="comment",
            message=nudged.message,
            nudge=nudged,
            form_started=fresh,
            device=device,
        )
    comment = result.comment
    if result.rejection_notice:
        return _refused(
            CommentRefused(result.rejection_notice, code="rejected", field="comment"),
            fresh,
            device,
            comment=comment,
        )
    pending = comment.status == Comment.Status.PENDING
    posted = PostResult(
        outcome="posted",
        http_status=201,
        message=_(PENDING_MESSAGE if pending else POSTED_MESSAGE),
        status="pending" if pending else "published",
        comment=comment,
        # Robots see the success people see; nothing says which trap they met.
        shown=comment.status != Comment.Status.SPAM,
        form_started=fresh,
        device=device,
    )
    if not connection_lost():
        try:
            subscription = comment_posted_record(
                comment=comment, session_email=session_email, notify_replies=post.notify_replies
            )
        except CONNECTION_ERRORS:
            pass
        else:
            if subscription is not None:
                posted.subscription_notice = SUBSCRIPTION_NOTICE[subscription.status]
            return posted
    # The comment is committed; only what follows failed (the database went away after the
    # commit). Say it was saved, without the database.
    return replace(posted, outcome="saved_plainly", message=_(SAVED_PLAINLY_MESSAGE))


def _refused(
    refusal: CommentRefused, fresh: str, device: Device | None, *, comment: Comment | None = None
) -> PostResult:
    return PostResult(
        outcome="refused",
        http_status=refusal_status(refusal.code),
        code=refusal.code,
        field=refusal.field,
        message=refusal.message,
        errors=dict(refusal.errors) if isinstance(refusal, CommentInvalid) else {},
        comment=comment,
        form_started=fresh,
        device=device,
    )
