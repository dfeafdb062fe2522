"""The evaluation suite: every set's ``dev`` or ``test`` half, scored the same way.

``suite_report`` scores them all in one run, with the peer, the fairness figures and the
highlights' span F1 beside them; ``format_suite`` prints the table.

``evaluate --suite`` scores the ``test`` halves through the real ``score()`` path; ``train``
scores the ``dev`` halves to make its choices. Sets:

- ``c3``: C3 news comments (evaluation only), uncivil = crowd toxicity >= 2.0; ``c3-attack``:
  personal attack (>= 2 annotators); dev = the 70 % of articles ``learn`` may use, test = 30 %.
- ``olid``: OLID level A, official test set (test only; never used for a choice).
- one set per training source: its dev or test split, positive = the set's toxic/hateful label.
- ``hold-pool``: every hateful, threatening or directed-attack text of the training sets' split
  plus our own hateful probes: what hold must catch (>= 80 %).
- ``functional``: our functional suite (``probes.py``), accuracy at hold.
- ``directed`` / ``group`` / ``criticism``: our product sets of 16, counted at hold.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from townsquare.civility import metrics
from townsquare.civility.api import get_backend, thresholds
from townsquare.civility.offline import corpora, probes
from townsquare.civility.offline.evaluation import profanity_check_scores, score_texts
from townsquare.civility.offline.fairness import fairness_report, format_fairness
from townsquare.civility.offline.plots import plot_or_skip, plot_suite
from townsquare.civility.offline.spans import spans_report

HATEFUL_KINDS = {"hate", "threat", "attack"}
# Coded hate without slurs or insults (Latent Hatred's implicit class, ToxiGen's seeds): counted
# as positives of their own sets, reported as a pool of their own, not in the hold pool.
IMPLICIT_KINDS = {"implicit"}


@dataclass
class EvalSet:
    name: str
    texts: list[str]
    labels: list[int]
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _capped(rows: list, cap: int | None) -> list:
    """A seeded sample of at most ``cap`` rows (in their original order)."""
    if cap is None or len(rows) <= cap:
        return rows
    keep = sorted(random.Random(corpora.SPLIT_SEED).sample(range(len(rows)), cap))
    return [rows[i] for i in keep]


def eval_sets(
    data_dir: Path,
    half: str,
    *,
    examples: Sequence[corpora.Example] | None = None,
    cap: int | None = None,
) -> list[EvalSet]:
    """Every set's ``half`` ("dev" or "test") as (texts, 0/1 labels).

    ``cap`` limits each training set's half to a seeded sample (C3, OLID and our probes are
    never sampled): ``evaluate --suite`` uses 1,000 so the suite runs in minutes on two cores.
    """
    if examples is None:
        examples = corpora.shipped_examples(data_dir)
    out: list[EvalSet] = []
    dev, test = corpora.c3_split(corpora.c3_comments(data_dir))
    c3 = dev if half == "dev" else test
    out.append(EvalSet("c3", [c.text for c in c3], [c.uncivil for c in c3], "uncivil >= 2.0"))
    out.append(
        EvalSet("c3-attack", [c.text for c in c3], [c.personal_attack for c in c3], "attack")
    )
    if half == "test":
        _, olid = corpora.olid_level_a(data_dir)
        out.append(EvalSet("olid", [t for t, _ in olid], [y for _, y in olid], "level A"))
    part = [e for e in examples if e.split == half]
    for source in corpora.SHIPPED_TRAINING_SETS:
        rows = _capped([e for e in part if e.source == source], cap)
        labels = [
            int(e.targets["toxicity"] >= 0.5 or e.kind in HATEFUL_KINDS | IMPLICIT_KINDS)
            for e in rows
        ]
        out.append(EvalSet(source, [e.text for e in rows], labels, "toxic or hateful"))
    part = [
        e
        for s in corpora.SHIPPED_TRAINING_SETS
        for e in _capped([e for e in part if e.source == s], cap)
    ]
    pool = [e.text for e in part if e.kind in HATEFUL_KINDS]
    pool_probes = [p.text for p in probes.hateful_probes(half)]
    civil = [c.text for c in c3 if not c.uncivil]
    out.append(
        EvalSet(
            "hold-pool",
            pool + pool_probes + civil,
            [1] * (len(pool) + len(pool_probes)) + [0] * len(civil),
            "hate/threat/attack vs civil C3",
        )
    )
    implicit = [e.text for e in part if e.kind in IMPLICIT_KINDS]
    out.append(
        EvalSet(
            "implicit-pool",
            implicit + civil,
            [1] * len(implicit) + [0] * len(civil),
            "implicit hate vs civil C3",
        )
    )
    functional = probes.functional(half)
    out.append(
        EvalSet(
            "functional",
            [p.text for p in functional],
            [int(p.hateful) for p in functional],
            "own suite",
            {"categories": [p.category for p in functional]},
        )
    )
    products = probes.product_sets(half)
    for name in ("directed", "group", "criticism"):
        rows = products[name]
        out.append(EvalSet(name, [p.text for p in rows], [int(p.hateful) for p in rows], "of 16"))
    out += _v3_sets(data_dir, half, examples, cap)
    return out


def gab_eval_set(data_dir: Path, half: str) -> EvalSet | None:
    """The Gab Hate Corpus' majority-vote ``half`` (evaluation only: never trained or chosen on
    until its licence is confirmed). Positive: an assault on human dignity (``hd``) or a call
    for violence (``cv``); vulgarity alone (``vo``) is not hate."""
    import json

    path = data_dir / "gab-hate-corpus" / f"{half}.jsonl"
    if not path.exists():
        return None
    texts, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        texts.append(str(row["Text"]))
        labels.append(int(bool(row.get("hd")) or bool(row.get("cv"))))
    return EvalSet("gab-hate-corpus", texts, labels, "hate or call for violence")


def _v3_sets(
    data_dir: Path, half: str, examples: Sequence[corpora.Example], cap: int | None
) -> list[EvalSet]:
    """The sets issue 22 added: hatemoji-build and the identity-fuzzed Wikipedia comments (their
    ``half``), and our contrast set's ``half`` (patterns never trained on), per kind, plain and
    obfuscated: accuracy at hold is the share held of an uncivil kind, let through of a civil
    one."""
    from townsquare.civility.offline import contrast, moresets

    out = []
    extra = [e for e in moresets.extra_examples(data_dir, list(examples)) if e.split == half]
    for source in sorted({e.source for e in extra}):
        rows = _capped([e for e in extra if e.source == source], cap)
        labels = [
            int(e.targets["toxicity"] >= 0.5 or e.kind in HATEFUL_KINDS | IMPLICIT_KINDS)
            for e in rows
        ]
        out.append(EvalSet(source, [e.text for e in rows], labels, "toxic or hateful"))
    gab = gab_eval_set(data_dir, half)
    if gab is not None:
        out.append(gab)
    items = [i for i in contrast.generate(data_dir=data_dir) if i.split == half]
    out += contrast_sets(items, {p.id: p.wave for p in contrast.patterns()})
    out.append(emoji_probe_set(data_dir, half))
    return out


def emoji_probe_set(data_dir: Path | None, half: str) -> EvalSet:
    """Our emoji comments' ``half`` (``emoji_probes``: patterns never trained on), with each
    kind's share held."""
    from townsquare.civility.offline import emoji_probes

    rows = [i for i in emoji_probes.generate(data_dir=data_dir) if i.split == half]
    return EvalSet(
        "emoji probes",
        [i.text for i in rows],
        [i.label for i in rows],
        "own emoji comments",
        {"kinds": [i.kind for i in rows]},
    )


