"""A warning, once per process, when the reverse-proxy setting does not match the requests.

Behind a reverse proxy every request's TCP peer is the proxy, so with ``TRUSTED_PROXY_COUNT=0``
(the default) every reader has the proxy's address: one reader's flood limit, ban-evasion mark
or sign-in lockout then falls on all of them. The proxy says so itself, by adding an
``X-Forwarded-For`` header; this middleware notices the first such request and logs how to fix
the setting. It also warns when ``TRUSTED_PROXY_COUNT`` promises more proxies than a request's
``X-Forwarded-For`` lists, which means a request reached the site without passing through them
(or a proxy does not add the header), so the address used for it cannot be trusted either.

Each warning is logged once per process (a gunicorn worker is a process), never per request.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

logger = logging.getLogger(__name__)

UNTRUSTED_FORWARDED_FOR = "untrusted"
TOO_FEW_FORWARDED_FOR = "too-few"

_warned: set[str] = set()
_lock = threading.Lock()


def _forwarded_for_entries(request: HttpRequest) -> list[str]:
    header = request.META.get("HTTP_X_FORWARDED_FOR")
    if header is None:
        return []
    return [part.strip() for part in header.split(",") if part.strip()]


def _warn_once(kind: str, message: str, *args) -> None:
    with _lock:
        if kind in _warned:
            return
        _warned.add(kind)
    logger.warning(message, *args)


def forwarded_for_check(request: HttpRequest) -> None:
    """Log a warning if this request shows the proxy setting is wrong (at most once per kind)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if (UNTRUSTED_FORWARDED_FOR if proxies == 0 else TOO_FEW_FORWARDED_FOR) in _warned:
        return  # said already; the rest of this process's requests cost one set lookup
    if proxies == 0 and "HTTP_X_FORWARDED_FOR" in request.META:
        _warn_once(
            UNTRUSTED_FORWARDED_FOR,
            "A request arrived with X-Forwarded-For (%r) from %s, but TRUSTED_PROXY_COUNT is 0, "
            "so every reader behind that proxy is seen as %s: flood limits, bans and sign-in "
            "lockouts then apply to all of them together. If Townsquare runs behind a reverse "
            "proxy, set TRUSTED_PROXY_COUNT to the number of proxies in front of it (see "
            "docs/deployment.md). This warning is logged once per process.",
            request.META["HTTP_X_FORWARDED_FOR"][:200],
            request.META.get("REMOTE_ADDR", "an unknown address"),
            request.META.get("REMOTE_ADDR", "the proxy"),
        )
    elif proxies > 0 and len(entries := _forwarded_for_entries(request)) < proxies:
        _warn_once(
            TOO_FEW_FORWARDED_FOR,
            "TRUSTED_PROXY_COUNT is %d but a request from %s carried %d X-Forwarded-For "
            "entr%s: it did not pass through that many proxies (or one of them does not add the "
            "header), so the client address used for it is the leftmost entry or the peer, which "
            "the client may have chosen. Check the proxies and TRUSTED_PROXY_COUNT (see "
            "docs/deployment.md), and let the site be reached only through them. This warning "
            "is logged once per process.",
            proxies,
            request.META.get("REMOTE_ADDR", "an unknown address"),
            len(entries),
            "y" if len(entries) == 1 else "ies",
        )


class ForwardedForCheckMiddleware:
    """Runs :func:`forwarded_for_check` on each request."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        forwarded_for_check(request)
        return self.get_response(request)
