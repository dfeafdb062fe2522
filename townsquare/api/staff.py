"""The staff API: the moderation queue, decisions on comments, sanctions on commenters.

Authenticated by a staff API token (``Authorization: Bearer ts_…``; made and revoked in the
admin, stored hashed), acting as the token's user, who must still be a moderator; each endpoint
also needs the token's scope. Everything goes through the moderation services and the
access-checked fetchers, so each decision is audited with the user as its actor, exactly as
from the queue.
"""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.security import HttpBearer

from townsquare.accounts.models import ApiToken
from townsquare.accounts.services import api_token_authenticate
from townsquare.api.schemas import (
    ChangedOut,
    DecisionIn,
    DecisionOut,
    ErrorOut,
    LiftIn,
    QueueOut,
    SanctionCreatedOut,
    SanctionIn,
    StaffCommentOut,
)
from townsquare.comments.models import Comment
from townsquare.comments.public import story_page_url
from townsquare.lib.apierrors import ApiError
from townsquare.lib.params import MAX_DB_INT
from townsquare.moderation import permissions, services
from townsquare.moderation.queue import QueueCard, QueueOrder, QueueTab, queue_card, queue_comments
from townsquare.moderation.services import ModerationError
from townsquare.readers.selectors import VerificationMarks, verification_marks

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class StaffToken(HttpBearer):
    """A live staff API token whose user is (still) a moderator."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        record = api_token_authenticate(token=token)
        if record is None or not permissions.is_moderator(record.user):
            return None
        return record


router = Router(tags=["staff"], auth=StaffToken())


def _user(request: HttpRequest, scope: str):
    token: ApiToken = request.auth
    if scope not in (token.scopes or []):
        raise ApiError(
            403,
            code="scope",
            field=None,
            message=f"This token does not have the {scope!r} scope.",
        )
    return token.user


def _comment_out(card: QueueCard, marks: VerificationMarks | None = None) -> dict:
    comment = card.comment
    marks = marks or verification_marks(comments=[comment])
    scores = comment.civility_scores or {}
    return {
        "id": comment.pk,
        "story_id": comment.story_id,
        "story_headline": comment.story.headline,
        "story_url": story_page_url(comment.story),
        "parent_id": comment.parent_id,
        "status": comment.status,
        "author_name": comment.author_name,
        "author_badges": list(comment.author_badges or []),
        "commenter_id": comment.commenter_id,
        "commenter_email": comment.commenter.email,
        "body": comment.body,
        "created_at": comment.created_at.isoformat(),
        "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
        "featured": comment.is_featured,
        "featured_reason": comment.featured_reason if comment.is_featured else "",
        "respect_count": comment.respect_count,
        "revisions": [
            {
                "body": r.body,
                "status": r.status,
                "written_at": r.written_at.isoformat(),
                "replaced_at": r.created_at.isoformat(),
            }
            for r in getattr(comment, "recent_revisions", [])
        ],
        "civility_max": comment.civility_max,
        "language": comment.language,
        "scores": {k: v for k, v in scores.items() if isinstance(v, int | float)},
        "markers": [m for m in (comment.markers or []) if isinstance(m, dict)],
        "open_reports": card.open_reports,
        "commenter_verified": marks.of(comment)["verified"],
        "posted_signed_in": marks.of(comment)["signed_in"],
    }


@router.get("/queue", response={200: QueueOut, **ERRORS}, summary="A page of the queue")
def queue_get(
    request: HttpRequest,
    tab: QueueTab = Query(QueueTab.PENDING),
    story: int | None = Query(None, ge=1, le=MAX_DB_INT),
    q: str = Query("", max_length=200, description="Full-text search."),
    order: QueueOrder = Query(QueueOrder.NEWEST),
    page: int = Query(1, ge=1, le=1_000_000),
):
    """Scope ``queue:read``. The queue's tabs, story filter, search and orders, 20 a page.

    Staff responses carry the commenter's e-mail address; keep the token on a server.
    """
    _user(request, ApiToken.Scope.QUEUE_READ)
    result = queue_comments(tab=tab, story_id=story, order=order, query=q, page=page)
    marks = verification_marks(comments=[card.comment for card in result.cards])
    return {
        "tab": tab,
        "page": result.page.number,
        "pages": result.page.paginator.num_pages,
        "count": result.page.paginator.count,
        "comments": [_comment_out(card, marks) for card in result.cards],
    }


def _comment(user, comment_id: int) -> Comment:
    comment = permissions.comment_for_moderator(user, comment_id)
    if comment is None:
        raise ApiError(404, code="not_found", field="comment_id", message="No such comment.")
    return comment


@router.post(
    "/comments/{comment_id}/decisions",
    response={200: DecisionOut, **ERRORS},
    summary="Approve, reject, remove or (un)feature a comment",
)
def decision_post(
    request: HttpRequest,
    payload: DecisionIn,
    comment_id: int = Path(..., ge=1, le=MAX_DB_INT),
):
    """Scope ``comments:decide``. ``changed`` is false when there was nothing to do (another
    moderator decided first, or the status does not allow it: send ``expected_status`` with
    the status you saw). Reject and remove need a ``reason`` code."""
    user = _user(request, ApiToken.Scope.COMMENTS_DECIDE)
    comment = _comment(user, comment_id)
    expected = payload.expected_status or None
    try:
        if payload.action == "approve":
            changed = services.comment_approve(
                comment=comment, actor=user, expected_status=expected
            )
        elif payload.action in ("reject", "remove"):
            decide = (
                services.comment_reject if payload.action == "reject" else services.comment_remove
            )
            changed = decide(
                comment=comment, reason=payload.reason, actor=user, expected_status=expected
            )
        elif payload.action == "feature":
            changed = services.comment_feature(
                comment=comment, actor=user, reason=payload.featured_reason
            )
        else:
            changed = services.comment_unfeature(comment=comment, actor=user)
    except ModerationError as error:
        field = "featured_reason" if payload.action == "feature" else "reason"
        raise ApiError(400, code="invalid", field=field, message=error.message) from None
    return {"changed": changed, "comment": _comment_out(queue_card(comment=comment))}


@router.post(
    "/commenters/{commenter_id}/sanctions",
    response={200: SanctionCreatedOut, **ERRORS},
    summary="Warn, suspend, ban or always pre-moderate a commenter",
)
def sanction_post(
    request: HttpRequest,
    payload: SanctionIn,
    commenter_id: int = Path(..., ge=1, le=MAX_DB_INT),
):
    """Scope ``sanctions:write``. ``created`` is false when an equivalent sanction is already in
    force. With ``comment_id`` and ``comment_reason`` that comment is taken down too."""
    user = _user(request, ApiToken.Scope.SANCTIONS_WRITE)
    commenter = permissions.commenter_for_moderator(user, commenter_id)
    if commenter is None:
        raise ApiError(404, code="not_found", field="commenter_id", message="No such commenter.")
    comment = _comment(user, payload.comment_id) if payload.comment_id else None
    common = {
        "commenter": commenter,
        "reason": payload.reason,
        "actor": user,
        "comment": comment,
        "comment_reason": payload.comment_reason,
    }
    try:
        if payload.kind == "suspension":
            if payload.hours is None:
                raise ApiError(400, code="required", field="hours", message="Say how many hours.")
            outcome = services.commenter_suspend(duration=timedelta(hours=payload.hours), **common)
        else:
            impose = {
                "warning": services.commenter_warn,
                "ban": services.ban_commenter,
                "premoderate": services.commenter_premoderate,
            }[payload.kind]
            outcome = impose(**common)
    except ModerationError as error:
        raise ApiError(400, code="invalid", field="reason", message=error.message) from None
    sanction = outcome.sanction
    return {
        "created": outcome.created,
        "sanction": {
            "id": sanction.pk,
            "commenter_id": sanction.commenter_id,
            "kind": sanction.kind,
            "reason": sanction.reason,
            "created_at": sanction.created_at.isoformat(),
            "ends_at": sanction.ends_at.isoformat() if sanction.ends_at else None,
            "lifted_at": sanction.lifted_at.isoformat() if sanction.lifted_at else None,
        },
    }


@router.post(
    "/sanctions/{sanction_id}/lift",
    response={200: ChangedOut, **ERRORS},
    summary="Lift a sanction",
)
def lift_post(
    request: HttpRequest,
    payload: LiftIn,
    sanction_id: int = Path(..., ge=1, le=MAX_DB_INT),
):
    """Scope ``sanctions:write``. ``changed`` is false when it was lifted already."""
    user = _user(request, ApiToken.Scope.SANCTIONS_WRITE)
    sanction = permissions.sanction_for_moderator(user, sanction_id)
    if sanction is None:
        raise ApiError(404, code="not_found", field="sanction_id", message="No such sanction.")
    return {"changed": services.sanction_lift(sanction=sanction, actor=user, reason=payload.reason)}


__all__ = ["router", "StaffCommentOut"]
