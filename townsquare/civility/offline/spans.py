"""The highlights against Toxic Spans: character F1 of the spans each tier would show."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from townsquare.civility.offline import corpora

SPANS_CAP = 600  # Toxic Spans comments scored for highlight F1
# What a model reads from the encoder: left out of its lexical-tier variant.
ENCODER_BLOCKS = ("dense_weights", "anchor_weights", "anchor_bias")


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
        lexical = {k: v for k, v in arrays.items() if k not in ENCODER_BLOCKS}
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
