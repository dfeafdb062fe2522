"""Coral's external moderation phase, as Townsquare answers it.

Coral (coralproject/talk, ``services/comments/pipeline/phases/external.ts``) POSTs, for every new
or edited comment, ``JSON.stringify(request, null, 2)`` — two-space indented — with
``Content-Type: application/json``, ``User-Agent: Coral Moderation/<version>`` and
``X-Coral-Signature: sha256=<hex>[,sha256=<hex>…]``: one HMAC-SHA256 of the body per signing
secret still live in Coral (two while a secret is being rotated). The request carries ``action``
(NEW or EDIT), ``comment.body`` and ``comment.parentID``, ``author.id`` and ``author.role``,
``story.id`` and ``story.url``, ``site.id``, ``tenantID`` and ``tenantDomain``.

Coral reads the answer only when it is a 2xx: 204 (or an empty body) says nothing; otherwise a
JSON object with any of ``status`` (a comment status), ``actions`` (FLAG actions with a
detected reason), ``tags`` and — in recent versions — ``moderationAction`` with a rejection
reason. Any other answer, or none within the phase's timeout, and Coral carries on without us
(it fails open).

We answer with the band the site's thresholds put the comment in, decided by the same function
as the hosted pipeline's civility check (``moderation.pipeline.civility_verdict``):

=========== ============================================================================
band        answer
=========== ============================================================================
none        204
nudge       ``{"actions": [FLAG COMMENT_DETECTED_TOXIC]}``: published, marked for review
hold        ``{"status": "SYSTEM_WITHHELD", "actions": [FLAG …]}``: held for a moderator
reject      as hold; or, when the site opts in (``CoralPhaseSettings.reject_directed``) and
            the comment is a directed attack, hate or a threat (``insult``,
            ``identity_attack`` or ``threat`` at the reject threshold), ``{"status":
            "REJECTED", "moderationAction": {…, "rejectionReason": {code, explanation}}}``
=========== ============================================================================

Staff authors (Coral's ADMIN, MODERATOR and STAFF roles) get 204 unscored, as staff comments
are published unscored by the hosted pipeline. The comment's text is scored and forgotten: no
row, log line or cache entry holds it (a replay is recognised by the body's hash).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache

from townsquare import civility
from townsquare.civility.api import ScoreDeadlineMissed
from townsquare.coral.models import CoralPhaseSettings, CoralSigningSecret
from townsquare.coral.selectors import coral_phase_settings_for
from townsquare.lib.htmltext import html_to_markdown
from townsquare.moderation.pipeline import Action, CivilityVerdict, civility_verdict
from townsquare.moderation.policy import policy_for_site
from townsquare.sites.models import Site

SIGNATURE_HEADER = "X-Coral-Signature"
MAX_BODY_BYTES = 64 * 1024
ACTIONS = ("NEW", "EDIT")
# Coral's USER_ROLE values whose comments the hosted pipeline would publish unscored; COMMENTER
# and MEMBER (and any role a later Coral adds) are scored.
STAFF_ROLES = frozenset({"ADMIN", "MODERATOR", "STAFF"})

# What Coral's response schema accepts; every answer we build uses only these.
STATUSES = frozenset({"NONE", "APPROVED", "REJECTED", "PREMOD", "SYSTEM_WITHHELD"})
FLAG_REASONS = frozenset({"COMMENT_DETECTED_TOXIC", "COMMENT_DETECTED_SPAM"})
TAGS = frozenset({"FEATURED", "STAFF"})
FLAG_TOXIC = {"actionType": "FLAG", "reason": "COMMENT_DETECTED_TOXIC"}
# A directed attack, hate or a threat, by the attribute that says so, and Coral's rejection
# reason for it (Coral has no "threat" code; ABUSIVE is its closest).
REJECTION_CODES = {
    "insult": "HARASSMENT_BULLYING",
    "identity_attack": "HATE_SPEECH",
    "threat": "ABUSIVE",
}

_SIGNATURE_RE = re.compile(r"sha256=([0-9a-fA-F]{64})")
# Coral sends HTML when its phase's format is "HTML"; what its editor writes starts with a tag.
_HTML_RE = re.compile(r"<(?:p|br|div|span|b|i|strong|em|a|blockquote|ul|ol|li)\b[^>]*>", re.I)
REPLAY_KEY = "townsquare:coral-phase:seen:{site}:{digest}"


class PhaseRequestInvalid(ValueError):
    """The body is not the request Coral sends; the message says what is wrong (a 400)."""


class PhaseUnavailable(RuntimeError):
    """No decision within the budget, or the scorer failed (a 503: Coral fails open)."""


@dataclass(frozen=True)
class PhaseRequest:
    """The fields of Coral's request that we read or check."""

    action: str
    body: str
    parent_id: str | None
    author_id: str
    author_role: str
    story_id: str
    story_url: str
    coral_site_id: str | None
    tenant_id: str
    tenant_domain: str | None

    @property
    def staff_author(self) -> bool:
        return self.author_role.upper() in STAFF_ROLES


