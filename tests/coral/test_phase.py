"""The phase's parts on their own: the signature header, and verdicts as Coral answers."""

from __future__ import annotations

import pytest

from townsquare.coral.models import CoralPhaseSettings
from townsquare.coral.phase import REJECTION_CODES, phase_response, signature_digests
from townsquare.moderation.pipeline import civility_verdict
from townsquare.moderation.policy import SitePolicy

POLICY = SitePolicy(
    nudge_threshold=0.5,
    hold_threshold=0.6,
    reject_threshold=0.9,
    max_links=1,
    premoderate_all=False,
    premoderate_new_below=0,
    report_hide_threshold=4,
    notify_rejections=False,
)
OPTED_IN = CoralPhaseSettings(reject_directed=True)
REJECTION_FLAG = {"actionType": "FLAG", "reason": "COMMENT_DETECTED_TOXIC"}
QUIET = {"toxicity": 0.1, "insult": 0.1, "identity_attack": 0.1, "threat": 0.1, "obscene": 0.1}


def answer(settings=OPTED_IN, **scores):
    verdict = civility_verdict(scores={**QUIET, **scores}, policy=POLICY)
    return phase_response(verdict=verdict, phase_settings=settings)


def test_signature_digests_reads_every_sha256_part_and_ignores_the_rest():
    a, b = "ab" * 32, "CD" * 32
    assert signature_digests(f"sha256={a},sha256={b}") == [a, b.lower()]
    assert signature_digests(f" sha256={a} , v1=xyz,sha512={a}") == [a]
    assert signature_digests("") == [] and signature_digests("sha256=zz") == []


@pytest.mark.parametrize(
    ("attribute", "code"),
    [("insult", "HARASSMENT_BULLYING"), ("identity_attack", "HATE_SPEECH"), ("threat", "ABUSIVE")],
)
def test_each_directed_attribute_has_its_coral_reason(attribute, code):
    result = answer(**{attribute: 0.95})
    assert result["moderationAction"]["rejectionReason"]["code"] == code
    label = attribute.replace("_", " ")
    assert result["moderationAction"]["rejectionReason"]["detailedExplanation"] == (
        f"Civility model: {label} 0.95 ≥ reject threshold 0.90."
    )


def test_the_worst_directed_attribute_names_the_reason():
    result = answer(insult=0.92, threat=0.97, toxicity=0.99)
    assert result["moderationAction"]["rejectionReason"]["code"] == "ABUSIVE"
    assert "toxicity 0.99" in result["moderationAction"]["rejectionReason"]["detailedExplanation"]


def test_rejection_needs_the_directed_score_itself_at_the_threshold():
    assert answer(toxicity=0.95, insult=0.89)["status"] == "SYSTEM_WITHHELD"
    assert answer(obscene=0.99)["status"] == "SYSTEM_WITHHELD"


def test_bands_at_their_edges():
    assert answer(toxicity=0.4999) is None
    assert answer(toxicity=0.5) == {"actions": [REJECTION_FLAG]}
    assert answer(toxicity=0.6)["status"] == "SYSTEM_WITHHELD"
    assert answer(CoralPhaseSettings(reject_directed=False), insult=0.99)["status"] == (
        "SYSTEM_WITHHELD"
    )


def test_only_our_attributes_are_mapped():
    assert set(REJECTION_CODES) <= {"toxicity", "insult", "identity_attack", "threat", "obscene"}
