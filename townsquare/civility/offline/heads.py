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
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from townsquare.civility.encoder import DIM, Encoder, encoder_for, file_digest
from townsquare.civility.model import LinearModel, weights_digest
from townsquare.civility.scores import ATTRIBUTES
from townsquare.civility.spelling import Lexicon

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
    write_candidate(LinearModel(arrays=arrays, meta=meta), source, out_dir)
    log(f"  refitted heads over {source}'s encoder in {refit['seconds']:.0f} s: {out_dir}")
    return out_dir


def write_candidate(
    model: LinearModel, source: Path, out_dir: Path, *, lexicon: Lexicon | None = None
) -> None:
    """``out_dir/candidate.{npz,json}`` beside a copy of ``source``'s encoder and tokenizer
    (and of the spelling lexicon the model names, or ``lexicon``), written beside ``out_dir``
    and renamed into place (replacing an earlier one)."""
    tmp = out_dir.parent / f".{out_dir.name}.partial"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name in ENCODER_FILES:
        shutil.copy(source / name, tmp / name)
    spelling = (model.meta.get("encoder") or {}).get("spelling")
    if spelling and lexicon is not None:
        lexicon.save(tmp / spelling)
    elif spelling:
        shutil.copy(source / spelling, tmp / spelling)
    model.save(tmp / "candidate")
    shutil.rmtree(out_dir, ignore_errors=True)
    tmp.rename(out_dir)


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


# -- residual heads --------------------------------------------------------------------------
def fit_residual_head(
    states: np.ndarray,
    offsets: np.ndarray,
    targets: np.ndarray,
    weights: np.ndarray,
    *,
    lam: float,
    fit_bias: bool = True,
    max_iter: int = 500,
) -> tuple[np.ndarray, float]:
    """A change ``(delta, b)`` of one head over the mean states: minimises the weighted
    soft-label log loss of ``offsets + states @ delta + b`` (mean over the labelled texts) plus
    ``lam / 2 * |delta|^2``. With ``offsets`` the base model's own logits, it learns only where
    the base model is wrong, and ``lam`` keeps it near the base model. Without ``fit_bias``,
    ``b`` stays 0 (a change that must not move every text's logit)."""
    from scipy.optimize import minimize

    if lam <= 0:
        raise ValueError(f"the residual's lambda must be above 0, not {lam}")
    keep = weights > 0
    if not keep.any():
        raise ValueError("no training text is labelled for this head")
    x = np.asarray(states[keep], dtype=np.float64)
    o = np.asarray(offsets[keep], dtype=np.float64)
    t, w = targets[keep], weights[keep]  # as given (float32 from ``finetune.Data``)
    w = w / w.sum()

    def loss_and_gradient(params: np.ndarray) -> tuple[float, np.ndarray]:
        delta, b = params[:-1], params[-1]
        z = o + x @ delta + b
        loss = float(np.sum(w * (np.logaddexp(0.0, z) - t * z)) + 0.5 * lam * delta @ delta)
        g = w * (1.0 / (1.0 + np.exp(-z)) - t)
        return loss, np.r_[x.T @ g + lam * delta, g.sum() if fit_bias else 0.0]

    result = minimize(
        loss_and_gradient,
        np.zeros(x.shape[1] + 1),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": max_iter},
    )
    return result.x[:-1].astype(np.float32), float(result.x[-1])


POOLINGS = ("mean", "anchored")


def anchored_states(
    encoder: Any, texts: Sequence[str], cache_dir: Path, *, progress: bool = True
) -> np.ndarray:
    """(n, DIM + 1): each text's mean state over the word pieces from the first group named
    (``anchors.anchor_pieces``; zeros where it names none), then 1 where it names one. Cached
    in ``cache_dir`` by the encoder's states key, the anchor reading and the texts."""
    import hashlib

    from tqdm import tqdm

    from townsquare.civility import anchors

    key = hashlib.sha1("\n".join(texts).encode("utf-8")).hexdigest()[:12]
    path = cache_dir / (
        f"anchored-{encoder.states_key}-{encoder.max_tokens}-a{anchors.ANCHOR_READING}"
        f"p{anchors.PIECES}-{key}.npy"
    )
    if path.exists():
        return np.load(path)
    out = np.zeros((len(texts), DIM + 1), dtype=np.float32)
    for start in tqdm(
        range(0, len(texts), 64), desc="anchored states", unit="batch", disable=not progress
    ):
        batch = list(texts[start : start + 64])
        for i, (text, encoded) in enumerate(zip(batch, encoder.encode(batch), strict=True)):
            near = anchors.anchor_pieces(text, encoded)
            if len(near):
                out[start + i, :DIM] = encoded.states[near].mean(axis=0)
                out[start + i, DIM] = 1.0
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.stem + ".tmp.npy")
    np.save(tmp, out)
    tmp.replace(path)
    return out


