"""Perspective's v1alpha1 wire contract: requests parsed and checked, answers and errors shaped.

Nothing here scores or stores; ``services.comment_analyze`` does, with what this module parsed.
Errors follow Google's envelope::

    {"error": {"code": 400, "message": "...", "status": "INVALID_ARGUMENT",
               "details": [{"@type": "type.googleapis.com/google.commentanalyzer.v1alpha1.Error",
                            "errorType": "COMMENT_EMPTY"}]}}
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import strip_tags

# Perspective's limit: 20 KB of UTF-8 text per comment.
COMMENT_MAX_BYTES = 20_480
# A body may carry the comment, its context and the attribute map; anything larger is refused
# before it is parsed.
BODY_MAX_BYTES = 128 * 1024

# Attributes we answer, by Perspective's name -> how they are derived (see scale.attribute_values).
ATTRIBUTES = (
    "TOXICITY",
    "SEVERE_TOXICITY",
    "INSULT",
    "THREAT",
    "IDENTITY_ATTACK",
    "PROFANITY",
    "LIKELY_TO_REJECT",
)
ERROR_TYPE = "type.googleapis.com/google.commentanalyzer.v1alpha1.Error"
_VERSIONED = re.compile(r"^([A-Z_]+?)(?:_EXPERIMENTAL)?(?:@[A-Za-z0-9._-]+)?$")
_HTTP_STATUS = {
    400: "INVALID_ARGUMENT",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    405: "INVALID_ARGUMENT",
    429: "RESOURCE_EXHAUSTED",
    503: "UNAVAILABLE",
}


class PerspectiveError(Exception):
    """An answer in Google's error envelope."""

    def __init__(
        self,
        code: int,
        message: str,
        *,
        error_type: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.error_type = error_type
        self.extra = extra or {}

    def as_json(self) -> dict[str, Any]:
        details = []
        if self.error_type:
            details.append({"@type": ERROR_TYPE, "errorType": self.error_type, **self.extra})
        return {
            "error": {
                "code": self.code,
                "message": self.message,
                "status": _HTTP_STATUS.get(self.code, "INVALID_ARGUMENT"),
                "details": details,
            }
        }


def invalid(message: str, error_type: str = "INVALID_REQUEST") -> PerspectiveError:
    return PerspectiveError(400, message, error_type=error_type)


@dataclass(frozen=True)
class RequestedAttribute:
    name: str  # as the client spelled it, the key of its answer
    base: str  # our attribute: TOXICITY, ...
    score_threshold: float | None = None


@dataclass
class AnalyzeRequest:
    text: str
    attributes: list[RequestedAttribute]
    languages: list[str] = field(default_factory=list)
    client_token: str | None = None
    community_id: str | None = None
    span_annotations: bool = False
    drop_unsupported: bool = False
    do_not_store: bool = False


@dataclass
class FeedbackRequest:
    text: str
    label: int
    client_token: str
    community_id: str
    languages: list[str] = field(default_factory=list)


def body_parse(body: bytes) -> dict[str, Any]:
    """The JSON object in a request body, or INVALID_REQUEST."""
    if len(body) > BODY_MAX_BYTES:
        raise invalid(f"Request bodies can be at most {BODY_MAX_BYTES // 1024} KB.")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise invalid("Invalid JSON payload received.") from None
    if not isinstance(data, dict):
        raise invalid("Invalid JSON payload received: expected an object.")
    return data


def _text_of(data: dict[str, Any]) -> str:
    comment = data.get("comment")
    if comment is None:
        raise invalid("Comment must be specified.", "COMMENT_EMPTY")
    if not isinstance(comment, dict):
        raise invalid("comment must be an object with a text field.")
    text = comment.get("text", "")
    kind = comment.get("type", "PLAIN_TEXT") or "PLAIN_TEXT"
    if not isinstance(text, str):
        raise invalid("comment.text must be a string.")
    if not isinstance(kind, str) or kind not in {"PLAIN_TEXT", "HTML", "TEXT_TYPE_UNSPECIFIED"}:
        raise invalid(f"Invalid value at 'comment.type': {str(kind)[:40]!r}.")
    if "\x00" in text:
        raise invalid("comment.text must not contain NUL characters.")
    if kind == "HTML":
        # Scored, and spans counted, on the text with its tags removed.
        text = html.unescape(strip_tags(text))
    if not text.strip():
        raise invalid("Comment must be non-empty.", "COMMENT_EMPTY")
    if len(text.encode("utf-8")) > COMMENT_MAX_BYTES:
        raise invalid(
            f"Comment text too long: at most {COMMENT_MAX_BYTES} bytes of UTF-8.",
            "COMMENT_TOO_LONG",
        )
    return text


def _optional_string(data: dict[str, Any], name: str, limit: int = 300) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        raise invalid(f"{name} must be a string of at most {limit} characters.")
    return value


def _flag(data: dict[str, Any], name: str) -> bool:
    value = data.get(name, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise invalid(f"{name} must be true or false.")
    return value


def languages_parse(data: dict[str, Any]) -> list[str]:
    """The requested languages as lower-case primary subtags (``en-US`` -> ``en``), in order."""
    value = data.get("languages") or []
    if not isinstance(value, list) or len(value) > 10:
        raise invalid("languages must be a list of at most 10 language codes.")
    out = []
    for code in value:
        if not isinstance(code, str) or not re.fullmatch(
            r"[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*", code
        ):
            raise invalid(f"Invalid language code: {str(code)[:20]!r}.")
        primary = re.split(r"[-_]", code)[0].lower()
        if primary not in out:
            out.append(primary)
    return out


def attribute_base(name: str) -> str | None:
    """Our attribute for a requested name (``TOXICITY@v6``, ``INSULT_EXPERIMENTAL``), or None."""
    match = _VERSIONED.match(name) if isinstance(name, str) else None
    if not match:
        return None
    base = match.group(1)
    return base if base in ATTRIBUTES else None


def analyze_request_parse(data: dict[str, Any]) -> AnalyzeRequest:
    text = _text_of(data)
    requested = data.get("requestedAttributes")
    if requested is not None and not isinstance(requested, dict):
        raise invalid("requestedAttributes must be an object of attribute names.")
    if not requested:
        raise invalid("Must request at least one attribute.", "NO_REQUESTED_ATTRIBUTES")
    if len(requested) > 20:
        raise invalid("At most 20 attributes may be requested.")
    drop = _flag(data, "dropUnsupportedAttributes")
    attributes = []
    for name, params in requested.items():
        base = attribute_base(name)
        if base is None:
            if drop:
                continue
            raise invalid(f"Unknown requested attribute: {name[:60]}")
        if params is None:
            params = {}
        if not isinstance(params, dict):
            raise invalid(f"requestedAttributes.{name[:60]} must be an object.")
        score_type = params.get("scoreType", "PROBABILITY") or "PROBABILITY"
        if score_type != "PROBABILITY":
            raise invalid(f"Unsupported scoreType for {name[:60]}: only PROBABILITY is supported.")
        threshold = params.get("scoreThreshold")
        if threshold is not None:
            if (
                isinstance(threshold, bool)
                or not isinstance(threshold, int | float)
                or not 0 <= threshold <= 1
            ):
                raise invalid(f"scoreThreshold for {name[:60]} must be a number in [0, 1].")
            threshold = float(threshold)
        attributes.append(RequestedAttribute(name=name, base=base, score_threshold=threshold))
    if not attributes and not drop:
        raise invalid("Must request at least one attribute.", "NO_REQUESTED_ATTRIBUTES")
    return AnalyzeRequest(
        text=text,
        attributes=attributes,
        languages=languages_parse(data),
        client_token=_optional_string(data, "clientToken"),
        community_id=_optional_string(data, "communityId"),
        span_annotations=_flag(data, "spanAnnotations"),
        drop_unsupported=drop,
        do_not_store=_flag(data, "doNotStore"),
    )


# Coral sends the moderator's decision as {"APPROVED"|"DELETED": {"summaryScore": {"value": 1}}};
# other clients send an attribute's score, 0 (fine) to 1 (should have been rejected).
_DECISIONS = {"APPROVED": 0, "ACCEPTED": 0, "DELETED": 1, "REJECTED": 1}


def feedback_request_parse(data: dict[str, Any]) -> FeedbackRequest:
    text = _text_of(data)
    scores = data.get("attributeScores")
    if not isinstance(scores, dict) or not scores:
        raise invalid("attributeScores must name at least one attribute with a summaryScore.")
    labels = []
    for name, entry in scores.items():
        summary = entry.get("summaryScore") if isinstance(entry, dict) else None
        value = summary.get("value") if isinstance(summary, dict) else None
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise invalid(f"attributeScores.{str(name)[:60]}.summaryScore.value must be in [0, 1].")
        if name in _DECISIONS:
            if value >= 0.5:
                labels.append(_DECISIONS[name])
        elif attribute_base(name) is not None:
            labels.append(int(value >= 0.5))
        else:
            raise invalid(f"Unknown attribute in attributeScores: {str(name)[:60]}")
    if len(set(labels)) != 1:
        raise invalid("attributeScores must say one thing: approved (0) or rejected (1).")
    client_token = _optional_string(data, "clientToken", limit=200)
    if not client_token:
        raise invalid("clientToken (e.g. 'comment:<id>') is required to record feedback.")
    return FeedbackRequest(
        text=text,
        label=labels[0],
        client_token=client_token,
        community_id=_optional_string(data, "communityId") or "",
        languages=languages_parse(data),
    )


def utf16_offset(text: str, index: int) -> int:
    """A Python string index as a count of UTF-16 code units (what JavaScript's indices are)."""
    return len(text[:index].encode("utf-16-le")) // 2


def summary(value: float) -> dict[str, Any]:
    # The float as computed, not rounded: a rounded score could cross a client's threshold.
    return {"value": float(value), "type": "PROBABILITY"}
