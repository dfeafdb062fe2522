"""What a longer window costs the fine-tune: seconds per training step at 64 / 128 / 256 pieces.

    nice -n 19 .venv/bin/python bench/civility_window_cost.py [--steps 3]

Times forward + backward + AdamW on all-MiniLM-L6-v2 for batches of 32 texts drawn (seeded) from
the train split of the permissive sets, and prints the share of C3 dev comments and of those
training texts longer than each window (word pieces, [CLS]/[SEP] included).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=3)
    parser.add_argument("--windows", default="64,128,256")
    parser.add_argument("--data-dir", type=Path, default=None, help="default ../shared/data")
    args = parser.parse_args()
    import django

    django.setup()
    import torch
    from transformers import AutoModel, AutoTokenizer

    from townsquare.civility.encoder import minilm_dir
    from townsquare.civility.offline import corpora

    data = args.data_dir or corpora.shared_data_dir()
    train = [e.text for e in corpora.shipped_examples(data) if e.split == "train"]
    c3_dev, _ = corpora.c3_split(corpora.c3_comments(data))
    tok = AutoTokenizer.from_pretrained(str(minilm_dir()))
    rng = random.Random(1)
    sample = rng.sample(train, 2000)
    for name, texts in (("C3 dev", [c.text for c in c3_dev]), ("train sample", sample)):
        lengths = [len(ids) for ids in tok(texts)["input_ids"]]
        shares = ", ".join(
            f"> {w}: {sum(n > w for n in lengths) / len(lengths):.0%}"
            for w in map(int, args.windows.split(","))
        )
        print(f"{name}: {shares}")
    model = AutoModel.from_pretrained(str(minilm_dir()))
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-5)
    print(f"threads {torch.get_num_threads()}")
    for window in map(int, args.windows.split(",")):
        times = []
        for step in range(args.steps + 1):
            batch = tok(
                rng.sample(train, 32),
                padding=True,
                truncation=True,
                max_length=window,
                return_tensors="pt",
            )
            t = time.perf_counter()
            states = model(**batch).last_hidden_state
            states.mean().backward()
            optimizer.step()
            optimizer.zero_grad()
            if step:  # the first step warms up
                times.append(time.perf_counter() - t)
        print(f"window {window}: {sum(times) / len(times):.2f} s per step of 32 (median-ish)")


if __name__ == "__main__":
    main()