def contrast_sets(items: Sequence[Any], waves: dict[str, int]) -> list[EvalSet]:
    """Our contrast items as sets: ``contrast`` (every wave), ``contrast waves 1-2`` (the
    patterns that existed before wave 3) and ``contrast waves 1-3`` (before wave 4), so
    figures stay comparable with earlier model cards; a set is left out when it would be the
    whole. Each carries its items' kind and category (civil/uncivil, plain/obfuscated)."""

    def evalset(name: str, rows: Sequence[Any]) -> EvalSet:
        return EvalSet(
            name,
            [i.text for i in rows],
            [i.label for i in rows],
            "own look-alikes",
            {
                "categories": [
                    f"{('civil', 'uncivil')[i.label]} {('plain', 'obfuscated')[i.obfuscated]}"
                    for i in rows
                ],
                "kinds": [f"{i.kind}{' (obfuscated)' if i.obfuscated else ''}" for i in rows],
            },
        )

    if not items:
        return []
    out = [evalset("contrast", items)]
    for last in (2, 3):
        earlier = [i for i in items if waves[i.pattern] <= last]
        if earlier and len(earlier) < len(items):
            out.append(evalset(f"contrast waves 1-{last}", earlier))
    return out


def row_for(evalset: EvalSet, scores: np.ndarray, levels: dict[str, float]) -> dict[str, Any]:
    labels = np.asarray(evalset.labels, dtype=int)
    row: dict[str, Any] = {
        "set": evalset.name,
        "n": len(labels),
        "positives": int(labels.sum()),
        "roc_auc": metrics.roc_auc(labels, scores),
        "average_precision": metrics.average_precision(labels, scores),
    }
    for name, value in levels.items():
        at = metrics.at_threshold(labels, scores, value)
        row[f"{name}_precision"] = at["precision"]
        row[f"{name}_recall"] = at["recall"]
        row[f"{name}_flagged"] = at["flagged"]
    held = scores >= levels["hold"]
    row["accuracy_at_hold"] = float(np.mean(held == labels.astype(bool))) if len(labels) else 0.0
    row["held"] = int(held.sum())
    if evalset.name in {"hold-pool", "implicit-pool"}:
        row["civil_held"] = float(held[labels == 0].mean())
        row["hateful_held"] = float(held[labels == 1].mean())
    if "categories" in evalset.extra:
        cats = np.asarray(evalset.extra["categories"])
        row["per_category"] = {
            c: float(np.mean(held[cats == c] == labels[cats == c].astype(bool)))
            for c in sorted(set(cats))
        }
    if "kinds" in evalset.extra:
        kinds = np.asarray(evalset.extra["kinds"])
        row["held_per_kind"] = {k: float(held[kinds == k].mean()) for k in sorted(set(kinds))}
    return row


