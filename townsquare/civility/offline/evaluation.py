"""What the ``civility`` management command does: batch scoring, evaluation, learning, training.

Kept apart from the command so tests and the bench call the same functions.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from tqdm import tqdm

from townsquare.civility import calibration, metrics, sites
from townsquare.civility.api import get_backend
from townsquare.civility.offline import corpora
from townsquare.civility.scores import ATTRIBUTES, Scores


def score_texts(
    texts: Sequence[str],
    *,
    backend: str | None = None,
    batch_size: int = 256,
    progress: bool = True,
) -> list[Scores]:
    chosen = get_backend(backend)
    out: list[Scores] = []
    with tqdm(total=len(texts), desc="scoring", unit="text", disable=not progress) as bar:
        for start in range(0, len(texts), batch_size):
            batch = texts[start : start + batch_size]
            out.extend(chosen.score(batch))
            bar.update(len(batch))
    return out


def thresholds() -> dict[str, float]:
    return {
        "nudge": settings.CIVILITY_NUDGE_THRESHOLD,
        "hold": settings.CIVILITY_HOLD_THRESHOLD,
        "reject": settings.CIVILITY_REJECT_THRESHOLD,
    }


def fairness_report(
    *, backend: str | None = None, data_dir: Path | None = None, hold: float | None = None
) -> dict[str, Any]:
    """Per identity term: false-positive rate at hold on neutral/positive sentences, and the
    share of attacks on that group that are held (fairness.py says why both)."""
    from townsquare.civility.offline import fairness

    hold = settings.CIVILITY_HOLD_THRESHOLD if hold is None else hold
    neutral = fairness.fairness_sentences()
    if data_dir is not None and (data_dir / "jigsaw-templates").exists():
        # The Conversation AI templates' non-toxic half, test split only (the dev/train sample
        # of 6,000 may have been trained on).
        taken: dict[str, int] = {}
        for text, toxic, _ in corpora.jigsaw_template_rows(data_dir):
            if toxic or corpora.split_of("jigsaw-templates", text) != "test":
                continue
            identity = fairness.identity_in(text)
            if identity and taken.get(identity, 0) < TEMPLATES_PER_TERM:
                taken[identity] = taken.get(identity, 0) + 1
                neutral.append((identity, text))
    attacks = fairness.attack_sentences()
    chosen = get_backend(backend)
    neutral_scores = [r.civility for r in chosen.score([t for _, t in neutral])]
    attack_scores = [r.civility for r in chosen.score([t for _, t in attacks])]
    per_term: dict[str, dict[str, Any]] = {}
    for (identity, _), value in zip(neutral, neutral_scores, strict=True):
        entry = per_term.setdefault(identity, {"neutral": [], "attacks": []})
        entry["neutral"].append(value)
    for (identity, _), value in zip(attacks, attack_scores, strict=True):
        per_term.setdefault(identity, {"neutral": [], "attacks": []})["attacks"].append(value)
    fpr = {t: float(np.mean(np.asarray(v["neutral"]) >= hold)) for t, v in per_term.items()}
    held = {t: float(np.mean(np.asarray(v["attacks"]) >= hold)) for t, v in per_term.items()}
    return {
        "hold": hold,
        "fpr": fpr,
        "attacks_held": held,
        "n_neutral": {t: len(v["neutral"]) for t, v in per_term.items()},
        "n_attacks": {t: len(v["attacks"]) for t, v in per_term.items()},
        "max_score": {t: float(max(v["neutral"])) for t, v in per_term.items()},
        "worst": max(fpr.values()),
        "least_held": min(held.values()),
    }


def format_fairness(fair: dict[str, Any]) -> str:
    lines = [
        f"fairness per identity term at hold ({fair['hold']:.3f}): false-positive rate on "
        "neutral/positive sentences (n) | attacks on the group held (n)",
    ]
    for term in fair["fpr"]:
        lines.append(
            f"  {term:<12} FPR {fair['fpr'][term]:>6.1%} ({fair['n_neutral'][term]:>3})"
            f" | held {fair['attacks_held'][term]:>6.1%} ({fair['n_attacks'][term]})"
        )
    lines.append(
        f"  worst FPR {fair['worst']:.1%} (target <= 5 %); least-held group "
        f"{fair['least_held']:.1%}"
    )
    return "\n".join(lines)


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
        _plot(report, lambda: plot_curves(labels, report["curves"], png, title=report["model"]))
    return report


PLOT_EXTRA_HINT = (
    "matplotlib is not installed, so no plot was drawn; the figures above are complete. "
    "Install the train extra to draw it: pip install '.[train]' (from a checkout)"
)


def _plot(report: dict[str, Any], draw: Callable[[], Path]) -> None:
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


# -- learn ------------------------------------------------------------------------------------
LEARN_CS = (0.1, 1.0)  # C3 training folds favoured 0.1; small sites may need less smoothing


@dataclass
class LearnOutcome:
    version: str
    path: str
    site_auc: list[float]
    shipped_auc: list[float]
    activated: bool
    n: int
    positives: int
    c: float = 1.0
    notes: list[str] = field(default_factory=list)
    # share of training texts at or above each threshold: shipped, site raw, site calibrated
    # (site scores out-of-fold)
    flagged: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def site_mean(self) -> float:
        return float(np.mean(self.site_auc))

    @property
    def shipped_mean(self) -> float:
        return float(np.mean(self.shipped_auc))


def learn(
    pairs: Sequence[tuple[str, int]],
    *,
    folds: int = 5,
    force: bool = False,
    source: str = "csv",
    seed: int = 20261101,
    Cs: Sequence[float] = LEARN_CS,
) -> LearnOutcome:
    """Cross-validate a site head against the shipped model on the same folds; save; maybe use.

    The regularisation strength is picked from ``Cs`` by the same cross-validation, so the
    reported site figure is slightly optimistic; the shipped model's needs no choice.
    """
    from sklearn.model_selection import StratifiedKFold

    from townsquare.civility.backends import shipped_model
    from townsquare.civility.offline import training

    texts = [t for t, _ in pairs]
    labels = np.asarray([y for _, y in pairs], dtype=int)
    positives = int(labels.sum())
    if positives < folds or len(labels) - positives < folds:
        raise ValueError(
            f"need at least {folds} civil and {folds} uncivil examples; "
            f"got {len(labels) - positives} and {positives}"
        )
    shipped = shipped_model()
    civility: list[float] = []
    matrix = training.site_features(shipped, texts, progress=True, civility_out=civility)
    shipped_scores = np.asarray(civility)  # one encoder pass serves both
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    splits = list(splitter.split(texts, labels))
    shipped_auc = [metrics.roc_auc(labels[test], shipped_scores[test]) for _, test in splits]
    by_c: dict[float, list[float]] = {}
    oof_by_c: dict[float, np.ndarray] = {}
    with tqdm(total=len(Cs) * folds, desc="cross-validation", unit="fit") as bar:
        for C in Cs:
            by_c[C] = []
            oof_by_c[C] = np.zeros(len(labels), dtype=np.float64)
            for train_idx, test_idx in splits:
                coef, intercept = training.fit_site_head(matrix[train_idx], labels[train_idx], C=C)
                predicted = matrix[test_idx] @ coef + intercept
                oof_by_c[C][test_idx] = predicted
                by_c[C].append(metrics.roc_auc(labels[test_idx], predicted))
                bar.update(1)
    best_c = max(Cs, key=lambda c: float(np.mean(by_c[c])))
    site_auc = by_c[best_c]
    # The site model's out-of-fold logits against the shipped model's on the same texts: the
    # quantile map that puts site scores on the shipped scale (calibration.py).
    oof = oof_by_c[best_c]
    quantile_map = calibration.fit_quantile_map(oof, calibration.logit(shipped_scores))
    levels = thresholds()
    flagged = {
        "shipped": calibration.flagged_shares(shipped_scores, levels),
        "site_raw": calibration.flagged_shares(1.0 / (1.0 + np.exp(-oof)), levels),
        "site_calibrated": calibration.flagged_shares(
            1.0 / (1.0 + np.exp(-calibration.apply_map(quantile_map, oof))), levels
        ),
    }
    quantile_map.update(fitted_on="out-of-fold", n=len(labels), thresholds=levels, flagged=flagged)
    coef, intercept = training.fit_site_head(matrix, labels, C=best_c)
    cv = {
        "folds": folds,
        "C": best_c,
        "site_roc_auc_by_C": {str(c): v for c, v in by_c.items()},
        "site_roc_auc": site_auc,
        "shipped_roc_auc": shipped_auc,
        "seed": seed,
    }
    model = training.build_site_model(
        shipped,
        coef,
        intercept,
        n_examples=len(labels),
        source=source,
        cv=cv,
        calibration=quantile_map,
    )
    path = sites.save_site_model(model)
    better = float(np.mean(site_auc)) > float(np.mean(shipped_auc))
    activated = better or force
    if activated:
        sites.activate("site", model.version)
    return LearnOutcome(
        version=model.version,
        path=path,
        site_auc=site_auc,
        shipped_auc=shipped_auc,
        activated=activated,
        n=len(labels),
        positives=positives,
        c=best_c,
        flagged=flagged,
    )


def format_learn(outcome: LearnOutcome) -> str:
    verdict = (
        "activated"
        if outcome.activated
        else "NOT activated (not better; use --force or `townsquare civility use site`)"
    )
    return "\n".join(
        [
            f"examples: {outcome.n} ({outcome.positives} uncivil)",
            f"cross-validated ROC-AUC, {len(outcome.site_auc)} folds, same folds for both"
            f" (site C={outcome.c}):",
            f"  site model    {outcome.site_mean:.4f}  "
            + " ".join(f"{v:.3f}" for v in outcome.site_auc),
            f"  shipped model {outcome.shipped_mean:.4f}  "
            + " ".join(f"{v:.3f}" for v in outcome.shipped_auc),
            *_format_flagged(outcome.flagged),
            f"saved {outcome.version} in the {outcome.path}: {verdict}",
        ]
    )


def _format_flagged(flagged: dict[str, dict[str, float]]) -> list[str]:
    if not flagged:
        return []
    names = list(flagged["shipped"])
    rows = [
        ("shipped model", "shipped"),
        ("site, raw", "site_raw"),
        ("site, mapped", "site_calibrated"),
    ]
    lines = [
        "site scores mapped onto the shipped scale (quantile map, ranking unchanged);",
        "share of training texts flagged (site scores out-of-fold):",
        "  " + " " * 14 + "".join(f"{n:>9}" for n in names),
    ]
    for label, key in rows:
        lines.append(f"  {label:<14}" + "".join(f"{flagged[key][n]:>9.1%}" for n in names))
    return lines


# -- train / data helpers ---------------------------------------------------------------------
def write_eval_sets(data_dir: Path | None, out_dir: Path) -> list[Path]:
    """C3 train/test (seeded article split) and OLID level-A train/test, as text,label CSVs."""
    data_dir = data_dir or corpora.shared_data_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    train, test = corpora.c3_split(corpora.c3_comments(data_dir))
    paths = []
    for name, part in (("c3-train.csv", train), ("c3-test.csv", test)):
        path = out_dir / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["article_id", "text", "label", "personal_attack", "toxicity_level"])
            for c in part:
                writer.writerow(
                    [c.article_id, c.text, c.uncivil, c.personal_attack, c.toxicity_level]
                )
        paths.append(path)
    olid_train, olid_test = corpora.olid_level_a(data_dir)
    for name, pairs in (("olid-train.csv", olid_train), ("olid-test.csv", olid_test)):
        path = out_dir / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["text", "label"])
            writer.writerows(pairs)
        paths.append(path)
    return paths


# -- the suite (evaluate --suite) -------------------------------------------------------------
def span_f1(predicted: set[int], gold: set[int]) -> float:
    """Character-level F1 of one comment, as in SemEval-2021 task 5 (both empty: 1)."""
    if not predicted and not gold:
        return 1.0
    if not predicted or not gold:
        return 0.0
    hit = len(predicted & gold)
    precision, recall = hit / len(predicted), hit / len(gold)
    return 2 * precision * recall / (precision + recall) if hit else 0.0


def spans_report(*, data_dir: Path, half: str = "test", model: Any = None) -> dict[str, Any]:
    """Toxic Spans ``half``: character F1 of the highlights, from each tier and from both.

    The gate (which attribute, whether any highlight is shown) is always the full model's; only
    the attribution behind the spans changes.
    """
    from townsquare.civility.backends import encode_for, shipped_model
    from townsquare.civility.model import LinearModel, sigmoid

    model = model or shipped_model()
    comments = [
        c
        for c in corpora.toxic_span_comments(data_dir)
        if corpora.split_of("toxic-spans", c.comment_id) == half
    ]
    if len(comments) > SPANS_CAP:
        import random

        keep = sorted(random.Random(corpora.SPLIT_SEED).sample(range(len(comments)), SPANS_CAP))
        comments = [comments[i] for i in keep]
    arrays = model.arrays()
    plain = {k: v for k, v in model.meta.items() if k != "highlights"}
    variants: dict[str, LinearModel] = {"both tiers": LinearModel(arrays=arrays, meta=plain)}
    if model.dense_weights is not None:
        lexical = {k: v for k, v in arrays.items() if k != "dense_weights"}
        variants["lexical tier"] = LinearModel(arrays=lexical, meta=plain)
        semantic = {**arrays, "sparse_weights": np.zeros_like(arrays["sparse_weights"])}
        variants["encoder tier"] = LinearModel(arrays=semantic, meta=plain)
    f1: dict[str, list[float]] = {name: [] for name in variants}
    with_gold: dict[str, list[float]] = {name: [] for name in variants}
    for start in tqdm(range(0, len(comments), 64), desc="toxic spans", unit="batch"):
        part = comments[start : start + 64]
        encoded = encode_for(model, [c.text for c in part])
        for comment, enc in zip(part, encoded, strict=True):
            gold = corpora.gold_span(comment)
            full = model.chunk_scores(comment.text, enc)
            probs = sigmoid(full.logits.astype(np.float64))
            top = int(np.argmax(probs))
            for name, variant in variants.items():
                result = variant.chunk_scores(comment.text, enc)
                spans = model.spans_for(
                    result, top, comment.text, attribute="x", probability=float(probs[top])
                )
                predicted = {i for s, e, _, _ in spans for i in range(s, e)}
                value = span_f1(predicted, gold)
                f1[name].append(value)
                if gold:
                    with_gold[name].append(value)
    return {
        "shipped": model.meta.get("highlights", "both tiers"),
        "n": len(comments),
        "n_with_gold": len(next(iter(with_gold.values()))),
        "f1": {k: float(np.mean(v)) for k, v in f1.items()},
        "f1_with_gold": {k: float(np.mean(v)) for k, v in with_gold.items()},
    }


SUITE_CAP = 1000  # per training set's half; C3, OLID and our probes are scored whole
SPANS_CAP = 600  # Toxic Spans comments scored for highlight F1
TEMPLATES_PER_TERM = 30  # Conversation AI non-toxic test sentences per identity term


def suite_report(
    *,
    backend: str | None = None,
    data_dir: Path | None = None,
    half: str = "test",
    png: Path | None = None,
    compare: bool = True,
) -> dict[str, Any]:
    """Every set's ``half`` through the real ``score()`` path, with the peer in the same run."""
    from townsquare.civility.offline import suite

    data_dir = data_dir or corpora.shared_data_dir()
    sets = suite.eval_sets(data_dir, half, cap=SUITE_CAP)
    levels = thresholds()
    unique = sorted({t for s in sets for t in s.texts})
    started = time.perf_counter()
    scored = dict(zip(unique, score_texts(unique, backend=backend), strict=True))
    elapsed = time.perf_counter() - started
    model = next(iter(scored.values())).model if scored else "-"
    rows = []
    peer_rows: dict[str, float] = {}
    peer: dict[str, float] = {}
    if compare:
        try:
            peer_scores = profanity_check_scores(unique)["scores"]
            peer = dict(zip(unique, peer_scores, strict=True))
        except ImportError:
            peer = {}
    for evalset in sets:
        values = np.array([scored[t].civility for t in evalset.texts])
        rows.append(suite.row_for(evalset, values, levels))
        if peer:
            peer_rows[evalset.name] = metrics.roc_auc(
                evalset.labels, [peer[t] for t in evalset.texts]
            )
    report: dict[str, Any] = {
        "model": model,
        "half": half,
        "levels": levels,
        "rows": rows,
        "peer_roc_auc": peer_rows,
        "per_second": len(unique) / elapsed if elapsed else float("nan"),
        "fairness": fairness_report(backend=backend, data_dir=data_dir),
    }
    if get_backend(backend).name in {"shipped", "site"}:
        report["spans"] = spans_report(data_dir=data_dir, half=half)
    if png is not None:
        _plot(report, lambda: plot_suite(report, png))
    return report