# --- Signature --------------------------------------------------------------------------------
def signature_digests(header: str) -> list[str]:
    """The hex digests in an ``X-Coral-Signature`` value (lower case); other parts are ignored."""
    found = []
    for part in (header or "").split(","):
        match = _SIGNATURE_RE.fullmatch(part.strip())
        if match:
            found.append(match.group(1).lower())
    return found


def signature_verify(
    *, body: bytes, header: str, secrets: Sequence[CoralSigningSecret]
) -> CoralSigningSecret | None:
    """The live secret that signed ``body`` (per ``header``), or None.

    Every digest is compared with every secret's HMAC in constant time, with no early exit, so
    the time taken says nothing about which part matched.
    """
    digests = signature_digests(header)[:8]  # Coral sends one per live secret: one or two
    matched = None
    for secret in secrets:
        expected = hmac.new(secret.secret.encode(), body, hashlib.sha256).hexdigest()
        for digest in digests:
            if hmac.compare_digest(expected, digest) and matched is None:
                matched = secret
    return matched


# --- The request ------------------------------------------------------------------------------
def _text(value: Any, name: str, *, required: bool = True, nullable: bool = False) -> str | None:
    if value is None:
        if nullable or not required:
            return None
        raise PhaseRequestInvalid(f"`{name}` is missing.")
    if not isinstance(value, str):
        raise PhaseRequestInvalid(f"`{name}` must be a string.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PhaseRequestInvalid(f"`{name}` is not valid Unicode text.") from None
    return value


def _object(data: dict[str, Any], name: str, *, required: bool = True) -> dict[str, Any]:
    value = data.get(name)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise PhaseRequestInvalid(f"`{name}` must be an object.")
    return value


def phase_request_parse(body: bytes) -> PhaseRequest:
    """Coral's request from the raw body, or ``PhaseRequestInvalid`` naming what is wrong."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise PhaseRequestInvalid(f"The body is not JSON ({exc}).") from None
    if not isinstance(data, dict):
        raise PhaseRequestInvalid("The body must be a JSON object.")
    action = _text(data.get("action"), "action")
    if action not in ACTIONS:
        raise PhaseRequestInvalid("`action` must be NEW or EDIT.")
    comment = _object(data, "comment")
    author = _object(data, "author")
    story = _object(data, "story")
    site = _object(data, "site", required=False)  # Coral before multisite sent none
    return PhaseRequest(
        action=action,
        body=_text(comment.get("body"), "comment.body"),
        parent_id=_text(comment.get("parentID"), "comment.parentID", nullable=True),
        author_id=_text(author.get("id"), "author.id"),
        author_role=_text(author.get("role"), "author.role"),
        story_id=_text(story.get("id"), "story.id"),
        story_url=_text(story.get("url"), "story.url"),
        coral_site_id=_text(site.get("id"), "site.id", required=False),
        tenant_id=_text(data.get("tenantID"), "tenantID"),
        tenant_domain=_text(data.get("tenantDomain"), "tenantDomain", required=False),
    )


def replay_claim(*, site: Site, body: bytes) -> bool:
    """True the first time ``body`` is seen for ``site`` within CORAL_PHASE_REPLAY_SECONDS.

    Coral signs no timestamp, so a captured request stays valid for ever; the body's hash is
    claimed in the shared cache (Redis, or the database's cache table — never one process's
    memory, which the next request may not reach) with an atomic add.
    """
    seconds = settings.CORAL_PHASE_REPLAY_SECONDS
    if not seconds:
        return True
    digest = hashlib.sha256(body).hexdigest()
    return cache.add(REPLAY_KEY.format(site=site.pk, digest=digest), 1, timeout=seconds)


# --- The answer -------------------------------------------------------------------------------
def phase_text(body: str) -> str:
    """The text to score: Coral's HTML as our comment source (Markdown), plain text as it is.

    A comment posted on our own form is scored as its Markdown source, so Coral's HTML is turned
    into the same before scoring.
    """
    return html_to_markdown(body) if _HTML_RE.search(body) else body


def phase_scores(*, text: str, story_url: str, timeout: float) -> dict[str, float]:
    """The civility scores of ``text``, or ``PhaseUnavailable`` past ``timeout`` seconds."""
    try:
        scored = civility.score_within(text, timeout=timeout, story_url=story_url)
    except ScoreDeadlineMissed as exc:
        raise PhaseUnavailable(str(exc)) from exc
    except civility.CivilityUnavailable as exc:
        # The backend's own message may name an internal service: the caller learns only why.
        raise PhaseUnavailable(f"the scorer failed ({type(exc).__name__})") from exc
    except Exception as exc:  # noqa: BLE001 — no backend is no decision, never a 500
        raise PhaseUnavailable(f"no civility backend ({type(exc).__name__})") from exc
    return {name: float(value) for name, value in scored.attributes().items()}


def phase_response(
    *, verdict: CivilityVerdict, phase_settings: CoralPhaseSettings
) -> dict[str, Any] | None:
    """Coral's answer for a verdict: None (nothing to say) or the JSON object to send."""
    if verdict.action is None:
        return None
    if verdict.action is Action.NUDGE:
        return {"actions": [dict(FLAG_TOXIC)]}
    if verdict.action is Action.REJECT and phase_settings.reject_directed:
        directed = {
            attribute: verdict.scores.get(attribute, 0.0)
            for attribute in REJECTION_CODES
            if verdict.scores.get(attribute, 0.0) >= verdict.threshold
        }
        if directed:
            worst = max(directed, key=directed.get)
            return {
                "status": "REJECTED",
                "moderationAction": {
                    "status": "REJECTED",
                    "rejectionReason": {
                        "code": REJECTION_CODES[worst],
                        "detailedExplanation": verdict.explanation,
                    },
                },
            }
    return {"status": "SYSTEM_WITHHELD", "actions": [dict(FLAG_TOXIC)]}


def phase_answer(*, site: Site, request: PhaseRequest) -> dict[str, Any] | None:
    """The site's decision on Coral's request: None for "nothing to say", else Coral's JSON.

    Raises ``PhaseUnavailable`` when no score comes within ``CORAL_PHASE_TIMEOUT``.
    """
    if request.staff_author:
        return None
    text = phase_text(request.body)
    if not text.strip():
        return None
    policy = policy_for_site(site=site)
    scores = phase_scores(
        text=text, story_url=request.story_url, timeout=settings.CORAL_PHASE_TIMEOUT
    )
    verdict = civility_verdict(scores=scores, policy=policy)
    return phase_response(verdict=verdict, phase_settings=coral_phase_settings_for(site=site))
