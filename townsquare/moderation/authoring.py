"""What an author may do to their own comment after posting it: edit it, delete it.

Both take a ``comments.authorship.Viewer`` and ask ``viewer_is_author``: the page, the embed and
the API get the same rule and the same answers.

- **Edit** (``comment_edit``): within the site's edit window (``Site.edit_minutes``; 0 turns it
  off), a published or pending comment's text is replaced. The new text goes through the policy
  pipeline again, less the checks that only make sense for a new post (flood limits, spam
  traps): it may publish, nudge the author (nothing saved), be held for a moderator, or be
  refused (nothing saved; the author keeps what they typed and the earlier text stays up). A
  held comment stays held whatever its new text scores: a moderator decides. The earlier text
  is kept as a ``CommentRevision`` for the moderators, and the comment says "edited".
- **Delete** (``comment_author_delete``): at any time. The comment becomes "deleted by its
  author": with published replies under it, a tombstone keeps their place; without, it leaves
  the thread. Its name and text are shown nowhere public again; moderators still see it, its
  revisions and an audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from townsquare.comments.authorship import DELETABLE, Viewer, edit_deadline, viewer_is_author
from townsquare.comments.models import Comment, CommentRevision
from townsquare.comments.services import (
    CommentInvalid,
    CommentRefused,
    comment_fields_clean,
    comment_status_changed,
    thread_changed,
)
from townsquare.lib.client import ClientInfo
from townsquare.lib.markdown import render_comment
from townsquare.moderation.models import AuditEntry
from townsquare.moderation.pipeline import (
    CHECKS,
    Action,
    Candidate,
    check_rate_limit,
    check_spam_traps,
    policy_decide,
    text_fingerprint,
)
from townsquare.moderation.posting import (
    _open_nudge,
    decision_refuse_or_nudge,
    story_premoderate_if_decided,
)
from townsquare.moderation.services import audit_record, decision_publish

# A new post's flood limits would count the comment being edited, and its spam traps look at
# the reply form's timing; neither says anything about a change of text.
EDIT_CHECKS = [check for check in CHECKS if check not in (check_rate_limit, check_spam_traps)]


class CommentNotYours(CommentRefused):
    """The viewer is not the comment's author (or the comment is not there): answer 404/403."""


def _refuse_not_found() -> CommentRefused:
    return CommentNotYours(
        "This comment is not available to you. You can edit or delete only your own comments, "
        "from the browser you posted them with.",
        code="not_author",
    )


