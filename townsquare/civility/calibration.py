"""Put a site model's scores on the shipped model's scale, without changing their order.

A site model's probabilities follow the site's own base rate of uncivil comments, so they run
far lower than the shipped model's, and the pipeline's thresholds (nudge 0.5, hold 0.7, reject
0.95, chosen for the shipped model) would flag almost nothing. ``learn`` therefore fits a
quantile map: the site model's out-of-fold logits on the training texts at 101 quantiles
against the shipped model's logits on the same texts at the same quantiles. Scoring maps each
site logit through it (piecewise-linear between knots, slope 1 beyond the ends) before the
sigmoid. The map is strictly increasing, so rankings (and ROC-AUC) are exactly unchanged, and a
threshold flags about the share of comments it would with the shipped model.

Knots are stored in the site model's metadata (``meta["calibration"]``), so they are versioned
with it; a model saved without them scores with the identity map.
"""

from __future__ import annotations

from typing import Any

import numpy as np

N_KNOTS = 101
MIN_STEP = 1e-6  # keeps the knots' y strictly increasing where the shipped quantiles tie
_CLIP = 1e-6  # probabilities are clipped to [CLIP, 1 - CLIP] before the logit


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=np.float64), _CLIP, 1.0 - _CLIP)
    return np.log(p / (1.0 - p))


def fit_quantile_map(
    site_logits: np.ndarray, shipped_logits: np.ndarray, *, knots: int = N_KNOTS
) -> dict[str, Any]:
    """Knots mapping quantiles of ``site_logits`` onto the same quantiles of ``shipped_logits``.

    Both are scores of the same texts. ``x`` comes out strictly increasing (duplicates dropped)
    and ``y`` strictly increasing, so the map preserves order everywhere.
    """
    site = np.asarray(site_logits, dtype=np.float64)
    shipped = np.asarray(shipped_logits, dtype=np.float64)
    if site.size < 2 or shipped.size < 2:
        raise ValueError("a quantile map needs at least two scores")
    levels = np.linspace(0.0, 1.0, knots)
    x = np.quantile(site, levels)
    y = np.maximum.accumulate(np.quantile(shipped, levels))
    x, first = np.unique(x, return_index=True)
    y = y[first]
    for i in range(1, len(y)):  # strictly increasing, so no two site scores end up tied
        y[i] = max(y[i], y[i - 1] + MIN_STEP)
    if len(x) < 2:  # every site score the same: a pure shift onto the shipped median
        x = np.array([x[0], x[0] + 1.0])
        y = np.array([float(np.median(shipped)), float(np.median(shipped)) + 1.0])
    return {
        "kind": "quantile-logit",
        "x": [float(v) for v in x],
        "y": [float(v) for v in y],
    }


def apply_map(calibration: dict[str, Any] | None, logits: np.ndarray | float) -> np.ndarray:
    """Map site logits through ``calibration`` (identity when None: models saved before it)."""
    z = np.asarray(logits, dtype=np.float64)
    if not calibration:
        return z
    x = np.asarray(calibration["x"], dtype=np.float64)
    y = np.asarray(calibration["y"], dtype=np.float64)
    mapped = np.interp(z, x, y)
    # Beyond the outermost knots keep slope 1 (the odds move as the site model says), so even
    # scores more extreme than any training text stay strictly ordered.
    mapped = np.where(z < x[0], y[0] + (z - x[0]), mapped)
    return np.where(z > x[-1], y[-1] + (z - x[-1]), mapped)


def flagged_shares(probabilities: np.ndarray, thresholds: dict[str, float]) -> dict[str, float]:
    p = np.asarray(probabilities, dtype=np.float64)
    return {name: float(np.mean(p >= value)) for name, value in thresholds.items()}
