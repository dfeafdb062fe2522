"""``expectations``: the product's expectations of any shipped model, as the release rule
reads them (the shipped model's own are asserted in ``test_cues.py`` and ``test_quality.py``)."""

from __future__ import annotations

import numpy as np
import pytest

from townsquare.civility.offline import expectations

LEVELS = {"nudge": 0.5, "hold": 0.65, "reject": 0.85}


def _probabilities(overrides: dict[str, list[float]] | None = None) -> np.ndarray:
    """A model that meets every expectation, except where ``overrides`` (sentence -> its five
    probabilities) says otherwise."""
    rows = []
    for text in expectations.texts():
        if text in expectations.THREATS:
            row = [0.2, 0.1, 0.05, 0.9, 0.05]
        elif text in expectations.DIRECTED or text == expectations.HATEFUL:
            row = [0.3, 0.9, 0.9, 0.05, 0.1]
        elif text == expectations.ACCUSATION:
            row = [0.3, 0.6, 0.05, 0.05, 0.05]
        elif text in expectations.UNDIRECTED:
            row = [0.8, 0.2, 0.05, 0.05, 0.3]
        else:  # names a group without attacking it
            row = [0.1, 0.05, 0.2, 0.01, 0.01]
        rows.append(row)
    texts = expectations.texts()
    for text, row in (overrides or {}).items():
        rows[texts.index(text)] = row
    return np.asarray(rows)


def test_a_model_that_meets_every_expectation_misses_none():
    texts = expectations.texts()
    assert len(texts) == len(set(texts)) and expectations.HATEFUL in texts
    assert expectations.failures(_probabilities(), LEVELS) == {}


def test_each_miss_is_named_with_its_score_and_level():
    probs = _probabilities(
        {
            # E12's score: the threat under hold, though its highest attribute
            "We know where your family lives.": [0.1, 0.1, 0.05, 0.616, 0.05],
            # blunt criticism of a thing at reject; naming a group at nudge
            "That proposal is stupid.": [0.86, 0.2, 0.0, 0.0, 0.0],
            expectations.NEUTRAL: [0.1, 0.05, 0.5, 0.0, 0.0],
        }
    )
    assert expectations.failures(probs, LEVELS) == {
        "We know where your family lives. | threat >= hold": (
            '"We know where your family lives.": threat 0.616, expected at least hold (0.650)'
        ),
        "That proposal is stupid. | civility < reject": (
            '"That proposal is stupid.": civility 0.860, expected under reject (0.850)'
        ),
        "Muslims run the shops on Main Street. | civility < nudge": (
            '"Muslims run the shops on Main Street.": civility 0.500, expected under nudge (0.500)'
        ),
    }


def test_the_threat_must_reach_hold_on_the_threat_attribute_not_on_another():
    probs = _probabilities({"I will find out where you live.": [0.9, 0.1, 0.05, 0.3, 0.05]})
    (miss,) = expectations.failures(probs, LEVELS).values()
    assert miss.startswith('"I will find out where you live.": threat 0.300')


def test_bad_input_is_refused_with_a_reason():
    probs = _probabilities()
    with pytest.raises(ValueError, match="shape"):
        expectations.failures(probs[:, :4], LEVELS)
    with pytest.raises(ValueError, match="levels lack reject"):
        expectations.failures(probs, {"nudge": 0.5, "hold": 0.6})
    with pytest.raises(ValueError, match="no score for"):
        expectations.failures(probs[:2], LEVELS, sentences=expectations.texts()[:2])
