"""Canonical page URLs and origins, independent of Django.

A story embedded on a newsroom's CMS is identified by the canonical URL of its page. The same page
reaches us spelled many ways (``HTTPS://News.Example.org:443/a/b/?utm_source=x#comments``), so
every URL is reduced to one spelling before it is stored or looked up:

- the scheme must be ``http`` or ``https``; scheme and host are lower-cased (a non-ASCII host is
  written in its IDNA form); user names and passwords are dropped;
- the default port (80 for http, 443 for https) is dropped, any other port is kept;
- an empty path becomes ``/``; one trailing slash is dropped from any other path
  (``/a/b/`` and ``/a/b`` are the same page); the path is otherwise kept as written;
- the fragment (``#...``) is dropped: it names a place in a page, not a page;
- the query string is kept, in its order and spelling, because it can name the page
  (``/?p=123`` on WordPress without permalinks), except for tracking parameters that never do:
  ``utm_*`` and the click ids in ``TRACKING_PARAMETERS``.

http and https stay different URLs: a site that moved to https should import with https links
(or the importer's ``--https`` option).
"""

from __future__ import annotations

import contextlib
from urllib.parse import SplitResult, unquote, urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
    }
)


class InvalidURL(ValueError):
    """Not an http(s) URL with a host."""


def _split(url: str) -> SplitResult:
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 -- reading it raises ValueError for a malformed port
    except ValueError as exc:  # a port that is not a number, a malformed IPv6 host
        raise InvalidURL(f"not a valid URL: {text[:200]!r}") from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise InvalidURL(f"not an http(s) URL with a host: {text[:200]!r}")
    return parts


def _host(parts: SplitResult) -> str:
    host = parts.hostname or ""
    with contextlib.suppress(UnicodeError):  # not IDNA-encodable: kept as typed, lower-cased
        host = host.encode("idna").decode("ascii")
    host = host.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    scheme = parts.scheme.lower()
    if parts.port is not None and parts.port != DEFAULT_PORTS[scheme]:
        host = f"{host}:{parts.port}"
    return host


def _is_tracking(pair: str) -> bool:
    name = unquote(pair.split("=", 1)[0]).lower()
    return name.startswith("utm_") or name in TRACKING_PARAMETERS


def canonical_url(url: str) -> str:
    """The one spelling of ``url`` that stories are stored and looked up under.

    Raises ``InvalidURL`` for anything that is not an http(s) URL with a host.
    """
    parts = _split(url)
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    query = "&".join(p for p in parts.query.split("&") if p and not _is_tracking(p))
    return f"{parts.scheme.lower()}://{_host(parts)}{path}" + (f"?{query}" if query else "")


def origin(url: str) -> str:
    """``scheme://host[:port]`` of an http(s) URL, normalised as in :func:`canonical_url`."""
    parts = _split(url)
    return f"{parts.scheme.lower()}://{_host(parts)}"


def origin_normalise(value: str) -> str:
    """An allowed origin as typed (``https://News.Example.org/``) → ``https://news.example.org``.

    Raises ``InvalidURL`` when ``value`` has a path, query or fragment: an origin names a host,
    not a page.
    """
    parts = _split(value)
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise InvalidURL(f"an origin is scheme://host[:port] only, not {value.strip()[:200]!r}")
    return origin(value)