def run(
    sets: Sequence[EvalSet],
    score: Callable[[list[str]], np.ndarray],
    levels: dict[str, float],
) -> list[dict[str, Any]]:
    """Score every set with ``score`` (texts -> civility) and compute its row."""
    rows = []
    for evalset in sets:
        scores = np.asarray(score(evalset.texts), dtype=np.float64)
        rows.append(row_for(evalset, scores, levels))
    return rows


def format_rows(rows: Sequence[dict[str, Any]], levels: dict[str, float]) -> str:
    header = f"{'set':<18}{'n':>6}{'pos':>6}{'ROC-AUC':>9}{'AP':>7}"
    for name in levels:
        header += f"  {name[:5]} P/R".rjust(13)
    header += f"{'acc@hold':>10}"
    lines = [
        "thresholds: " + ", ".join(f"{k} {v:.3f}" for k, v in levels.items()),
        header,
    ]
    for r in rows:
        auc = "    -" if np.isnan(r["roc_auc"]) else f"{r['roc_auc']:.3f}"
        ap = "   -" if np.isnan(r["average_precision"]) else f"{r['average_precision']:.3f}"
        line = f"{r['set']:<18}{r['n']:>6}{r['positives']:>6}{auc:>9}{ap:>7}"
        for name in levels:
            line += f"{r[f'{name}_precision']:>7.2f}/{r[f'{name}_recall']:.2f}"
        line += f"{r['accuracy_at_hold']:>10.3f}"
        if r["set"] in {"hold-pool", "implicit-pool"}:
            line += f"  held: hateful {r['hateful_held']:.1%}, civil C3 {r['civil_held']:.1%}"
        if r["set"] in {"directed", "group", "criticism"}:
            line += f"  held {r['held']} of {r['n']}"
        if "per_category" in r:
            line += "  " + ", ".join(f"{c} {v:.2f}" for c, v in r["per_category"].items())
        lines.append(line)
        if "held_per_kind" in r:
            lines.append(
                "    held: " + ", ".join(f"{k} {v:.0%}" for k, v in r["held_per_kind"].items())
            )
    return "\n".join(lines)


SUITE_CAP = 1000  # per training set's half; C3, OLID and our probes are scored whole


