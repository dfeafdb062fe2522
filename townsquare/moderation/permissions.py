"""Who may moderate. The one place that answers the question, so no view invents its own rule."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from townsquare.comments.models import Comment, Commenter
from townsquare.moderation.models import Sanction

MODERATOR_GROUPS = ("Moderator", "Administrator")


def is_moderator(user) -> bool:
    """True for superusers and members of the Moderator or Administrator group.

    The answer is cached on the user object for the request, because a queue page asks once per
    fetcher and the group lookup is a query.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_townsquare_is_moderator", None)
    if cached is None:
        cached = user.groups.filter(name__in=MODERATOR_GROUPS).exists()
        user._townsquare_is_moderator = cached
    return cached


# --- Access-checked fetchers ------------------------------------------------------------------
#
# Views get moderation objects only through these: each checks the user's role before it looks
# anything up, so no view can forget the check.


def _moderator_required(user) -> None:
    if not is_moderator(user):
        raise PermissionDenied("Only moderators can do this.")


def comment_for_moderator(user, comment_id: int) -> Comment | None:
    """The comment, for a moderator; None when it does not exist. Raises PermissionDenied."""
    _moderator_required(user)
    return Comment.objects.select_related("story", "commenter").filter(pk=comment_id).first()


def comments_for_moderator(user, comment_ids: list[int]) -> list[Comment]:
    """The comments that exist among ``comment_ids``, for a moderator's bulk action."""
    _moderator_required(user)
    return list(
        Comment.objects.select_related("story", "commenter")
        .filter(pk__in=comment_ids)
        .order_by("pk")
    )


def commenter_for_moderator(user, commenter_id: int) -> Commenter | None:
    _moderator_required(user)
    return Commenter.objects.filter(pk=commenter_id).first()


def sanction_for_moderator(user, sanction_id: int) -> Sanction | None:
    _moderator_required(user)
    return Sanction.objects.select_related("commenter").filter(pk=sanction_id).first()
