"""Learning a site model: ``civility learn``, from a labelled CSV or the site's own decisions.

A site head is a logistic regression over [the shipped model's n-gram tf-idf | the encoder's
mean state | the shipped model's five logits], cross-validated against the shipped model on the
same folds, mapped onto the shipped model's score scale (``calibration``), folded into one linear
head (``LinearModel``), stored in the database (``sites``) and activated when it does better.

Runs on a production server: it needs scikit-learn (and scipy, which it brings) on top of what
scoring needs, never torch, and imports nothing from ``civility.offline``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
from tqdm import tqdm

from townsquare.civility import calibration, metrics, sites
from townsquare.civility.api import thresholds
from townsquare.civility.encoder import DIM
from townsquare.civility.features import Featurizer
from townsquare.civility.model import LinearModel, weights_digest

# The seed of every split and fit, the same as the shipped model's training.
SEED = 20261101


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
    seed: int = SEED,
    Cs: Sequence[float] = LEARN_CS,
) -> LearnOutcome:
    """Cross-validate a site head against the shipped model on the same folds; save; maybe use.

    The regularisation strength is picked from ``Cs`` by the same cross-validation, so the
    reported site figure is slightly optimistic; the shipped model's needs no choice.
    """
    from sklearn.model_selection import StratifiedKFold

    from townsquare.civility.backends import shipped_model

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
    matrix = site_features(shipped, texts, progress=True, civility_out=civility)
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
                coef, intercept = fit_site_head(matrix[train_idx], labels[train_idx], C=C)
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
    coef, intercept = fit_site_head(matrix, labels, C=best_c)
    cv = {
        "folds": folds,
        "C": best_c,
        "site_roc_auc_by_C": {str(c): v for c, v in by_c.items()},
        "site_roc_auc": site_auc,
        "shipped_roc_auc": shipped_auc,
        "seed": seed,
    }
    model = build_site_model(
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


def site_features(
    shipped: LinearModel,
    texts: Sequence[str],
    progress: bool = False,
    civility_out: list[float] | None = None,
) -> Any:
    """[shipped n-gram tf-idf | mean encoder state | the shipped model's five logits].

    Needs numpy, scipy (installed with scikit-learn) and the encoder: never torch. When
    ``civility_out`` is given, the shipped model's civility score of each text (cues included,
    as ``score()`` reports it) is appended to it from the same encoder pass.
    """
    from scipy.sparse import csr_matrix, hstack

    from townsquare.civility.encoder import shipped_encoder

    featurizer = Featurizer(
        n_buckets=shipped.featurizer.ngrams.n_buckets, idf=shipped.featurizer.idf
    )
    base = featurizer.matrix(texts, progress=progress)
    encoder = shipped_encoder() if shipped.needs_encoder else None
    logits = np.zeros((len(texts), len(shipped.heads)), dtype=np.float32)
    means = np.zeros((len(texts), DIM), dtype=np.float32)
    step = 64
    for start in range(0, len(texts), step):
        part = list(texts[start : start + step])
        encoded = encoder.encode(part) if encoder else [None] * len(part)
        for i, (text, enc) in enumerate(zip(part, encoded, strict=True)):
            # The heads' own logits, before the phrase cues and ceiling: they fold into the
            # site model's per-chunk weights exactly (build_site_model); the ceiling would not.
            result = shipped.chunk_scores(text, enc)
            logits[start + i] = result.linear_logits
            if civility_out is not None:
                civility_out.append(float(np.max(1.0 / (1.0 + np.exp(-result.logits)))))
            if enc is not None:
                means[start + i] = enc.mean()
    blocks = [base, csr_matrix(means * DENSE_SCALE), csr_matrix(logits)]
    return hstack(blocks).tocsr()


DENSE_SCALE = 0.1  # mean states have unit-ish entries over 384 dims; n-grams are L2-normalised


def fit_site_head(
    matrix: Any, labels: np.ndarray, *, C: float = 1.0, seed: int = SEED
) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    # Fit only on the columns this site's texts use: a few thousand instead of half a million
    # buckets makes a 5-fold learn take seconds; unused buckets keep a weight of zero.
    used = np.unique(matrix.indices)
    model = LogisticRegression(C=C, max_iter=3000, class_weight="balanced", random_state=seed)
    model.fit(matrix[:, used], labels)
    coef = np.zeros(matrix.shape[1], dtype=np.float32)
    coef[used] = model.coef_[0]
    # Balanced class weights help the fit but pretend half the comments are uncivil; move the
    # intercept back to the site's real rate so probabilities (and thresholds) mean what they say.
    positives = int(np.sum(labels))
    prior_shift = float(np.log((len(labels) - positives) / max(positives, 1)))
    return coef, float(model.intercept_[0]) - prior_shift


def build_site_model(
    shipped: LinearModel,
    coef: np.ndarray,
    intercept: float,
    *,
    n_examples: int,
    source: str,
    cv: dict[str, Any],
    calibration: dict[str, Any] | None = None,
) -> LinearModel:
    """Fold a site head over [n-grams | mean state | shipped logits] into one linear head.

    ``calibration`` (calibration.fit_quantile_map) maps its logit onto the shipped model's scale
    when it scores; it is part of the version, since it changes the scores.
    """
    n_buckets = shipped.featurizer.ngrams.n_buckets
    sparse = coef[:n_buckets].copy()
    dense_coef = coef[n_buckets : n_buckets + DIM] * DENSE_SCALE
    alphas = coef[n_buckets + DIM :]
    # shipped logit_a = bias_a + its sparse and dense parts: linear, so it folds.
    sparse = sparse + shipped.sparse_weights @ alphas
    dense = None
    if shipped.dense_weights is not None:
        dense = (dense_coef + shipped.dense_weights @ alphas).astype(np.float32)[:, None]
    bias = np.asarray([intercept + float(shipped.bias @ alphas)], dtype=np.float32)
    anchored = None
    if shipped.anchor_weights is not None and shipped.anchor_bias is not None:
        anchored = (
            (shipped.anchor_weights @ alphas).astype(np.float32)[:, None],
            np.asarray([float(shipped.anchor_bias @ alphas)], dtype=np.float32),
        )
    # To the microsecond: the same data learned twice in one second is two versions, not a clash.
    created = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    knots = None
    if calibration:
        knots = np.asarray([*calibration["x"], *calibration["y"]], dtype=np.float64)
    digest = weights_digest(sparse.astype(np.float16), dense, bias, knots, *(anchored or ()))
    meta: dict[str, Any] = {
        "version": f"site-{created}-{digest}",
        "kind": "site",
        "heads": ["site"],
        "n_buckets": n_buckets,
        "base": shipped.version,
        "n_examples": n_examples,
        "source": source,
        "cv": cv,
        "created": created,
    }
    if calibration:
        meta["calibration"] = calibration
    arrays = {"sparse_weights": sparse[:, None], "bias": bias, "idf": shipped.featurizer.idf}
    if dense is not None:
        arrays["dense_weights"] = dense
    if anchored is not None:
        arrays["anchor_weights"], arrays["anchor_bias"] = anchored
    return LinearModel(arrays=arrays, meta=meta)
