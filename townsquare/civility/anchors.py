"""Where a comment names a group, for the anchored block of a model (model card "E30").

Hate against a group is said about the group: "<group> are ...", "... those <group> who ...".
Over the mean of every token state, the words about the group weigh no more than the rest of a
long comment. A model may carry an anchored block: a change of its heads over the states of the
first ``PIECES`` word pieces from the first group named (``anchor_pieces``), so what is said
next to the group counts. Both civil and uncivil comments name groups; which is which is the
block's to learn, not this module's.

The group words are ours (the groups our contrast sentences and fairness figures name, and their
kin), plus "<word> people" and "<word> folks". A word names a group here even where it means
something else ("black coffee"): the block learns what follows.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

PIECES = 16  # word pieces pooled from the group named
ANCHOR_READING = 1  # this module's version, as model metadata names it (``anchor.reading``)

_GROUP_WORDS = """
immigrant migrant refugee asylum seeker foreigner muslim jew jewish christian catholic protestant
hindu sikh buddhist atheist mormon black white asian latino latina latinx hispanic mexican arab
african indian chinese japanese korean filipino haitian somali ukrainian russian roma gypsy
gypsie indigenous native aboriginal gay lesbian bisexual transgender trans queer homosexual
straight woman women men feminist disabled deaf blind autistic elderly poor homeless
"""
GROUP_WORDS = tuple(re.findall(r"\S+", _GROUP_WORDS))
_WORDS = "|".join(sorted((re.escape(w) for w in GROUP_WORDS), key=len, reverse=True))
GROUP_RE = re.compile(
    rf"\b(?:{_WORDS})(?:s|es)?\b|\b[a-z][\w-]*\s+(?:people|folks)\b", re.IGNORECASE
)


def group_named(text: str) -> int | None:
    """Where the first group named in ``text`` starts, or None."""
    match = GROUP_RE.search(text)
    return match.start() if match else None


def anchor_pieces(text: str, encoded: Any, pieces: int = PIECES) -> np.ndarray:
    """Indices of the first ``pieces`` word pieces (no [CLS]/[SEP]) that start at or after the
    first group named in ``text`` (``encoded``'s offsets point into ``text``); empty when it
    names none."""
    start = group_named(text)
    if start is None or not len(encoded.offsets):
        return np.zeros(0, dtype=np.int64)
    begins = np.asarray([s for s, _ in encoded.offsets], dtype=np.int64)
    keep = np.flatnonzero((begins >= start) & ~np.asarray(encoded.special, dtype=bool))
    return keep[:pieces]