def suite_report(
    *,
    backend: str | None = None,
    data_dir: Path | None = None,
    half: str = "test",
    png: Path | None = None,
    compare: bool = True,
) -> dict[str, Any]:
    """Every set's ``half`` through the real ``score()`` path, with the peer in the same run."""
    data_dir = data_dir or corpora.shared_data_dir()
    sets = eval_sets(data_dir, half, cap=SUITE_CAP)
    levels = thresholds()
    unique = sorted({t for s in sets for t in s.texts})
    started = time.perf_counter()
    scored = dict(zip(unique, score_texts(unique, backend=backend), strict=True))
    elapsed = time.perf_counter() - started
    model = next(iter(scored.values())).model if scored else "-"
    rows = []
    peer_rows: dict[str, float] = {}
    peer: dict[str, float] = {}
    if compare:
        try:
            peer_scores = profanity_check_scores(unique)["scores"]
            peer = dict(zip(unique, peer_scores, strict=True))
        except ImportError:
            peer = {}
    for evalset in sets:
        values = np.array([scored[t].civility for t in evalset.texts])
        rows.append(row_for(evalset, values, levels))
        if peer:
            peer_rows[evalset.name] = metrics.roc_auc(
                evalset.labels, [peer[t] for t in evalset.texts]
            )
    report: dict[str, Any] = {
        "model": model,
        "half": half,
        "levels": levels,
        "levels_warning": levels_mismatch(model, levels),
        "rows": rows,
        "peer_roc_auc": peer_rows,
        "per_second": len(unique) / elapsed if elapsed else float("nan"),
        # the fairness sentences of the same half: a dev run reads none of the test sentences
        "fairness": fairness_report(backend=backend, data_dir=data_dir, split=half),
    }
    if get_backend(backend).name in {"shipped", "site"}:
        report["spans"] = spans_report(data_dir=data_dir, half=half)
    if png is not None:
        plot_or_skip(report, lambda: plot_suite(report, png))
    return report


def levels_mismatch(model: str, levels: dict[str, float]) -> str | None:
    """Why the held shares may not be the model's own: the suite holds at the settings'
    thresholds (what the site runs), and a newly shipped model whose ``ship`` chose others needs
    the settings changed first. None when they agree, or the model is not the shipped one."""
    from townsquare.civility.backends import shipped_model

    shipped = shipped_model()
    own = shipped.meta.get("thresholds") or {}
    if model != shipped.version or not own:
        return None
    differ = {k: (v, own[k]) for k, v in levels.items() if k in own and abs(v - own[k]) > 5e-4}
    if not differ:
        return None
    return (
        "thresholds differ from the ones `ship` chose for this model: "
        + ", ".join(
            f"{k} {mine:.3f} in the settings, {theirs:.3f} chosen"
            for k, (mine, theirs) in differ.items()
        )
        + " (set CIVILITY_*_THRESHOLD; held shares below are at the settings')"
    )


def format_suite(report: dict[str, Any]) -> str:
    lines = [
        f"model: {report['model']}; {report['half']} halves; "
        f"{report['per_second']:.0f} comments/s including highlights"
    ]
    if report.get("levels_warning"):
        lines.append(f"WARNING: {report['levels_warning']}")
    table = format_rows(report["rows"], report["levels"]).splitlines()
    if report["peer_roc_auc"]:
        table[1] += "  alt-profanity-check ROC-AUC"
        for i, row in enumerate(report["rows"], start=2):
            value = report["peer_roc_auc"].get(row["set"], float("nan"))
            if not np.isnan(value):
                table[i] += f"  peer {value:.3f}"
    lines.extend(table)
    lines.append(format_fairness(report["fairness"]))
    if "spans" in report:
        sp = report["spans"]
        lines.append(
            f"highlights vs Toxic Spans ({sp['n']} comments, {sp['n_with_gold']} with a "
            f"majority span; shipped: {sp['shipped']}): character F1 "
            + ", ".join(
                f"{k} {v:.3f} ({sp['f1_with_gold'][k]:.3f} on those with a span)"
                for k, v in sp["f1"].items()
            )
        )
    if "png" in report:
        lines.append(f"plot: {report['png']}")
    if "png_skipped" in report:
        lines.append(f"plot: {report['png_skipped']}")
    return "\n".join(lines)
