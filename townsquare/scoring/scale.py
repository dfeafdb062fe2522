"""Our scores on Perspective's scale, and the decision band such a score falls in.

Coral's default threshold (0.80) and every bot's 0.7 / 0.9 were tuned on Perspective's score
distribution, not ours. ``townsquare scoring-calibrate`` fits a strictly increasing map from our
headline score (``Scores.civility``: the highest of our five attributes, what the moderation
thresholds compare) onto Perspective's TOXICITY, by matching quantiles on wikipedia-cat's dev
split (``calibrate.py``), and ships it as ``artifacts/perspective-map.json``.

Because the map is strictly increasing, a threshold on our scale and its image on Perspective's
flag exactly the same comments: ``band`` runs the pipeline's own rule
(``moderation.pipeline.civility_verdict``, which the hosted form and the Coral phase also use) on
a Perspective-scale TOXICITY against the images of the site's thresholds, so the Perspective
route and the hosted form agree on every comment (one rule, two scales).
"""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from townsquare.civility.calibration import apply_map, logit
from townsquare.moderation.pipeline import Action, civility_verdict
from townsquare.moderation.policy import SitePolicy

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


def thresholds_on_perspective_scale(*, policy: SitePolicy) -> SitePolicy:
    """``policy`` with its nudge / hold / reject thresholds moved onto Perspective's scale."""
    return replace(
        policy,
        nudge_threshold=to_perspective(policy.nudge_threshold),
        hold_threshold=to_perspective(policy.hold_threshold),
        reject_threshold=to_perspective(policy.reject_threshold),
    )


def band(toxicity: float, *, policy: SitePolicy) -> str:
    """``none``/``nudge``/``hold``/``reject`` for a Perspective-scale TOXICITY under a site's
    policy (``moderation.policy.policy_for_site``), decided by the pipeline's own rule
    (``moderation.pipeline.civility_verdict``) with the thresholds mapped onto this scale."""
    verdict = civility_verdict(
        scores={"toxicity": float(toxicity)}, policy=thresholds_on_perspective_scale(policy=policy)
    )
    return {Action.REJECT: "reject", Action.HOLD: "hold", Action.NUDGE: "nudge"}.get(
        verdict.action, "none"
    )
