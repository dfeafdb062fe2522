"""Compare a fine-tuned candidate (``civility finetune --export DIR``) with v2, on dev only.

    nice -n 19 .venv/bin/python bench/civility_v3_dev.py --candidate var/civility-v3 \\
        [--base var/civility-train/v2-base] \\
        [--data-dir ../shared/data] [--per-set 200] [--c3 2500] [--out var/v3-dev.json] \\
        [--stack [--stack-fit 400]] [--cache var/v3-dev-cache] [--bootstrap 1000]

For each model: per-attribute ROC-AUC on a seeded sample of every training set's ``dev`` split
(``--per-set`` a set; labels = target >= 0.5 where the set labels the attribute); C3 dev ROC-AUC
(seeded sample of ``--c3`` comments of the dev articles, uncivil >= 2.0, civility = the highest
attribute); a hold threshold chosen as v2's is, holding 4 % of the civil C3 dev comments; at that
hold, the share of our contrast set's ``dev`` items held per kind, plain and obfuscated; and the
share of civil C3 dev comments held after one word of each is obfuscated. No ``test`` split is
read. v2 is the model in ``--base`` (what ``civility train`` builds in WORK/v2-base), scored
through its lexical tier, its own encoder tier and its cues; never the package's shipped model,
which is v3 since it ships.

``--stack`` adds, per candidate, two stacks (``offline/stack.py``: per attribute, a logistic
regression over each model's own logit; sampled, fitted and folded by the functions of
``offline/pipeline.py`` that ``civility train`` runs, so the same candidate folds the same):
v2 + the candidate (two encoders at run time), and v2's
lexical tier with its cues (v2 without its encoder block) + the candidate (one
encoder, the candidate's), plus that lexical tier alone. They are fitted on a seeded
``--stack-fit`` dev items of each set *outside* the ones reported on (each candidate read with
its [UNK] pieces, as v3's stack was fitted, unless ``--drop-unknown``), so no figure is measured
on an item a stack was fitted on (v2's own three-number stack was fitted on all of dev when it
was built). Every model's logits are kept per text in ``--cache`` (keyed by the model's
version), so a second run scores only what is new. ``--bootstrap N`` adds, for every model
scored beside v2, each ROC-AUC's difference from v2's on the same items with its 95 % paired
bootstrap interval (``N`` resamples).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def cached(raw, key: str, cache_dir: Path):
    """``raw(texts)`` with its rows kept in ``cache_dir/<key>.npz`` by each text's sha1."""
    path = cache_dir / f"{hashlib.sha1(key.encode()).hexdigest()[:16]}.npz"
    rows: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path) as data:
            rows = dict(zip(data["keys"].tolist(), data["rows"], strict=True))

    def score(texts: list[str]) -> np.ndarray:
        keys = [hashlib.sha1(t.encode("utf-8", "surrogatepass")).hexdigest() for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in rows}.items())
        if missing:
            for (k, _), row in zip(missing, raw([t for _, t in missing]), strict=True):
                rows[k] = np.asarray(row, dtype=np.float64)
            cache_dir.mkdir(parents=True, exist_ok=True)
            np.savez(path, keys=np.asarray(list(rows)), rows=np.stack(list(rows.values())))
        return np.stack([rows[k] for k in keys])

    return score


def fold_candidate(stack, source: Path, out_dir: Path, *, base):
    """Fold the lexical stack into one run-time model in ``out_dir`` (``candidate.{npz,json}``
    beside the candidate's encoder; ``offline/pipeline.fold_candidate``, as ``civility train``
    folds) and return a scorer through the run-time path: encoder, ``chunk_scores`` (both
    tiers, cues, ceiling), as the backend scores the shipped model."""
    from townsquare.civility.offline.pipeline import fold_candidate as fold
    from townsquare.civility.offline.pipeline import folded_scorer

    return folded_scorer(fold(source, stack, out_dir, base=base))


def stacked(stack, parts):
    return lambda texts: stack.logits([p(texts) for p in parts])


def paired_interval(y, a, b, n: int, roc_auc, seed: str) -> dict:
    """ROC-AUC(a) - ROC-AUC(b) on the same items, and its 95 % paired bootstrap interval."""
    rng = np.random.default_rng(int(hashlib.sha1(seed.encode()).hexdigest()[:8], 16))
    diffs = []
    for _ in range(n):
        i = rng.integers(0, len(y), len(y))
        if y[i].min() != y[i].max():
            diffs.append(roc_auc(y[i], a[i]) - roc_auc(y[i], b[i]))
    low, high = np.percentile(diffs, [2.5, 97.5])
    return {"diff": roc_auc(y, a) - roc_auc(y, b), "low": float(low), "high": float(high)}


