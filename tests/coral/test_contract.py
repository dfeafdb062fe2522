"""Contract tests: the requests Coral 9 sends, replayed byte for byte, and every answer's shape.

Coral's external phase (coralproject/talk, ``pipeline/phases/external.ts``) POSTs
``JSON.stringify(request, null, 2)`` with ``User-Agent: Coral Moderation/<version>`` and one
``sha256=<hex>`` HMAC per live secret in ``X-Coral-Signature``, and validates our answer against
a fixed schema (``coral_accepts`` below restates it). Scores come from the shipped model; each
test places the site's thresholds around the real score of its text.
"""

from __future__ import annotations

import pytest

from tests.coral.conftest import (
    BLUNT,
    CIVIL,
    INSULT,
    OLD_SECRET,
    SECRET,
    THREAT,
    URL,
    USER_AGENT,
    coral_json,
    coral_post,
    coral_signature,
    place_in_band,
)
from townsquare.coral.models import CoralSigningSecret
from townsquare.coral.services import (
    coral_phase_settings_set,
    coral_secret_create,
    coral_secret_revoke,
)

pytestmark = pytest.mark.django_db

# Exactly what Coral 9 puts on the wire for INSULT (no newline at the end), and its signature
# under SECRET and OLD_SECRET. Both were checked outside Python: Node 20's
# `JSON.stringify(request, null, 2)` writes these bytes, and its `crypto.createHmac("sha256",
# secret)` and `openssl dgst -sha256 -hmac SECRET` give these digests.
CORAL_9_BODY = b"""{
  "action": "NEW",
  "comment": {
    "body": "You are an idiot and a liar, and everyone on this council knows it.",
    "parentID": null
  },
  "author": {
    "id": "5b1e0c3a-7d42-4f19-9a0e-2c6d8f1b7e55",
    "role": "COMMENTER"
  },
  "story": {
    "id": "a3f9d2c4-1b8e-4c7a-b5d6-0e9f8a7b6c5d",
    "url": "https://news.harbour.example/2026/12/harbour-plan"
  },
  "site": {
    "id": "0c2b7e9d-4a61-4f3e-8b25-6d1f0a9c3e87"
  },
  "tenantID": "4d8c1f2e-9b3a-4e57-a6c0-1f2e3d4c5b6a",
  "tenantDomain": "comments.harbour.example"
}"""
CORAL_9_SIGNATURE = "sha256=2a84f5924f131a7269dfdee32bd02a3af69695c93ee8a81cd1ff2a562f444515"
CORAL_9_ROTATING = (
    "sha256=2a84f5924f131a7269dfdee32bd02a3af69695c93ee8a81cd1ff2a562f444515,"
    "sha256=98c2137294e8930128381df73f03a0177b90960a672468ccfa5e22463c74549e"
)

# Coral's response schema, restated: what it accepts in each field.
CORAL_STATUSES = {"NONE", "APPROVED", "REJECTED", "PREMOD", "SYSTEM_WITHHELD"}
CORAL_FLAG_REASONS = {"COMMENT_DETECTED_TOXIC", "COMMENT_DETECTED_SPAM"}
CORAL_TAGS = {"FEATURED", "STAFF"}
CORAL_REJECTION_CODES = {
    "OFFENSIVE",
    "ABUSIVE",
    "SPAM",
    "BANNED_WORD",
    "AD",
    "ILLEGAL_CONTENT",
    "HARASSMENT_BULLYING",
    "MISINFORMATION",
    "HATE_SPEECH",
    "IRRELEVANT_CONTENT",
    "OTHER",
}
FLAG = {"actionType": "FLAG", "reason": "COMMENT_DETECTED_TOXIC"}


def coral_accepts(answer: dict) -> None:
    """Fail unless Coral's response validation would take ``answer`` whole."""
    assert set(answer) <= {"actions", "status", "tags", "moderationAction"}, answer
    for action in answer.get("actions", []):
        assert set(action) == {"actionType", "reason"}, action
        assert action["actionType"] == "FLAG" and action["reason"] in CORAL_FLAG_REASONS
    if "status" in answer:
        assert answer["status"] in CORAL_STATUSES
    assert set(answer.get("tags", [])) <= CORAL_TAGS
    if "moderationAction" in answer:
        moderation = answer["moderationAction"]
        assert set(moderation) == {"status", "rejectionReason"}
        assert moderation["status"] in CORAL_STATUSES
        reason = moderation["rejectionReason"]
        assert set(reason) == {"code", "detailedExplanation"}
        assert reason["code"] in CORAL_REJECTION_CODES
        assert isinstance(reason["detailedExplanation"], str) and reason["detailedExplanation"]