def residual_model(
    base_stem: Path,
    data: Any,
    out_dir: Path,
    *,
    heads: Sequence[str],
    lam: float,
    cache_dir: Path,
    pooling: str = "mean",
    civil_group_weight: float | str = 1.0,
    threads: int = 0,
    progress: bool = True,
    log: Callable[[str], Any] = print,
    command: str = "",
) -> Path:
    """The folded model at ``base_stem`` (a shipped model, or a folded candidate, with its
    encoder and tokenizer beside it) with a residual change of the encoder weights and bias of
    each of ``heads``, fitted on ``data`` (``finetune.Data``) over the frozen states.

    Writes ``out_dir/candidate.{npz,json}`` beside a copy of the encoder and tokenizer: a folded
    candidate, which ``civility ship`` takes (thresholds, ceiling and highlights chosen on dev).
    The states (``embedcache.MeanCache``) and the base model's logits on ``data`` are cached in
    ``cache_dir``, so a second residual on the same data encodes nothing.

    With anchored pooling, ``civil_group_weight`` (a factor, or "balanced" for
    ``balancing_weight`` per head) weights the civil texts that name a group more, so the
    block learns less of "a group named" and more of what is said near it (model card E33).
    """
    from townsquare.civility.offline import finetune
    from townsquare.civility.offline.embedcache import MeanCache

    unknown = [h for h in heads if h not in ATTRIBUTES]
    if not heads or unknown:
        raise ValueError(
            f"name one or more heads of {', '.join(ATTRIBUTES)}"
            + (f"; not {', '.join(unknown)}" if unknown else "")
        )
    if lam <= 0:
        raise ValueError(f"the residual's lambda must be above 0, not {lam}")
    if pooling not in POOLINGS:
        raise ValueError(f"pooling is one of {', '.join(POOLINGS)}, not {pooling!r}")
    finetune.check_civil_group_weight(civil_group_weight)
    if civil_group_weight != 1.0 and pooling != "anchored":
        raise ValueError("a civil group weight needs anchored pooling")
    source = base_stem.parent
    check_source(source)
    base = LinearModel.load(base_stem)
    if base.dense_weights is None:
        raise ValueError(f"{base.version} has no encoder weights to change")
    started = time.monotonic()
    encoder = encoder_for(base.meta, source, threads=threads)
    if pooling == "anchored":
        states = anchored_states(encoder, data.texts, cache_dir, progress=progress)
        log(f"  {states[:, -1].mean():.1%} of the texts name a group")
    else:
        states = MeanCache(cache_dir, encoder).means(data.texts, progress=progress)
    offsets = _base_logits(base_stem, base.version, data, cache_dir, threads, progress)
    dense = base.dense_weights.astype(np.float32).copy()
    bias = base.bias.astype(np.float32).copy()
    n_heads = len(base.heads)
    anchored = (
        base.anchor_weights.astype(np.float32).copy()
        if base.anchor_weights is not None
        else np.zeros((DIM, n_heads), dtype=np.float32)
    )
    anchored_bias = (
        base.anchor_bias.astype(np.float32).copy()
        if base.anchor_bias is not None
        else np.zeros(n_heads, dtype=np.float32)
    )
    changes: dict[str, dict[str, float]] = {}
    for head in heads:
        j, k = ATTRIBUTES.index(head), base.heads.index(head)
        weights = data.weights[:, j]
        factor = 1.0
        if pooling == "anchored" and civil_group_weight != 1.0:
            named = states[:, -1] > 0
            factor = finetune.civil_group_factor(
                named, data.targets[:, j], weights, civil_group_weight
            )
            weights = finetune.civil_group_weights(named, data.targets[:, j], weights, factor)
            log(f"  {head}: civil texts that name a group weigh {factor:.2f}")
        # the anchored block has its own bias (the last column), for comments naming a group
        delta, b = fit_residual_head(
            states,
            offsets[:, j],
            data.targets[:, j],
            weights,
            lam=lam,
            fit_bias=pooling != "anchored",
        )
        if pooling == "anchored":  # the last column says a group is named: the block's bias
            anchored[:, k] += delta[:DIM]
            anchored_bias[k] += delta[DIM]
        else:
            dense[:, k] += delta
        bias[k] += np.float32(b)
        changes[head] = {"delta_norm": round(float(np.linalg.norm(delta)), 4), "bias": round(b, 4)}
        if factor != 1.0:
            changes[head]["civil_group_weight"] = round(factor, 4)
        log(f"  {head}: |delta| {changes[head]['delta_norm']:.3f}, bias {b:+.3f}")
    model = LinearModel(arrays=base.arrays(), meta=dict(base.meta))
    model.dense_weights, model.bias = dense, bias
    if pooling == "anchored" or base.anchor_weights is not None:
        from townsquare.civility import anchors

        model.anchor_weights, model.anchor_bias = anchored, anchored_bias
        model.meta["anchor"] = {"reading": anchors.ANCHOR_READING, "pieces": anchors.PIECES}
    model.meta["residual"] = {
        "base": base.version,
        "heads": list(heads),
        "lambda": lam,
        "pooling": pooling,
        "civil_group_weight": civil_group_weight,
        "changes": changes,
        "texts": len(data.texts),
        "data": {"digest": data.digest(), "counts": data.counts},
        "seconds": round(time.monotonic() - started, 1),
        "command": command,
    }
    model.version = model.meta["version"] = (
        f"residual-{weights_digest(dense, bias, model.anchor_weights, model.anchor_bias)}"
    )
    write_candidate(model, source, out_dir)
    log(f"  wrote {model.version} to {out_dir}")
    return out_dir


