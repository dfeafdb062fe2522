"""Posting: the flow every reader's comment goes through, from the form (or the API) to the row.

``comment_submit`` checks the fields (comments' own rules), asks the policy pipeline what to do,
nudges or refuses without saving, and otherwise writes the comment through
``comments.services.comment_create`` with the markers that explain the decision and an audit
entry. The flood limits are checked again under a lock inside the write, so they hold however
many processes post at once.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from townsquare.comments.models import Comment, Commenter
from townsquare.comments.services import (
    CommentRefused,
    comment_create,
    comment_fields_clean,
    commenter_get_or_create,
    reply_parent_resolve,
    thread_version_moved,
)
from townsquare.lib.client import ClientInfo
from townsquare.lib.events import COMMENT_CREATED, event_publish
from townsquare.lib.identity import normalise_email
from townsquare.lib.locks import advisory_locks
from townsquare.moderation.models import NudgeEvent
from townsquare.moderation.pipeline import (
    UNSCORED_LANGUAGE_STORY,
    Action,
    Candidate,
    Decision,
    policy_decide,
    reader_rate_limit,
    text_fingerprint,
)
from townsquare.moderation.services import audit_record
from townsquare.stories.models import Story
from townsquare.terms.models import TermsVersion
from townsquare.terms.selectors import terms_current

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SubmitResult:
    comment: Comment

    @property
    def published(self) -> bool:
        return self.comment.status == Comment.Status.PUBLISHED

    @property
    def rejection_notice(self) -> str:
        """What the author is told when the pipeline rejected their comment ("" otherwise).

        Only a banned-words rejection names its reason (the words themselves); the model's
        scores stay with the moderators.
        """
        if self.comment.status != Comment.Status.REJECTED:
            return ""
        marker = next((m for m in self.comment.markers if m.get("action") == "reject"), None)
        if marker and marker["check"] == "banned_words":
            return _(
                "Your comment was not published because it breaks our community guidelines "
                "(%(reason)s). You can edit it and try again."
            ) % {"reason": marker["reason"]}
        return _(
            "Your comment was not published because it breaks our community guidelines. You "
            "can edit it and try again."
        )


class CommentNudged(Exception):
    """The civility model asks the author to reconsider; nothing was saved.

    The form comes back with ``message``, the ``spans`` that drove the score highlighted, and
    ``token`` so that "post anyway" with unchanged text can be recognised.
    """

    def __init__(self, *, message: str, token: str, spans: list[dict], scores: dict) -> None:
        super().__init__(message)
        self.message = message
        self.token = token
        self.spans = spans
        self.scores = scores


class CommentWriteFailed(CommentRefused):
    """The database connection failed while the comment was being saved (a 503 to the reader)."""


class CommentNotSaved(CommentWriteFailed):
    """The database connection failed before the comment was committed: nothing was saved.

    Safe to post again (a 503 with Retry-After at the interfaces).
    """

    def __init__(self) -> None:
        super().__init__(
            _(
                "We could not save your comment just now because of a problem on our side. Nothing "
                "was saved: please try again in a moment."
            ),
            code="not_saved",
        )


class CommentOutcomeUnknown(CommentWriteFailed):
    """The database connection failed while the comment was being committed.

    The comment may or may not be stored: posting again might post it twice, so the reader is
    asked to look at the thread first (a 503 at the interfaces).
    """

    def __init__(self) -> None:
        super().__init__(
            _(
                "We could not confirm that your comment was saved because of a problem on our "
                "side. Please reload the thread to see whether it is there before posting it "
                "again."
            ),
            code="outcome_unknown",
        )


# What a dropped or refused database connection raises (a restart, a failover, a network cut).
CONNECTION_ERRORS = (OperationalError, InterfaceError)


class _CommitWatch:
    """Wraps a write transaction to answer truly when the database connection drops in it.

    Entered before ``transaction.atomic()`` (so it sees what the commit raises); the block's last
    statement calls ``committing(comment)``. A connection error before that point means the
    database rolled the transaction back: ``CommentNotSaved``. One after it came from the commit,
    which the database may or may not have carried out: a new connection asks whether the
    comment's row exists (ids are never handed out twice, so a row with that id is this comment).
    If it does, the error is swallowed and the comment stands; if it does not,
    ``CommentNotSaved``; if the database cannot be asked, ``CommentOutcomeUnknown``.
    """

    def __init__(self) -> None:
        self.comment: Comment | None = None

    def committing(self, comment: Comment) -> None:
        self.comment = comment

    def __enter__(self) -> _CommitWatch:
        return self

    def __exit__(self, kind, error, traceback) -> bool:
        if error is None or not isinstance(error, CONNECTION_ERRORS):
            return False
        if self.comment is None or connection.in_atomic_block:
            raise CommentNotSaved() from error
        connection.close()  # the broken connection; the next query opens a new one
        try:
            committed = Comment.objects.filter(
                pk=self.comment.pk, story_id=self.comment.story_id
            ).exists()
        except CONNECTION_ERRORS:
            raise CommentOutcomeUnknown() from error
        if not committed:
            raise CommentNotSaved() from error
        # The comment stands and the reader is told so. Its on-commit work (the event behind
        # reply e-mails and webhooks) did not run, as Django saw the commit fail.
        logger.warning("comment %s committed though its commit reported %r", self.comment.pk, error)
        return True


_STATUS_FOR_ACTION = {
    Action.PUBLISH: Comment.Status.PUBLISHED,
    Action.HOLD: Comment.Status.PENDING,
    Action.REJECT: Comment.Status.REJECTED,
    Action.SPAM: Comment.Status.SPAM,
}


def comment_submit(
    *,
    story: Story,
    author_name: str,
    email: str,
    body: str,
    url: str = "",
    parent_id: int | None = None,
    terms_version_id: int | None = None,
    user=None,
    client: ClientInfo | None = None,
    honeypot: str = "",
    form_age_seconds: float | None = None,
    nudge_token: str = "",
    verified_email: str | None = None,
    story_author: bool = False,
    author_badges: tuple[str, ...] | list[str] = (),
) -> SubmitResult:
    """Check a reader's comment against the story and the site's policy, then save it.

    Raises ``CommentRefused`` when it cannot be accepted and ``CommentNudged`` when the author
    should reconsider first (nothing is saved in either case). ``verified_email`` is the address
    the browser's verified reader session proved it owns: only then does a refusal for a sanction
    say so. Otherwise the comment is stored as
    published, pending, rejected or spam, with the policy markers that explain why and an audit
    entry. ``verified_email`` is the address the poster is signed in with as a verified reader
    (None when not signed in); posting under it counts as an established reader.
    ``story_author``: the poster is the story's reporter (published like staff).
    ``author_badges``: the marks the comment carries (its author's sign-on badges), written
    with the row, so everything told of the new comment (webhooks included) sees them.

    The checks run outside the write transaction (scoring takes milliseconds, and on SQLite a
    write transaction holds the database's one write lock); only the writes are atomic.
    """
    client = client or ClientInfo()
    fields = comment_fields_clean(author_name=author_name, email=email, url=url, body=body)
    author_name, email, url, body = fields.author_name, fields.email, fields.url, fields.body
    parent, answered = reply_parent_resolve(story=story, parent_id=parent_id)

    nudge = _open_nudge(nudge_token, story=story)
    declined = nudge is not None and nudge.text_hash == text_fingerprint(body)
    candidate = Candidate(
        story=story,
        author_name=author_name,
        email=email,
        body=body,
        parent=parent,
        user=user,
        commenter=Commenter.objects.filter(email=normalise_email(email)).first(),
        ip_hash=client.ip_hash,
        network_hash=client.network_hash,
        device_id=client.device_id,
        device_issued_at=client.device_issued_at,
        verified_reader=bool(verified_email)
        and normalise_email(verified_email) == normalise_email(email),
        honeypot=honeypot,
        form_age_seconds=form_age_seconds,
        nudge_declined=declined,
        verified_email=normalise_email(verified_email) if verified_email else "",
        story_author=story_author,
    )
    decision = policy_decide(candidate)
    decision_refuse_or_nudge(
        candidate, decision, story=story, body=body, nudge=nudge, declined=declined
    )
    civility = candidate.civility

    terms = None
    if terms_version_id is not None:
        terms = TermsVersion.objects.filter(
            pk=terms_version_id, kind=TermsVersion.Kind.TERMS
        ).first()
    terms = terms or terms_current(kind=TermsVersion.Kind.TERMS)

    status = _STATUS_FOR_ACTION[decision.action]
    write = _CommitWatch()
    with write, transaction.atomic():
        if not decision.staff_author:
            _flood_limits_hold(candidate)
        commenter = candidate.commenter or commenter_get_or_create(
            email=email, display_name=author_name
        )
        comment = comment_create(
            story=story,
            commenter=commenter,
            author_name=author_name,
            url=url,
            body=body,
            parent=parent,
            reply_to=answered,
            status=status,
            terms=terms,
            markers=decision.markers_json(),
            civility_scores=civility.as_json() if civility else None,
            civility_model=civility.model_version if civility else "",
            civility_max=civility.highest if civility else None,
            client=client,
            language=candidate.language.language if candidate.language else "",
            author_badges=list(author_badges),
        )
        audit_record(
            action=f"submit_{decision.action}",
            actor_kind="pipeline",
            comment=comment,
            reason=decision.message,
            status_after=comment.status,
            details={"checks": [m["check"] for m in comment.markers]},
        )
        story_premoderate_if_decided(decision=decision, comment=comment)
        if comment.status != Comment.Status.SPAM:
            # Robots' posts stay out of the site's systems as they stay out of its pages.
            event_publish(
                name=COMMENT_CREATED,
                site_id=story.site_id,
                # What it answers, so a listener that cares only about replies (notifications)
                # need not load a top-level comment to learn it is none.
                data={
                    "comment_id": comment.pk,
                    "answers_id": comment.reply_to_id or comment.parent_id,
                },
            )
        write.committing(comment)  # the block's last statement: what fails next is the commit
    return SubmitResult(comment=comment)


def story_premoderate_if_decided(*, decision: Decision, comment: Comment) -> bool:
    """Turn the comment's story's pre-moderation on when the decision says so (the site's rule
    for comments in a language the model does not score); True when it was off until now.

    Call inside the write's transaction. The thread's version moves, so cached pages and the
    embed say "comments are read first" from then on; an audit entry says why.
    """
    marker = decision.deciding_marker
    if marker is None or marker.check != UNSCORED_LANGUAGE_STORY:
        return False
    changed = Story.objects.filter(pk=comment.story_id, premoderate=False).update(
        premoderate=True, **thread_version_moved()
    )
    if changed:
        comment.story.premoderate = True
        audit_record(
            action="story_premoderate",
            actor_kind="pipeline",
            comment=comment,
            reason=marker.reason,
        )
    return bool(changed)


def decision_refuse_or_nudge(
    candidate: Candidate,
    decision,
    *,
    story: Story,
    body: str,
    nudge: NudgeEvent | None,
    declined: bool,
) -> None:
    """What a post and an edit do alike once the policy has decided: close the nudge the reader
    answered, and raise ``CommentRefused`` or ``CommentNudged`` (with a new nudge) when the
    decision says so. Returns for every other decision."""
    if nudge is not None:
        outcome = NudgeEvent.Outcome.POSTED_ANYWAY if declined else NudgeEvent.Outcome.REVISED
        NudgeEvent.objects.filter(pk=nudge.pk, outcome=NudgeEvent.Outcome.OPEN).update(
            outcome=outcome, resolved_at=timezone.now()
        )
    if decision.action == Action.REFUSE:
        raise CommentRefused(decision.message, code=decision.deciding_marker.check)
    civility = candidate.civility
    if decision.action == Action.NUDGE:
        event = NudgeEvent.objects.create(
            token=secrets.token_hex(16),
            story=story,
            text_hash=text_fingerprint(body),
            scores=civility.scores if civility else {},
        )
        raise CommentNudged(
            message=decision.message,
            token=event.token,
            spans=civility.spans if civility else [],
            scores=civility.scores if civility else {},
        )


def _flood_limits_hold(candidate: Candidate) -> None:
    """Check the flood and duplicate limits again, atomically, just before the write.

    The pipeline checked them already, but outside the write transaction (scoring takes a few
    milliseconds): twenty simultaneous posts from one reader would all have passed. Here the
    check runs under a lock on the commenter's address and the device, so posts from one reader
    are counted one after another, each seeing the ones before it. (On SQLite the write
    transaction already holds the database's single write lock.)
    """
    advisory_locks(
        f"comment-author:{normalise_email(candidate.email)}",
        f"comment-device:{candidate.device_id}" if candidate.device_id else "",
    )
    if candidate.commenter is None:  # a newcomer's first post may be racing its second
        candidate.commenter = Commenter.objects.filter(
            email=normalise_email(candidate.email)
        ).first()
    candidate.now = timezone.now()
    marker = reader_rate_limit(candidate)
    if marker is not None:
        raise CommentRefused(marker.reason, code=marker.check)


def _open_nudge(token: str, *, story: Story) -> NudgeEvent | None:
    if not token:
        return None
    return NudgeEvent.objects.filter(
        token=token[:32], story=story, outcome=NudgeEvent.Outcome.OPEN
    ).first()
