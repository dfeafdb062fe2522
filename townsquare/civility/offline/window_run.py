"""``townsquare civility window``: a folded model reading another number of word pieces.

The candidate is its base model unchanged (heads, lexical tier, cues, encoder, spelling reader)
with one change in its metadata: ``encoder.max_tokens``, the first word pieces of a comment the
encoder reads at run time (model card "E46"). The command writes the candidate (``civility
ship`` takes it) and measures it against its base on the dev items ``train``'s stage 5 reads,
with the release rule (``dev.json``). Nothing here reads a test split, and nothing needs torch.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from townsquare.civility.model import LinearModel, weights_digest

MAX_WINDOW = 512  # the encoder's position embeddings


def window_model(base_stem: Path, out_dir: Path, *, tokens: int, record: dict) -> Path:
    """Write ``out_dir``: the base's model and encoder reading ``tokens`` word pieces, under a
    new version."""
    from townsquare.civility.offline.heads import write_candidate

    if not 8 <= tokens <= MAX_WINDOW:
        raise ValueError(f"--tokens must be between 8 and {MAX_WINDOW}, not {tokens}")
    base = LinearModel.load(base_stem)
    if base.dense_weights is None or not base.meta.get("encoder"):
        raise ValueError(f"{base.version} reads no encoder: it has no window")
    before = int(base.meta["encoder"].get("max_tokens", 0))
    if before == tokens:
        raise ValueError(f"{base.version} already reads {tokens} word pieces")
    meta = copy.deepcopy(base.meta)
    meta["encoder"]["max_tokens"] = tokens
    meta["window"] = {"base": base.version, "from": before, "tokens": tokens, **record}
    model = LinearModel(arrays=base.arrays(), meta=meta)
    digest = weights_digest(model.dense_weights, model.bias)
    model.version = model.meta["version"] = f"window-{digest}-w{tokens}"
    write_candidate(model, base_stem.parent, out_dir)
    return out_dir


def window_run(
    base_dir: Path,
    out_dir: Path,
    *,
    data_dir: Path,
    tokens: int,
    contrast_waves: int = 7,
    per_pattern: int = 24,
    c3: int = 2500,
    threads: int = 0,
    log: Callable[[str], Any] = print,
    command: str = "",
) -> dict[str, Any]:
    """Write the candidate, measure it and its base on dev (``dev.json``)."""
    from townsquare.civility.offline.heads import candidate_on_dev

    def write(base_stem: Path) -> None:
        window_model(base_stem, out_dir, tokens=tokens, record={"command": command})
        before = LinearModel.load(out_dir / "candidate").meta["window"]["from"]
        log(f"window: {before} to {tokens} word pieces")

    record, _ = candidate_on_dev(
        base_dir,
        out_dir,
        "window",
        write,
        data_dir=data_dir,
        contrast_waves=contrast_waves,
        per_pattern=per_pattern,
        c3=c3,
        threads=threads,
        log=log,
    )
    return record
