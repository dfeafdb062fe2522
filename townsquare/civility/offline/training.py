"""Training the shipped model and site models (needs the ``train`` extra for the shipped model).

The shipped model is built in four steps, all seeded:

1. **Lexical tier**: five soft-target logistic heads over hashed n-grams, on the ``train``
   split of every set marked "yes" (``corpora.py``), each attribute on the sets that label it.
2. **Semantic tier**: five logistic heads over the standardised mean token state of the int8
   ONNX MiniLM (``encoder.py``), on the same examples.
3. **Stack**: per attribute, ``logit = a · lexical + b · semantic + c``, fitted on ``dev``
   (three numbers a head), then folded into one linear head over both blocks (``LinearModel``).
4. **Thresholds and ceiling**: chosen on ``dev`` (``thresholds.py``), stored in the artifact.

Site models (``civility learn``) are learned by ``civility.site_learning``, which runs on a
production server and needs nothing from here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from townsquare.civility.cues import DEFAULT_CUES
from townsquare.civility.features import Featurizer
from townsquare.civility.model import LinearModel, weights_digest
from townsquare.civility.offline.corpora import Example
from townsquare.civility.scores import ATTRIBUTES

N_BUCKETS = 2**19
# Which sets teach each head, where not every set that labels it should. Chosen on dev
# (bench/civility_dev_grid.py): teaching toxicity from the hate-speech sets made it a second
# identity-attack head and lowered C3 dev ROC-AUC (stacked 0.683 with all sets, 0.703 with
# these two), while those sets still teach identity_attack and threat.
HEAD_SOURCES: dict[str, tuple[str, ...]] = {"toxicity": ("wikipedia-cat", "toxic-spans")}
LEXICAL_C = 4.0
SEMANTIC_C = 0.1
SEED = 20261101


def fit_idf(featurizer: Featurizer, texts: Sequence[str]) -> np.ndarray:
    df = featurizer.document_frequencies(texts)
    n = len(texts)
    return (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)


def fit_soft_logistic(
    matrix: Any, targets: np.ndarray, weights: np.ndarray, *, C: float, seed: int = SEED
) -> tuple[np.ndarray, float]:
    """Logistic regression on soft targets: each row appears as positive (w*t) and negative."""
    from scipy.sparse import issparse, vstack
    from sklearn.linear_model import LogisticRegression

    keep = weights > 0
    m = matrix[keep]
    t = targets[keep]
    w = weights[keep]
    stacked = vstack([m, m]).tocsr() if issparse(m) else np.vstack([m, m])
    y = np.r_[np.ones(m.shape[0]), np.zeros(m.shape[0])]
    sample_weight = np.r_[w * t, w * (1.0 - t)]
    # Mean weight 1, so C means the same whatever the sets' sizes and weights.
    sample_weight = sample_weight / max(sample_weight.mean(), 1e-12)
    model = LogisticRegression(C=C, max_iter=2000, random_state=seed)
    model.fit(stacked, y, sample_weight=sample_weight)
    return model.coef_[0].astype(np.float32), float(model.intercept_[0])


def targets_and_weights(examples: Sequence[Example], attribute: str) -> tuple[np.ndarray, ...]:
    targets = np.array([e.targets.get(attribute, 0.0) for e in examples], dtype=np.float64)
    weights = np.array([e.weights.get(attribute, 0.0) for e in examples], dtype=np.float64)
    return targets, weights


def head_weights(
    examples: Sequence[Example], attribute: str, sources: dict[str, tuple[str, ...]] | None
) -> tuple[np.ndarray, np.ndarray]:
    """Targets and weights for one head, with the sets outside ``sources[attribute]`` at 0."""
    targets, weights = targets_and_weights(examples, attribute)
    if sources and attribute in sources:
        allowed = set(sources[attribute])
        weights = weights * np.array([e.source in allowed for e in examples], dtype=np.float64)
    return targets, weights


def set_weights(examples: Sequence[Example], balance: float) -> np.ndarray:
    """Per-example multiplier so large sets do not drown small ones: (n_set / n_max) ** -balance."""
    counts: dict[str, int] = {}
    for e in examples:
        counts[e.source] = counts.get(e.source, 0) + 1
    biggest = max(counts.values())
    return np.array([(counts[e.source] / biggest) ** (-balance) for e in examples])


# -- the two tiers ----------------------------------------------------------------------------
def fit_lexical(
    examples: Sequence[Example],
    *,
    C: float = LEXICAL_C,
    balance: float = 0.0,
    sources: dict[str, tuple[str, ...]] | None = None,
    progress: bool = True,
) -> dict[str, np.ndarray]:
    """Five n-gram heads: {"sparse": (buckets, 5), "bias": (5,), "idf": (buckets,)}."""
    from tqdm import tqdm

    texts = [e.text for e in examples]
    idf = fit_idf(Featurizer(n_buckets=N_BUCKETS), texts)
    featurizer = Featurizer(n_buckets=N_BUCKETS, idf=idf)
    matrix = featurizer.matrix(texts, progress=progress)
    multiplier = set_weights(examples, balance)
    coefs, biases = [], []
    for attribute in tqdm(ATTRIBUTES, desc="lexical heads", disable=not progress):
        targets, weights = head_weights(examples, attribute, sources)
        coef, bias = fit_soft_logistic(matrix, targets, weights * multiplier, C=C)
        coefs.append(coef)
        biases.append(bias)
    return {
        "sparse": np.stack(coefs, axis=1),
        "bias": np.asarray(biases, dtype=np.float32),
        "idf": idf,
    }


def fit_semantic(
    examples: Sequence[Example],
    means: np.ndarray,
    *,
    C: float = SEMANTIC_C,
    balance: float = 0.0,
    sources: dict[str, tuple[str, ...]] | None = None,
    progress: bool = True,
) -> dict[str, np.ndarray]:
    """Five heads on the standardised mean state, scaler folded in: {"dense": (DIM, 5), "bias"}."""
    from tqdm import tqdm

    mu = means.mean(axis=0)
    sigma = means.std(axis=0) + 1e-6
    z = (means - mu) / sigma
    multiplier = set_weights(examples, balance)
    dense, biases = [], []
    for attribute in tqdm(ATTRIBUTES, desc="semantic heads", disable=not progress):
        targets, weights = head_weights(examples, attribute, sources)
        coef, bias = fit_soft_logistic(z, targets, weights * multiplier, C=C)
        # w · (x - mu) / sigma + b  ==  (w / sigma) · x + (b - w · mu / sigma)
        dense.append(coef / sigma)
        biases.append(bias - float(np.dot(coef, mu / sigma)))
    return {
        "dense": np.stack(dense, axis=1).astype(np.float32),
        "bias": np.asarray(biases, dtype=np.float32),
    }


def lexical_logits(tier: dict[str, np.ndarray], matrix: Any) -> np.ndarray:
    return np.asarray(matrix @ tier["sparse"]) + tier["bias"]


def semantic_logits(tier: dict[str, np.ndarray], means: np.ndarray) -> np.ndarray:
    return means @ tier["dense"] + tier["bias"]


def fit_stack(examples: Sequence[Example], lexical: np.ndarray, semantic: np.ndarray) -> np.ndarray:
    """Per head (a, b, c) with ``logit = a · lexical + b · semantic + c``, fitted on ``examples``.

    Weak regularisation (C = 10) on three numbers: the stack cannot memorise dev.
    """
    stack = np.zeros((len(ATTRIBUTES), 3), dtype=np.float64)
    for h, attribute in enumerate(ATTRIBUTES):
        targets, weights = targets_and_weights(examples, attribute)
        x = np.stack([lexical[:, h], semantic[:, h]], axis=1)
        coef, bias = fit_soft_logistic(x, targets, weights, C=10.0)
        stack[h] = [coef[0], coef[1], bias]
    return stack


def shipped_version(model: LinearModel) -> str:
    """``shipped-<date>-<digest of weights, cues, the highlight source, the spelling and emoji
    readings and the encoder's window>``."""
    cues = model.meta.get("cues") or {}
    cue_values = np.asarray([cues[k] for k in sorted(cues)], dtype=np.float64) if cues else None
    highlights = np.asarray([1.0]) if model.meta.get("highlights") == "lexical" else None
    # A model that reads through dodged spellings differs from its base by its lexicon alone.
    lexicon = (model.meta.get("encoder") or {}).get("spelling_digest")
    reading = np.frombuffer(bytes.fromhex(lexicon), dtype=np.uint8) if lexicon else None
    # ... and one that reads emoji by its reading's version.
    emoji = (model.meta.get("encoder") or {}).get("emoji")
    emoji_reading = np.asarray([float(emoji)]) if emoji else None
    # ... and one that reads more or fewer word pieces by its window (model card "E46").
    tokens = (model.meta.get("encoder") or {}).get("max_tokens")
    window = np.asarray([float(tokens)]) if tokens else None
    digest = weights_digest(
        model.sparse_weights.astype(np.float16),
        model.dense_weights,
        model.bias,
        cue_values,
        highlights,
        reading,
        emoji_reading,
        model.anchor_weights,
        model.anchor_bias,
        window,
    )
    return f"shipped-{model.meta['created'][:10]}-{digest}"


