"""Refit the five heads over a frozen fine-tuned encoder (``train --refit-heads DIR``).

Continuing a fine-tuned encoder on new contrast data (E12-E14 in the model card) taught it more
threats and hate and moved what it reads of civil comments with it: every continuation held
more civil items than the model it would replace. Refitting only the linear heads keeps the
encoder, so every text's states stay as the shipped model reads them; the heads alone learn from
the new data. It needs no torch: the texts are encoded once by the int8 ONNX encoder as the
run-time path reads them (``Encoder``, [UNK] pieces dropped, the scoring window), and each head is
a logistic regression on soft targets over the mean token state (``training.fit_soft_logistic``),
so every token's share of a score stays exact.

``refit_heads`` writes an export directory as ``export.export_run`` does (``encoder-int8.onnx``,
``tokenizer.json``, ``candidate.{npz,json}``), which the pipeline stacks, folds, measures and
ships as it does a fine-tuned seed's.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from townsquare.civility.encoder import Encoder, file_digest
from townsquare.civility.model import LinearModel, weights_digest
from townsquare.civility.scores import ATTRIBUTES

ENCODER_FILES = ("encoder-int8.onnx", "tokenizer.json")


def check_source(source: Path) -> None:
    """Refuse a directory that holds no encoder to refit heads over (``ValueError``)."""
    missing = [name for name in ENCODER_FILES if not (source / name).exists()]
    if missing:
        raise ValueError(
            f"{source} holds no encoder to refit heads over (missing {', '.join(missing)}): "
            "give an export or the package's artifacts directory"
        )


def source_identity(source: Path) -> dict[str, str]:
    """What decides a refit's encoder: its file's digest, not where it lies."""
    return {"encoder": file_digest(source / "encoder-int8.onnx")}


def refit_heads(
    source: Path,
    data: Any,
    out_dir: Path,
    *,
    window: int,
    C: float,
    seed: int,
    cache_dir: Path,
    threads: int = 0,
    progress: bool = True,
    log: Callable[[str], Any] = print,
) -> Path:
    """Encode ``data`` (``finetune.Data``) with ``source``'s encoder and fit five heads on it.

    The mean states are cached in ``cache_dir`` (``embedcache.MeanCache``, saved as it goes, so
    an interrupted refit encodes only what is left). Writes ``out_dir`` beside its place and
    renames it in; returns it.
    """
    from townsquare.civility.offline.embedcache import MeanCache
    from townsquare.civility.offline.training import N_BUCKETS, fit_soft_logistic

    check_source(source)
    if C <= 0:
        raise ValueError(f"the heads' C must be above 0, not {C}")
    unlabelled = [a for j, a in enumerate(ATTRIBUTES) if not (data.weights[:, j] > 0).any()]
    if unlabelled:
        raise ValueError(f"no training text is labelled for {', '.join(unlabelled)}")
    started = time.monotonic()
    encoder = Encoder(
        model_path=source / "encoder-int8.onnx",
        tokenizer_path=source / "tokenizer.json",
        max_tokens=window,
        threads=threads,
    )
    means = MeanCache(cache_dir, encoder).means(data.texts, progress=progress).astype(np.float64)
    dense = np.zeros((means.shape[1], len(ATTRIBUTES)), dtype=np.float32)
    bias = np.zeros(len(ATTRIBUTES), dtype=np.float32)
    labelled: dict[str, int] = {}
    for j, attribute in enumerate(ATTRIBUTES):
        dense[:, j], bias[j] = fit_soft_logistic(
            means, data.targets[:, j], data.weights[:, j], C=C, seed=seed
        )
        labelled[attribute] = int((data.weights[:, j] > 0).sum())
        log(f"  head {attribute}: fitted on {labelled[attribute]} texts")
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    source_meta = _source_meta(source)
    refit = {
        "source": str(source),
        "source_version": source_meta.get("version", ""),
        "encoder": file_digest(source / "encoder-int8.onnx"),
        "C": C,
        "seed": seed,
        "window": window,
        "texts": len(data.texts),
        "labelled": labelled,
        "data": {"digest": data.digest(), "counts": data.counts},
        "seconds": round(time.monotonic() - started, 1),
    }
    meta: dict[str, Any] = {
        "kind": "shipped",
        "architecture": "fine-tuned encoder (frozen), linear heads refitted over the mean state",
        "heads": list(ATTRIBUTES),
        "n_buckets": N_BUCKETS,
        "cues": None,
        "created": created,
        "seed": seed,
        "encoder": {
            "file": "encoder-int8.onnx",
            "digest": refit["encoder"],
            "max_tokens": window,
        },
        # the encoder's own making, as the source recorded it, with this refit beside it
        "finetune": {**(source_meta.get("finetune") or {}), "heads_refit": refit},
    }
    meta["version"] = f"refit-{created[:10]}-{weights_digest(dense, bias)}-w{window}"
    arrays = {
        "sparse_weights": np.zeros((N_BUCKETS, len(ATTRIBUTES)), dtype=np.float32),
        "dense_weights": dense,
        "bias": bias,
        "idf": np.ones(N_BUCKETS, dtype=np.float32),
    }
    tmp = out_dir.parent / f".{out_dir.name}.partial"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name in ENCODER_FILES:
        shutil.copy(source / name, tmp / name)
    LinearModel(arrays=arrays, meta=meta).save(tmp / "candidate")
    shutil.rmtree(out_dir, ignore_errors=True)
    tmp.rename(out_dir)
    log(f"  refitted heads over {source}'s encoder in {refit['seconds']:.0f} s: {out_dir}")
    return out_dir


def _source_meta(source: Path) -> dict[str, Any]:
    """The source's model metadata (an export's ``candidate.json``, the package's
    ``shipped.json``), or nothing where it has none."""
    for name in ("candidate.json", "shipped.json"):
        path = source / name
        if path.exists():
            try:
                return json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                return {}
    return {}