def comment_for_author(*, viewer: Viewer, comment_id: int) -> Comment:
    """The viewer's own comment ``comment_id`` (any status); raises ``CommentNotYours``."""
    comment = (
        Comment.objects.select_related("story__site", "commenter", "reply_to")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None or not viewer_is_author(viewer, comment):
        raise _refuse_not_found()
    return comment


def _check_editable(comment: Comment) -> None:
    if comment.status not in (Comment.Status.PUBLISHED, Comment.Status.PENDING):
        raise CommentRefused(
            gettext("This comment can no longer be edited."), code="not_editable", field="comment"
        )
    if not comment.story.site.edit_minutes:
        raise CommentRefused(
            gettext("Comments on this site cannot be edited once posted."),
            code="edit_off",
            field="comment",
        )
    deadline = edit_deadline(comment)
    if deadline is None or timezone.now() >= deadline:
        minutes = comment.story.site.edit_minutes
        raise CommentRefused(
            ngettext(
                "Comments can be edited for %(minutes)d minute after posting, and that time has "
                "passed. You can still delete it.",
                "Comments can be edited for %(minutes)d minutes after posting, and that time has "
                "passed. You can still delete it.",
                minutes,
            )
            % {"minutes": minutes},
            code="edit_window_closed",
            field="comment",
        )


@dataclass(frozen=True)
class EditResult:
    comment: Comment
    changed: bool

    @property
    def held(self) -> bool:
        return self.comment.status == Comment.Status.PENDING

    @property
    def message(self) -> str:
        """What every interface tells the author about their edit."""
        if not self.changed:
            return "Nothing changed: your comment reads as before."
        if self.held:
            return (
                "Your edit was saved. Your comment is awaiting moderation: a moderator will read "
                "it before it appears to other readers."
            )
        return "Your edit was saved."


_STATUS_FOR_ACTION = {
    Action.PUBLISH: Comment.Status.PUBLISHED,
    Action.HOLD: Comment.Status.PENDING,
    # An edit the model calls spam is read by a moderator rather than silently dropped: the
    # author is a person who already posted, not a form-filling robot.
    Action.SPAM: Comment.Status.PENDING,
}


def comment_edit(
    *,
    viewer: Viewer,
    comment_id: int,
    body: str,
    user=None,
    client: ClientInfo | None = None,
    nudge_token: str = "",
) -> EditResult:
    """Replace the text of the viewer's own comment, through the policy pipeline again.

    Raises ``CommentNotYours`` (not theirs), ``CommentRefused`` (window closed, editing off,
    not editable, refused or rejected by the pipeline: nothing saved), ``CommentInvalid``
    (empty or too long) or ``CommentNudged`` (asked to reconsider: nothing saved). Otherwise the
    earlier text becomes a revision, the comment is published or held, and the thread's version
    moves on.
    """
    client = client or ClientInfo()
    comment = comment_for_author(viewer=viewer, comment_id=comment_id)
    _check_editable(comment)
    try:
        fields = comment_fields_clean(
            author_name=comment.author_name,
            email=comment.commenter.email,
            url=comment.author_url,
            body=body,
        )
    except CommentInvalid as invalid:
        if "comment" in invalid.errors:
            raise CommentInvalid({"comment": invalid.errors["comment"]}) from None
        raise
    body = fields.body
    if body == comment.body:
        return EditResult(comment=comment, changed=False)

    story = comment.story
    nudge = _open_nudge(nudge_token, story=story)
    declined = nudge is not None and nudge.text_hash == text_fingerprint(body)
    candidate = Candidate(
        story=story,
        author_name=comment.author_name,
        email=comment.commenter.email,
        body=body,
        parent=comment.parent,
        user=user,
        commenter=comment.commenter,
        ip_hash=client.ip_hash,
        network_hash=client.network_hash,
        device_id=client.device_id or viewer.device_id,
        nudge_declined=declined,
    )
    decision = policy_decide(candidate, checks=EDIT_CHECKS)
    decision_refuse_or_nudge(
        candidate, decision, story=story, body=body, nudge=nudge, declined=declined
    )
    civility = candidate.civility
    if decision.action == Action.REJECT:
        marker = decision.deciding_marker
        detail = f" ({marker.reason})" if marker and marker.check == "banned_words" else ""
        raise CommentRefused(
            gettext(
                "Your edit was not saved because it breaks our community guidelines%(detail)s. "
                "Your comment still reads as before; you can change your edit and try again."
            )
            % {"detail": detail},
            code="rejected",
            field="comment",
        )
    status = _STATUS_FOR_ACTION[decision.action]
    with transaction.atomic():
        result = _edit_write(
            comment=comment,
            body=body,
            status=status,
            markers=decision.markers_json(),
            civility=civility,
            language=candidate.language.language if candidate.language else "",
            action=decision.action,
            reason=decision.message,
        )
        story_premoderate_if_decided(decision=decision, comment=result.comment)
        return result


def _edit_write(
    *, comment: Comment, body: str, status: str, markers, civility, language: str, action, reason
):
    locked = Comment.objects.select_for_update().filter(pk=comment.pk).first()
    if locked is None or locked.status not in (Comment.Status.PUBLISHED, Comment.Status.PENDING):
        raise CommentRefused(
            gettext("This comment can no longer be edited."), code="not_editable", field="comment"
        )
    before = locked.status
    if before == Comment.Status.PENDING:
        status = Comment.Status.PENDING  # a held comment waits for its moderator, edited or not
    now = timezone.now()
    revision = CommentRevision.objects.create(
        comment=locked,
        body=locked.body,
        body_html=locked.body_html,
        status=before,
        civility_scores=locked.civility_scores,
        civility_max=locked.civility_max,
        markers=locked.markers,
        written_at=locked.edited_at or locked.created_at,
    )
    comment.body = body
    comment.body_html = render_comment(body)
    comment.edited_at = now
    comment.status = status
    comment.markers = markers
    comment.civility_scores = civility.as_json() if civility else {}
    comment.civility_model = civility.model_version if civility else ""
    comment.civility_max = civility.highest if civility else None
    comment.language = language
    if status != before:
        comment.featured = False  # a pick stands for the text the moderators read
        comment.featured_reason = ""
    comment.save(
        update_fields=[
            "body",
            "body_html",
            "edited_at",
            "status",
            "markers",
            "civility_scores",
            "civility_model",
            "civility_max",
            "language",
            "featured",
            "featured_reason",
            "updated_at",
        ]
    )
    if status != before:
        comment_status_changed(comment=comment, status_before=before)
    elif status == Comment.Status.PUBLISHED:
        thread_changed(story_id=comment.story_id)  # the public text changed
    audit_record(
        action=f"edit_{action}",
        actor_kind=AuditEntry.ActorKind.READER,
        comment=comment,
        reason=reason,
        status_before=before,
        status_after=status,
        details={"revision_id": revision.pk, "checks": [m["check"] for m in markers]},
    )
    if status != before:
        decision_publish(comment=comment, action="edit", status_before=before, by="author")
    return EditResult(comment=comment, changed=True)


@transaction.atomic
def comment_author_delete(*, viewer: Viewer, comment_id: int) -> Comment:
    """Delete the viewer's own comment, at any time; returns it with its new status.

    Raises ``CommentNotYours`` when it is not theirs, and ``CommentRefused`` when it is already
    gone from the thread (deleted, or taken down by a moderator, whose decision stands).
    """
    comment = comment_for_author(viewer=viewer, comment_id=comment_id)
    before = comment.status
    if before not in DELETABLE:
        raise CommentRefused(
            gettext("This comment is no longer shown, so there is nothing to delete."),
            code="not_deletable",
        )
    now = timezone.now()
    changed = Comment.objects.filter(pk=comment.pk, status=before).update(
        status=Comment.Status.DELETED, featured=False, featured_reason="", updated_at=now
    )
    if not changed:
        raise CommentRefused(
            gettext("This comment changed while you were deleting it; please try again."),
            code="not_deletable",
        )
    comment.status, comment.featured, comment.featured_reason = Comment.Status.DELETED, False, ""
    comment_status_changed(comment=comment, status_before=before)
    audit_record(
        action="author_delete",
        actor_kind=AuditEntry.ActorKind.READER,
        comment=comment,
        reason="Deleted by its author.",
        status_before=before,
        status_after=Comment.Status.DELETED,
    )
    decision_publish(comment=comment, action="author_delete", status_before=before, by="author")
    return comment
