"""The figures ``civility evaluate`` draws: ROC and precision-recall curves, the suite's bars.

matplotlib comes with the ``train`` extra only; without it the figures are skipped and the
report says so (``plot_or_skip``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from townsquare.civility import metrics

PLOT_EXTRA_HINT = (
    "matplotlib is not installed, so no plot was drawn; the figures above are complete. "
    "Install the train extra to draw it: pip install '.[train]' (from a checkout)"
)


def plot_or_skip(report: dict[str, Any], draw: Callable[[], Path]) -> None:
    """Draw the report's plot into ``report["png"]``, or say in ``report`` why it was skipped.

    matplotlib comes with the train extra only; the scores, which take the time, are already
    computed, so a missing plotting library must not throw them away.
    """
    try:
        report["png"] = str(draw())
    except ImportError as exc:
        if (exc.name or "").partition(".")[0] != "matplotlib":
            raise
        report["png_skipped"] = PLOT_EXTRA_HINT


def plot_curves(
    labels: Sequence[int], curves: dict[str, np.ndarray], png: Path, *, title: str
) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (roc_ax, pr_ax) = plt.subplots(1, 2, figsize=(11, 4.8))
    for name, scores in curves.items():
        fpr, tpr = metrics.roc_curve(labels, scores)
        auc = metrics.roc_auc(labels, scores)
        roc_ax.plot(fpr, tpr, label=f"{name} (AUC {auc:.3f})")
        recall, precision = metrics.precision_recall_curve(labels, scores)
        ap = metrics.average_precision(labels, scores)
        pr_ax.plot(recall, precision, label=f"{name} (AP {ap:.3f})")
    roc_ax.plot([0, 1], [0, 1], color="grey", linestyle=":")
    roc_ax.set(xlabel="false-positive rate", ylabel="true-positive rate", title="ROC")
    pr_ax.set(xlabel="recall", ylabel="precision", title="precision-recall")
    for ax in (roc_ax, pr_ax):
        ax.legend(loc="best", fontsize=8)
        ax.grid(alpha=0.3)
    fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    png.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(png, dpi=110)
    plt.close(fig)
    return png


def plot_suite(report: dict[str, Any], png: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [r for r in report["rows"] if not np.isnan(r["roc_auc"])]
    names = [r["set"] for r in rows]
    x = np.arange(len(names))
    fig, (auc_ax, held_ax) = plt.subplots(2, 1, figsize=(12, 8))
    auc_ax.bar(x - 0.2, [r["roc_auc"] for r in rows], 0.4, label=report["model"])
    if report["peer_roc_auc"]:
        auc_ax.bar(
            x + 0.2,
            [report["peer_roc_auc"].get(n, np.nan) for n in names],
            0.4,
            label="alt-profanity-check",
        )
    auc_ax.set(ylabel="ROC-AUC", ylim=(0.4, 1.0), title=f"{report['half']} halves")
    auc_ax.set_xticks(x, names, rotation=30, ha="right", fontsize=8)
    auc_ax.axhline(0.75, color="grey", linestyle=":")
    auc_ax.legend(fontsize=8)
    levels = report["levels"]
    for offset, name in zip((-0.25, 0.0, 0.25), levels, strict=True):
        held_ax.bar(
            x + offset, [r[f"{name}_recall"] for r in rows], 0.25, label=f"{name} {levels[name]}"
        )
    held_ax.set(ylabel="recall (share of positives flagged)", ylim=(0, 1))
    held_ax.set_xticks(x, names, rotation=30, ha="right", fontsize=8)
    held_ax.axhline(0.8, color="grey", linestyle=":")
    held_ax.legend(fontsize=8)
    fig.tight_layout()
    png.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(png, dpi=100)
    plt.close(fig)
    return png
