"""Stack a fine-tuned candidate with v2's tiers: per attribute, a small logistic regression.

For attribute ``h`` the stacked logit is ``sum_k coef[h, k] * block_k[:, h] + intercept[h]``:
each block is one model's five logits for the same texts (v2's final logits through the real
shipped model; v2's lexical tier with its cues, without the frozen encoder; a candidate's
heads), and only the block's own column for ``h`` enters, so a head has ``blocks + 1``
numbers, too few to memorise the items it is fitted on. Because each block's logit is a sum of
per-token (or per-chunk) shares, so is the stacked one: highlights stay exact (the ceiling
aside, as in v2).

The fit is Newton's method on the weighted binary cross-entropy with soft targets (weight 0 =
the item says nothing about that attribute), L2 on the coefficients (not the intercept) with
``C`` as scikit-learn means it, sample weights scaled to mean 1 over the items that count (so
``C`` means the same whatever the sets' sizes), in numpy alone. Fit it on items that none of
the stacked models trained on and report it on others (``bench/civility_v3_dev.py --stack``
fits on dev items outside the ones it reports on).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from townsquare.civility.scores import ATTRIBUTES

STACK_C = 10.0  # as v2's own stack (training.fit_stack): weak, on a handful of numbers


def fit_logistic(
    x: np.ndarray,
    targets: np.ndarray,
    weights: np.ndarray,
    *,
    C: float = STACK_C,
    max_iter: int = 100,
    tol: float = 1e-10,
) -> tuple[np.ndarray, float]:
    """(coef, intercept) minimising ``C * sum w_i CE(t_i, p_i) + |coef|^2 / 2``.

    ``x`` (n, k), ``targets`` (n,) in [0, 1] (soft), ``weights`` (n,) >= 0; rows with weight
    0 are ignored. Raises ``ValueError`` on mismatched shapes, targets outside [0, 1],
    negative weights, or no row with a positive weight.
    """
    x = np.asarray(x, dtype=np.float64)
    t = np.asarray(targets, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    if x.ndim != 2 or t.shape != (x.shape[0],) or w.shape != (x.shape[0],):
        raise ValueError(f"shapes differ: x {x.shape}, targets {t.shape}, weights {w.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError("x has values that are not finite")
    if np.any((t < 0) | (t > 1)) or np.any(w < 0):
        raise ValueError("targets must lie in [0, 1] and weights be >= 0")
    keep = w > 0
    if not keep.any():
        raise ValueError("no row with a positive weight")
    x, t, w = x[keep], t[keep], w[keep] / w[keep].mean()
    n, k = x.shape
    design = np.hstack([x, np.ones((n, 1))])
    penalty = np.r_[np.full(k, 1.0 / C), 1e-9]  # the intercept is (almost) not penalised
    theta = np.zeros(k + 1)
    for _ in range(max_iter):
        z = design @ theta
        p = 1.0 / (1.0 + np.exp(-z))
        grad = design.T @ (w * (p - t)) + penalty * theta
        curvature = w * p * (1.0 - p)
        hessian = design.T @ (design * curvature[:, None]) + np.diag(penalty)
        step = np.linalg.solve(hessian, grad)
        theta -= step
        if float(np.max(np.abs(step))) < tol:
            break
    return theta[:k], float(theta[k])


@dataclass
class Stack:
    """Per head, coefficients over the blocks' own column and an intercept."""

    names: tuple[str, ...]  # the blocks, in the order ``logits`` takes them
    coef: np.ndarray  # (heads, blocks)
    intercept: np.ndarray  # (heads,)
    heads: tuple[str, ...] = ATTRIBUTES

    def logits(self, blocks: Sequence[np.ndarray]) -> np.ndarray:
        """(n, heads) stacked logits from ``blocks``, each (n, heads), in ``names``' order."""
        arrays = _check_blocks(blocks, len(self.names), len(self.heads))
        out = np.tile(self.intercept.astype(np.float64), (arrays[0].shape[0], 1))
        for k, block in enumerate(arrays):
            out += block * self.coef[:, k][None, :]
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "blocks": list(self.names),
            "heads": {
                head: {
                    "coef": dict(zip(self.names, map(float, self.coef[h]), strict=True)),
                    "intercept": float(self.intercept[h]),
                }
                for h, head in enumerate(self.heads)
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Stack:
        names = tuple(data["blocks"])
        heads = tuple(data["heads"])
        coef = np.asarray([[data["heads"][h]["coef"][n] for n in names] for h in heads])
        intercept = np.asarray([data["heads"][h]["intercept"] for h in heads])
        return cls(names=names, coef=coef, intercept=intercept, heads=heads)


def fit_stack(
    blocks: Sequence[np.ndarray],
    targets: np.ndarray,
    weights: np.ndarray,
    *,
    names: Sequence[str],
    C: float = STACK_C,
) -> Stack:
    """Fit one logistic regression per head over the blocks' own column for that head.

    ``blocks``: each (n, heads) logits of one model; ``targets``, ``weights``: (n, heads), as
    the sets give them (``corpora.Example``). A head no fitted item speaks to keeps the first
    block as it is (coefficient 1, the others 0).
    """
    arrays = _check_blocks(blocks, len(names), None)
    n, heads = arrays[0].shape
    targets = np.asarray(targets, dtype=np.float64)
    weights = np.asarray(weights, dtype=np.float64)
    if targets.shape != (n, heads) or weights.shape != (n, heads):
        raise ValueError(
            f"targets {targets.shape} and weights {weights.shape} must be {(n, heads)}"
        )
    coef = np.zeros((heads, len(arrays)))
    intercept = np.zeros(heads)
    for h in range(heads):
        if not (weights[:, h] > 0).any():
            coef[h, 0] = 1.0
            continue
        x = np.stack([block[:, h] for block in arrays], axis=1)
        coef[h], intercept[h] = fit_logistic(x, targets[:, h], weights[:, h], C=C)
    head_names = ATTRIBUTES if heads == len(ATTRIBUTES) else tuple(f"h{h}" for h in range(heads))
    return Stack(names=tuple(names), coef=coef, intercept=intercept, heads=head_names)


def _check_blocks(blocks: Sequence[np.ndarray], n_blocks: int, heads: int | None) -> list:
    arrays = [np.asarray(b, dtype=np.float64) for b in blocks]
    if len(arrays) != n_blocks or not arrays:
        raise ValueError(f"expected {n_blocks} blocks, got {len(arrays)}")
    shape = arrays[0].shape
    if len(shape) != 2 or (heads is not None and shape[1] != heads):
        raise ValueError(f"a block must be (n, heads), got {shape}")
    if any(a.shape != shape for a in arrays):
        raise ValueError(f"blocks differ in shape: {[a.shape for a in arrays]}")
    return arrays


def load_base(base_dir: Path) -> tuple[Any, Any]:
    """The v2 model a stack is built on, and its encoder, from a directory.

    ``base_dir`` holds what ``civility train --v2-only`` (``build.train_shipped_artifact``)
    writes: ``shipped.{npz,json}`` and, when the model reads token states, the
    ``encoder-int8.onnx`` and ``tokenizer.json`` it was made with. Never the package's shipped
    model: since v3 ships, that is a folded stack itself. The encoder is ``None`` for a model
    with a lexical tier alone.
    """
    from townsquare.civility.encoder import Encoder, artifact_window
    from townsquare.civility.model import LinearModel

    stem = base_dir / "shipped"
    if not stem.with_suffix(".json").exists():
        raise ValueError(f"no v2 base model (shipped.json) in {base_dir}")
    model = LinearModel.load(stem)
    encoder = None
    if model.needs_encoder:
        encoder = Encoder(
            model_path=base_dir / "encoder-int8.onnx",
            tokenizer_path=base_dir / "tokenizer.json",
            max_tokens=artifact_window(stem.with_suffix(".json")),
            drop_unknown=False,  # v2 was fitted and shipped reading [UNK] pieces
        )
    return model, encoder


def lexical_only(base: Any) -> Any:
    """``base`` without its encoder block: its n-gram heads, bias, phrase cues and ceiling."""
    from townsquare.civility.model import LinearModel

    model = LinearModel(
        arrays={
            "sparse_weights": base.sparse_weights,
            "bias": base.bias,
            "idf": base.featurizer.idf,
        },
        meta={**base.meta, "version": f"{base.version}-lexical"},
    )
    model.featurizer = base.featurizer
    return model


def v2_blocks(
    texts: Sequence[str], *, base: Any, encoder: Any = None, lexical: bool = True, full: bool = True
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """(the base model's final logits, its lexical tier with its cues) for ``texts``, each (n, 5).

    ``base`` is the v2 model the stack is built on, ``encoder`` its own encoder (``load_base``):
    given explicitly, never read from the package, whose shipped model is v3 now. The first
    block is what ``base`` scores (lexical tier, frozen encoder tier, cues, ceiling); the second
    is the same model with its encoder block left out (n-gram shares, bias, phrase cues and
    ceiling), which needs no encoder at run time. ``full=False`` or ``lexical=False`` skips a
    block (``None`` in its place): the fold needs the lexical one alone.
    """
    if full and base.needs_encoder and encoder is None:
        raise ValueError(f"{base.version} reads token states: give its encoder")
    lex_model = lexical_only(base)
    index = [base.heads.index(a) for a in ATTRIBUTES]
    whole = np.zeros((len(texts), len(ATTRIBUTES))) if full else None
    lex = np.zeros((len(texts), len(ATTRIBUTES))) if lexical else None
    for start in range(0, len(texts), 256):
        batch = list(texts[start : start + 256])
        encoded = encoder.encode(batch) if full and base.needs_encoder else [None] * len(batch)
        for i, (text, enc) in enumerate(zip(batch, encoded, strict=True)):
            part = base.lexical_part(text)
            if whole is not None:
                whole[start + i] = base.finish(text, part, enc).logits[index]
            if lex is not None:
                lex[start + i] = lex_model.finish(text, part, None).logits[index]
    return whole, lex


def fold_lexical_stack(
    lexical: Any, candidate: Any, stack: Stack, *, version: str, extra_meta: dict | None = None
) -> Any:
    """One run-time ``LinearModel`` from a stack of v2's lexical tier and a candidate's heads.

    ``lexical`` is the v2 base model (``load_base``: its n-gram block, bias and cues; its
    encoder block is not used), ``candidate`` an exported fine-tuned model (``export.py``:
    heads over the mean token state, no n-gram block), ``stack`` fitted over the blocks
    ``("lexical", "candidate")``. Per head ``h`` with coefficients ``a``, ``b`` and intercept ``c``:

    - n-gram weights ``a * w_lex``, encoder weights ``b * w_cand``, bias ``a * bias_lex + b *
      bias_cand + c``, so ``logit = a * lexical + b * candidate + c`` before the cues;
    - the cues' boosts scaled by the coefficient of the head they boost (attacks the insult
      head, threats the threat head), as the lexical block carried them when it was fitted;
    - the ceiling (``cues.py``) applies to the folded logit, not to the lexical block's alone:
      the one place where the folded model differs from the fitted stack (``civility_v3_dev``
      measures the folded artifact itself).
    """
    from townsquare.civility.model import LinearModel

    if tuple(stack.names) != ("lexical", "candidate"):
        raise ValueError(f"the stack must be over (lexical, candidate), not {stack.names}")
    if candidate.dense_weights is None:
        raise ValueError("the candidate has no heads over the encoder's states")
    heads = list(lexical.heads)
    if list(candidate.heads) != heads:
        raise ValueError(f"heads differ: {lexical.heads} vs {candidate.heads}")
    order = [list(stack.heads).index(h) for h in heads]
    a = stack.coef[order, 0].astype(np.float32)
    b = stack.coef[order, 1].astype(np.float32)
    c = stack.intercept[order].astype(np.float32)
    arrays = {
        "sparse_weights": lexical.sparse_weights.astype(np.float32) * a[None, :],
        "dense_weights": candidate.dense_weights.astype(np.float32) * b[None, :],
        "bias": a * lexical.bias.astype(np.float32) + b * candidate.bias.astype(np.float32) + c,
        "idf": lexical.featurizer.idf,
    }
    cues = dict(lexical.cues or {})
    if "attack_logit" in cues:
        cues["attack_logit"] = float(cues["attack_logit"] * a[heads.index("insult")])
    if "threat_logit" in cues:
        cues["threat_logit"] = float(cues["threat_logit"] * a[heads.index("threat")])
    meta = {
        **lexical.meta,
        "version": version,
        "architecture": "fine-tuned encoder heads stacked with the v2 lexical tier and cues",
        "encoder": dict(candidate.meta["encoder"]),
        "cues": cues,
        "stack": stack.to_json(),
        **(extra_meta or {}),
    }
    meta.pop("highlights", None)  # both tiers' shares: every token's share is exact
    model = LinearModel(arrays=arrays, meta=meta)
    return model
