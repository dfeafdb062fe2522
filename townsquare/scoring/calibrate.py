"""Fit the map from our scores onto Perspective's, on wikipedia-cat's stored Perspective scores.

wikipedia-cat (CAT_LARGE ``gn.csv`` + ``gc.csv``) stores Perspective's TOXICITY of c. 2020 for
each Wikipedia talk-page comment (column ``api``). Its rows are split once by the civility app's
seeded hash (``corpora.split_of``, seed ``SPLIT_SEED``): the shipped model learnt from ``train``,
so the map is fitted on ``dev`` only and reported on ``test`` — neither was seen in training.

The map matches quantiles of our headline score (``Scores.civility``, the shipped model) with
quantiles of Perspective's TOXICITY, on the logit scale (``civility.calibration
.fit_quantile_map``): strictly increasing, so it reorders nothing and a threshold flags about the
share of comments Perspective's would. ``townsquare scoring-calibrate`` runs it and writes the
shipped artifact and a PNG.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from townsquare.civility.calibration import fit_quantile_map, logit
from townsquare.civility.offline import corpora
from townsquare.scoring.scale import to_perspective

csv.field_size_limit(sys.maxsize)

DATASET = "wikipedia-cat"
THRESHOLDS = (0.5, 0.7, 0.8, 0.9)


def perspective_rows(data_dir: Path) -> dict[str, list[tuple[str, float]]]:
    """{"dev": [(text, Perspective TOXICITY)], "test": [...]}, texts deduplicated."""
    out: dict[str, list[tuple[str, float]]] = {"dev": [], "test": []}
    seen: set[str] = set()
    for name in ("gn", "gc"):
        path = data_dir / DATASET / "CAT_LARGE" / f"{name}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            for n, row in enumerate(csv.DictReader(handle)):
                text, api = row["text"], row.get("api") or ""
                if not text.strip() or not api or text in seen:
                    continue
                seen.add(text)
                split = corpora.split_of(DATASET, row.get("id") or f"{name}-{n}")
                if split in out:
                    out[split].append((text, float(api)))
    return out


def _spearman(a: np.ndarray, b: np.ndarray) -> float:
    ra = np.argsort(np.argsort(a)).astype(float)
    rb = np.argsort(np.argsort(b)).astype(float)
    return float(np.corrcoef(ra, rb)[0, 1])


def report(ours: np.ndarray, mapped: np.ndarray, theirs: np.ndarray) -> dict[str, Any]:
    """How close our raw and mapped scores land to Perspective's on one split."""
    shares = {}
    for t in THRESHOLDS:
        flagged_p = theirs >= t
        flagged_m = mapped >= t
        both = float(np.sum(flagged_p & flagged_m))
        shares[f"{t:.1f}"] = {
            "perspective": round(float(np.mean(flagged_p)), 4),
            "ours_raw": round(float(np.mean(ours >= t)), 4),
            "ours_mapped": round(float(np.mean(flagged_m)), 4),
            # Of the comments Perspective flags, how many the mapped score flags, and back.
            "recall_of_perspective": round(both / max(1.0, float(np.sum(flagged_p))), 4),
            "precision_vs_perspective": round(both / max(1.0, float(np.sum(flagged_m))), 4),
        }
    return {
        "n": int(len(theirs)),
        "mae_raw": round(float(np.mean(np.abs(ours - theirs))), 4),
        "mae_mapped": round(float(np.mean(np.abs(mapped - theirs))), 4),
        "spearman": round(_spearman(ours, theirs), 4),
        "shares": shares,
    }


def fit(
    data_dir: Path,
    *,
    score: Callable[[list[str]], list[float]],
    model_version: str,
    progress: Callable[[str], None] = lambda line: None,
    png: Path | None = None,
) -> dict[str, Any]:
    """Score both splits with ``score``, fit on dev, report on dev and test; the artifact."""
    rows = perspective_rows(data_dir)
    scored: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for split in ("dev", "test"):
        texts = [text for text, _ in rows[split]]
        ours: list[float] = []
        for start in range(0, len(texts), 256):
            ours += score(texts[start : start + 256])
            progress(f"{split}: scored {min(start + 256, len(texts))}/{len(texts)}")
        scored[split] = (np.array(ours), np.array([api for _, api in rows[split]]))
    dev_ours, dev_theirs = scored["dev"]
    knots = fit_quantile_map(logit(dev_ours), logit(dev_theirs))
    figures = {}
    for split, (ours, theirs) in scored.items():
        figures[split] = report(ours, to_perspective(ours, knots), theirs)
    artifact = {
        **knots,
        "maps": "Scores.civility (the highest of the five attributes) -> Perspective TOXICITY",
        "model": model_version,
        "data": f"{DATASET} CAT_LARGE gn+gc, civility.corpora split (seed {corpora.SPLIT_SEED})",
        "fitted_on": "dev",
        "dev": figures["dev"],
        "test": figures["test"],
    }
    if png is not None:
        _plot(png, knots, *scored["test"])
    return artifact


def _plot(path: Path, knots: dict[str, Any], ours: np.ndarray, theirs: np.ndarray) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    left.scatter(ours, theirs, s=3, alpha=0.25, color="#888", label="test comments")
    grid = np.linspace(0.001, 0.999, 400)
    left.plot(grid, to_perspective(grid, knots), color="#c0392b", lw=2, label="shipped map")
    left.plot([0, 1], [0, 1], color="#333", lw=0.8, ls=":", label="identity")
    left.set_xlabel("our score (Scores.civility, shipped model)")
    left.set_ylabel("Perspective TOXICITY (stored)")
    left.set_title("wikipedia-cat test split: our score → Perspective's scale")
    left.legend(loc="lower right", fontsize=8)
    thresholds = np.linspace(0.05, 0.95, 19)
    mapped = to_perspective(ours, knots)
    right.plot(thresholds, [np.mean(theirs >= t) for t in thresholds], label="Perspective")
    right.plot(thresholds, [np.mean(mapped >= t) for t in thresholds], label="ours, mapped")
    right.plot(thresholds, [np.mean(ours >= t) for t in thresholds], ls="--", label="ours, raw")
    right.axvline(0.8, color="#999", lw=0.8, ls=":")
    right.set_yscale("log")
    right.set_xlabel("threshold")
    right.set_ylabel("share of test comments at or above it")
    right.set_title("share flagged at each threshold (0.8: Coral's default)")
    right.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
