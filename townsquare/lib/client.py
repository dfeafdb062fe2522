"""Who is on the other end of a request: client IP, its keyed hashes, and the device cookie.

The device cookie is a random id with no meaning of its own, signed with the server's secret. It
lets one browser be recognised across requests without an account (one report per reader per
comment, flood limits, ban-evasion marks). Signed, so a client can drop its cookie and get a new
id but can never *choose* an id, and so cannot pass itself off as another reader's browser; and
HttpOnly, so page scripts cannot read or copy it.

IPs are stored only as keyed hashes for long-term matching; the raw address is kept briefly and
erased after ``IP_RETENTION_DAYS``. Two hashes are kept: the address itself, and its network
(the IPv4 /24 or IPv6 /48 it belongs to). Everyone behind one office NAT or mobile carrier shares
a network, so limits keyed on the network must be loose; limits on one reader key on the
commenter and the device.

Device ids are **issued**, not handed out for free: ``device_issue`` makes a new one only within
an allowance per client address and per network an hour (``DEVICE_IDS_PER_ADDRESS_PER_HOUR``,
``DEVICE_IDS_PER_NETWORK_PER_HOUR``), so a client that drops its cookie or token to escape the
limits on one browser runs out of fresh browsers. The signed value also carries when the id was
issued, so the flood limits can tell a browser that has been around from one made a minute ago.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponseBase

from townsquare.lib.counters import window_counts, window_peek
from townsquare.lib.identity import keyed_hash

DEVICE_COOKIE = "ts_device"
DEVICE_COOKIE_MAX_AGE = 2 * 365 * 24 * 60 * 60  # two years, in seconds
# token_urlsafe(24) gives 32 characters of [A-Za-z0-9_-]; anything else is junk (or tampering)
# and is replaced rather than stored in a 64-character column.
_DEVICE_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{32}")
_DEVICE_SALT = "townsquare.lib.client.device"  # values signed before issue times were
_ISSUED_SALT = "townsquare.lib.client.device.issued"  # "<id>.<unix time issued>"
DEVICE_ALLOWANCE_WINDOW = 3600
_REQUEST_ATTRIBUTE = "_townsquare_device_id"
# The networks a shared address belongs to: one office, one carrier's NAT pool.
IPV4_NETWORK_PREFIX = 24
IPV6_NETWORK_PREFIX = 48


def _new_device_id() -> str:
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class Device:
    """A browser we issued an id to, and when (None: a value signed before times were kept)."""

    id: str
    issued_at: int | None = None


def device_token_for(device: Device) -> str:
    """The signed value that stands for ``device`` (the cookie's, or the embed's token)."""
    issued = int(time.time()) if device.issued_at is None else device.issued_at
    return signing.Signer(salt=_ISSUED_SALT).sign(f"{device.id}.{issued}")


def device_from_value(value: str) -> Device | None:
    """The device a signed value names; None for a missing, unsigned or tampered one."""
    if not value or len(value) > 200:
        return None
    try:
        device_id, _, issued = signing.Signer(salt=_ISSUED_SALT).unsign(value).rpartition(".")
    except signing.BadSignature:
        try:
            legacy = signing.Signer(salt=_DEVICE_SALT).unsign(value)
        except signing.BadSignature:
            return None
        return Device(legacy) if _DEVICE_ID_PATTERN.fullmatch(legacy) else None
    if not _DEVICE_ID_PATTERN.fullmatch(device_id) or not issued.isdigit():
        return None
    return Device(device_id, int(issued))


def device_id_from_value(value: str) -> str | None:
    """The id a signed device value carries (the cookie's, or the embed's device token)."""
    device = device_from_value(value or "")
    return device.id if device else None


def _device_id_from_cookie(cookie: str) -> str | None:
    return device_id_from_value(cookie)


def device_from_cookie(request: HttpRequest) -> Device | None:
    """The device the browser's ``ts_device`` cookie names, or None (nothing is made up)."""
    return device_from_value(request.COOKIES.get(DEVICE_COOKIE, ""))


def _allowance_keys(request: HttpRequest) -> list[tuple[str, int]]:
    ip = client_ip(request)
    if not ip:
        return []
    return [
        (f"townsquare:device-issued:ip:{ip_hash(ip)}", settings.DEVICE_IDS_PER_ADDRESS_PER_HOUR),
        (
            f"townsquare:device-issued:net:{network_hash(ip)}",
            settings.DEVICE_IDS_PER_NETWORK_PER_HOUR,
        ),
    ]


