"""``civility offsets``: one offset per head, chosen on dev for the decision.

A comment's civility is the highest of the five heads' probabilities, and one hold is compared
with it; ``ship`` puts the hold where ``HOLD_CIVIL_SHARE`` of civil C3 dev comments are held. Each
head's bias was fitted by log loss on its own training mix, so which heads spend that share is a
by-product. An offset added to a head's bias is a per-head threshold folded into the model: the
product keeps one nudge, hold and reject, and nothing costs more at run time.

The dev items (``heads.compare_on_dev``'s) are scored once through the run-time path with the
ceiling left off, keeping whether a directed cue fired; any offsets are then measured exactly as
the run time would score them (offset, then the ceiling where no directed cue fired). The search
is a coordinate ascent over a grid, keeping a move only when it raises the dev criterion among
offsets the release rule accepts against the base and that hold no civil kind above
``civil_kind_limit`` (nor above the base's share, where that is higher), nor, with
``uncivil_kind_slack``, any uncivil kind more than that under the base's share. Each offsets
vector is measured with the ceiling ``ship`` would give it, and the product expectations at the
levels ``ship`` would choose (``dev_figures`` takes its levels after the ceiling, ``ship``
before). The candidate is then measured again through the run-time path
(``compare_on_dev``), which must agree with the search. Nothing here reads a test split.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from townsquare.civility import cues
from townsquare.civility.model import LinearModel, weights_digest
from townsquare.civility.offline.heads import compare_on_dev, model_stem, write_candidate
from townsquare.civility.scores import ATTRIBUTES

ORDER = ("threat", "identity_attack", "insult", "toxicity", "obscene")
GRID = tuple(x / 4 for x in range(-4, 7))  # -1.0 ... +1.5 in steps of 0.25
PASSES = 3
CIVIL_KIND_LIMIT = 0.08
AGREEMENT = 1e-4  # the search's criterion and the run-time path's may differ by float rounding


class OffsetScorer:
    """Logits of ``stem``'s model with per-head offsets, from one run-time pass per text.

    ``score(texts)`` returns (n, 5) logits in ATTRIBUTES order as ``pipeline.model_scorer`` would
    for the model whose biases carry ``offsets``: the logits before the ceiling are kept, with
    whether a directed cue fired, so only the offset and the ceiling are applied per call."""

    def __init__(self, stem: Path, *, threads: int = 0) -> None:
        from townsquare.civility.encoder import encoder_for

        self.model = LinearModel.load(stem)
        self.encoder = encoder_for(self.model.meta, stem.parent, threads=threads)
        full = dict(self.model.cues or {})
        self.ceiling = full.get("ceiling")
        self.shipped_ceiling = self.ceiling  # the model's own, as saved
        self.cue_settings = {k: v for k, v in full.items() if k != "ceiling"}
        self.model.cues = self.cue_settings
        self.index = [self.model.heads.index(a) for a in ATTRIBUTES]
        self.ceiled = np.asarray([a in cues.CEILED_HEADS for a in ATTRIBUTES])
        self.offsets = np.zeros(len(ATTRIBUTES))
        self._seen: dict[str, tuple[np.ndarray, bool]] = {}

    def _fill(self, texts: Sequence[str]) -> None:
        missing = list(dict.fromkeys(t for t in texts if t not in self._seen))
        for start in range(0, len(missing), 64):
            batch = missing[start : start + 64]
            for text, enc in zip(batch, self.encoder.encode(batch), strict=True):
                scored = self.model.chunk_scores(text, enc)
                directed = bool(
                    self.cue_settings
                    and cues.find_cues(
                        text, scored.features.chunks, self.cue_settings, reading=enc.reading
                    ).directed
                )
                logits = np.asarray(scored.logits, dtype=np.float64)[self.index]
                self._seen[text] = (logits, directed)

    def __call__(self, texts: list[str]) -> np.ndarray:
        self._fill(texts)
        raw = (
            np.stack([self._seen[t][0] for t in texts]) if texts else np.zeros((0, len(ATTRIBUTES)))
        )
        logits = raw + self.offsets
        if self.ceiling is not None and len(texts):
            free = ~np.asarray([self._seen[t][1] for t in texts])
            mask = free[:, None] & self.ceiled[None, :]
            logits = np.where(mask, cues.ceiling_logits(logits, self.ceiling), logits)
        return logits


def acceptable(
    figures: dict[str, Any],
    base: dict[str, Any],
    *,
    civil_kind_limit: float,
    uncivil_kind_slack: float | None = None,
) -> list[str]:
    """Why ``figures`` may not be chosen: the release rule against ``base``; any civil kind
    held on dev, plain or obfuscated, above the larger of ``civil_kind_limit`` and the base's
    own share (a kind the base already holds more of may not rise); and, with
    ``uncivil_kind_slack``, any uncivil kind held more than that under the base's share."""
    from townsquare.civility.offline import pipeline

    reasons = pipeline.release_check(figures, base)
    for kind, row in sorted(figures["kinds"].items()):
        for form in ("plain", "obfuscated"):
            before = base["kinds"].get(kind, {}).get(form) or 0.0
            if row[form] is None:
                continue
            if not row["label"]:
                limit = max(civil_kind_limit, before)
                if row[form] > limit + 1e-9:
                    reasons.append(
                        f"civil kind {kind} ({form}) held {row[form]:.1%} (limit {limit:.1%})"
                    )
            elif uncivil_kind_slack is not None and row[form] < before - uncivil_kind_slack - 1e-9:
                reasons.append(
                    f"uncivil kind {kind} ({form}) held {row[form]:.1%} (was {before:.1%})"
                )
    return reasons


