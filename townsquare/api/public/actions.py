"""A reader's writes to comments already up: report, edit and delete their own, respect."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Path, Status

from townsquare.api.public.base import (
    ERRORS,
    OPERATION,
    device_for_report,
    device_required,
    nudged_answer,
    page_checked,
    refusal_error,
    router,
)
from townsquare.api.public.first_party import caller_user, caller_viewer
from townsquare.api.schemas import (
    AuthorIn,
    DeletedOut,
    EditIn,
    EditOut,
    NudgeOut,
    ReportIn,
    ReportOut,
    RespectIn,
    RespectOut,
)
from townsquare.comments.models import Comment
from townsquare.comments.public import comment_public, story_public
from townsquare.comments.respects import comment_respect_toggle
from townsquare.comments.services import CommentRefused
from townsquare.embed import fragments
from townsquare.lib.apierrors import ApiError
from townsquare.lib.client import (
    client_info,
    client_ip,
    device_id_new,
    device_token_for,
    ip_hash,
    network_hash,
)
from townsquare.lib.params import MAX_DB_INT
from townsquare.moderation.authoring import (
    comment_author_delete,
    comment_edit,
    comment_for_author,
)
from townsquare.moderation.posting import (
    CommentNudged,
)
from townsquare.moderation.reporting import (
    ReportRefused,
    comment_for_reporting,
    report_create,
    reporter_key_for_device,
)
from townsquare.notifications.posting import (
    refusal_status,
)
from townsquare.stories.models import Story


@router.post(
    "/comments/{comment_id}/reports",
    response={201: ReportOut, **ERRORS},
    summary="Report a comment to the moderators",
    operation_id=OPERATION + "report_post",
)
def report_post(
    request: HttpRequest, payload: ReportIn, comment_id: int = Path(..., ge=1, le=MAX_DB_INT)
):
    comment = comment_for_reporting(comment_id=comment_id)
    if comment is None:
        raise ApiError(
            404,
            code="unavailable",
            field="comment_id",
            message=gettext("This comment is not published, so it cannot be reported."),
        )
    page_checked(request, write=True, story=comment.story)
    device_id, device_token = device_for_report(request, payload.device_token)
    try:
        report_create(
            comment=comment,
            reporter_key=reporter_key_for_device(device_id),
            network_key=network_hash(client_ip(request)),
            reason=payload.reason,
            details=payload.details.replace("\r\n", "\n"),
        )
    except ReportRefused as refusal:
        raise ApiError(
            refusal_status(refusal.code),
            code=refusal.code,
            field=refusal.field,
            message=refusal.message,
        ) from None
    return Status(
        201,
        {
            "message": "Thank you. Our moderators will read the comment.",
            "device_token": device_token,
        },
    )


def _authors_comment(request: HttpRequest, viewer, comment_id: int):
    """(the caller's own comment, its page), checked against the browser's origin."""
    try:
        comment = comment_for_author(viewer=viewer, comment_id=comment_id)
    except CommentRefused as refusal:
        raise refusal_error(refusal) from None
    page = page_checked(request, write=True, story=comment.story)
    return comment, page


@router.post(
    "/comments/{comment_id}/edit",
    response={200: EditOut, 422: NudgeOut, **ERRORS},
    summary="Edit one's own comment (within the site's edit window)",
    operation_id=OPERATION + "comment_edit_post",
)
def comment_edit_post(
    request: HttpRequest, payload: EditIn, comment_id: int = Path(..., ge=1, le=MAX_DB_INT)
):
    """The author — the browser that posted it (``device_token``) or that holds its
    ``author_token`` — replaces the text while the site's edit window is open. The new text
    goes through the moderation checks again: 200 ``published`` or ``pending`` (held for a
    moderator: off the public thread), 422 ``nudged`` (send again with ``nudge_token`` to save
    anyway) or ``rejected`` (nothing saved; the comment reads as before), 409 when the window
    has closed, 404 when it is not the caller's."""
    viewer = caller_viewer(
        request, device_token=payload.device_token, author_token=payload.author_token
    )
    comment, page = _authors_comment(request, viewer, comment_id)
    try:
        result = comment_edit(
            viewer=viewer,
            comment_id=comment.pk,
            body=payload.comment,
            client=client_info(request, device_id=viewer.device_id or device_id_new()),
            user=caller_user(request),
            nudge_token=payload.nudge_token,
        )
    except CommentNudged as nudged:
        return nudged_answer(nudged, text=payload.comment)
    except CommentRefused as refusal:
        raise refusal_error(refusal) from None
    public = comment_public(result.comment)
    message = result.message
    return {
        "status": "pending" if result.held else "published",
        "message": message,
        "changed": result.changed,
        "comment": public,
        "html": fragments.comment_html(
            page=page, comment=public, story_data=story_public(comment.story)
        ),
    }


@router.post(
    "/comments/{comment_id}/delete",
    response={200: DeletedOut, **ERRORS},
    summary="Delete one's own comment",
    operation_id=OPERATION + "comment_delete_post",
)
def comment_delete_post(
    request: HttpRequest, payload: AuthorIn, comment_id: int = Path(..., ge=1, le=MAX_DB_INT)
):
    """At any time, by its author (as for edit). With replies it stays as a tombstone ("This
    comment was deleted by its author."); without, it leaves the thread. 409 when it is already
    gone (deleted, or taken down by a moderator)."""
    viewer = caller_viewer(
        request, device_token=payload.device_token, author_token=payload.author_token
    )
    comment, _ = _authors_comment(request, viewer, comment_id)
    try:
        comment_author_delete(viewer=viewer, comment_id=comment.pk)
    except CommentRefused as refusal:
        raise refusal_error(refusal) from None
    return {"message": "Your comment was deleted.", "status": "deleted"}


@router.post(
    "/comments/{comment_id}/respect",
    response={200: RespectOut, **ERRORS},
    summary="Respect a comment, or undo it",
    operation_id=OPERATION + "comment_respect_post",
)
def comment_respect_post(
    request: HttpRequest, payload: RespectIn, comment_id: int = Path(..., ge=1, le=MAX_DB_INT)
):
    """Once per reader (the browser's ``device_token``); idempotent. Answers the new count and
    whether the caller respects it — never who else does. 409 for a comment that is not
    published, 429 over the hourly limit."""
    comment = (
        Comment.objects.select_related("story__site")
        .filter(pk=comment_id, status=Comment.Status.PUBLISHED, story__in=Story.objects.published())
        .first()
    )
    if comment is None:
        raise ApiError(
            409,
            code="unavailable",
            field="comment_id",
            message=gettext("This comment is not published, so it cannot be respected."),
        )
    page_checked(request, write=True, story=comment.story)
    device = device_required(request, payload.device_token)
    ip = client_ip(request)
    try:
        result = comment_respect_toggle(
            viewer=caller_viewer(request, device_token=device_token_for(device), author_token=""),
            comment_id=comment.pk,
            on=payload.on,
            network_hash=network_hash(ip),
            address_hash=ip_hash(ip),
        )
    except CommentRefused as refusal:
        raise refusal_error(refusal) from None
    return {
        "respected": result.respected,
        "respect_count": result.respect_count,
        "device_token": device_token_for(device),
    }