def device_issue(request: HttpRequest) -> Device | None:
    """A new device id for this client, or None when its address or network has had its
    allowance of new ones this hour. Counted first, then checked (``lib.counters``)."""
    allowances = _allowance_keys(request)
    counts = window_counts([key for key, _ in allowances], window=DEVICE_ALLOWANCE_WINDOW)
    if any(count > limit for (_, limit), count in zip(allowances, counts, strict=True)):
        return None
    return Device(_new_device_id(), int(time.time()))


def device_allowance_spent(request: HttpRequest) -> bool:
    """Whether ``device_issue`` would refuse this client now (counts nothing)."""
    return any(
        window_peek(key, window=DEVICE_ALLOWANCE_WINDOW) >= limit
        for key, limit in _allowance_keys(request)
    )


DEVICE_ALLOWANCE_MESSAGE = (
    "So many new browsers have started commenting from your connection in the last hour that "
    "we cannot welcome another one just now. Please try again later; readers who have commented "
    "from this browser before are not affected."
)


def device_id_for(request: HttpRequest) -> str:
    """The browser's device id from the signed ``ts_device`` cookie, or a fresh one.

    The id is remembered on the request, so every caller during one request sees the same value;
    a view that got a fresh id should pass it to :func:`device_cookie_set` on its response
    (:func:`device_cookie_is_new` says whether that is needed).
    """
    remembered = getattr(request, _REQUEST_ATTRIBUTE, None)
    if remembered is not None:
        return remembered
    device_id = _device_id_from_cookie(request.COOKIES.get(DEVICE_COOKIE, "")) or _new_device_id()
    setattr(request, _REQUEST_ATTRIBUTE, device_id)
    return device_id


def device_cookie_is_new(request: HttpRequest) -> bool:
    """Whether the request's device id was made up during this request (no valid cookie yet)."""
    return _device_id_from_cookie(request.COOKIES.get(DEVICE_COOKIE, "")) != device_id_for(request)


def device_cookie_value(device_id: str) -> str:
    """The signed value for a device id issued now."""
    return device_token_for(Device(device_id))


def device_cookie_set(response: HttpResponseBase, device: Device | str) -> None:
    """Set the long-lived, signed, HttpOnly, SameSite=Lax device cookie on ``response``.

    A bare id is taken as issued now; a ``Device`` keeps its issue time (a value signed before
    times were kept is re-signed as issued now).
    """
    response.set_cookie(
        DEVICE_COOKIE,
        device_token_for(device if isinstance(device, Device) else Device(device)),
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


def ip_network(ip: str) -> str:
    """The shared network ``ip`` belongs to: its IPv4 /24 or IPv6 /48, "" for no address.

    An IPv4 address mapped into IPv6 (``::ffff:192.0.2.1``) counts as the IPv4 address.
    """
    if not ip:
        return ""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    prefix = IPV4_NETWORK_PREFIX if address.version == 4 else IPV6_NETWORK_PREFIX
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def network_hash(ip: str) -> str:
    """Keyed hash of the network ``ip`` belongs to (purpose "network"), or ""."""
    network = ip_network(ip)
    if not network:
        return ""
    return keyed_hash(network, secret=settings.SECRET_KEY, purpose="network")


@dataclass(frozen=True)
class ClientInfo:
    """Where a submission came from, as the services need it.

    ``ip_hash`` and ``network_hash`` are keyed hashes of the address and of its /24 or /48;
    ``raw_ip`` is kept briefly (erased after ``IP_RETENTION_DAYS``); ``device_id`` is the id the
    signed device cookie carries. Every field may be empty (imports, the command line).
    """

    ip_hash: str = ""
    network_hash: str = ""
    raw_ip: str | None = None
    device_id: str = ""
    device_issued_at: int | None = None  # when we issued ``device_id`` (None: not known)


def client_info(
    request: HttpRequest, *, device: Device | None = None, device_id: str | None = None
) -> ClientInfo:
    """The :class:`ClientInfo` of a web request.

    ``device`` (or a bare ``device_id``) names the browser when it comes from elsewhere than our
    cookie: an embed on another site's page has no cookie of ours, and sends the signed device
    token it keeps in that page's storage instead (``device_from_value`` reads it). Without
    either, the cookie's device, if any: nothing is made up here (``device_issue`` does that).
    """
    ip = client_ip(request)
    if device is None and not device_id:
        device = device_from_cookie(request)
    return ClientInfo(
        ip_hash=ip_hash(ip),
        network_hash=network_hash(ip),
        raw_ip=ip or None,
        device_id=device.id if device is not None else (device_id or ""),
        device_issued_at=device.issued_at if device is not None else None,
    )


def device_id_new() -> str:
    """A fresh random device id (for a browser that has none yet)."""
    return _new_device_id()
