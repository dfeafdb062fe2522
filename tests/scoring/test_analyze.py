"""``comments:analyze``: Coral 9's requests replayed, every field of the answer, every error.

Scores come from the shipped model (no stand-in); tests pin behaviour, not numbers.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client

from tests.scoring.conftest import ANALYZE, SUGGEST, post_json
from townsquare.scoring import scale
from townsquare.scoring.models import AnalysisCall, AnalysisKey
from townsquare.scoring.services import analysis_key_create, analysis_key_revoke

pytestmark = pytest.mark.django_db

INSULT = "Only an idiot would vote for this plan, you moron."
CIVIL = "Thanks for the reporting; the harbour vote is next Tuesday."


def coral_analyze(client: Client, key: str, text: str):
    """Coral 9's analyze call (services/perspective): compact JSON, ?key=, axios' headers."""
    body = {
        "comment": {"text": text},
        "doNotStore": True,
        "requestedAttributes": {"TOXICITY": {}},
        "languages": ["en"],
    }
    return client.post(
        f"{ANALYZE}?key={key}",
        data=json.dumps(body, separators=(",", ":")),
        content_type="application/json",
        HTTP_USER_AGENT="axios/1.7.9",
        HTTP_ACCEPT="application/json, text/plain, */*",
    )


def _error(response, code: int, status: str, error_type: str | None = None) -> dict:
    assert response.status_code == code, response.content
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert set(error) == {"code", "message", "status", "details"}
    assert error["code"] == code and error["status"] == status and error["message"]
    if error_type:
        assert error["details"][0]["errorType"] == error_type
        assert error["details"][0]["@type"].endswith("commentanalyzer.v1alpha1.Error")
    return error


# -- the contract ------------------------------------------------------------------------------
def test_coral_9_analyze_request_gets_perspectives_shape(client, key):
    response = coral_analyze(client, key, INSULT)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    data = response.json()
    assert set(data) == {"attributeScores", "languages", "detectedLanguages"}
    assert list(data["attributeScores"]) == ["TOXICITY"]
    summary = data["attributeScores"]["TOXICITY"]["summaryScore"]
    assert summary["type"] == "PROBABILITY" and 0.0 <= summary["value"] <= 1.0
    assert "spanScores" not in data["attributeScores"]["TOXICITY"]
    assert data["languages"] == ["en"] and data["detectedLanguages"] == ["en"]
    civil = coral_analyze(client, key, CIVIL).json()["attributeScores"]["TOXICITY"]
    assert civil["summaryScore"]["value"] < summary["value"]


def test_coral_feedback_request_pretty_printed_with_node_fetch_is_answered(client, key, site):
    body = {
        "comment": {"text": CIVIL},
        "context": {"entries": [{"text": json.dumps({"Coral_comment_id": "c-1"})}]},
        "attributeScores": {"APPROVED": {"summaryScore": {"value": 1}}},
        "languages": ["EN"],
        "communityId": "Coral:https://talk.courier.example/",
        "clientToken": "comment:c-1",
    }
    response = post_json(client, SUGGEST, body, key=key, pretty=True, HTTP_USER_AGENT="node")
    assert response.status_code == 200
    assert response.json()["clientToken"] == "comment:c-1"


def test_every_attribute_answers_under_the_name_it_was_asked_by(client, key):
    asked = {
        "TOXICITY@v6": {},
        "SEVERE_TOXICITY": {},
        "INSULT_EXPERIMENTAL": {},
        "THREAT": {},
        "IDENTITY_ATTACK": {},
        "PROFANITY": {"scoreType": "PROBABILITY"},
    }
    body = {"comment": {"text": INSULT}, "requestedAttributes": asked, "clientToken": "t-9"}
    data = post_json(client, ANALYZE, body, key=key).json()
    assert set(data["attributeScores"]) == set(asked)
    assert data["clientToken"] == "t-9"
    values = {k: v["summaryScore"]["value"] for k, v in data["attributeScores"].items()}
    assert values["SEVERE_TOXICITY"] <= values["TOXICITY@v6"]


def test_toxicity_is_the_headline_score_on_perspectives_scale(client, key):
    from townsquare import civility

    ours = civility.score([INSULT])[0].civility
    data = post_json(
        client,
        ANALYZE,
        {"comment": {"text": INSULT}, "requestedAttributes": {"TOXICITY": {}}},
        key=key,
    ).json()
    assert data["attributeScores"]["TOXICITY"]["summaryScore"]["value"] == pytest.approx(
        scale.to_perspective(ours)
    )


def test_score_threshold_leaves_out_lower_scores(client, key):
    body = {
        "comment": {"text": CIVIL},
        "requestedAttributes": {"TOXICITY": {"scoreThreshold": 0.99}, "INSULT": {}},
    }
    data = post_json(client, ANALYZE, body, key=key).json()
    assert list(data["attributeScores"]) == ["INSULT"]


def test_span_offsets_count_utf16_code_units_end_exclusive(client, key):
    text = "😀🎉 honestly, you idiot."  # two astral emoji: 4 UTF-16 units, 2 Python characters
    body = {
        "comment": {"text": text},
        "requestedAttributes": {"TOXICITY": {}},
        "spanAnnotations": True,
    }
    spans = post_json(client, ANALYZE, body, key=key).json()["attributeScores"]["TOXICITY"][
        "spanScores"
    ]
    assert spans
    units = text.encode("utf-16-le")
    highlighted = [units[s["begin"] * 2 : s["end"] * 2].decode("utf-16-le") for s in spans]
    assert any("idiot" in h for h in highlighted), highlighted
    for span in spans:
        assert 0 <= span["begin"] < span["end"] <= len(units) // 2
        assert span["score"]["type"] == "PROBABILITY"
    # Python's indices would be off by two here: the emoji count double in JavaScript.
    start = text.index("idiot")
    assert any(s["begin"] <= start + 2 < s["end"] for s in spans)


def test_html_comments_are_scored_without_their_tags(client, key):
    body = {
        "comment": {"text": "<p>Thanks &amp; <b>well put</b>.</p>", "type": "HTML"},
        "requestedAttributes": {"TOXICITY": {}},
    }
    assert post_json(client, ANALYZE, body, key=key).status_code == 200


# -- keys ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("how", ["query", "goog", "bearer"])
def test_the_key_is_accepted_in_each_place_google_accepted_it(client, key, how):
    body = {"comment": {"text": CIVIL}, "requestedAttributes": {"TOXICITY": {}}}
    headers = {
        "query": {},
        "goog": {"HTTP_X_GOOG_API_KEY": key},
        "bearer": {"HTTP_AUTHORIZATION": f"Bearer {key}"},
    }[how]
    response = post_json(client, ANALYZE, body, key=key if how == "query" else None, **headers)
    assert response.status_code == 200


@pytest.mark.parametrize("presented", [None, "", "tsk_not-a-key", "x" * 500])
def test_a_missing_or_wrong_key_is_permission_denied(client, key, presented):
    body = {"comment": {"text": CIVIL}, "requestedAttributes": {"TOXICITY": {}}}
    response = post_json(client, ANALYZE, body, key=presented)
    _error(response, 403, "PERMISSION_DENIED", "PERMISSION_DENIED")


def test_a_revoked_key_is_permission_denied(client, site):
    record, key = analysis_key_create(site=site, name="old")
    analysis_key_revoke(key=record)
    body = {"comment": {"text": CIVIL}, "requestedAttributes": {"TOXICITY": {}}}
    _error(post_json(client, ANALYZE, body, key=key), 403, "PERMISSION_DENIED")


def test_only_a_hash_of_the_key_is_stored(key):
    record = AnalysisKey.objects.get()
    assert key not in {record.key_hash, record.prefix, record.name}
    assert key.startswith(record.prefix)


# -- errors ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "error_type"),
    [
        ({"comment": {"text": ""}, "requestedAttributes": {"TOXICITY": {}}}, "COMMENT_EMPTY"),
        ({"comment": {"text": "  \n "}, "requestedAttributes": {"TOXICITY": {}}}, "COMMENT_EMPTY"),
        ({"requestedAttributes": {"TOXICITY": {}}}, "COMMENT_EMPTY"),
        (
            {"comment": {"text": "é" * 10_241}, "requestedAttributes": {"TOXICITY": {}}},
            "COMMENT_TOO_LONG",
        ),
        ({"comment": {"text": CIVIL}}, "NO_REQUESTED_ATTRIBUTES"),
        ({"comment": {"text": CIVIL}, "requestedAttributes": {}}, "NO_REQUESTED_ATTRIBUTES"),
        ({"comment": {"text": CIVIL}, "requestedAttributes": []}, "INVALID_REQUEST"),
        ({"comment": "just text", "requestedAttributes": {"TOXICITY": {}}}, "INVALID_REQUEST"),
        (
            {"comment": {"text": CIVIL, "type": "PDF"}, "requestedAttributes": {"TOXICITY": {}}},
            "INVALID_REQUEST",
        ),
        (
            {"comment": {"text": CIVIL, "type": ["HTML"]}, "requestedAttributes": {"TOXICITY": {}}},
            "INVALID_REQUEST",
        ),
        (
            {"comment": {"text": CIVIL}, "requestedAttributes": {"TOXICITY": {"scoreType": "X"}}},
            "INVALID_REQUEST",
        ),
        (
            {
                "comment": {"text": CIVIL},
                "requestedAttributes": {"TOXICITY": {"scoreThreshold": 2}},
            },
            "INVALID_REQUEST",
        ),
        (
            {"comment": {"text": CIVIL}, "requestedAttributes": {"TOXICITY": {}}, "languages": 5},
            "INVALID_REQUEST",
        ),
        ([1, 2], "INVALID_REQUEST"),
        ("{not json", "INVALID_REQUEST"),
    ],
)
def test_bad_requests_get_googles_envelope(client, key, body, error_type):
    _error(post_json(client, ANALYZE, body, key=key), 400, "INVALID_ARGUMENT", error_type)


def test_a_comment_of_exactly_20_kb_is_scored(client, key):
    body = {"comment": {"text": "a" * 20_480}, "requestedAttributes": {"TOXICITY": {}}}
    assert post_json(client, ANALYZE, body, key=key).status_code == 200


def test_an_unknown_attribute_is_a_400_unless_unsupported_ones_are_dropped(client, key):
    body = {"comment": {"text": CIVIL}, "requestedAttributes": {"FLIRTATION": {}, "TOXICITY": {}}}
    error = _error(post_json(client, ANALYZE, body, key=key), 400, "INVALID_ARGUMENT")
    assert error["message"] == "Unknown requested attribute: FLIRTATION"
    body["dropUnsupportedAttributes"] = True
    data = post_json(client, ANALYZE, body, key=key).json()
    assert list(data["attributeScores"]) == ["TOXICITY"]


def test_a_language_we_do_not_score_is_refused_so_coral_fails_open(client, key):
    body = {
        "comment": {"text": "Gracias por el artículo."},
        "requestedAttributes": {"TOXICITY": {}},
        "languages": ["es"],
    }
    error = _error(
        post_json(client, ANALYZE, body, key=key),
        400,
        "INVALID_ARGUMENT",
        "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE",
    )
    assert error["message"] == "Attribute TOXICITY does not support request languages: es"
    body["dropUnsupportedAttributes"] = True
    data = post_json(client, ANALYZE, body, key=key).json()
    assert data["attributeScores"] == {} and data["languages"] == ["es"]


def test_without_languages_a_confidently_detected_language_decides(client, key):
    body = {
        "comment": {"text": "Este artículo sobre el puerto es muy interesante, gracias."},
        "requestedAttributes": {"TOXICITY": {}},
    }
    error = _error(post_json(client, ANALYZE, body, key=key), 400, "INVALID_ARGUMENT")
    assert error["details"][0]["languageNotSupportedByAttributeError"]["detectedLanguages"] == [
        "es"
    ]
    body["languages"] = ["en-US"]  # a caller who says English is believed, as by Perspective
    assert post_json(client, ANALYZE, body, key=key).status_code == 200


def test_likely_to_reject_needs_a_site_model(client, key):
    body = {"comment": {"text": CIVIL}, "requestedAttributes": {"LIKELY_TO_REJECT": {}}}
    error = _error(post_json(client, ANALYZE, body, key=key), 400, "INVALID_ARGUMENT")
    assert "site model" in error["message"]
    body["requestedAttributes"]["TOXICITY"] = {}
    body["dropUnsupportedAttributes"] = True
    assert list(post_json(client, ANALYZE, body, key=key).json()["attributeScores"]) == ["TOXICITY"]


def test_get_is_not_allowed(client, key):
    response = client.get(f"{ANALYZE}?key={key}")
    _error(response, 405, "INVALID_ARGUMENT")
    assert response["Allow"] == "POST"


# The key's per-minute allowance is counted in the shared cache (cache.add and incr), which is
# Redis in that run; the other tests here only pass through it and cannot differ.
@pytest.mark.redis
def test_past_the_keys_rate_it_is_resource_exhausted(client, site, settings):
    record, key = analysis_key_create(site=site, name="small", rate_per_minute=2)
    body = {"comment": {"text": CIVIL}, "requestedAttributes": {"TOXICITY": {}}}
    assert [post_json(client, ANALYZE, body, key=key).status_code for _ in range(2)] == [200, 200]
    _error(post_json(client, ANALYZE, body, key=key), 429, "RESOURCE_EXHAUSTED")
    # Another key of the same site counts apart.
    other = analysis_key_create(site=site, name="other")[1]
    assert post_json(client, ANALYZE, body, key=other).status_code == 200


def test_a_scoring_timeout_answers_503_at_once(client, key, settings):
    settings.SCORING_TIMEOUT = 1e-9
    body = {"comment": {"text": CIVIL * 50}, "requestedAttributes": {"TOXICITY": {}}}
    response = post_json(client, ANALYZE, body, key=key)
    _error(response, 503, "UNAVAILABLE")
    assert not AnalysisCall.objects.exists()


@pytest.mark.parametrize(
    ("waited", "status"), [(5.0, 503), (0.0, 200)], ids=["queued-past-budget", "just-arrived"]
)
def test_time_queued_behind_a_proxy_counts_against_the_budget(
    client, key, settings, waited, status
):
    import time

    settings.SCORING_TIMEOUT = 0.6 if waited else 30.0
    body = {"comment": {"text": CIVIL}, "requestedAttributes": {"TOXICITY": {}}}
    started = f"t={time.time() - waited:.3f}"
    response = post_json(client, ANALYZE, body, key=key, HTTP_X_REQUEST_START=started)
    assert response.status_code == status


# -- no redirect, no CSRF ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [
        ANALYZE,
        ANALYZE + "/",
        ANALYZE.replace("/comments", "//comments"),
        SUGGEST,
    ],
)
def test_no_redirect_ever_even_with_https_redirects_on(key, settings, path):
    settings.SECURE_SSL_REDIRECT = True
    client = Client(enforce_csrf_checks=True)
    body = {"comment": {"text": CIVIL}, "requestedAttributes": {"TOXICITY": {}}}
    response = post_json(client, path, body, key=key)
    assert not 300 <= response.status_code < 400
    assert response.status_code != 403 or "PERMISSION" not in response.content.decode()


# -- what is kept --------------------------------------------------------------------------------
def _database_contains(needle: str) -> list[str]:
    """Every table.column of the test database holding ``needle``, whatever the column."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 — our own table names
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", "replace")
                    if isinstance(value, str) and needle in value:
                        found.append(f"{table}.{column}")
    return found


@pytest.mark.parametrize("do_not_store", [True, False])
def test_the_text_is_never_stored_only_its_scores(client, key, site, do_not_store):
    text = "Zanzibar-quokka-7731 is what you idiots never understood."
    body = {
        "comment": {"text": text},
        "requestedAttributes": {"TOXICITY": {}, "INSULT": {}},
        "doNotStore": do_not_store,
        "clientToken": "comment:x",
    }
    assert post_json(client, ANALYZE, body, key=key).status_code == 200
    assert _database_contains("Zanzibar-quokka-7731") == []
    call = AnalysisCall.objects.get()
    assert call.site == site and call.model_version and set(call.scores) == {"TOXICITY", "INSULT"}
    assert len(call.text_hash) == 64 and call.toxicity is not None
