"""Make a folded v3 candidate the shipped model: thresholds, ceiling and highlights chosen on dev.

``townsquare civility ship --candidate DIR`` (needs no torch). ``DIR`` holds a folded candidate
(``candidate.{npz,json}``: v2's lexical tier and cues stacked with a fine-tuned encoder's heads,
``offline/stack.fold_lexical_stack``, as ``bench/civility_v3_dev.py --fold-out`` writes it) and
its ``encoder-int8.onnx`` and ``tokenizer.json``. The command, on **dev** data only:

1. scores the C3 dev comments through the run-time path without the ceiling and sets nudge,
   hold and reject from the civil ones' quantiles, as ``civility train`` does for v2
   (``build.choose_thresholds``: 12 %, 4 % and 0.5 % of civil comments above them);
2. puts the ceiling (undirected comments' toxicity, insult and obscene squeezed just under
   reject) at ``build.reject_ceiling`` of those levels;
3. keeps the highlights from both tiers or from the lexical tier alone, whichever matches Toxic
   Spans' dev annotations better (character F1);
4. writes ``shipped.{npz,json}``, the encoder and the tokenizer into the package's artifacts
   (or ``--out-dir``) and ``dev-report.json`` with what it chose and why.

No test split is read: ``civility evaluate --suite`` reports the shipped model on test.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from townsquare.civility.encoder import ARTIFACTS_DIR, Encoder, encoder_for, file_digest
from townsquare.civility.model import LinearModel, sigmoid
from townsquare.civility.offline import build, corpora, suite
from townsquare.civility.spelling import SPELLING_FILE


def _c3_dev_civility(model: LinearModel, encoder: Encoder, texts: list[str]) -> np.ndarray:
    out = np.zeros(len(texts))
    for start in range(0, len(texts), 64):
        batch = texts[start : start + 64]
        for i, (text, enc) in enumerate(zip(batch, encoder.encode(batch), strict=True)):
            out[start + i] = float(np.max(sigmoid(model.chunk_scores(text, enc).logits)))
    return out


def ship_candidate(
    candidate_dir: Path,
    *,
    data_dir: Path | None = None,
    out_dir: Path | None = None,
    log: Callable[[str], Any] = print,
) -> Path:
    """Choose the thresholds, ceiling and highlights on dev; write the shipped artifact."""
    data_dir = data_dir or corpora.shared_data_dir()
    out_dir = out_dir or ARTIFACTS_DIR
    model = LinearModel.load(candidate_dir / "candidate")
    if model.dense_weights is None or "stack" not in model.meta:
        raise ValueError(f"{candidate_dir} holds no folded stack (civility_v3_dev --fold-out)")
    window = int(model.meta["encoder"]["max_tokens"])
    spelling = model.meta["encoder"].get("spelling")
    reading = (
        {k: model.meta["encoder"][k] for k in ("spelling", "spelling_digest")} if spelling else {}
    )
    if model.meta["encoder"].get("emoji"):
        reading["emoji"] = model.meta["encoder"]["emoji"]
    encoder = encoder_for(model.meta, candidate_dir)
    report: dict[str, Any] = {"candidate": str(candidate_dir), "stack": model.meta["stack"]}

    log("1/3 scoring the C3 dev comments (no ceiling) for nudge, hold and reject")
    cues = {k: v for k, v in (model.meta.get("cues") or {}).items() if k != "ceiling"}
    model.cues = model.meta["cues"] = cues
    c3_dev, _ = corpora.c3_split(corpora.c3_comments(data_dir))
    c3 = suite.EvalSet("c3", [c.text for c in c3_dev], [c.uncivil for c in c3_dev])
    levels = build.choose_thresholds([c3], {"c3": _c3_dev_civility(model, encoder, c3.texts)})
    model.cues = model.meta["cues"] = {**cues, "ceiling": build.reject_ceiling(levels)}
    report["levels"] = levels
    log(f"  thresholds {levels}, ceiling {model.cues['ceiling']}")

    log("2/3 highlights: both tiers or the lexical tier, by Toxic Spans dev character F1")
    build.choose_highlights(model, encoder, data_dir=data_dir, report=report, log=log)

    log("3/3 writing the artifact")
    out_dir.mkdir(parents=True, exist_ok=True)
    stale = out_dir / SPELLING_FILE
    if not spelling and stale.exists() and candidate_dir.resolve() != out_dir.resolve():
        stale.unlink()  # a model that reads spelling as typed ships no lexicon
    for name in ("encoder-int8.onnx", "tokenizer.json", *([spelling] if spelling else [])):
        if (candidate_dir / name).resolve() != (out_dir / name).resolve():
            shutil.copy(candidate_dir / name, out_dir / name)
    model.meta.update(
        kind="shipped",
        created=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        thresholds=levels,
        encoder={
            "file": "encoder-int8.onnx",
            "digest": file_digest(out_dir / "encoder-int8.onnx"),
            "max_tokens": window,
            **reading,
        },
    )
    model = LinearModel(arrays=model.arrays(), meta=model.meta)
    return build.save_shipped(model, out_dir, report=report, log=log)
