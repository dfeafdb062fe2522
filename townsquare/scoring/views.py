"""The Perspective-compatible endpoints: plain Django views, Google's contract and envelope.

Not django-ninja: the contract (field names, Google's error envelope, a 403 for a bad key, the
colon in the path) is Perspective's, not our API's. CSRF-exempt (machine clients, a key in every
request, no cookies read); never redirected (see settings.SECURE_REDIRECT_EXEMPT and the URL
patterns, which accept a doubled or trailing slash instead of redirecting).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from townsquare.scoring import perspective, services
from townsquare.scoring.models import AnalysisKey

logger = logging.getLogger(__name__)


def _json(payload: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


def _error(exc: perspective.PerspectiveError) -> JsonResponse:
    return _json(exc.as_json(), status=exc.code)


def presented_key(request: HttpRequest) -> str:
    """The key from ``?key=``, ``X-Goog-Api-Key`` or ``Authorization: Bearer``, in that order."""
    key = request.GET.get("key") or request.headers.get("X-Goog-Api-Key", "")
    if not key:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer":
            key = token
    return key.strip()


def queued_seconds(request: HttpRequest) -> float:
    """How long the request waited before a worker took it, from the proxy's
    ``X-Request-Start: t=<seconds since the epoch>`` (nginx: ``t=${msec}``); 0 without one.

    Behind a proxy that sets it, time spent queued for a busy worker counts against the budget,
    so an overloaded scorer answers 503 at once instead of after Coral has given up.
    """
    raw = request.headers.get("X-Request-Start", "").strip().removeprefix("t=")
    try:
        started = float(raw)
    except ValueError:
        return 0.0
    if started > 1e11:  # some proxies send milliseconds or microseconds
        started /= 1000.0 if started < 1e14 else 1_000_000.0
    waited = time.time() - started
    return waited if 0.0 < waited < 3600.0 else 0.0


def _endpoint(
    request: HttpRequest, answer: Callable[..., dict[str, Any]], **extra: Any
) -> JsonResponse:
    if request.method != "POST":
        response = _error(perspective.PerspectiveError(405, "Only POST is supported here."))
        response["Allow"] = "POST"
        return response
    key: AnalysisKey | None = services.analysis_key_authenticate(key=presented_key(request))
    if key is None:
        return _error(
            perspective.PerspectiveError(
                403,
                "The request is missing a valid API key.",
                error_type="PERMISSION_DENIED",
            )
        )
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = perspective.BODY_MAX_BYTES + 1
    try:
        if length > perspective.BODY_MAX_BYTES:
            raise perspective.invalid(
                f"Request bodies can be at most {perspective.BODY_MAX_BYTES // 1024} KB."
            )
        return _json(answer(key=key, data=perspective.body_parse(request.body), **extra))
    except perspective.PerspectiveError as exc:
        return _error(exc)
    except services.ScoringTimeout as exc:
        # Coral treats any non-2xx answer as "no score" and publishes (fails open); better a
        # quick 503 than an answer after the client has given up.
        logger.warning("scoring unavailable for key %s: %s", key.prefix, exc)
        return _error(perspective.PerspectiveError(503, "The scoring model is unavailable."))


@csrf_exempt
def analyze(request: HttpRequest) -> JsonResponse:
    return _endpoint(request, services.comment_analyze, queued_seconds=queued_seconds(request))


@csrf_exempt
def suggestscore(request: HttpRequest) -> JsonResponse:
    return _endpoint(request, services.score_feedback_record)