def ask(client, site, text, *, secrets=(SECRET,), **body):
    payload = coral_json(text, **body)
    return coral_post(client, site.slug, payload, coral_signature(payload, *secrets))


# --- The exact request ------------------------------------------------------------------------
def test_the_exact_coral_9_request_is_verified_and_answered(client, coral_site, live_secret):
    assert coral_json(CIVIL).startswith(b'{\n  "action": "NEW",\n  "comment": {\n    "body": ')
    assert coral_json(INSULT) == CORAL_9_BODY  # the helper writes what Coral writes
    place_in_band(coral_site, INSULT, "hold")
    response = client.generic(
        "POST",
        URL.format(slug=coral_site.slug),
        CORAL_9_BODY,
        "application/json",
        HTTP_USER_AGENT=USER_AGENT,
        HTTP_X_CORAL_SIGNATURE=CORAL_9_SIGNATURE,
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "SYSTEM_WITHHELD", "actions": [FLAG]}
    live_secret.refresh_from_db()
    assert live_secret.last_used_at is not None


def test_text_beyond_ascii_is_signed_and_read_as_utf8(client, coral_site, live_secret):
    """Coral writes non-ASCII characters raw (UTF-8), not as \\u escapes."""
    text = "Café owners — “the harbour plan” — deserve a say.\u2028😀"
    body = coral_json(text)
    assert "“the harbour plan”".encode() in body
    place_in_band(coral_site, text, "none")
    assert (
        coral_post(client, coral_site.slug, body, coral_signature(body, SECRET)).status_code == 204
    )


def test_while_coral_rotates_it_signs_with_both_secrets_and_either_is_enough(client, coral_site):
    place_in_band(coral_site, INSULT, "nudge")
    old = coral_secret_create(site=coral_site, secret=OLD_SECRET)
    response = client.generic(
        "POST",
        URL.format(slug=coral_site.slug),
        CORAL_9_BODY,
        "application/json",
        HTTP_X_CORAL_SIGNATURE=CORAL_9_ROTATING,
    )
    assert response.status_code == 200 and response.json() == {"actions": [FLAG]}
    old.refresh_from_db()
    assert old.last_used_at is not None  # only the old secret is ours so far


# --- Every answer, field by field ---------------------------------------------------------------
def test_nothing_to_say_is_204_with_no_body(client, coral_site, live_secret):
    place_in_band(coral_site, CIVIL, "none")
    response = ask(client, coral_site, CIVIL)
    assert response.status_code == 204 and response.content == b""


def test_the_nudge_band_flags_the_comment_and_lets_it_through(client, coral_site, live_secret):
    place_in_band(coral_site, INSULT, "nudge")
    response = ask(client, coral_site, INSULT)
    assert response.status_code == 200
    answer = response.json()
    assert answer == {"actions": [{"actionType": "FLAG", "reason": "COMMENT_DETECTED_TOXIC"}]}
    coral_accepts(answer)


def test_the_hold_band_withholds_it_for_corals_moderators(client, coral_site, live_secret):
    place_in_band(coral_site, INSULT, "hold")
    answer = ask(client, coral_site, INSULT).json()
    assert answer == {
        "status": "SYSTEM_WITHHELD",
        "actions": [{"actionType": "FLAG", "reason": "COMMENT_DETECTED_TOXIC"}],
    }
    coral_accepts(answer)


def test_the_reject_band_is_withheld_unless_the_site_opts_in(client, coral_site, live_secret):
    place_in_band(coral_site, INSULT, "reject")
    answer = ask(client, coral_site, INSULT).json()
    assert answer == {"status": "SYSTEM_WITHHELD", "actions": [FLAG]}


def test_a_directed_attack_in_the_reject_band_is_rejected_as_harassment(
    client, coral_site, live_secret
):
    coral_phase_settings_set(site=coral_site, reject_directed=True)
    score = place_in_band(coral_site, INSULT, "reject")
    answer = ask(client, coral_site, INSULT).json()
    coral_accepts(answer)
    assert set(answer) == {"status", "moderationAction"}
    assert answer["status"] == "REJECTED"
    moderation = answer["moderationAction"]
    assert moderation["status"] == "REJECTED"
    assert moderation["rejectionReason"]["code"] == "HARASSMENT_BULLYING"
    explanation = moderation["rejectionReason"]["detailedExplanation"]
    assert explanation.startswith("Civility model: ")
    assert f"{score:.2f} ≥ reject threshold {coral_site.reject_threshold:.2f}" in explanation


