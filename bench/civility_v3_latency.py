"""One comment scored with highlights, one thread: the shipped model against another model.

    nice -n 19 .venv/bin/python bench/civility_v3_latency.py --candidate var/civility-v3 [--n 300]

Scores a seeded sample of C3 dev comments one at a time through the run-time path (encoder,
heads, token shares to words, spans) and prints the median and p99 milliseconds of each model.
On shared, busy cores the figures are upper bounds.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidate", type=Path, required=True)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()
    import django

    django.setup()
    from townsquare.civility.backends import _scores_from_linear, shipped_model
    from townsquare.civility.encoder import ARTIFACTS_DIR, artifact_window, encoder_for
    from townsquare.civility.model import LinearModel
    from townsquare.civility.offline import corpora

    data = args.data_dir or corpora.shared_data_dir()
    dev, _ = corpora.c3_split(corpora.c3_comments(data))
    texts = [c.text for c in random.Random(3).sample(dev, args.n)]
    stem = args.candidate / "candidate"
    if not stem.with_suffix(".json").exists():
        stem = args.candidate / "shipped"
    candidate = LinearModel.load(stem)
    meta_window = candidate.meta["encoder"]["max_tokens"]
    models = {
        f"shipped {shipped_model().version} ({artifact_window()} pieces)": (
            shipped_model(),
            encoder_for(shipped_model().meta, ARTIFACTS_DIR, threads=1),
        ),
        f"candidate ({meta_window} pieces)": (
            candidate,
            encoder_for(candidate.meta, args.candidate, threads=1),
        ),
    }
    for name, (model, encoder) in models.items():
        for text in texts[:10]:  # warm up
            _scores_from_linear(model, text, model.chunk_scores(text, encoder.encode([text])[0]))
        times = []
        for text in texts:
            t = time.perf_counter()
            (encoded,) = encoder.encode([text])
            _scores_from_linear(model, text, model.chunk_scores(text, encoded))
            times.append((time.perf_counter() - t) * 1000)
        print(
            f"{name}: median {np.median(times):.1f} ms, p99 {np.percentile(times, 99):.1f} ms "
            f"over {len(times)} C3 dev comments, one thread"
        )


if __name__ == "__main__":
    main()
