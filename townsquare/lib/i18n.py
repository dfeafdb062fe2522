"""The interface language of a request or an e-mail: the site's, a story's, or one asked for.

Every interface activates it in one place (the API's ``page_checked``, the web interface's
middleware, the e-mail senders) with ``translation.override``, never view by view. Only the
languages in ``settings.LANGUAGES`` are taken; anything else falls back to the next choice.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation


def language_supported(code: str | None) -> str | None:
    """The shipped language for ``code`` (``fr-CA`` → ``fr``), or None when none fits."""
    if not code or not isinstance(code, str) or len(code) > 20:
        return None
    try:
        return translation.get_supported_language_variant(code.strip())
    except LookupError:
        return None


def installation_language() -> str:
    """The shipped language nearest the installation's ``LANGUAGE_CODE`` (``en-gb``)."""
    return language_supported(settings.LANGUAGE_CODE) or settings.LANGUAGES[0][0]


def language_for(*, site: Any = None, story: Any = None, requested: str | None = None) -> str:
    """The language to answer in: the one asked for (the embed's ``lang``), else the story's,
    else its site's, else the installation's.

    ``site`` and ``story`` are anything with a ``language`` attribute (a ``Site``, a ``Story``);
    an unknown or unshipped code is passed over rather than refused, so a page asking for a
    language we do not ship still gets its thread.
    """
    for code in (requested, getattr(story, "language", "")):
        language = language_supported(code)
        if language:
            return language
    if site is None and story is not None:
        site = getattr(story, "site", None)  # only now: it may cost a query
    return language_supported(getattr(site, "language", "")) or installation_language()


def language_activate_for(request: Any, *, site: Any = None, story: Any = None) -> str:
    """Answer the rest of ``request`` in its story's or site's language (or its ``lang``).

    Only inside the request's own scope (``front.middleware.InterfaceLanguageMiddleware``
    wraps every request in ``translation.override``), which restores the previous language when
    the request ends; called where a page or endpoint first knows its story.
    """
    language = language_for(site=site, story=story, requested=request.GET.get("lang"))
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language
