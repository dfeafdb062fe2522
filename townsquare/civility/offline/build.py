"""``townsquare civility train``: build the shipped model from ../shared/data, choosing on dev.

Steps (each prints progress; about 35 minutes on two cores from a fresh clone, most of it
encoding 140,000 texts once; the encodings are cached under ``$TOWNSQUARE_DATA_DIR``):

1. export all-MiniLM-L6-v2 to ONNX and quantise it to int8 (``encoder.export_encoder``);
2. load every set marked "yes", split 70/15/15 by a seeded hash (``corpora.py``);
3. fit the lexical tier (n-gram heads) and the semantic tier (heads on the mean token state)
   on ``train``;
4. on ``dev``: compare lexical only, semantic only and the stack of both; keep the best by the
   dev criterion (``dev_criterion``), fit the stack weights, choose the thresholds and the
   ceiling (``choose_thresholds``);
5. write ``artifacts/shipped.{npz,json}``, ``encoder-int8.onnx``, ``tokenizer.json`` and
   ``dev-report.json`` (every dev figure behind a choice).

Nothing here reads a ``test`` split: that is ``evaluate --suite``'s job, once, at the end.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from townsquare.civility import cues, metrics
from townsquare.civility.encoder import ARTIFACTS_DIR, Encoder, export_encoder
from townsquare.civility.features import Featurizer, chunks_of
from townsquare.civility.model import LinearModel
from townsquare.civility.offline import corpora, suite, training
from townsquare.civility.scores import ATTRIBUTES

# Hold must catch >= 80 % of the hold pool while holding <= 5 % of civil news comments; we aim
# at 4 % on dev, since the reviewers' unseen articles will not match dev exactly.
HOLD_CIVIL_SHARE = 0.04
NUDGE_CIVIL_SHARE = 0.12
REJECT_CIVIL_SHARE = 0.005
SEMANTIC_BALANCE_GRID = (0.0, 0.5)
# The semantic heads (384 inputs each) learn from a seeded sample of the train split, since
# encoding is the slow part of `train` on two shared cores (25-40 texts/s under load here).
# Measured on dev with heads on the earlier dynamic-int8 encoder: 20,000 texts against all
# 87,853 gave ROC-AUC toxicity 0.799 / 0.812, insult 0.901 / 0.905, identity_attack 0.873 /
# 0.882, threat 0.893 / 0.916, obscene 0.961 / 0.965. The lexical heads use every train text.
SEMANTIC_TRAIN_CAP = 20_000
SEMANTIC_C_GRID = (0.1, 1.0)


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


@dataclass
class Parts:
    lexical: dict[str, np.ndarray]
    semantic: dict[str, np.ndarray]


def cue_logits(
    texts: Sequence[str], logits: np.ndarray, params: dict[str, float] | None
) -> np.ndarray:
    """What ``LinearModel.chunk_scores`` does after the heads, for a whole matrix of logits."""
    out = np.asarray(logits, dtype=np.float64).copy()
    if not params:
        return out
    for i, text in enumerate(texts):
        hits = cues.find_cues(text, chunks_of(text), params)
        for _, head, boost in hits.boosts:
            out[i, ATTRIBUTES.index(head)] += boost
        if not hits.directed and "ceiling" in params:
            out[i] = cues.apply_ceiling(out[i], ATTRIBUTES, params["ceiling"])
    return out


class DevScorer:
    """Scores dev texts fast from cached features: matrices instead of one text at a time."""

    def __init__(self, parts: Parts, cache: Any) -> None:
        self.parts = parts
        self.cache = cache
        self.featurizer = Featurizer(n_buckets=training.N_BUCKETS, idf=parts.lexical["idf"])
        self._memo: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def tiers(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        key = hash(tuple(texts))
        if key not in self._memo:
            matrix = self.featurizer.matrix(texts)
            means = self.cache.means(texts, progress=False)
            self._memo[key] = (
                training.lexical_logits(self.parts.lexical, matrix),
                training.semantic_logits(self.parts.semantic, means),
            )
        return self._memo[key]

    def civility(
        self,
        texts: Sequence[str],
        *,
        arch: str,
        stack: np.ndarray | None,
        params: dict[str, float] | None,
    ) -> np.ndarray:
        lex, sem = self.tiers(texts)
        if arch == "lexical":
            logits = lex
        elif arch == "semantic":
            logits = sem
        else:
            assert stack is not None
            logits = lex * stack[:, 0] + sem * stack[:, 1] + stack[:, 2]
        return sigmoid(cue_logits(texts, logits, params)).max(axis=1)


def choose_thresholds(sets: Sequence[suite.EvalSet], scores: dict[str, np.ndarray]) -> dict:
    """Nudge / hold / reject from the civil C3 dev comments' score quantiles."""
    c3 = next(s for s in sets if s.name == "c3")
    civil = scores["c3"][np.asarray(c3.labels) == 0]

    def at_share(share: float) -> float:
        return float(np.quantile(civil, 1.0 - share))

    return round_levels(
        {
            "nudge": at_share(NUDGE_CIVIL_SHARE),
            "hold": at_share(HOLD_CIVIL_SHARE),
            "reject": at_share(REJECT_CIVIL_SHARE),
        }
    )