def assemble_shipped(
    lexical: dict[str, np.ndarray],
    semantic: dict[str, np.ndarray] | None,
    stack: np.ndarray | None,
    *,
    cues: dict[str, float] | None,
    meta_extra: dict[str, Any],
) -> LinearModel:
    """Fold the stack into one linear head per attribute over [n-grams | mean state]."""
    if semantic is None or stack is None:
        sparse, dense, bias = lexical["sparse"], None, lexical["bias"]
    else:
        a, b, c = stack[:, 0], stack[:, 1], stack[:, 2]
        sparse = lexical["sparse"] * a[None, :].astype(np.float32)
        dense = (semantic["dense"] * b[None, :]).astype(np.float32)
        bias = (lexical["bias"] * a + semantic["bias"] * b + c).astype(np.float32)
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    meta = {
        "version": "",
        "kind": "shipped",
        "heads": list(ATTRIBUTES),
        "n_buckets": N_BUCKETS,
        "cues": dict(cues) if cues else None,
        "created": created,
        "seed": SEED,
        **meta_extra,
    }
    cue_values = np.asarray([cues[k] for k in sorted(cues)], dtype=np.float64) if cues else None
    digest = weights_digest(sparse.astype(np.float16), dense, bias, cue_values)
    meta["version"] = f"shipped-{created[:10]}-{digest}"
    arrays = {"sparse_weights": sparse, "bias": bias, "idf": lexical["idf"]}
    if dense is not None:
        arrays["dense_weights"] = dense
    return LinearModel(arrays=arrays, meta=meta)


DEFAULT_SHIPPED_CUES = dict(DEFAULT_CUES)


def dump_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
