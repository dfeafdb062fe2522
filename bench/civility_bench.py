"""Civility model speed: one comment at a time (with highlights) and batches, next to a peer.

    .venv/bin/python bench/civility_bench.py [--n 1000]

Prints load time, single-comment latency (median, p99) and batch throughput for our shipped
model and for alt-profanity-check (needs the ``train`` extra) measured in the same run on the
same comments: held-out C3 comments when ``<repo>/../shared/data`` is there, else synthetic ones.
Writes a latency histogram to bench/results/civility-latency.png.
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


def comments(n: int) -> tuple[list[str], str]:
    from townsquare.civility import corpora

    data = corpora.shared_data_dir()
    if (data / "c3" / "c3_dev.csv.gz").exists():
        _, test = corpora.c3_split(corpora.c3_comments(data))
        texts = [c.text for c in test]
        source = "held-out C3 news comments"
    else:
        words = [
            "the",
            "council",
            "plan",
            "budget",
            "you",
            "idiot",
            "think",
            "read",
            "article",
            "tax",
            "bridge",
            "why",
            "not",
        ]
        rng = random.Random(1)
        texts = [" ".join(rng.choices(words, k=rng.randint(10, 120))) for _ in range(3000)]
        source = "synthetic comments (shared data not found)"
    random.Random(7).shuffle(texts)
    return (texts * (1 + n // max(len(texts), 1)))[:n], source


def latencies(fn, texts: list[str], desc: str) -> np.ndarray:
    times = []
    for text in tqdm(texts, desc=desc, unit="comment"):
        start = time.perf_counter()
        fn([text])
        times.append(time.perf_counter() - start)
    return np.asarray(times) * 1000.0


def throughput(fn, texts: list[str], batch: int, desc: str) -> float:
    start = time.perf_counter()
    for i in tqdm(range(0, len(texts), batch), desc=desc, unit="batch"):
        fn(texts[i : i + batch])
    return len(texts) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="comments per measurement")
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results")
    args = parser.parse_args()

    import django

    django.setup()
    from townsquare.civility import backends

    texts, source = comments(2 * args.n)
    single_texts, batch_texts = texts[: args.n], texts[args.n :]
    start = time.perf_counter()
    model = backends.shipped_model()
    load_s = time.perf_counter() - start
    ours = backends.ShippedBackend().score

    rows = {}
    ours_lat = latencies(ours, single_texts, "ours, one at a time")
    rows["townsquare shipped"] = (
        ours_lat,
        throughput(ours, batch_texts, args.batch, "ours, batches"),
    )
    try:
        from profanity_check import predict_prob
    except ImportError:
        print("alt-profanity-check not installed (pip install '.[train]'): no peer this run")
    else:
        peer_lat = latencies(predict_prob, single_texts, "alt-profanity-check, one at a time")
        rows["alt-profanity-check"] = (
            peer_lat,
            throughput(predict_prob, batch_texts, args.batch, "alt-profanity-check, batches"),
        )

    mean_chars = np.mean([len(t) for t in texts])
    print(f"\ncomments: {source}, {args.n} single + {args.n} in batches of {args.batch}")
    print(f"mean length {mean_chars:.0f} characters; CPU cores: {os.cpu_count()}")
    print(f"shipped model {model.version} loaded in {load_s * 1000:.0f} ms")
    print(f"{'scorer':<22}{'median ms':>10}{'p99 ms':>9}{'batch /s':>11}")
    for name, (lat, rate) in rows.items():
        print(f"{name:<22}{np.median(lat):>10.2f}{np.percentile(lat, 99):>9.2f}{rate:>11.0f}")
    if len(rows) == 2:
        (a_lat, a_rate), (b_lat, b_rate) = rows.values()
        print(
            f"ratio ours/peer: median latency x{np.median(a_lat) / np.median(b_lat):.1f}, "
            f"p99 x{np.percentile(a_lat, 99) / np.percentile(b_lat, 99):.1f}, "
            f"batch throughput x{a_rate / b_rate:.3f}"
        )
    p99 = np.percentile(ours_lat, 99)
    rate = rows["townsquare shipped"][1]
    print(f"targets: p99 {p99:.1f} ms <= 50 ms: {'met' if p99 <= 50 else 'MISSED'}; ", end="")
    print(f"batch {rate:.0f}/s >= 200/s: {'met' if rate >= 200 else 'MISSED'}")

    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    fig, ax = plt.subplots(figsize=(7, 4))
    for name, (lat, _) in rows.items():
        ax.hist(lat, bins=60, alpha=0.6, label=f"{name} (p99 {np.percentile(lat, 99):.1f} ms)")
    ax.set(xlabel="ms per comment, one at a time", ylabel="comments", yscale="log")
    ax.legend()
    fig.tight_layout()
    args.out.mkdir(parents=True, exist_ok=True)
    png = args.out / "civility-latency.png"
    fig.savefig(png, dpi=110)
    print(f"histogram: {png}")


if __name__ == "__main__":
    main()