def test_a_reject_band_comment_that_attacks_nobody_is_withheld_even_so(
    client, coral_site, live_secret
):
    """Its highest scores are plain toxicity and obscenity; insult, hate and threat are under
    the threshold."""
    from townsquare import civility

    coral_phase_settings_set(site=coral_site, reject_directed=True)
    place_in_band(coral_site, BLUNT, "reject")
    scores = civility.score([BLUNT])[0]
    directed = max(scores.insult, scores.identity_attack, scores.threat)
    assert directed < coral_site.reject_threshold, "BLUNT should attack nobody; pick another"
    assert ask(client, coral_site, BLUNT).json() == {"status": "SYSTEM_WITHHELD", "actions": [FLAG]}


def test_a_threat_in_the_reject_band_is_rejected_as_abusive(client, coral_site, live_secret):
    coral_phase_settings_set(site=coral_site, reject_directed=True)
    place_in_band(coral_site, THREAT, "reject")
    answer = ask(client, coral_site, THREAT).json()
    coral_accepts(answer)
    assert answer["status"] == "REJECTED"
    assert answer["moderationAction"]["rejectionReason"]["code"] == "ABUSIVE"


def test_an_edit_is_judged_as_a_new_comment_is(client, coral_site, live_secret):
    place_in_band(coral_site, INSULT, "hold")
    answer = ask(client, coral_site, INSULT, action="EDIT", parent="c0ffee00-1").json()
    assert answer == {"status": "SYSTEM_WITHHELD", "actions": [FLAG]}


@pytest.mark.parametrize("role", ["ADMIN", "MODERATOR", "STAFF"])
def test_staff_authors_are_let_through_unscored(client, coral_site, live_secret, role):
    place_in_band(coral_site, INSULT, "hold")
    assert ask(client, coral_site, INSULT, role=role).status_code == 204


def test_members_are_commenters(client, coral_site, live_secret):
    place_in_band(coral_site, INSULT, "hold")
    assert ask(client, coral_site, INSULT, role="MEMBER").json()["status"] == "SYSTEM_WITHHELD"


def test_html_from_coral_is_scored_as_the_same_text(client, coral_site, live_secret):
    place_in_band(coral_site, INSULT, "hold")
    answer = ask(client, coral_site, f"<p>{INSULT}</p>").json()
    assert answer == {"status": "SYSTEM_WITHHELD", "actions": [FLAG]}


def test_another_sites_thresholds_give_another_answer(client, coral_site, live_secret):
    from tests.factories import make_site

    strict = make_site(slug="strict-gazette")
    coral_secret_create(site=strict, secret=SECRET)
    place_in_band(coral_site, INSULT, "none")
    place_in_band(strict, INSULT, "hold")
    assert ask(client, coral_site, INSULT).status_code == 204
    assert ask(client, strict, INSULT).json()["status"] == "SYSTEM_WITHHELD"


# --- Signatures ---------------------------------------------------------------------------------
def test_no_signature_is_401(client, coral_site, live_secret):
    response = coral_post(client, coral_site.slug, coral_json(CIVIL), None)
    assert response.status_code == 401
    assert "X-Coral-Signature" in response.json()["message"]


@pytest.mark.parametrize(
    "signature",
    [
        "",
        "sha256=",
        "sha256=" + "0" * 64,
        "sha1=" + "0" * 40,
        "2a84f5924f131a7269dfdee32bd02a3af69695c93ee8a81cd1ff2a562f444515",  # no scheme
        "sha256=2A84F5924F131A7269DFDEE32BD02A3AF69695C93EE8A81CD1FF2A562F4445",  # cut short
    ],
)
def test_a_wrong_or_malformed_signature_is_401(client, coral_site, live_secret, signature):
    response = coral_post(client, coral_site.slug, CORAL_9_BODY, signature)
    assert response.status_code == 401


def test_upper_case_hex_and_spaces_after_commas_are_accepted(client, coral_site, live_secret):
    place_in_band(coral_site, INSULT, "none")
    signature = "sha256=" + "f" * 64 + ", " + CORAL_9_SIGNATURE.upper().replace("SHA256", "sha256")
    assert coral_post(client, coral_site.slug, CORAL_9_BODY, signature).status_code == 204


def test_a_signature_of_another_serialisation_is_401(client, coral_site, live_secret):
    compact = b'{"action":"NEW","comment":{"body":"Hi","parentID":null}}'
    pretty = coral_json("Hi")
    assert (
        coral_post(client, coral_site.slug, compact, coral_signature(pretty, SECRET)).status_code
        == 401
    )