def round_levels(quantiles: dict[str, float]) -> dict[str, float]:
    """Nudge, hold and reject from the civil comments' score quantiles at their shares: rounded
    to three places, reject at least 0.05 above hold."""
    hold = float(np.round(quantiles["hold"], 3))
    return {
        "nudge": float(np.round(quantiles["nudge"], 3)),
        "hold": hold,
        "reject": max(float(np.round(quantiles["reject"], 3)), hold + 0.05),
    }


def dev_criterion(rows: Sequence[dict[str, Any]]) -> float:
    """What the architecture choice maximises on dev: the mean of C3 ROC-AUC, the hold pool's
    recall at the chosen hold, and the functional suite's accuracy at hold."""
    by = {r["set"]: r for r in rows}
    return float(
        np.mean(
            [
                by["c3"]["roc_auc"],
                by["hold-pool"]["hateful_held"],
                by["functional"]["accuracy_at_hold"],
            ]
        )
    )


def dev_rows(
    scorer: DevScorer,
    sets: Sequence[suite.EvalSet],
    *,
    arch: str,
    stack: np.ndarray | None,
    params: dict[str, float] | None,
) -> tuple[list[dict[str, Any]], dict[str, float]]:
    scores = {s.name: scorer.civility(s.texts, arch=arch, stack=stack, params=params) for s in sets}
    levels = choose_thresholds(sets, scores)
    rows = [suite.row_for(s, scores[s.name], levels) for s in sets]
    return rows, levels


def _rows_at(
    scorer: DevScorer,
    sets: Sequence[suite.EvalSet],
    levels: dict[str, float],
    *,
    arch: str,
    stack: np.ndarray | None,
    params: dict[str, float] | None,
) -> list[dict[str, Any]]:
    return [
        suite.row_for(s, scorer.civility(s.texts, arch=arch, stack=stack, params=params), levels)
        for s in sets
    ]