def _base_logits(
    base_stem: Path,
    version: str,
    data: Any,
    cache_dir: Path,
    threads: int,
    progress: bool,
) -> np.ndarray:
    """The base model's run-time logits on ``data`` (ATTRIBUTES order), cached by the base's
    version and the data's digest."""
    from tqdm import tqdm

    from townsquare.civility.offline.pipeline import model_scorer

    path = cache_dir / f"logits-{version}-{data.digest()}.npy"
    if path.exists():
        return np.load(path)
    score = model_scorer(base_stem, threads=threads)
    out = np.zeros((len(data.texts), len(ATTRIBUTES)))
    step = 512
    for start in tqdm(
        range(0, len(data.texts), step), desc="base logits", unit="batch", disable=not progress
    ):
        out[start : start + step] = score(data.texts[start : start + step])
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.stem + ".tmp.npy")
    np.save(tmp, out)
    tmp.replace(path)
    return out


def residual_run(
    base_dir: Path,
    out_dir: Path,
    *,
    data_dir: Path,
    heads: Sequence[str],
    lam: float,
    seed: int,
    texts: int = 24_000,
    contrast_waves: int = 7,
    per_pattern: int = 24,
    c3: int = 2500,
    cache_dir: Path | None = None,
    pooling: str = "mean",
    civil_group_weight: float | str = 1.0,
    threads: int = 0,
    progress: bool = True,
    log: Callable[[str], Any] = print,
    command: str = "",
) -> dict[str, Any]:
    """``civility residual``: ``train``'s data for ``seed`` (the public sets' train splits, the
    contrast set's train split, obfuscated copies), a residual on ``base_dir``'s model
    (``residual_model``), then the residual and the base measured on the same dev items as
    ``train``'s stage 5 and the release rule applied (``pipeline.release_check``).

    Writes ``out_dir`` (a folded candidate for ``civility ship``) and ``out_dir/dev.json`` (both
    models' dev figures and the reasons the rule gives, if any); returns that record. Nothing
    here reads a test split.
    """
    from townsquare.civility.offline import contrast, finetune, pipeline

    base_stem = model_stem(base_dir)
    cache = cache_dir or out_dir.parent / "cache"
    plan = pipeline.Plan(
        data_dir=data_dir, texts=texts, contrast_waves=contrast_waves, per_pattern=per_pattern
    )
    contrast.check_settings(per_pattern=per_pattern, waves=contrast_waves)
    log(f"contrast set: {per_pattern} items a pattern, waves 1-{contrast_waves}")
    items = contrast.generate(data_dir=data_dir, per_pattern=per_pattern, waves=contrast_waves)
    log(f"  {len(items)} items ({contrast.digest(items)})")
    data = finetune.training_data(finetune.load_examples(data_dir), items, plan.config(seed))
    log(f"training data, seed {seed}: {len(data.texts)} texts ({data.digest()}): {data.counts}")
    log(f"residual on {', '.join(heads)} of {base_stem} (lambda {lam:g}, {pooling} pooling)")
    residual_model(
        base_stem,
        data,
        out_dir,
        heads=heads,
        lam=lam,
        cache_dir=cache,
        pooling=pooling,
        civil_group_weight=civil_group_weight,
        threads=threads,
        progress=progress,
        log=log,
        command=command,
    )
    return compare_on_dev(
        base_stem,
        out_dir,
        "residual",
        data_dir=data_dir,
        items=items,
        c3=c3,
        contrast_waves=contrast_waves,
        threads=threads,
        log=log,
    )


