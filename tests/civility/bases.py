"""A tiny v2 base for the pipeline tests: lexical weights unlike any shipped model's, so a test
can tell that the stack was built on the work directory's base."""

from __future__ import annotations

import numpy as np

from townsquare.civility.model import LinearModel
from townsquare.civility.scores import ATTRIBUTES


def tiny_base(base_dir) -> LinearModel:
    rng = np.random.default_rng(11)
    n_buckets = 4096
    model = LinearModel(
        arrays={
            "sparse_weights": rng.normal(size=(n_buckets, 5)).astype(np.float32),
            "bias": np.full(5, -2.0, dtype=np.float32),
            "idf": np.ones(n_buckets, dtype=np.float32),
        },
        meta={
            "version": "v2-tiny-base",
            "heads": list(ATTRIBUTES),
            "n_buckets": n_buckets,
            "cues": {"attack_logit": 2.0, "threat_logit": 4.0, "ceiling": 0.8},
        },
    )
    model.save(base_dir / "shipped")
    return model
