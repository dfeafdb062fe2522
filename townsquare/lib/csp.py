"""Content-Security-Policy on every response.

Townsquare's pages load scripts, styles and images only from the site itself and have no inline
script, inline event handlers or ``style`` attributes, so the policy can forbid all of those:
markup that slips through (a comment, a story field, a future bug) cannot run script. What a
newsroom adds, usually for its advertising network, comes from settings (``CSP_*_SRC``, read
from the environment), and ``frame-ancestors`` from ``CSP_FRAME_ANCESTORS``.

A view that needs a different policy (the embed, which other sites frame) decorates itself with
:func:`csp_override`; the directives it names replace the site's for that response only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponseBase

# A source is one token: a scheme ("https:"), a host with optional scheme, port and path
# ("https://ads.example:443/tags/"), a wildcard host ("*.ads.example") or a quoted keyword
# ("'self'", "'none'", "'nonce-…'", "'sha256-…'"). Anything with ";" or "," would end the
# directive or the header, so it is refused rather than passed on.
_SOURCE = re.compile(r"'[A-Za-z0-9+/=_-]+'|[A-Za-z0-9*][A-Za-z0-9+.\-]*:?(//)?[^\s;,']*|\*")

# Shells and env files disagree about quotes; a bare keyword would be read as a host name.
_BARE_KEYWORDS = {"self": "'self'", "none": "'none'"}

_ATTRIBUTE = "_townsquare_csp_override"

# Directive → the setting that adds sources to it, after the site's own.
EXTENDABLE = {
    "script-src": "CSP_SCRIPT_SRC",
    "style-src": "CSP_STYLE_SRC",
    "img-src": "CSP_IMG_SRC",
    "frame-src": "CSP_FRAME_SRC",
    "connect-src": "CSP_CONNECT_SRC",
}
BASE_POLICY: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}


def csp_sources(name: str, values: list[str]) -> list[str]:
    """The sources in a setting's values (split on commas already; spaces split them too).

    ``self`` and ``none`` without their quotes mean the keywords. Raises ``ImproperlyConfigured``
    naming the setting for anything that is not one source.
    """
    sources: list[str] = []
    for value in values:
        for token in value.split():
            token = _BARE_KEYWORDS.get(token.lower(), token)
            if not _SOURCE.fullmatch(token):
                raise ImproperlyConfigured(
                    f"{name}: {token!r} is not a Content-Security-Policy source "
                    "(a host such as https://ads.example, a scheme such as https:, or a quoted "
                    "keyword such as 'self')"
                )
            sources.append(token)
    return sources


def csp_policy() -> dict[str, list[str]]:
    """The site's policy from settings, directive by directive."""
    policy = {directive: list(sources) for directive, sources in BASE_POLICY.items()}
    for directive, setting in EXTENDABLE.items():
        for source in csp_sources(setting, getattr(settings, setting)):
            if source not in policy[directive]:
                policy[directive].append(source)
    policy["frame-ancestors"] = csp_sources(
        "CSP_FRAME_ANCESTORS", settings.CSP_FRAME_ANCESTORS
    ) or ["'none'"]
    return policy


def csp_header(policy: dict[str, list[str]]) -> str:
    return "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in policy.items())


def csp_override(**directives: list[str]) -> Callable:
    """Decorate a view so its responses use these directives instead of the site's.

    Directive names use underscores: ``@csp_override(frame_ancestors=["https://news.example"])``.
    """
    replacements = {
        name.replace("_", "-"): csp_sources(f"csp_override({name})", sources)
        for name, sources in directives.items()
    }

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
            response = view(request, *args, **kwargs)
            setattr(response, _ATTRIBUTE, replacements)
            return response

        return wrapped

    return decorator


def csp_override_response(response: HttpResponseBase, **directives: list[str]) -> None:
    """Give one response these directives instead of the site's (decided per request, e.g. the
    ``frame-ancestors`` of the site whose page frames it)."""
    setattr(
        response,
        _ATTRIBUTE,
        {
            name.replace("_", "-"): csp_sources(f"csp_override({name})", sources)
            for name, sources in directives.items()
        },
    )


class ContentSecurityPolicyMiddleware:
    """Adds the policy to every response that does not carry one of its own.

    The policy is built once, when the server starts, so a bad ``CSP_*`` setting stops it there.
    With ``CSP_REPORT_ONLY`` the browser reports violations (in its console) without blocking.
    """

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response
        self.policy = csp_policy()
        self.header_name = (
            "Content-Security-Policy-Report-Only"
            if settings.CSP_REPORT_ONLY
            else "Content-Security-Policy"
        )
        self.header = csp_header(self.policy)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if self.header_name in response.headers:
            return response
        if settings.DEBUG and response.status_code >= 400:
            # Django's debug error pages use inline script and style; production pages never do.
            return response
        override = getattr(response, _ATTRIBUTE, None)
        policy = {**self.policy, **override} if override else self.policy
        response.headers[self.header_name] = csp_header(policy) if override else self.header
        if policy["frame-ancestors"] != ["'none'"]:
            # X-Frame-Options: DENY would contradict an allowed framer in older browsers; the
            # CSP's frame-ancestors is what decides framing in current ones.
            response.headers.pop("X-Frame-Options", None)
        return response