def compare_on_dev(
    base_stem: Path,
    out_dir: Path,
    name: str,
    *,
    data_dir: Path,
    items: Sequence[Any],
    c3: int,
    contrast_waves: int,
    threads: int,
    log: Callable[[str], Any],
) -> dict[str, Any]:
    """The base model and ``out_dir``'s candidate measured on the same dev items as ``train``'s
    stage 5, and the release rule applied to the candidate (``pipeline.release_check``).
    Writes and returns the record (``out_dir/dev.json``: ``base``, ``name``, ``refused``)."""
    from townsquare.civility.offline import pipeline

    log(f"dev figures ({c3} C3 dev comments, the contrast set's dev split) and the release rule")
    dev = pipeline.dev_measurer(data_dir, items, c3=c3, contrast_waves=contrast_waves)

    def measure(stem: Path) -> dict[str, Any]:
        return dev(pipeline.model_scorer(stem, threads=threads))

    record: dict[str, Any] = {"base": measure(base_stem), name: measure(out_dir / "candidate")}
    record["refused"] = pipeline.release_check(record[name], record["base"])
    for which in ("base", name):
        row = record[which]
        log(
            f"  {which}: criterion {row['criterion']:.4f}, C3 dev ROC-AUC "
            f"{row['c3_dev_roc_auc']:.4f}, contrast civil / uncivil held "
            f"{row['contrast_dev_civil_held']:.1%} / {row['contrast_dev_uncivil_held']:.1%}"
        )
    log(
        "  release rule: "
        + ("passes" if not record["refused"] else "refused: " + "; ".join(record["refused"]))
    )
    (out_dir / "dev.json").write_text(json.dumps(record, indent=1, sort_keys=True), "utf-8")
    return record


def candidate_on_dev(
    base_dir: Path,
    out_dir: Path,
    name: str,
    write: Callable[[Path], Any],
    *,
    data_dir: Path,
    contrast_waves: int,
    per_pattern: int,
    c3: int,
    threads: int,
    log: Callable[[str], Any],
) -> tuple[dict[str, Any], list[Any]]:
    """What ``spelling``, ``cues`` and ``window`` share: check the base directory and the
    contrast settings, ``write(base_stem)`` the candidate into ``out_dir``, then measure it and
    its base with ``compare_on_dev``. Returns the record and the contrast items it was measured
    on (every split: a caller may read the train split too)."""
    from townsquare.civility.offline import contrast

    base_stem = model_stem(base_dir)
    check_source(base_dir)
    contrast.check_settings(per_pattern=per_pattern, waves=contrast_waves)
    write(base_stem)
    log(f"  wrote {LinearModel.load(out_dir / 'candidate').version} to {out_dir}")
    items = contrast.generate(data_dir=data_dir, per_pattern=per_pattern, waves=contrast_waves)
    log(f"contrast set: {len(items)} items ({contrast.digest(items)}), waves 1-{contrast_waves}")
    record = compare_on_dev(
        base_stem,
        out_dir,
        name,
        data_dir=data_dir,
        items=items,
        c3=c3,
        contrast_waves=contrast_waves,
        threads=threads,
        log=log,
    )
    return record, items


def model_stem(directory: Path) -> Path:
    """The model in ``directory``: a folded candidate's ``candidate`` or the package's
    ``shipped``."""
    for name in ("candidate", "shipped"):
        if (directory / f"{name}.json").exists() and (directory / f"{name}.npz").exists():
            return directory / name
    raise ValueError(f"no model (candidate.json or shipped.json) in {directory}")
