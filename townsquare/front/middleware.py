"""The interface language of every request (docs/translating.md).

One scope per request: ``translation.override`` around the whole answer, so a language a view
or the API activates for its story (``api.public.base.page_checked``, the report pages) ends with
the request and never leaks into the next one on the same thread. Within it:

- a ``lang`` query parameter naming a shipped language wins (the embed's ``lang`` option);
- staff pages (the moderators' queue, sign-in, the admin) follow the moderator's browser
  (``Accept-Language``): one moderator may work through several sites in several languages;
- readers' pages start in the installation's language, and a page that knows its story or site
  switches to that one (``lib.i18n.language_for``).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from townsquare.accounts.middleware import STAFF_PATH_PREFIXES
from townsquare.lib.i18n import installation_language, language_for, language_supported


def request_language(request: HttpRequest) -> str:
    """The language a request starts in, before its view knows a story or a site."""
    requested = language_supported(request.GET.get("lang"))
    if requested:
        return requested
    if request.path.startswith(STAFF_PATH_PREFIXES):
        return language_for(requested=translation.get_language_from_request(request))
    return installation_language()


class InterfaceLanguageMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with translation.override(request_language(request)):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        if request.path.startswith(STAFF_PATH_PREFIXES):
            patch_vary_headers(response, ["Accept-Language"])
        return response