def minus_v2(mine: tuple, v2: tuple, dev: list, c3: list, n: int, roc_auc) -> dict:
    from townsquare.civility.scores import ATTRIBUTES

    out = {}
    for h, attribute in enumerate(ATTRIBUTES):
        w = np.asarray([e.weights[attribute] for e in dev]) > 0
        y = np.asarray([e.targets[attribute] >= 0.5 for e in dev], dtype=int)[w]
        out[attribute] = paired_interval(y, mine[0][w, h], v2[0][w, h], n, roc_auc, attribute)
    y = np.asarray([c.uncivil for c in c3], dtype=int)
    out["c3"] = paired_interval(y, mine[1], v2[1], n, roc_auc, "c3")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidate", type=Path, action="append", default=[])
    parser.add_argument(
        "--base",
        type=Path,
        default=REPO / "var" / "civility-train" / "v2-base",
        help="the v2 model compared with and stacked on: a directory with shipped.{npz,json} and "
        "its encoder, as `civility train` writes WORK/v2-base (default var/civility-train/v2-base)",
    )
    parser.add_argument("--no-v2", action="store_true", help="skip v2 (reuse an earlier run)")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--per-set", type=int, default=200)
    parser.add_argument("--c3", type=int, default=2500)
    parser.add_argument("--obfuscated-civil", type=int, default=500)
    parser.add_argument("--contrast", type=Path, default=None, help="JSONL (default: generated)")
    parser.add_argument("--out", type=Path, default=REPO / "var" / "v3-dev.json")
    parser.add_argument(
        "--stack",
        action="store_true",
        help="also fit and report, per candidate, the stacks v2 + candidate and v2's lexical "
        "tier + cues + candidate (offline/stack.py), on dev items outside the reported ones",
    )
    parser.add_argument(
        "--fold-out",
        type=Path,
        default=None,
        help="with --stack: fold each lexical stack into a run-time model under DIR/<name>",
    )
    parser.add_argument("--stack-fit", type=int, default=400, help="dev items a set to fit on")
    parser.add_argument(
        "--drop-unknown",
        action="store_true",
        help="read each candidate without [UNK] pieces, as the run-time encoder does (default: "
        "with them, as v3's stack was fitted and `civility train` fits it)",
    )
    parser.add_argument(
        "--bootstrap",
        type=int,
        default=0,
        help="resamples of a paired bootstrap of each model's ROC-AUCs minus v2's (0 = none)",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=REPO / "var" / "v3-dev-cache",
        help="each model's logits per text, kept between runs (keyed by the model's version)",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from townsquare.civility import metrics
    from townsquare.civility.offline import contrast, corpora, finetune
    from townsquare.civility.offline.obfuscate import obfuscate
    from townsquare.civility.offline.pipeline import dev_sample, sample, stack_fit_items
    from townsquare.civility.scores import ATTRIBUTES

    data = args.data_dir or corpora.shared_data_dir()
    examples = finetune.load_examples(data)
    dev = dev_sample(examples, args.per_set)
    c3_dev, _ = corpora.c3_split(corpora.c3_comments(data))
    c3 = sample(c3_dev, args.c3, "c3")
    items = contrast.read(args.contrast) if args.contrast else contrast.generate(data_dir=data)
    own = [i for i in items if i.split == "dev"]
    rng = random.Random("obfuscated-civil")
    civil_c3 = sample([c.text for c in c3 if not c.uncivil], args.obfuscated_civil, "civil")
    twisted = [obfuscate(t, rng, words=1) for t in civil_c3]

    cache_dir = args.cache
    scorers = {}
    blocks: dict = {}  # name -> text list -> (n, 5) logits, for the stacks
    if not args.no_v2 or args.stack:
        from townsquare.civility.offline.stack import load_base, v2_blocks

        v2_model, v2_encoder = load_base(args.base)

        def v2_raw(texts: list[str]) -> np.ndarray:
            return np.hstack(v2_blocks(texts, base=v2_model, encoder=v2_encoder))

        both = cached(v2_raw, f"v2-{v2_model.version}", cache_dir)
        blocks["v2"] = lambda texts: both(texts)[:, :5]
        blocks["v2-lexical"] = lambda texts: both(texts)[:, 5:]
        if not args.no_v2:
            scorers["v2"] = blocks["v2"]
            if args.stack:
                scorers["v2 lexical tier + cues alone"] = blocks["v2-lexical"]
    stacks: dict = {}
    for path in args.candidate:
        from townsquare.civility.offline.export import Candidate

        candidate = Candidate(path, drop_unknown=args.drop_unknown)
        key = f"candidate-{candidate.model.version}-{candidate.model.meta['encoder']['digest']}"
        key += "-unk-dropped" if args.drop_unknown else "-unk-kept"
        score = cached(candidate.score, key, cache_dir)
        scorers[path.name] = score
        if args.stack:
            from townsquare.civility.offline.stack import fit_stack

            fit = stack_fit_items(examples, dev, args.stack_fit)
            targets = np.asarray([[e.targets.get(a, 0.0) for a in ATTRIBUTES] for e in fit])
            weights = np.asarray([[e.weights.get(a, 0.0) for a in ATTRIBUTES] for e in fit])
            texts = [e.text for e in fit]
            for base in ("v2", "v2-lexical"):
                parts = (blocks[base], score)
                stack = fit_stack(
                    [p(texts) for p in parts], targets, weights, names=(base, path.name)
                )
                name = f"stack {base} + {path.name}"
                stacks[name] = {"fitted_on": len(fit), **stack.to_json()}
                scorers[name] = stacked(stack, parts)
                if base == "v2-lexical" and args.fold_out:
                    folded = fold_candidate(stack, path, args.fold_out / path.name, base=v2_model)
                    scorers[f"folded {path.name}"] = cached(
                        folded, f"folded-{folded.version}", cache_dir
                    )

    results = json.loads(args.out.read_text()) if args.out.exists() else {}
    kept: dict = {}  # name -> (dev logits, C3 civility), for the bootstrap
    for name, score in scorers.items():
        t = time.perf_counter()
        row: dict = {"n": {"dev": len(dev), "c3": len(c3), "contrast": len(own)}}
        logits = score([e.text for e in dev])
        row["attribute_roc_auc"] = {}
        for h, attribute in enumerate(ATTRIBUTES):
            w = np.asarray([e.weights[attribute] for e in dev])
            y = np.asarray([e.targets[attribute] >= 0.5 for e in dev], dtype=int)[w > 0]
            row["attribute_roc_auc"][attribute] = metrics.roc_auc(y, logits[w > 0, h])
        civ = 1 / (1 + np.exp(-score([c.text for c in c3]).max(axis=1)))
        kept[name] = (logits, civ)
        labels = np.asarray([c.uncivil for c in c3])
        row["c3_dev_roc_auc"] = metrics.roc_auc(labels, civ)
        hold = float(np.quantile(civ[labels == 0], 0.96))
        row["hold"] = hold
        own_scores = 1 / (1 + np.exp(-score([i.text for i in own]).max(axis=1)))
        held = own_scores >= hold
        per_kind: dict = {}
        for kind in sorted({i.kind for i in own}):
            for obf in (False, True):
                mask = np.asarray([i.kind == kind and i.obfuscated == obf for i in own])
                if mask.any():
                    key = f"{kind}{' (obfuscated)' if obf else ''}"
                    per_kind[key] = float(held[mask].mean())
        lab = np.asarray([i.label for i in own])
        obf = np.asarray([i.obfuscated for i in own])
        row["contrast_dev_held"] = {
            "uncivil plain": float(held[(lab == 1) & ~obf].mean()),
            "uncivil obfuscated": float(held[(lab == 1) & obf].mean()),
            "civil plain": float(held[(lab == 0) & ~obf].mean()),
            "civil obfuscated": float(held[(lab == 0) & obf].mean()),
            "per_kind": per_kind,
        }
        plain = 1 / (1 + np.exp(-score(twisted).max(axis=1)))
        row["civil_c3_held_after_one_word_obfuscated"] = float((plain >= hold).mean())
        row["seconds"] = round(time.perf_counter() - t, 1)
        if name in stacks:
            row["stack"] = stacks[name]
        if args.bootstrap and name != "v2" and "v2" in kept:
            row["minus_v2_bootstrap"] = minus_v2(
                kept[name], kept["v2"], dev, c3, args.bootstrap, metrics.roc_auc
            )
        results[name] = row
        print(json.dumps({name: row}, indent=1, default=float), flush=True)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=1, default=float), encoding="utf-8")


if __name__ == "__main__":
    main()
