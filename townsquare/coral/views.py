"""``POST /integrations/coral/phase/<site slug>``: Coral's external moderation phase.

Never a redirect (Coral follows none), never a page: every answer is 204, JSON, or a JSON error
whose body Coral ignores (any non-2xx is "no decision" to Coral, which then fails open).
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from townsquare.coral.phase import (
    MAX_BODY_BYTES,
    SIGNATURE_HEADER,
    PhaseRequestInvalid,
    PhaseUnavailable,
    phase_answer,
    phase_request_parse,
    replay_claim,
    signature_verify,
)
from townsquare.coral.selectors import coral_secrets_live
from townsquare.coral.services import coral_secret_used
from townsquare.lib.apierrors import error_response
from townsquare.sites.selectors import site_by_slug

logger = logging.getLogger(__name__)


@csrf_exempt
def phase(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method != "POST":
        response = error_response(
            405, code="method_not_allowed", message="Coral calls this phase with POST."
        )
        response["Allow"] = "POST"
        return response
    site = site_by_slug(slug=slug)
    if site is None:
        return error_response(404, code="not_found", message=f"No site “{slug}”.")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return error_response(400, code="invalid", message="Content-Length is not a number.")
    if length > MAX_BODY_BYTES:
        return error_response(
            413, code="too_large", message=f"Bodies can be at most {MAX_BODY_BYTES // 1024} KB."
        )
    body = request.body
    secrets = coral_secrets_live(site=site)
    if not secrets:
        return error_response(
            401,
            code="no_secret",
            message=f"Site “{slug}” has no live Coral signing secret: add the one Coral shows "
            "(townsquare coral-secret create).",
        )
    secret = signature_verify(
        body=body, header=request.headers.get(SIGNATURE_HEADER, ""), secrets=secrets
    )
    if secret is None:
        return error_response(
            401,
            code="bad_signature",
            message=f"{SIGNATURE_HEADER} is missing or matches none of the site's live secrets.",
        )
    coral_secret_used(secret=secret)
    try:
        parsed = phase_request_parse(body)
    except PhaseRequestInvalid as exc:
        return error_response(400, code="invalid", message=str(exc))
    if not replay_claim(site=site, body=body):
        return error_response(
            409, code="replayed", message="This signed request was answered already."
        )
    try:
        answer = phase_answer(site=site, request=parsed)
    except PhaseUnavailable as exc:
        # The comment's text is never logged; the reason is ours (timeout, scorer error).
        logger.warning("Coral phase for %s: no decision: %s", site.slug, exc)
        return error_response(
            503, code="unavailable", message=f"No decision ({exc}); Coral carries on without us."
        )
    if answer is None:
        return HttpResponse(status=204)
    return JsonResponse(answer)