def format_suite(report: dict[str, Any]) -> str:
    from townsquare.civility.offline import suite

    lines = [
        f"model: {report['model']}; {report['half']} halves; "
        f"{report['per_second']:.0f} comments/s including highlights"
    ]
    table = suite.format_rows(report["rows"], report["levels"]).splitlines()
    if report["peer_roc_auc"]:
        table[1] += "  alt-profanity-check ROC-AUC"
        for i, row in enumerate(report["rows"], start=2):
            value = report["peer_roc_auc"].get(row["set"], float("nan"))
            if not np.isnan(value):
                table[i] += f"  peer {value:.3f}"
    lines.extend(table)
    lines.append(format_fairness(report["fairness"]))
    if "spans" in report:
        sp = report["spans"]
        lines.append(
            f"highlights vs Toxic Spans ({sp['n']} comments, {sp['n_with_gold']} with a "
            f"majority span; shipped: {sp['shipped']}): character F1 "
            + ", ".join(
                f"{k} {v:.3f} ({sp['f1_with_gold'][k]:.3f} on those with a span)"
                for k, v in sp["f1"].items()
            )
        )
    if "png" in report:
        lines.append(f"plot: {report['png']}")
    if "png_skipped" in report:
        lines.append(f"plot: {report['png_skipped']}")
    return "\n".join(lines)


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
