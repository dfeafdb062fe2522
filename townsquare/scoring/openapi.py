"""An OpenAPI 3 description of the two Perspective-compatible routes.

The views are plain Django (Perspective's contract, not our API's), so django-ninja does not
describe them; this does, for clients' tooling and for the property-based test
(``tests/scoring/test_schema.py``) that fuzzes both routes with schemathesis.
"""

from __future__ import annotations

from typing import Any

_TEXT_ENTRY = {
    "type": "object",
    "required": ["text"],
    "properties": {
        "text": {"type": "string", "maxLength": 30000},
        "type": {"type": "string", "enum": ["PLAIN_TEXT", "HTML", "TEXT_TYPE_UNSPECIFIED"]},
    },
}
_SCORE = {
    "type": "object",
    "required": ["value"],
    "properties": {
        "value": {"type": "number", "minimum": 0, "maximum": 1},
        "type": {"type": "string"},
    },
}
_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "status", "details"],
            "properties": {
                "code": {"type": "integer"},
                "message": {"type": "string"},
                "status": {"type": "string"},
                "details": {"type": "array", "items": {"type": "object"}},
            },
        }
    },
}
_COMMON = {
    "comment": _TEXT_ENTRY,
    "languages": {"type": "array", "items": {"type": "string"}, "maxItems": 12},
    "clientToken": {"type": "string"},
    "communityId": {"type": "string"},
    "sessionId": {"type": "string"},
    "context": {"type": "object"},
}
_PARAMETERS = {
    "type": "object",
    "properties": {
        "scoreType": {"type": "string", "enum": ["PROBABILITY"]},
        "scoreThreshold": {"type": "number", "minimum": 0, "maximum": 1},
    },
}
ATTRIBUTE_NAMES = (
    "TOXICITY",
    "SEVERE_TOXICITY",
    "INSULT",
    "THREAT",
    "IDENTITY_ATTACK",
    "PROFANITY",
    "LIKELY_TO_REJECT",
)
_ANALYZE = {
    "type": "object",
    "required": ["comment", "requestedAttributes"],
    "properties": {
        **_COMMON,
        "requestedAttributes": {
            "type": "object",
            "minProperties": 1,
            "properties": {name: _PARAMETERS for name in ATTRIBUTE_NAMES},
            "additionalProperties": _PARAMETERS,
        },
        "spanAnnotations": {"type": "boolean"},
        "doNotStore": {"type": "boolean"},
        "dropUnsupportedAttributes": {"type": "boolean"},
    },
}
_SUGGEST = {
    "type": "object",
    "required": ["comment", "attributeScores", "clientToken"],
    "properties": {
        **_COMMON,
        "attributeScores": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {"summaryScore": _SCORE},
            },
        },
    },
}


def _operation(summary: str, body: dict[str, Any]) -> dict[str, Any]:
    errors = {
        str(code): {
            "description": text,
            "content": {"application/json": {"schema": _ERROR}},
        }
        for code, text in [
            (400, "INVALID_ARGUMENT"),
            (403, "PERMISSION_DENIED"),
            (429, "RESOURCE_EXHAUSTED"),
            (503, "UNAVAILABLE"),
        ]
    }
    return {
        "summary": summary,
        "security": [{"key": []}, {"googKey": []}, {"bearer": []}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
        "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": {}}}},
            **errors,
        },
    }


def schema() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Townsquare: Perspective-compatible scoring", "version": "v1alpha1"},
        "paths": {
            "/perspective/v1alpha1/comments:analyze": {
                "post": _operation("Score a comment (Perspective's AnalyzeComment)", _ANALYZE)
            },
            "/perspective/v1alpha1/comments:suggestscore": {
                "post": _operation("A moderator's decision (SuggestCommentScore)", _SUGGEST)
            },
        },
        "components": {
            "securitySchemes": {
                "key": {"type": "apiKey", "in": "query", "name": "key"},
                "googKey": {"type": "apiKey", "in": "header", "name": "X-Goog-Api-Key"},
                "bearer": {"type": "http", "scheme": "bearer"},
            }
        },
    }
