from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def site(request: HttpRequest) -> dict[str, object]:
    """The site's name, and whether the viewer moderates (asked only if a template needs it)."""
    from townsquare.moderation.permissions import is_moderator

    return {
        "SITE_NAME": settings.SITE_NAME,
        "viewer_is_moderator": SimpleLazyObject(lambda: is_moderator(request.user)),
    }


def public_context() -> dict[str, object]:
    """What the base template needs on a page rendered for every reader alike (no request)."""
    return {"SITE_NAME": settings.SITE_NAME, "viewer_is_moderator": False}