def test_a_revoked_secret_stops_working_and_the_new_one_goes_on(client, coral_site):
    place_in_band(coral_site, INSULT, "none")
    old = coral_secret_create(site=coral_site, secret=OLD_SECRET)
    coral_secret_create(site=coral_site, secret=SECRET)
    coral_secret_revoke(secret=old)
    assert ask(client, coral_site, INSULT, secrets=(OLD_SECRET,)).status_code == 401
    assert ask(client, coral_site, INSULT + " ", secrets=(SECRET,)).status_code == 204


def test_another_sites_secret_is_401(client, coral_site):
    from tests.factories import make_site

    other = make_site(slug="other-gazette")
    coral_secret_create(site=other, secret=OLD_SECRET)
    coral_secret_create(site=coral_site, secret=SECRET)
    assert ask(client, coral_site, CIVIL, secrets=(OLD_SECRET,)).status_code == 401


def test_a_site_with_no_secret_says_so(client, coral_site):
    response = ask(client, coral_site, CIVIL)
    assert response.status_code == 401
    assert "townsquare coral-secret create" in response.json()["message"]


# --- Replays ------------------------------------------------------------------------------------
@pytest.mark.redis
def test_a_replayed_body_is_dropped_without_scoring(client, coral_site, live_secret):
    place_in_band(coral_site, INSULT, "hold")
    first = coral_post(client, coral_site.slug, CORAL_9_BODY, CORAL_9_SIGNATURE)
    again = coral_post(client, coral_site.slug, CORAL_9_BODY, CORAL_9_SIGNATURE)
    assert first.status_code == 200
    assert again.status_code == 409 and again.json()["code"] == "replayed"


@pytest.mark.redis
def test_replays_are_remembered_in_the_shared_cache_not_the_process(
    client, coral_site, live_secret
):
    from django.core.cache import cache

    place_in_band(coral_site, INSULT, "none")
    coral_post(client, coral_site.slug, CORAL_9_BODY, CORAL_9_SIGNATURE)
    cache.clear()  # what another process sharing no memory with this one would see after expiry
    assert coral_post(client, coral_site.slug, CORAL_9_BODY, CORAL_9_SIGNATURE).status_code == 204


@pytest.mark.redis
def test_replay_dropping_can_be_turned_off(client, coral_site, live_secret, settings):
    settings.CORAL_PHASE_REPLAY_SECONDS = 0
    place_in_band(coral_site, INSULT, "none")
    for _ in range(2):
        assert (
            coral_post(client, coral_site.slug, CORAL_9_BODY, CORAL_9_SIGNATURE).status_code == 204
        )


@pytest.mark.redis
def test_an_unsigned_replay_does_not_use_up_the_body(client, coral_site, live_secret):
    place_in_band(coral_site, INSULT, "none")
    assert (
        coral_post(client, coral_site.slug, CORAL_9_BODY, "sha256=" + "1" * 64).status_code == 401
    )
    assert coral_post(client, coral_site.slug, CORAL_9_BODY, CORAL_9_SIGNATURE).status_code == 204


# --- Sites, methods, URLs -----------------------------------------------------------------------
def test_an_unknown_site_is_a_json_404(client, live_secret):
    response = coral_post(client, "no-such-site", CORAL_9_BODY, CORAL_9_SIGNATURE)
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_trailing_slash_is_answered_in_place_never_redirected(client, coral_site, live_secret):
    place_in_band(coral_site, INSULT, "none")
    response = coral_post(
        client,
        "",
        CORAL_9_BODY,
        CORAL_9_SIGNATURE,
        url=f"/integrations/coral/phase/{coral_site.slug}/",
    )
    assert response.status_code == 204


def test_get_is_405_and_names_post(client, coral_site):
    response = client.get(URL.format(slug=coral_site.slug))
    assert response.status_code == 405 and response["Allow"] == "POST"


def test_no_csrf_token_is_needed(coral_site, live_secret):
    from django.test import Client

    place_in_band(coral_site, INSULT, "none")
    strict = Client(enforce_csrf_checks=True)
    assert coral_post(strict, coral_site.slug, CORAL_9_BODY, CORAL_9_SIGNATURE).status_code == 204


def test_an_oversized_body_is_413(client, coral_site, live_secret):
    body = coral_json("x" * 70_000)
    assert (
        coral_post(client, coral_site.slug, body, coral_signature(body, SECRET)).status_code == 413
    )


def test_secrets_are_kept_per_site_with_only_a_prefix_shown(coral_site, live_secret):
    assert (
        live_secret.prefix == SECRET[:12] and str(live_secret) == f"{SECRET[:12]}… ({coral_site})"
    )
    assert CoralSigningSecret.objects.get().secret == SECRET
