"""Writes for scoring from other platforms: keys, analyses (scores recorded), feedback.

Every interface — the two endpoints, the admin, ``townsquare scoring-key`` — calls these.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from townsquare import civility
from townsquare.civility import backends
from townsquare.civility import sites as site_models
from townsquare.civility.api import ScoreDeadlineMissed
from townsquare.scoring import languages, perspective, scale
from townsquare.scoring.models import AnalysisCall, AnalysisKey, ScoreFeedback, SiteScoring
from townsquare.sites.models import Site

KEY_PREFIX = "tsk_"
KEY_MAX_LENGTH = 100
RATE_WINDOW_SECONDS = 60

# Scoring runs on these threads so that a request can stop waiting for it (SCORING_TIMEOUT)
# and answer 503 within Coral's budget; the work itself finishes in the background.


class ScoringTimeout(Exception):
    """The model did not answer within SCORING_TIMEOUT (or could not score at all)."""


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def text_hash(text: str) -> str:
    """An HMAC of a text under SECRET_KEY: counts repeats, reveals nothing without the key."""
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


# -- keys --------------------------------------------------------------------------------------
@transaction.atomic
def analysis_key_create(
    *, site: Site, name: str, rate_per_minute: int | None = None
) -> tuple[AnalysisKey, str]:
    """A new analysis key for ``site``; returns (the record, the key to show once)."""
    name = " ".join((name or "").split())[:100]
    if not name:
        raise ValidationError({"name": ["Say what the key is for (e.g. 'Coral')."]})
    if rate_per_minute is not None and rate_per_minute < 1:
        raise ValidationError({"rate_per_minute": ["At least one call a minute."]})
    key = KEY_PREFIX + secrets.token_urlsafe(30)
    record = AnalysisKey.objects.create(
        site=site,
        name=name,
        prefix=key[:10],
        key_hash=_hash(key),
        rate_per_minute=rate_per_minute,
    )
    return record, key


def analysis_key_revoke(*, key: AnalysisKey) -> bool:
    """Revoke ``key`` now; False when it was already revoked."""
    return bool(
        AnalysisKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def analysis_key_authenticate(*, key: str) -> AnalysisKey | None:
    """The live key record (with its site) for a presented key, else None."""
    if not key or len(key) > KEY_MAX_LENGTH or not key.startswith(KEY_PREFIX):
        return None
    record = (
        AnalysisKey.objects.select_related("site")
        .filter(key_hash=_hash(key), revoked_at__isnull=True)
        .first()
    )
    if record is None:
        return None
    now = timezone.now()
    if record.last_used_at is None or now - record.last_used_at > timedelta(minutes=1):
        # At most once a minute per key: "last used" for the admin, not a write per call.
        AnalysisKey.objects.filter(pk=record.pk).update(last_used_at=now)
    return record


def analysis_rate_check(*, key: AnalysisKey) -> None:
    """Count a call against the key's per-minute allowance, in the shared cache (Redis at
    scale), so every worker and machine counts together; RESOURCE_EXHAUSTED past it."""
    limit = key.rate_per_minute or settings.SCORING_KEY_RATE_PER_MINUTE
    window = int(time.time() // RATE_WINDOW_SECONDS)
    counter = f"scoring:rate:{key.pk}:{window}"
    cache.add(counter, 0, timeout=RATE_WINDOW_SECONDS * 2)
    try:
        calls = cache.incr(counter)
    except ValueError:  # evicted between add and incr
        cache.set(counter, 1, timeout=RATE_WINDOW_SECONDS * 2)
        calls = 1
    if calls > limit:
        raise perspective.PerspectiveError(
            429,
            f"Quota exceeded: this key may make {limit} analyze calls a minute.",
            error_type="RESOURCE_EXHAUSTED",
        )


# -- analyze -----------------------------------------------------------------------------------
def _score_within(backend: Any, text: str, timeout: float) -> civility.Scores:
    try:
        return civility.score_within(text, timeout=timeout, chosen=backend)
    except ScoreDeadlineMissed as exc:
        raise ScoringTimeout(str(exc)) from exc
    except civility.CivilityUnavailable as exc:
        # The backend's own message may name an internal service: the caller learns only why.
        raise ScoringTimeout(f"the scorer failed ({type(exc).__name__})") from exc


def _site_model_backend() -> backends.SiteBackend | None:
    model = site_models.active_site_model() or site_models.newest_site_model()
    return backends.SiteBackend(model) if model is not None else None


_SPAN_ATTRIBUTES = {
    "TOXICITY": None,  # every span
    "SEVERE_TOXICITY": None,
    "INSULT": {"insult"},
    "THREAT": {"threat"},
    "IDENTITY_ATTACK": {"identity_attack"},
    "PROFANITY": {"obscene"},
    "LIKELY_TO_REJECT": None,
}


def attribute_values(scores: civility.Scores) -> dict[str, float]:
    """Our five attributes as Perspective's (docs/coral.md says how each is derived)."""
    toxicity = scale.to_perspective(scores.civility)
    return {
        "TOXICITY": toxicity,
        "SEVERE_TOXICITY": toxicity * max(scores.threat, scores.identity_attack, scores.obscene),
        "INSULT": scores.insult,
        "THREAT": scores.threat,
        "IDENTITY_ATTACK": scores.identity_attack,
        "PROFANITY": scores.obscene,
    }


