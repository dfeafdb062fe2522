"""Turn a fine-tuning run (``finetune.py``) into an artifact that scores without torch.

``export_run(run_dir, out_dir)`` writes, in ``out_dir``:

- ``encoder-int8.onnx`` + ``tokenizer.json``: the tuned encoder exported and quantised exactly as
  the shipped one is (``encoder.export_encoder``: int8 weights, float activations, so a text's
  states do not depend on its batch);
- ``candidate.{npz,json}``: a ``LinearModel`` whose five heads are the fine-tuned linear layer
  over the mean token state (``dense_weights``) with an all-zero lexical block, so the run-time
  scorer (``model.py``) scores it as it scores v2, and every token's share ``w · h_t / T`` of a
  score is exact. The metadata names the encoder file, its digest and its window
  (``max_tokens``), and the run's settings and data digest.

``rewindow(out_dir, window)`` copies an export to ``<name>-w<window>`` with another window (the
shipped v3 was trained at 128 word pieces and scores at 96). ``Candidate`` scores texts from
those files with onnxruntime alone, for dev comparisons.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from townsquare.civility.encoder import Encoder
from townsquare.civility.model import LinearModel, weights_digest
from townsquare.civility.offline.training import N_BUCKETS
from townsquare.civility.scores import ATTRIBUTES


def export_run(run_dir: Path, out_dir: Path) -> Path:
    """Export ``run_dir``'s encoder to int8 ONNX and its heads to ``candidate.{npz,json}``."""
    from townsquare.civility.encoder import export_encoder

    info = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    model_path, _ = export_encoder(out_dir, source=run_dir / "encoder")
    with np.load(run_dir / "heads.npz") as heads:
        dense, bias = heads["dense"].astype(np.float32), heads["bias"].astype(np.float32)
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    from townsquare.civility.encoder import file_digest

    meta: dict[str, Any] = {
        "kind": "shipped",
        "architecture": "fine-tuned encoder, linear heads over the mean token state",
        "heads": list(ATTRIBUTES),
        "n_buckets": N_BUCKETS,
        "cues": None,
        "created": created,
        "seed": info["config"]["seed"],
        "encoder": {
            "file": model_path.name,
            "digest": file_digest(model_path),
            "max_tokens": info["config"]["max_tokens"],
        },
        "finetune": info,
    }
    meta["version"] = f"finetuned-{created[:10]}-{weights_digest(dense, bias)}"
    sparse = np.zeros((N_BUCKETS, len(ATTRIBUTES)), dtype=np.float32)
    arrays = {
        "sparse_weights": sparse,
        "dense_weights": dense,
        "bias": bias,
        "idf": np.ones(N_BUCKETS, dtype=np.float32),
    }
    model = LinearModel(arrays=arrays, meta=meta)
    stem = out_dir / "candidate"
    model.save(stem)
    return stem


def rewindow(out_dir: Path, window: int, *, dest: Path | None = None) -> Path:
    """Copy the export ``out_dir`` to ``dest`` (default ``<out_dir>-w<window>``), scoring with a
    window of ``window`` word pieces.

    The encoder and heads are the same files; ``candidate.json``'s ``encoder.max_tokens``
    becomes ``window`` and ``-w<window>`` is appended to its ``version``, so caches keyed by
    the version keep the two apart. The copy is written beside the destination and renamed,
    so an interruption never leaves half of one. Returns the destination.
    """
    import shutil

    if window < 1:
        raise ValueError(f"the window must be at least 1 word piece, not {window}")
    dest = dest or out_dir.parent / f"{out_dir.name}-w{window}"
    meta = json.loads((out_dir / "candidate.json").read_text(encoding="utf-8"))
    tmp = dest.parent / f".{dest.name}.partial"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(out_dir, tmp)
    meta["encoder"]["max_tokens"] = window
    meta["version"] = f"{meta['version']}-w{window}"
    (tmp / "candidate.json").write_text(json.dumps(meta, indent=1, sort_keys=True), "utf-8")
    shutil.rmtree(dest, ignore_errors=True)
    tmp.rename(dest)
    return dest


class Candidate:
    """An exported run, scored with onnxruntime: five logits per text from the mean state."""

    def __init__(self, out_dir: Path, *, threads: int = 0, drop_unknown: bool = True) -> None:
        self.model = LinearModel.load(out_dir / "candidate")
        self.encoder = Encoder(
            model_path=out_dir / "encoder-int8.onnx",
            tokenizer_path=out_dir / "tokenizer.json",
            max_tokens=int(self.model.meta["encoder"]["max_tokens"]),
            threads=threads,
            drop_unknown=drop_unknown,
        )
        assert self.model.dense_weights is not None

    def logits(self, means: np.ndarray) -> np.ndarray:
        return means @ self.model.dense_weights + self.model.bias

    def score(self, texts: Sequence[str]) -> np.ndarray:
        """(n, 5) logits."""
        return self.logits(self.encoder.means(texts))
