"""Who is on the other end of a request: client IP, its keyed hash, and the device cookie.

The device cookie is a random id with no meaning of its own. It lets one browser be recognised
across requests without an account (one report per reader per comment, ban-evasion marks), and
it is HttpOnly so page scripts cannot read or copy it. IPs are stored only as keyed hashes for
long-term matching; the raw address is kept briefly and erased after ``IP_RETENTION_DAYS``.
"""

from __future__ import annotations

import ipaddress
import re
import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from townsquare.lib.identity import keyed_hash

DEVICE_COOKIE = "ts_device"
DEVICE_COOKIE_MAX_AGE = 2 * 365 * 24 * 60 * 60  # two years, in seconds
# token_urlsafe(24) gives 32 characters of [A-Za-z0-9_-]; anything else in the cookie is junk
# (or tampering) and is replaced rather than stored in a 64-character column.
_DEVICE_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{32}")
_REQUEST_ATTRIBUTE = "_townsquare_device_id"


def _new_device_id() -> str:
    return secrets.token_urlsafe(24)


def device_id_for(request: HttpRequest) -> str:
    """The browser's device id from the ``ts_device`` cookie, or a fresh one if it has none.

    The id is remembered on the request, so every caller during one request sees the same value;
    a view that got a fresh id should pass it to :func:`device_cookie_set` on its response
    (:func:`device_cookie_is_new` says whether that is needed).
    """
    remembered = getattr(request, _REQUEST_ATTRIBUTE, None)
    if remembered is not None:
        return remembered
    cookie = request.COOKIES.get(DEVICE_COOKIE, "")
    device_id = cookie if _DEVICE_ID_PATTERN.fullmatch(cookie) else _new_device_id()
    setattr(request, _REQUEST_ATTRIBUTE, device_id)
    return device_id


def device_cookie_is_new(request: HttpRequest) -> bool:
    """Whether the request's device id was made up during this request (no valid cookie yet)."""
    return request.COOKIES.get(DEVICE_COOKIE, "") != device_id_for(request)


def device_cookie_set(response: HttpResponseBase, device_id: str) -> None:
    """Set the long-lived, HttpOnly, SameSite=Lax device cookie on ``response``."""
    response.set_cookie(
        DEVICE_COOKIE,
        device_id,
        max_age=DEVICE_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _valid_ip(candidate: str) -> str:
    """The normalised address in ``candidate``, or "" when it is not an IP address.

    Accepts the forms proxies write: bare IPv4/IPv6, ``1.2.3.4:5678`` and ``[::1]:5678``.
    """
    candidate = candidate.strip()
    if candidate.startswith("["):
        candidate = candidate[1:].split("]", 1)[0]
    elif candidate.count(":") == 1:
        candidate = candidate.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return ""


def client_ip(request: HttpRequest) -> str:
    """The client's IP address, or "" when it cannot be determined.

    With ``TRUSTED_PROXY_COUNT`` = 0 the TCP peer (``REMOTE_ADDR``) is the client. Behind N trusted
    reverse proxies, each appends the address it received the request from to X-Forwarded-For, so
    the client is the N-th entry from the right; entries further left were written by the client
    itself and cannot be trusted. A malformed header falls back to ``REMOTE_ADDR``.
    """
    remote_addr = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote_addr
    forwarded = [
        part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if not forwarded:
        return remote_addr
    # Fewer entries than proxies means a proxy in front of us was bypassed or misconfigured: the
    # leftmost entry is then the furthest one any trusted proxy vouched for.
    entry = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    return _valid_ip(entry) or remote_addr


def ip_hash(ip: str) -> str:
    """Keyed hash of an IP address (purpose "ip"), or "" for an unknown address."""
    if not ip:
        return ""
    return keyed_hash(ip, secret=settings.SECRET_KEY, purpose="ip")