def _span_scores(
    text: str, scores: civility.Scores, base: str, value: float
) -> list[dict[str, Any]]:
    wanted = _SPAN_ATTRIBUTES[base]
    spans = [s for s in scores.spans if wanted is None or s.attribute in wanted]
    top = max((s.weight for s in spans), default=0.0)
    out = []
    for span in sorted(spans, key=lambda s: s.start):
        share = span.weight / top if top > 0 else 0.0
        out.append(
            {
                "begin": perspective.utf16_offset(text, span.start),
                "end": perspective.utf16_offset(text, span.end),
                "score": perspective.summary(max(0.0, min(1.0, value * share))),
            }
        )
    return out


def comment_analyze(
    *, key: AnalysisKey, data: dict[str, Any], queued_seconds: float = 0.0
) -> dict[str, Any]:
    """Answer one ``comments:analyze`` request for ``key``'s site; record the scores, not text.

    ``queued_seconds``: how long the request waited before reaching us (a proxy's
    ``X-Request-Start``), taken off SCORING_TIMEOUT. Raises ``perspective.PerspectiveError``
    (bad request, unsupported language or attribute, quota) or ``ScoringTimeout`` (the model did
    not answer within what is left of SCORING_TIMEOUT).
    """
    request = perspective.analyze_request_parse(data)
    analysis_rate_check(key=key)
    scored_in, detected = languages.languages_for(request.text, request.languages)
    unsupported = languages.unsupported(scored_in)
    wanted = list(request.attributes)
    if unsupported:
        if not request.drop_unsupported:
            first = wanted[0].name if wanted else "TOXICITY"
            raise perspective.PerspectiveError(
                400,
                f"Attribute {first} does not support request languages: {','.join(unsupported)}",
                error_type="LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE",
                extra={
                    "languageNotSupportedByAttributeError": {
                        "detectedLanguages": detected,
                        "attribute": first,
                    }
                },
            )
        wanted = []
    site_backend = None
    if any(a.base == "LIKELY_TO_REJECT" for a in wanted):
        site_backend = _site_model_backend()
        if site_backend is None:
            if not request.drop_unsupported:
                raise perspective.invalid(
                    "Attribute LIKELY_TO_REJECT needs a site model, learned from this "
                    "installation's moderators (`townsquare civility learn`); none yet.",
                    "ATTRIBUTE_NOT_SUPPORTED",
                )
            wanted = [a for a in wanted if a.base != "LIKELY_TO_REJECT"]
    timeout = float(settings.SCORING_TIMEOUT) - max(0.0, queued_seconds)
    if wanted and timeout <= 0:
        raise ScoringTimeout(f"waited {queued_seconds:.2f} s in the queue: past the budget")
    started = time.monotonic()
    values: dict[str, float] = {}
    scores = None
    if wanted:
        # The backend is chosen here, on the request's thread and its database connection.
        scores = _score_within(civility.get_backend(), request.text, timeout)
        values = attribute_values(scores)
    site_scores = None
    if site_backend is not None:
        remaining = max(0.001, timeout - (time.monotonic() - started))
        site_scores = _score_within(site_backend, request.text, remaining)
        values["LIKELY_TO_REJECT"] = site_scores.toxicity

    answer: dict[str, Any] = {}
    for attribute in wanted:
        value = values[attribute.base]
        if attribute.score_threshold is not None and value < attribute.score_threshold:
            continue
        entry: dict[str, Any] = {"summaryScore": perspective.summary(value)}
        if request.span_annotations:
            source = site_scores if attribute.base == "LIKELY_TO_REJECT" else scores
            entry["spanScores"] = _span_scores(request.text, source, attribute.base, value)
        answer[attribute.name] = entry
    response: dict[str, Any] = {
        "attributeScores": answer,
        "languages": scored_in,
        "detectedLanguages": detected,
    }
    if request.client_token is not None:
        response["clientToken"] = request.client_token
    if scores is not None:
        analysis_call_record(
            key=key,
            text=request.text,
            model_version=scores.model,
            values={a.base: values[a.base] for a in wanted},
            toxicity=values.get("TOXICITY") if "TOXICITY" in {a.base for a in wanted} else None,
        )
    return response


