"""Template context: the site's name on every page, and whether the viewer moderates."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from townsquare.moderation.permissions import is_moderator


def viewer(request: HttpRequest) -> dict[str, object]:
    """Whether the viewer moderates, for the staff links; asked only if a template needs it."""
    return {"viewer_is_moderator": SimpleLazyObject(lambda: is_moderator(request.user))}


def site(request: HttpRequest) -> dict[str, object]:
    return {"SITE_NAME": settings.SITE_NAME}


def public_context() -> dict[str, object]:
    """What the base template needs on a page rendered for every reader alike (no request)."""
    return {"SITE_NAME": settings.SITE_NAME, "viewer_is_moderator": False}