def ship_levels(levels: dict[str, float]) -> dict[str, float]:
    """The nudge, hold and reject ``ship`` gives a model whose dev quantiles before any ceiling
    are ``levels`` (``build.round_levels``)."""
    from townsquare.civility.offline import build

    return build.round_levels(levels)


def search(
    measure: Callable[[np.ndarray], dict[str, Any]],
    *,
    grid: Sequence[float] = GRID,
    order: Sequence[str] = ORDER,
    passes: int = PASSES,
    civil_kind_limit: float = CIVIL_KIND_LIMIT,
    uncivil_kind_slack: float | None = None,
    pairs: bool = False,
    reference: dict[str, Any] | None = None,
    log: Callable[[str], Any] = print,
) -> tuple[np.ndarray, dict[str, Any], dict[str, Any]]:
    """Coordinate ascent: for each head in ``order`` (with ``pairs``, each pair of heads, so
    that two offsets move together), the grid values with the highest dev criterion among
    acceptable offsets (ties: the values nearest 0), kept only when they beat the current
    criterion; up to ``passes`` sweeps, stopping when one changes nothing.
    ``measure(offsets)`` returns ``dev_figures`` for offsets in ATTRIBUTES order. With
    ``reference`` (the figures of the model the result would replace, when that is not the
    base), offsets are judged against it, and a move is kept when it beats the criterion of
    the best acceptable offsets so far (the reference's, until one is found). Returns the
    offsets, their figures and the base's (all offsets 0)."""
    offsets = np.zeros(len(ATTRIBUTES))
    base = measure(offsets)
    best = base
    judge = reference if reference is not None else base
    floor = base["criterion"]
    if reference is not None and acceptable(
        base, judge, civil_kind_limit=civil_kind_limit, uncivil_kind_slack=uncivil_kind_slack
    ):
        floor = reference["criterion"]
    values = sorted(grid, key=lambda v: (abs(v), v))
    steps: list[tuple[str, ...]] = (
        list(itertools.combinations(order, 2)) if pairs else [(head,) for head in order]
    )
    for sweep in range(1, passes + 1):
        changed = False
        for heads in steps:
            columns = [ATTRIBUTES.index(head) for head in heads]
            for chosen in itertools.product(values, repeat=len(columns)):
                trial = offsets.copy()
                trial[columns] = chosen
                if np.array_equal(trial, offsets):
                    continue
                figures = measure(trial)
                if figures["criterion"] <= floor + 1e-12:
                    continue
                if acceptable(
                    figures,
                    judge,
                    civil_kind_limit=civil_kind_limit,
                    uncivil_kind_slack=uncivil_kind_slack,
                ):
                    continue
                offsets, best, changed = trial, figures, True
                floor = figures["criterion"]
            log(
                f"  sweep {sweep}, {' + '.join(heads)}: offsets "
                + " ".join(f"{a} {o:+.2f}" for a, o in zip(ATTRIBUTES, offsets, strict=True))
                + f"; criterion {best['criterion']:.4f}"
            )
        if not changed:
            break
    return offsets, best, base


def offsets_model(
    base_stem: Path, offsets: np.ndarray, *, ceiling: float | None = None, command: str = ""
) -> LinearModel:
    """``base_stem``'s model with ``offsets`` (ATTRIBUTES order) added to its heads' biases,
    and ``ceiling`` as its cues' ceiling where given."""
    base = LinearModel.load(base_stem)
    bias = base.bias.astype(np.float32).copy()
    for a, value in zip(ATTRIBUTES, offsets, strict=True):
        bias[base.heads.index(a)] += np.float32(value)
    model = LinearModel(arrays=base.arrays(), meta=dict(base.meta))
    model.bias = bias
    if ceiling is not None and base.cues and "ceiling" in base.cues:
        model.cues = model.meta["cues"] = {**base.cues, "ceiling": ceiling}
    model.meta["offsets"] = {
        "base": base.version,
        "offsets": {a: float(v) for a, v in zip(ATTRIBUTES, offsets, strict=True)},
        "ceiling": (model.cues or {}).get("ceiling"),
        "command": command,
    }
    weights = [w for w in (model.dense_weights, bias) if w is not None]
    model.version = model.meta["version"] = f"offsets-{weights_digest(*weights)}"
    return model


