"""Product expectations for the shipped model: who an insult is aimed at, threats, highlights.

Our own sentences, not the ones from the bug report, so the cues cannot merely memorise those.
Thresholds are the settings' defaults (chosen on dev, see docs/civility.md). The sentences live
in ``offline/expectations.py``, where ``train``'s release rule reads them too.
"""

from __future__ import annotations

import numpy as np
import pytest
from django.conf import settings

from townsquare import civility
from townsquare.civility.cues import ceiling_logit
from townsquare.civility.offline.expectations import ACCUSATION, DIRECTED, THREATS, UNDIRECTED


def civility_of(texts: list[str]) -> list[float]:
    return [r.civility for r in civility.score(texts)]


def test_blunt_criticism_of_a_thing_is_never_rejected(local_model):
    # v1 also kept it under hold with a ceiling; v2 dropped the ceiling, which on dev cost more
    # held hate and attacks than it saved (docs/civility.md), so blunt words may be held.
    for text, value in zip(UNDIRECTED, civility_of(UNDIRECTED), strict=True):
        assert value < settings.CIVILITY_REJECT_THRESHOLD, (text, value)


def test_a_directed_insult_outranks_every_undirected_one(local_model):
    directed = civility_of(DIRECTED)
    undirected = civility_of(UNDIRECTED)
    assert min(directed) > max(undirected), (directed, undirected)
    assert all(value >= settings.CIVILITY_HOLD_THRESHOLD for value in directed), directed


def test_threat_phrasing_reaches_hold(local_model):
    results = civility.score(THREATS)
    for text, result in zip(THREATS, results, strict=True):
        assert result.threat >= settings.CIVILITY_HOLD_THRESHOLD, (text, result.attributes())
        assert result.max_attribute()[0] == "threat", (text, result.attributes())


def test_an_accusation_at_a_named_person_is_at_least_nudged(local_model):
    (result,) = civility.score([ACCUSATION])
    assert result.civility >= settings.CIVILITY_NUDGE_THRESHOLD, result.attributes()
    assert result.insult > result.toxicity


def test_only_the_insulting_word_is_highlighted(local_model):
    text = "You are such an idiot."
    (result,) = civility.score([text])
    words = result.highlighted(text)
    assert any("idiot" in w for w in words), words
    assert not any("You" in w for w in words), words


def test_accusation_highlights_both_insults_not_the_person(local_model):
    text = ACCUSATION
    (result,) = civility.score([text])
    words = result.highlighted(text)
    assert "liar" in words and "premier" not in " ".join(words), words


@pytest.mark.parametrize("logit", [-8.0, -2.0, 0.0, 0.5, 2.0, 6.0, 40.0])
def test_the_ceiling_never_raises_and_stays_under_hold(logit):
    squeezed = ceiling_logit(logit, 0.69)
    assert squeezed <= logit + 1e-9
    assert 1 / (1 + pow(2.718281828459045, -squeezed)) <= 0.69 + 1e-9


def test_the_ceiling_keeps_the_order_of_undirected_comments():
    values = [ceiling_logit(x, 0.69) for x in (-3.0, -1.0, 0.0, 1.0, 3.0, 9.0)]
    assert values == sorted(values) and len(set(values)) == len(values)


def test_the_array_ceiling_squeezes_as_the_one_logit_ceiling_does():
    from townsquare.civility.cues import ceiling_logit, ceiling_logits

    logits = np.array([[-30.0, -2.0, 0.0], [0.5, 1.6, 40.0]])
    expected = np.vectorize(lambda z: ceiling_logit(float(z), 0.831))(logits)
    np.testing.assert_allclose(ceiling_logits(logits, 0.831), expected, rtol=0, atol=1e-12)
    assert (ceiling_logits(logits, 0.831) < np.log(0.831 / 0.169)).all()
