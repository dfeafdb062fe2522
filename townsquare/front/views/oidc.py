"""The hosted pages' sign-in with the site's OpenID provider (docs/identity.md).

``GET /sign-in/oidc/<site>/start?next=/stories/…/`` sends the browser to the provider (the
authorization code flow with PKCE), keeping in this browser's server-side session what the
callback needs: the ``state``, ``nonce`` and PKCE verifier, and where to go next (a path on
this site only, by the hosted sign-on's rule, ``front.views.sso.next_path``).

``GET /sign-in/oidc/<site>/callback?code=…&state=…`` takes the pending sign-in its ``state``
names — once: a second use of the same answer, or one this browser did not start, is refused —
lets ``readers.oidc`` check the rest, then gives the browser the reader cookie (as an e-mailed
link or a newsroom token does) and goes on to ``next``. A refusal answers a page saying why,
and creates nothing. An interface module: nothing is decided here.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from townsquare.front.views.sso import next_path
from townsquare.readers.models import OIDCProvider
from townsquare.readers.oidc import (
    OIDCPending,
    OIDCRefused,
    oidc_provider_for,
    oidc_sign_in_finish,
    oidc_sign_in_start,
)
from townsquare.readers.session import reader_cookie_set
from townsquare.sites.selectors import site_by_slug

SESSION_KEY = "townsquare.readers.oidc"
# Sign-ins started and not finished, per browser: a few tabs at once, each for a while.
PENDING_MAX = 5
PENDING_SECONDS = 15 * 60


def _provider(slug: str) -> OIDCProvider | None:
    site = site_by_slug(slug=slug[:50])
    return oidc_provider_for(site=site) if site is not None else None


def _refused(
    request: HttpRequest, refusal: OIDCRefused, *, slug: str = "", status: int | None = None
) -> HttpResponse:
    retry = reverse("readers:oidc_start", args=[slug]) if slug else ""
    response = render(
        request,
        "readers/sso_refused.html",
        {"refusal": refusal.message, "retry_url": retry},
        status=status or refusal.status,
    )
    # The callback's address carries the provider's code: it must not travel on in a Referer.
    response["Referrer-Policy"] = "no-referrer"
    return response


def _no_provider(request: HttpRequest) -> HttpResponse:
    refusal = OIDCRefused(
        gettext("This site does not offer signing in with a provider."), code="oidc_off"
    )
    return _refused(request, refusal, status=404)


def _pending_live(request: HttpRequest) -> dict[str, dict]:
    now = time.time()
    return {
        state: entry
        for state, entry in dict(request.session.get(SESSION_KEY, {})).items()
        if isinstance(entry, dict) and entry.get("until", 0) > now
    }


@never_cache
@require_GET
def oidc_start(request: HttpRequest, site: str) -> HttpResponse:
    provider = _provider(site)
    if provider is None:
        return _no_provider(request)
    redirect_uri = settings.SITE_URL + reverse("readers:oidc_callback", args=[site])
    try:
        start = oidc_sign_in_start(provider=provider, redirect_uri=redirect_uri)
    except OIDCRefused as refusal:
        return _refused(request, refusal, slug=site)
    pending = _pending_live(request)
    for state in sorted(pending, key=lambda s: pending[s]["until"])[: -(PENDING_MAX - 1)]:
        del pending[state]
    pending[start.pending.state] = {
        **start.pending.as_dict(),
        "site": site,
        "next": next_path(request),
        "until": time.time() + PENDING_SECONDS,
    }
    request.session[SESSION_KEY] = pending
    return HttpResponseRedirect(start.url)


@never_cache
@require_GET
def oidc_callback(request: HttpRequest, site: str) -> HttpResponse:
    provider = _provider(site)
    if provider is None:
        return _no_provider(request)
    pending = _pending_live(request)
    entry = pending.pop(request.GET.get("state", "")[:200], None)
    request.session[SESSION_KEY] = pending
    if entry is None or entry.get("site") != site:
        return _refused(
            request,
            OIDCRefused(
                gettext(
                    "This sign-in was not started in this browser, was already finished, or took "
                    "too long (its `state` is unknown). Please sign in again."
                ),
                code="state_mismatch",
            ),
            slug=site,
        )
    error = request.GET.get("error", "")
    if error:
        detail = request.GET.get("error_description", "") or error
        return _refused(
            request,
            OIDCRefused(
                gettext("%(provider)s did not sign you in: %(detail)s")
                % {"provider": provider.name, "detail": detail[:300]},
                code="provider_error",
            ),
            slug=site,
        )
    try:
        signed_in = oidc_sign_in_finish(
            provider=provider,
            pending=OIDCPending(
                state=entry["state"],
                nonce=entry["nonce"],
                code_verifier=entry["code_verifier"],
                redirect_uri=entry["redirect_uri"],
            ),
            code=request.GET.get("code", ""),
            returned_issuer=request.GET.get("iss", ""),
        )
    except OIDCRefused as refusal:
        return _refused(request, refusal, slug=site)
    # A new session key on proof of identity, so a session id planted beforehand is useless.
    request.session.cycle_key()
    response = HttpResponseRedirect(entry.get("next") or reverse("stories:front_page"), status=303)
    reader_cookie_set(request, response, signed_in.session_token)
    response["Referrer-Policy"] = "no-referrer"
    return response
