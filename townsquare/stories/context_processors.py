"""Template context every page needs: the site's name (and, for public pages, no viewer)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {"SITE_NAME": settings.SITE_NAME}


def public_context() -> dict[str, object]:
    """What the base template needs on a page rendered for every reader alike (no request)."""
    return {"SITE_NAME": settings.SITE_NAME, "viewer_is_moderator": False}