def train_shipped_artifact(
    *,
    data_dir: Path | None = None,
    out_dir: Path | None = None,
    cache_dir: Path | None = None,
    progress: bool = True,
    log: Any = print,
) -> Path:
    from django.conf import settings

    from townsquare.civility.offline.embedcache import MeanCache

    data_dir = data_dir or corpora.shared_data_dir()
    out_dir = out_dir or ARTIFACTS_DIR
    cache_dir = cache_dir or Path(settings.DATA_DIR) / "civility-cache"
    log("1/5 exporting all-MiniLM-L6-v2 to int8 ONNX")
    export_encoder(out_dir)
    encoder = Encoder(
        model_path=out_dir / "encoder-int8.onnx", tokenizer_path=out_dir / "tokenizer.json"
    )
    cache = MeanCache(cache_dir, encoder)

    log("2/5 loading the sets marked 'yes'")
    examples = corpora.shipped_examples(data_dir)
    train = [e for e in examples if e.split == "train"]
    dev = [e for e in examples if e.split == "dev"]
    n_sets = len(corpora.SHIPPED_TRAINING_SETS)
    log(f"  {len(train)} train, {len(dev)} dev examples from {n_sets} sets")

    log("3/5 fitting the semantic tier (mean token state -> five heads)")
    semantic_train = semantic_sample(train)
    train_means = cache.means([e.text for e in semantic_train], progress=progress)
    dev_means = cache.means([e.text for e in dev], progress=progress)
    sets = suite.eval_sets(data_dir, "dev", examples=examples)
    report: dict[str, Any] = {"semantic_grid": {}}
    best = None
    for balance in SEMANTIC_BALANCE_GRID:
        for C in SEMANTIC_C_GRID:
            tier = training.fit_semantic(
                semantic_train,
                train_means,
                C=C,
                balance=balance,
                sources=training.HEAD_SOURCES,
                progress=False,
            )
            logits = training.semantic_logits(tier, dev_means)
            aucs = _dev_attribute_aucs(dev, logits)
            mean_auc = float(np.nanmean(list(aucs.values())))
            report["semantic_grid"][f"balance={balance},C={C}"] = aucs
            log(f"  balance {balance}, C {C}: dev ROC-AUC per attribute {_fmt(aucs)}")
            if best is None or mean_auc > best[0]:
                best = (mean_auc, balance, C, tier)
    assert best is not None
    _, balance, semantic_c, semantic = best
    report["semantic_choice"] = {"balance": balance, "C": semantic_c}

    log(f"4/5 fitting the lexical tier (n-gram heads, C = {training.LEXICAL_C}, balance {balance})")
    lexical = training.fit_lexical(
        train,
        C=training.LEXICAL_C,
        balance=balance,
        sources=training.HEAD_SOURCES,
        progress=progress,
    )
    parts = Parts(lexical=lexical, semantic=semantic)
    scorer = DevScorer(parts, cache)

    dev_lex, dev_sem = scorer.tiers([e.text for e in dev])
    stack = training.fit_stack(dev, dev_lex, dev_sem)
    report["stack"] = {a: list(map(float, stack[h])) for h, a in enumerate(ATTRIBUTES)}
    params = dict(training.DEFAULT_SHIPPED_CUES)
    log("5/5 choosing on dev: architecture, cues, thresholds")
    candidates: dict[str, tuple[str, dict | None]] = {
        "lexical": ("lexical", params),
        "semantic": ("semantic", params),
        "stacked": ("stacked", params),
        "stacked, no cues": ("stacked", None),
        "stacked, cues without ceiling": (
            "stacked",
            {k: v for k, v in params.items() if k != "ceiling"},
        ),
    }
    report["candidates"] = {}
    chosen = None
    for name, (arch, cue_params) in candidates.items():
        rows, levels = dev_rows(scorer, sets, arch=arch, stack=stack, params=cue_params)
        if cue_params and "ceiling" in cue_params:
            # The ceiling sits just under hold, and hold depends on the ceiling: a few rounds
            # settle it; then the ceiling is pinned under the final hold, and hold kept.
            for _ in range(3):
                cue_params = {**cue_params, "ceiling": round(levels["hold"] - 0.01, 3)}
                rows, levels = dev_rows(scorer, sets, arch=arch, stack=stack, params=cue_params)
            cue_params = {
                **cue_params,
                "ceiling": round(min(cue_params["ceiling"], levels["hold"] - 0.01), 3),
            }
            rows = _rows_at(scorer, sets, levels, arch=arch, stack=stack, params=cue_params)
        criterion = dev_criterion(rows)
        report["candidates"][name] = {
            "criterion": criterion,
            "levels": levels,
            "cues": cue_params,
            "rows": rows,
        }
        log(f"\n== {name}: dev criterion {criterion:.4f}")
        log(suite.format_rows(rows, levels))
        if chosen is None or criterion > chosen[0]:
            chosen = (criterion, name, arch, cue_params, levels)
    assert chosen is not None
    _, name, arch, cue_params, levels = chosen
    log(f"\nkept: {name} (dev criterion {chosen[0]:.4f}); thresholds {levels}")
    report["kept"] = {"name": name, "levels": levels, "cues": cue_params}

    meta_extra = {
        "architecture": name,
        "trained_on": list(corpora.SHIPPED_TRAINING_SETS),
        "n_train": len(train),
        "n_train_semantic": len(semantic_train),
        "split_seed": corpora.SPLIT_SEED,
        "lexical_C": training.LEXICAL_C,
        "semantic_C": semantic_c,
        "balance": balance,
        "head_sources": training.HEAD_SOURCES,
        "encoder": {
            "file": "encoder-int8.onnx",
            "digest": encoder.digest,
            "max_tokens": encoder.max_tokens,
        },
        "thresholds": levels,
    }
    # Automatic rejection needs a directed attack, a threat or an identity attack: comments with
    # none of the cues keep their toxicity / insult / obscene scores just under reject (they
    # can still be held). Hold, far below, is unaffected.
    if cue_params is not None and "ceiling" not in cue_params:
        cue_params = {**cue_params, "ceiling": reject_ceiling(levels)}
    report["kept"]["cues"] = cue_params
    model = training.assemble_shipped(
        lexical,
        semantic if arch != "lexical" else None,
        _effective_stack(arch, stack),
        cues=cue_params,
        meta_extra=meta_extra,
    )
    # Highlights: from both tiers or from the lexical tier alone, whichever matches Toxic Spans'
    # dev annotations better (character F1, SemEval-2021 task 5).
    choose_highlights(model, encoder, data_dir=data_dir, report=report, log=log)
    return save_shipped(model, out_dir, report=report, log=log)