def offsets_run(
    base_dir: Path,
    out_dir: Path,
    *,
    data_dir: Path,
    contrast_waves: int = 7,
    per_pattern: int = 24,
    c3: int = 2500,
    grid: Sequence[float] = GRID,
    passes: int = PASSES,
    civil_kind_limit: float = CIVIL_KIND_LIMIT,
    uncivil_kind_slack: float | None = None,
    pairs: bool = False,
    against: Path | None = None,
    threads: int = 0,
    log: Callable[[str], Any] = print,
    command: str = "",
) -> dict[str, Any]:
    """Search the offsets on dev, write the candidate to ``out_dir`` (for ``civility ship``),
    then measure it and the base through the run-time path with the release rule
    (``compare_on_dev``, ``out_dir/dev.json``, which also records the search). With
    ``against`` (a model directory), offsets are judged against that model instead of the
    base: a new model that the rule refuses as it is may be re-balanced to replace it."""
    import json

    from townsquare.civility.offline import build, contrast, expectations, pipeline

    if not grid or any(not math.isfinite(v) for v in grid):
        raise ValueError("the offsets' grid needs finite values")
    base_stem = model_stem(base_dir)
    started = time.monotonic()
    contrast.check_settings(per_pattern=per_pattern, waves=contrast_waves)
    items = contrast.generate(data_dir=data_dir, per_pattern=per_pattern, waves=contrast_waves)
    log(f"contrast set: {len(items)} items ({contrast.digest(items)}), waves 1-{contrast_waves}")
    dev = pipeline.dev_measurer(data_dir, items, c3=c3, contrast_waves=contrast_waves)
    scorer = OffsetScorer(base_stem, threads=threads)
    ceilings: dict[bytes, float | None] = {}
    sentences = expectations.texts()

    def measure_with(scorer: OffsetScorer, offsets: np.ndarray) -> dict[str, Any]:
        """``dev_figures`` for ``offsets``: the model with its shipped ceiling, any other
        offsets with the ceiling ``ship`` would give them; the product expectations at the
        levels ``ship`` would choose (before the ceiling), as the product would meet them."""
        shipped = scorer.shipped_ceiling
        scorer.offsets = offsets
        scorer.ceiling = None
        levels = ship_levels(dev(scorer)["levels"])
        if shipped is not None:
            scorer.ceiling = shipped if not offsets.any() else build.reject_ceiling(levels)
        figures = dev(scorer)
        figures["ship_levels"] = levels
        figures["expectations"] = expectations.failures(
            1.0 / (1.0 + np.exp(-scorer(sentences))), levels, sentences=sentences
        )
        return figures

    def measure(offsets: np.ndarray) -> dict[str, Any]:
        figures = measure_with(scorer, offsets)
        ceilings[offsets.tobytes()] = scorer.ceiling
        return figures

    reference = None
    judge_stem = base_stem
    if against is not None:
        judge_stem = model_stem(against)
        log(f"judged against {judge_stem}, not the base")
        reference = measure_with(
            OffsetScorer(judge_stem, threads=threads), np.zeros(len(ATTRIBUTES))
        )

    log(f"scoring the dev items once with {scorer.model.version}, then searching offsets")
    offsets, best, base = search(
        measure,
        grid=grid,
        passes=passes,
        civil_kind_limit=civil_kind_limit,
        uncivil_kind_slack=uncivil_kind_slack,
        pairs=pairs,
        reference=reference,
        log=log,
    )
    model = offsets_model(base_stem, offsets, ceiling=ceilings[offsets.tobytes()], command=command)
    model.meta["offsets"]["seconds"] = round(time.monotonic() - started, 1)
    write_candidate(model, base_stem.parent, out_dir)
    log(f"  wrote {model.version} to {out_dir}")
    record = compare_on_dev(
        judge_stem,
        out_dir,
        "offsets",
        data_dir=data_dir,
        items=items,
        c3=c3,
        contrast_waves=contrast_waves,
        threads=threads,
        log=log,
    )
    gap = abs(record["offsets"]["criterion"] - best["criterion"])
    # compare_on_dev measures the product expectations at levels taken after the ceiling; the
    # verdict is the search's, with the expectations at the levels ship will choose
    record["run_time_refused"] = record["refused"]
    record["refused"] = acceptable(
        best,
        reference if reference is not None else base,
        civil_kind_limit=civil_kind_limit,
        uncivil_kind_slack=uncivil_kind_slack,
    )
    log(
        "  the search's verdict (expectations at ship's levels): "
        + ("passes" if not record["refused"] else "refused: " + "; ".join(record["refused"]))
    )
    record["search"] = {
        "offsets": model.meta["offsets"]["offsets"],
        "criterion": best["criterion"],
        "base_criterion": base["criterion"],
        "figures": best,
        "base_figures": base,
        "against": str(judge_stem) if against is not None else None,
        "run_time_gap": gap,
    }
    (out_dir / "dev.json").write_text(json.dumps(record, indent=1, sort_keys=True), "utf-8")
    if gap > AGREEMENT:
        raise ValueError(
            f"the search's criterion {best['criterion']:.6f} and the run-time path's "
            f"{record['offsets']['criterion']:.6f} disagree"
        )
    return record
