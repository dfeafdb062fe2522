"""Template context for staff links: whether the viewer moderates."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from townsquare.moderation.permissions import is_moderator


def viewer(request: HttpRequest) -> dict[str, object]:
    """Whether the viewer moderates, for the staff links; asked only if a template needs it."""
    return {"viewer_is_moderator": SimpleLazyObject(lambda: is_moderator(request.user))}
