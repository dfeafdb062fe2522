"""What the product expects of any shipped model on a few sentences we wrote.

Threats and directed insults reach hold; blunt criticism of a thing is never rejected; a
sentence that names a group without attacking it stays under nudge; an attack on a group
reaches hold. One list, read by two readers so they cannot drift apart:

- ``train``'s release rule (``pipeline.release_check``, rule 6) scores every candidate on it
  at that candidate's own levels on dev, so a model that lets one of these threats through is
  refused before its test halves are read (E12 in the model card was not);
- the tests that assert the same of the shipped model at the configured thresholds
  (``tests/civility/test_cues.py``, ``tests/civility/test_quality.py``).

These are product requirements, written by us long before the release rule read them; they
are short and generic, and the contrast patterns use some of the same devices ("watch your
back", "I know where you live") inside longer sentences, civil and uncivil alike. Once the
release rule reads them they are dev figures, not an independent check: the test halves stay
that.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from townsquare.civility.scores import ATTRIBUTES

LEVELS = ("nudge", "hold", "reject")

THREATS = (
    "I will find out where you live.",
    "Better watch your back after the vote.",
    "We know where your family lives.",
)
DIRECTED = (
    "You are a moron.",
    "The councillor is an idiot.",
    "You're a moron, Dave.",
)
UNDIRECTED = (
    "That proposal is stupid.",
    "Honestly, this is so stupid.",
    "What a pile of crap this budget is.",
    "This whole plan is dumb.",
)
ACCUSATION = "The premier is a liar and a cheat."
HATEFUL = "Muslims are vermin and should all be thrown out of the country."
NEUTRAL = "Muslims run the shops on Main Street."
IDENTITY_MENTIONS = (
    "I am a gay man and I read this paper every morning.",
    "My Jewish neighbours brought soup when I was ill.",
    "The Black-owned bakery on Quay Street is the best in town.",
    "As a Muslim woman, I thought the council debate was fair.",
)


@dataclass(frozen=True)
class Expectation:
    """``attribute`` ("civility" = the highest of the five) at or above ``level`` when
    ``reaches``, else below it."""

    text: str
    attribute: str
    level: str
    reaches: bool

    @property
    def key(self) -> str:
        """Names the expectation apart from any score, so two models' misses compare."""
        return f"{self.text} | {self.attribute} {'>=' if self.reaches else '<'} {self.level}"

    def describe(self, value: float, level: float) -> str:
        side = "at least" if self.reaches else "under"
        return (
            f'"{self.text}": {self.attribute} {value:.3f}, expected {side} {self.level} '
            f"({level:.3f})"
        )


EXPECTATIONS: tuple[Expectation, ...] = (
    *(Expectation(t, "threat", "hold", True) for t in THREATS),
    *(Expectation(t, "civility", "hold", True) for t in DIRECTED),
    *(Expectation(t, "civility", "reject", False) for t in UNDIRECTED),
    Expectation(ACCUSATION, "civility", "nudge", True),
    Expectation(HATEFUL, "civility", "hold", True),
    Expectation(HATEFUL, "identity_attack", "hold", True),
    Expectation(NEUTRAL, "civility", "nudge", False),
    *(Expectation(t, "civility", "nudge", False) for t in IDENTITY_MENTIONS),
)


def texts() -> list[str]:
    """Each sentence once, in order."""
    return list(dict.fromkeys(e.text for e in EXPECTATIONS))


def failures(
    probabilities: np.ndarray | Sequence[Sequence[float]],
    levels: Mapping[str, float],
    *,
    sentences: Sequence[str] | None = None,
) -> dict[str, str]:
    """The expectations a model misses, ``Expectation.key`` -> what it scored:
    ``probabilities`` is its (n, 5) attribute probabilities (``ATTRIBUTES`` order) for
    ``sentences`` (default ``texts()``), ``levels`` its nudge, hold and reject."""
    sentences = list(texts() if sentences is None else sentences)
    probs = np.asarray(probabilities, dtype=float)
    if probs.shape != (len(sentences), len(ATTRIBUTES)):
        raise ValueError(
            f"expected probabilities of shape {(len(sentences), len(ATTRIBUTES))}, "
            f"not {probs.shape}"
        )
    missing = [name for name in LEVELS if name not in levels]
    if missing:
        raise ValueError(f"levels lack {', '.join(missing)}")
    row = {text: i for i, text in enumerate(sentences)}
    out: dict[str, str] = {}
    for exp in EXPECTATIONS:
        if exp.text not in row:
            raise ValueError(f"no score for {exp.text!r}")
        scores = probs[row[exp.text]]
        value = float(
            scores.max() if exp.attribute == "civility" else scores[ATTRIBUTES.index(exp.attribute)]
        )
        level = float(levels[exp.level])
        if (value >= level) != exp.reaches:
            out[exp.key] = exp.describe(value, level)
    return out
