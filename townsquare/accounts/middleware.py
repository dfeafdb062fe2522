"""Middleware for staff pages: never cached anywhere, and the admin's query strings bounded.

Staff responses are never stored by a browser's disk cache, a proxy or a CDN.

Staff pages and the staff API show commenters' e-mail addresses, IPs and moderation history.
Every such response gets ``Cache-Control: private, no-store`` here rather than per view, so a new
staff route cannot forget it: a response is staff's when its path is under a staff prefix (the
moderation pages, the admin, the sign-in pages, the staff API), or when the view looked at the
signed-in user and found staff (any page that shows staff something extra must check who asks).

The admin's list filters and date drill-down take numbers from the query string
(``?site__exact=…``, ``?created_at__year=…``) and hand them to the database or to ``datetime``
unchecked: a number past 64 bits answered 500 (SQLite's "Python int too large", ``datetime``'s
OverflowError). ``AdminQueryBoundsMiddleware`` answers 400 for such a query first, whatever the
model admin — ours or Django's own.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import patch_cache_control
from django.utils.functional import empty

from townsquare.lib.params import MAX_DB_INT

STAFF_PATH_PREFIXES = ("/moderate/", "/admin/", "/accounts/", "/api/v1/staff/")


def _staff_user_seen(request: HttpRequest) -> bool:
    """Whether the view resolved ``request.user`` and it is staff.

    Only a user the request already loaded is looked at, so a reader's request costs no session
    or user query here.
    """
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return False
    return bool(getattr(user, "is_staff", False))


class StaffResponsesPrivateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.path.startswith(STAFF_PATH_PREFIXES) or _staff_user_seen(request):
            # private also drops a "public" a view may have set; no-store outranks any max-age.
            patch_cache_control(response, private=True, no_store=True)
        return response


def _out_of_range(value: str) -> bool:
    """Whether ``value`` reads as an integer no database column (nor ``datetime``) can hold."""
    if len(value) > 4000:  # int() refuses it anyway; so does every lookup that would convert it
        return False
    try:
        number = int(value)
    except ValueError:
        return False
    return not -MAX_DB_INT - 1 <= number <= MAX_DB_INT


class AdminQueryBoundsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path.startswith("/admin/") and any(
            _out_of_range(value) for _, values in request.GET.lists() for value in values
        ):
            return HttpResponse(
                "A number in this address is out of range.",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