def choose_highlights(
    model: LinearModel, encoder: Encoder, *, data_dir: Path, report: dict, log: Any
) -> None:
    """Highlights from both tiers or from the lexical tier alone, whichever matches Toxic
    Spans' dev annotations better (character F1, SemEval-2021 task 5); sets the model's meta."""
    from townsquare.civility.offline.spans import spans_report

    global_encoder_swap(encoder)
    model.meta.pop("highlights", None)
    spans = spans_report(data_dir=data_dir, half="dev", model=model)
    report["highlights"] = spans
    if spans["f1"].get("lexical tier", 0.0) > spans["f1"]["both tiers"]:
        model.meta["highlights"] = "lexical"
    kept = model.meta.get("highlights", "both")
    log(f"highlights on dev: character F1 {spans['f1']}; kept {kept}")


def save_shipped(model: LinearModel, out_dir: Path, *, report: dict, log: Any) -> Path:
    """Version the model by its weights, write ``shipped.{npz,json}`` and ``dev-report.json``."""
    model.meta["version"] = model.version = training.shipped_version(model)
    stem = out_dir / "shipped"
    model.save(stem)
    report["version"] = model.version
    (out_dir / "dev-report.json").write_text(
        json.dumps(report, indent=1, sort_keys=True, default=float), encoding="utf-8"
    )
    log(f"wrote {stem}.npz/.json ({model.version}) and {out_dir / 'dev-report.json'}")
    return stem


def global_encoder_swap(encoder: Encoder) -> None:
    """Score with the encoder just exported (``out_dir`` may not be the package's artifacts)."""
    from townsquare.civility import encoder as encoder_module

    encoder_module._encoder = encoder


def reject_ceiling(levels: dict[str, float]) -> float:
    """Where undirected comments' toxicity, insult and obscene scores are squeezed: under reject."""
    return round(levels["reject"] - 0.01, 3)


def semantic_sample(train: Sequence[corpora.Example]) -> list[corpora.Example]:
    import random

    if len(train) <= SEMANTIC_TRAIN_CAP:
        return list(train)
    picked = sorted(random.Random(corpora.SPLIT_SEED).sample(range(len(train)), SEMANTIC_TRAIN_CAP))
    return [train[i] for i in picked]


def _effective_stack(arch: str, stack: np.ndarray) -> np.ndarray | None:
    if arch == "lexical":
        return None
    if arch == "semantic":
        out = np.zeros_like(stack)
        out[:, 1] = 1.0
        return out
    return stack


def _dev_attribute_aucs(dev: Sequence[corpora.Example], logits: np.ndarray) -> dict[str, float]:
    out = {}
    for h, attribute in enumerate(ATTRIBUTES):
        targets, weights = training.targets_and_weights(dev, attribute)
        keep = weights > 0
        labels = (targets[keep] >= 0.5).astype(int)
        out[attribute] = metrics.roc_auc(labels, logits[keep, h])
    return out


def _fmt(values: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.3f}" for k, v in values.items())
