"""Scoring a labelled set and what it shows: ``civility score`` and ``civility evaluate --csv``.

ROC-AUC, average precision, precision/recall/F1 at the operator's thresholds, the best
macro-F1 on the set, the fairness figures, and alt-profanity-check side by side when asked.
Kept apart from the command so tests and the bench call the same functions.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from townsquare.civility import metrics
from townsquare.civility.api import get_backend, thresholds
from townsquare.civility.offline.fairness import fairness_report, format_fairness
from townsquare.civility.offline.plots import plot_curves, plot_or_skip
from townsquare.civility.scores import ATTRIBUTES, Scores


def score_texts(
    texts: Sequence[str],
    *,
    backend: str | None = None,
    batch_size: int = 256,
    progress: bool = True,
) -> list[Scores]:
    """Score ``texts`` in batches with ``backend``, with a progress bar: many texts, one call."""
    chosen = get_backend(backend)
    out: list[Scores] = []
    with tqdm(total=len(texts), desc="scoring", unit="text", disable=not progress) as bar:
        for start in range(0, len(texts), batch_size):
            batch = texts[start : start + batch_size]
            out.extend(chosen.score(batch))
            bar.update(len(batch))
    return out


def evaluate(
    texts: Sequence[str],
    labels: Sequence[int],
    *,
    attack_labels: Sequence[int] | None = None,
    backend: str | None = None,
    png: Path | None = None,
    compare: bool = False,
) -> dict[str, Any]:
    started = time.perf_counter()
    results = score_texts(texts, backend=backend)
    elapsed = time.perf_counter() - started
    civility = np.array([r.civility for r in results])
    report: dict[str, Any] = {
        "n": len(texts),
        "positives": int(np.sum(labels)),
        "model": results[0].model if results else "-",
        "per_second": len(texts) / elapsed if elapsed else float("nan"),
        "roc_auc": metrics.roc_auc(labels, civility),
        "average_precision": metrics.average_precision(labels, civility),
        "per_attribute_roc_auc": {
            a: metrics.roc_auc(labels, [getattr(r, a) for r in results]) for a in ATTRIBUTES
        },
        "thresholds": {
            name: {
                **metrics.at_threshold(labels, civility, value),
                "macro_f1": metrics.macro_f1(labels, (civility >= value).astype(int)),
            }
            for name, value in thresholds().items()
        },
        "best_macro_f1": best_macro_f1(labels, civility),
        "fairness": fairness_report(backend=backend),
        "curves": {"ours": civility},
    }
    if attack_labels is not None:
        report["attack_roc_auc"] = {
            "insult": metrics.roc_auc(attack_labels, [r.insult for r in results]),
            "civility": metrics.roc_auc(attack_labels, civility),
        }
        report["attack_positives"] = int(np.sum(attack_labels))
    if compare:
        peer = profanity_check_scores(texts)
        report["peer"] = {
            "name": "alt-profanity-check",
            "roc_auc": metrics.roc_auc(labels, peer["scores"]),
            "average_precision": metrics.average_precision(labels, peer["scores"]),
            "per_second": peer["per_second"],
        }
        if attack_labels is not None:
            report["peer"]["attack_roc_auc"] = metrics.roc_auc(attack_labels, peer["scores"])
        report["curves"]["alt-profanity-check"] = peer["scores"]
    if png is not None:
        plot_or_skip(
            report, lambda: plot_curves(labels, report["curves"], png, title=report["model"])
        )
    return report


def best_macro_f1(labels: Sequence[int], scores: np.ndarray) -> dict[str, float]:
    """The best macro-F1 over thresholds on this very set: an optimistic (oracle) figure."""
    best = {"threshold": 0.5, "macro_f1": 0.0}
    for value in np.unique(np.round(scores, 3)):
        f1 = metrics.macro_f1(labels, (scores >= value).astype(int))
        if f1 > best["macro_f1"]:
            best = {"threshold": float(value), "macro_f1": f1}
    return best


def profanity_check_scores(texts: Sequence[str]) -> dict[str, Any]:
    from profanity_check import predict_prob

    started = time.perf_counter()
    scores = np.asarray(predict_prob(list(texts)), dtype=np.float64)
    return {"scores": scores, "per_second": len(texts) / (time.perf_counter() - started)}


def format_report(report: dict[str, Any]) -> str:
    lines = [
        f"model: {report['model']}",
        f"comments: {report['n']} ({report['positives']} labelled uncivil); "
        f"{report['per_second']:.0f} comments/s including highlights",
        f"ROC-AUC (civility = highest attribute): {report['roc_auc']:.4f}",
        f"average precision: {report['average_precision']:.4f}",
        "ROC-AUC per attribute: "
        + ", ".join(f"{a} {v:.4f}" for a, v in report["per_attribute_roc_auc"].items()),
    ]
    if "attack_roc_auc" in report:
        a = report["attack_roc_auc"]
        lines.append(
            f"personal attack ({report['attack_positives']}): ROC-AUC insult {a['insult']:.4f}, "
            f"civility {a['civility']:.4f}"
        )
    lines.append("threshold   value  precision  recall     F1  flagged  macro-F1")
    for name, m in report["thresholds"].items():
        lines.append(
            f"{name:<10} {m['threshold']:>6.2f} {m['precision']:>10.3f} {m['recall']:>7.3f} "
            f"{m['f1']:>6.3f} {m['flagged']:>8.3f} {m['macro_f1']:>9.3f}"
        )
    best = report["best_macro_f1"]
    lines.append(
        f"best macro-F1 over thresholds (oracle, chosen on this set): {best['macro_f1']:.3f} "
        f"at {best['threshold']:.3f}"
    )
    lines.append(format_fairness(report["fairness"]))
    if "peer" in report:
        p = report["peer"]
        extra = f", personal attack {p['attack_roc_auc']:.4f}" if "attack_roc_auc" in p else ""
        lines.append(
            f"peer {p['name']}: ROC-AUC {p['roc_auc']:.4f}, AP {p['average_precision']:.4f}"
            f"{extra}, {p['per_second']:.0f} comments/s"
        )
    if "png" in report:
        lines.append(f"curves: {report['png']}")
    if "png_skipped" in report:
        lines.append(f"curves: {report['png_skipped']}")
    return "\n".join(lines)