def analysis_call_record(
    *,
    key: AnalysisKey,
    text: str,
    model_version: str,
    values: dict[str, float],
    toxicity: float | None,
) -> AnalysisCall:
    """Record one analysis for the site's dashboard: scores, model, a keyed hash; no text."""
    return AnalysisCall.objects.create(
        key=key,
        site_id=key.site_id,
        text_hash=text_hash(text),
        model_version=model_version[:80],
        scores={name: round(value, 4) for name, value in values.items()},
        toxicity=toxicity,
        over_threshold=toxicity is not None
        and toxicity >= float(settings.SCORING_DASHBOARD_THRESHOLD),
    )


def analysis_calls_expire(*, now: datetime | None = None, batch: int = 5000) -> int:
    """Delete call records older than SCORING_CALLS_KEEP_DAYS, a batch at a time; how many.

    The dashboard shows 30 days; the records hold no text, but they are kept no longer than
    they serve it.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.SCORING_CALLS_KEEP_DAYS)
    removed = 0
    while True:
        ids = list(
            AnalysisCall.objects.filter(created_at__lt=cutoff).values_list("id", flat=True)[:batch]
        )
        if not ids:
            return removed
        removed += AnalysisCall.objects.filter(id__in=ids).delete()[0]


# -- feedback ----------------------------------------------------------------------------------
def site_scoring_set(*, site: Site, keep_feedback: bool) -> SiteScoring:
    row, _ = SiteScoring.objects.update_or_create(
        site=site, defaults={"keep_feedback": keep_feedback}
    )
    return row


def keeps_feedback(*, site: Site) -> bool:
    return SiteScoring.objects.filter(site=site, keep_feedback=True).exists()


@transaction.atomic
def score_feedback_record(*, key: AnalysisKey, data: dict[str, Any]) -> dict[str, Any]:
    """Answer ``comments:suggestscore``: keep the moderator's label (and the text) only when the
    key's site opted in; otherwise answer alike and keep nothing."""
    request = perspective.feedback_request_parse(data)
    analysis_rate_check(key=key)
    _, detected = languages.languages_for(request.text, request.languages)
    if keeps_feedback(site=key.site):
        ScoreFeedback.objects.update_or_create(
            site=key.site,
            client_token=request.client_token,
            defaults={
                "key": key,
                "community_id": request.community_id[:300],
                "label": request.label,
                "text": request.text,
            },
        )
    return {"clientToken": request.client_token, "detectedLanguages": detected}
