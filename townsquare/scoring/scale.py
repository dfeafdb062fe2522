"""Our scores on Perspective's scale, and the decision band such a score falls in.

Coral's default threshold (0.80) and every bot's 0.7 / 0.9 were tuned on Perspective's score
distribution, not ours. ``townsquare scoring-calibrate`` fits a strictly increasing map from our
headline score (``Scores.civility``: the highest of our five attributes, what the moderation
thresholds compare) onto Perspective's TOXICITY, by matching quantiles on wikipedia-cat's dev
split (``calibrate.py``), and ships it as ``artifacts/perspective-map.json``.

Because the map is strictly increasing, a threshold on our scale and its image on Perspective's
flag exactly the same comments: ``band`` compares a Perspective-scale TOXICITY with the images
of the site's own nudge / hold / reject thresholds, so the Perspective route and the hosted form
agree on every comment (one rule, two scales).
"""

from __future__ import annotations

import json
import threading
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from townsquare.civility.calibration import apply_map, logit

MAP_PATH = Path(__file__).resolve().parent / "artifacts" / "perspective-map.json"
BANDS = ("none", "nudge", "hold", "reject")

_lock = threading.Lock()


@cache
def perspective_map() -> dict[str, Any]:
    """The shipped map (knots on the logit scale and its test figures); identity if absent."""
    with _lock:
        if MAP_PATH.exists():
            return json.loads(MAP_PATH.read_text())
    return {}


def to_perspective(probability: float | np.ndarray, calibration: dict[str, Any] | None = None):
    """Map our probability (or an array of them) onto Perspective's scale, order kept."""
    knots = perspective_map() if calibration is None else calibration
    z = apply_map(knots if knots.get("x") else None, logit(np.asarray(probability)))
    mapped = 1.0 / (1.0 + np.exp(-z))
    return float(mapped) if np.ndim(mapped) == 0 else mapped


def thresholds_on_perspective_scale(*, nudge: float, hold: float, reject: float) -> dict:
    """The site's thresholds as Perspective-scale TOXICITY values."""
    return {
        "nudge": to_perspective(nudge),
        "hold": to_perspective(hold),
        "reject": to_perspective(reject),
    }


def band(toxicity: float, *, nudge: float, hold: float, reject: float) -> str:
    """``none``/``nudge``/``hold``/``reject`` for a Perspective-scale TOXICITY under thresholds
    given on our scale (the pipeline's: ``moderation.policy.policy_for_site``)."""
    mapped = thresholds_on_perspective_scale(nudge=nudge, hold=hold, reject=reject)
    if toxicity >= mapped["reject"]:
        return "reject"
    if toxicity >= mapped["hold"]:
        return "hold"
    if toxicity >= mapped["nudge"]:
        return "nudge"
    return "none"
