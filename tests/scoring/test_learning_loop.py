"""Coral's feedback -> `civility learn --from-decisions` -> LIKELY_TO_REJECT, end to end."""

from __future__ import annotations

import itertools
from io import StringIO

import pytest
from django.core.management import call_command

from tests.scoring.conftest import ANALYZE, SUGGEST, post_json
from townsquare.civility import sites
from townsquare.scoring.services import site_scoring_set

pytest.importorskip("sklearn", reason="learn needs the train extra: pip install '.[train]'")
pytestmark = pytest.mark.django_db

PLACES = ["pier", "lighthouse", "market", "ferry", "library", "bridge"]
NAMES = ["Rowan", "Tess", "Ivo", "Maud", "Kit"]


@pytest.fixture
def local_model(settings):
    settings.CIVILITY_BACKEND = "local"
    settings.CIVILITY_MODEL_CHECK_SECONDS = 0
    sites.forget()
    yield
    sites.forget()


def test_feedback_teaches_a_site_model_that_answers_likely_to_reject(
    client, key, site, local_model
):
    site_scoring_set(site=site, keep_feedback=True)
    approved = [
        f"The {p} opening hours changed again, {n}, see the notice."
        for p, n in itertools.product(PLACES, NAMES)
    ]
    rejected = [
        f"{n}, you lying grifter, nobody believes your {p} nonsense."
        for p, n in itertools.product(PLACES, NAMES)
    ]
    for i, (text, status) in enumerate(
        [(t, "APPROVED") for t in approved] + [(t, "DELETED") for t in rejected]
    ):
        body = {
            "comment": {"text": text},
            "attributeScores": {status: {"summaryScore": {"value": 1}}},
            "clientToken": f"comment:{i}",
        }
        assert post_json(client, SUGGEST, body, key=key).status_code == 200
    out = StringIO()
    call_command("civility", "learn", "--from-decisions", "--force", stdout=out)
    ask = {"requestedAttributes": {"LIKELY_TO_REJECT": {}}}
    scores = {}
    for text in (
        "Maud, you lying grifter, nobody believes your harbour nonsense.",
        "The harbour opening hours changed again, Maud, see the notice.",
    ):
        response = post_json(client, ANALYZE, {"comment": {"text": text}, **ask}, key=key)
        assert response.status_code == 200, response.content
        scores[text] = response.json()["attributeScores"]["LIKELY_TO_REJECT"]["summaryScore"][
            "value"
        ]
    grifter, notice = scores.values()
    assert grifter > notice
