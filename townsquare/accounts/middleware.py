"""Staff responses are never stored by a browser's disk cache, a proxy or a CDN.

Staff pages and the staff API show commenters' e-mail addresses, IPs and moderation history.
Every such response gets ``Cache-Control: private, no-store`` here rather than per view, so a new
staff route cannot forget it: a response is staff's when its path is under a staff prefix (the
moderation pages, the admin, the sign-in pages, the staff API), or when the view looked at the
signed-in user and found staff (any page that shows staff something extra must check who asks).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control
from django.utils.functional import empty

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
