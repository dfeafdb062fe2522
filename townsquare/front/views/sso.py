"""The hosted pages' sign-on: the newsroom sends its reader to ``/sso/callback/`` with a token.

``GET /sso/callback/?token=JWT&next=/stories/…/&site=slug`` signs the browser in (the reader
cookie, as an e-mailed link does) and redirects to ``next`` — a path on this site only, never
another host — or answers a page saying why the token was refused (nothing is created). An
interface module: it calls ``readers.sso`` and nothing else decides here.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from townsquare.readers.session import reader_cookie_set
from townsquare.readers.sso import TOKEN_MAX_CHARS, SSORefused, sso_sign_in
from townsquare.sites.selectors import site_by_slug, site_default


def next_path(request: HttpRequest) -> str:
    """Where to go after signing in: ``next`` when it stays on this site, else the front page
    (the OpenID sign-in, ``front.views.oidc``, keeps it by the same rule)."""
    target = request.GET.get("next", "")
    if (
        target
        and len(target) <= 2000
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return reverse("stories:front_page")


@never_cache
@require_GET
def sso_callback(request: HttpRequest) -> HttpResponse:
    token = request.GET.get("token", "")
    slug = request.GET.get("site", "")
    site = site_by_slug(slug=slug[:50]) if slug else site_default()
    try:
        if site is None:
            raise SSORefused("No such site.", code="sso_off")
        if len(token) > TOKEN_MAX_CHARS:
            raise SSORefused("The token is too long.")
        signed_in = sso_sign_in(site=site, token=token)
    except SSORefused as refusal:
        response = render(
            request, "readers/sso_refused.html", {"refusal": refusal.message}, status=400
        )
    else:
        response = HttpResponseRedirect(next_path(request), status=303)
        reader_cookie_set(request, response, signed_in.session_token)
    # The token is in this page's address: it must not travel on in a Referer.
    response["Referrer-Policy"] = "no-referrer"
    return response
