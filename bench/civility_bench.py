"""Civility model speed and size, next to alt-profanity-check measured in the same run.

    .venv/bin/python bench/civility_bench.py [--n 1000] [--rss-comments 10000]

Prints, for our shipped model and for alt-profanity-check (needs the ``train`` extra), on the
same comments (held-out C3 news comments when ``<repo>/../shared/data`` is there, else synthetic):

- model load time (a fresh process: imports + first load);
- one comment at a time with highlights: median and p99 latency;
- batch throughput (batches of 256);
- resident memory of a fresh process after scoring ``--rss-comments`` comments one at a time
  (what a web worker holds);
- installed size of the scoring dependencies over Django's (ours: numpy, onnxruntime,
  tokenizers and what they pull in; the peer: scikit-learn, scipy, joblib, ...);

then the ratios ours/peer and the issue's targets, met or missed. Writes
bench/results/civility-bench.png (latency histogram and the memory/size bars).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import numpy as np
from tqdm import tqdm

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings")

TARGETS = {"p99_ms": 50.0, "batch_per_s": 200.0, "load_s": 2.0, "rss_mb": 400.0, "deps_mb": 200.0}


def comments(n: int) -> tuple[list[str], str]:
    from townsquare.civility.offline import corpora

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


# A fresh process per scorer: load time, then RSS after scoring N comments one at a time.
WORKER = """
import json, os, sys, time
sys.path.insert(0, {repo!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings")
import django
django.setup()
texts = json.load(open({texts!r}))
started = time.perf_counter()
if {peer!r}:
    from profanity_check import predict_prob as score
    score(["warm up"])
else:
    from townsquare.civility.backends import ShippedBackend
    score = ShippedBackend().score
    score(["warm up"])
load = time.perf_counter() - started
for text in texts:
    score([text])
rss = int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) / 1024
print(json.dumps({{"load_s": load, "rss_mb": rss}}))
"""


def worker(texts: list[str], *, peer: bool, tmp: Path) -> dict[str, float]:
    path = tmp / "bench-texts.json"
    path.write_text(json.dumps(texts), encoding="utf-8")
    script = WORKER.format(repo=str(REPO), texts=str(path), peer=peer)
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=3600
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _closure(names: list[str]) -> set[str]:
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = re.split(r"[ ;<>=!\[~]", todo.pop(), maxsplit=1)[0].lower().replace("_", "-")
        if not name or name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen.add(name)
        for requirement in dist.requires or []:
            if "extra ==" in requirement:
                continue
            marker = requirement.split(";", 1)[1] if ";" in requirement else ""
            if 'sys_platform == "win32"' in marker or 'platform_system == "Windows"' in marker:
                continue
            todo.append(requirement)
    return seen


def installed_mb(names: set[str]) -> float:
    total = 0
    for name in names:
        dist = metadata.distribution(name)
        for file in dist.files or []:
            path = Path(dist.locate_file(file))
            if path.is_file():
                total += path.stat().st_size
    return total / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="comments per measurement")
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--rss-comments", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results")
    args = parser.parse_args()

    import django

    django.setup()
    from townsquare.civility import backends

    texts, source = comments(2 * args.n)
    single_texts, batch_texts = texts[: args.n], texts[args.n :]
    model = backends.shipped_model()
    ours = backends.ShippedBackend().score
    ours(["warm up"])

    rows: dict[str, dict[str, float]] = {}
    lat = latencies(ours, single_texts, "ours, one at a time")
    rows["townsquare shipped"] = {
        "lat": lat,
        "batch_per_s": throughput(ours, batch_texts, args.batch, "ours, batches"),
    }
    try:
        from profanity_check import predict_prob
    except ImportError:
        print("alt-profanity-check not installed (pip install '.[train]'): no peer this run")
        predict_prob = None
    if predict_prob is not None:
        rows["alt-profanity-check"] = {
            "lat": latencies(predict_prob, single_texts, "alt-profanity-check, one at a time"),
            "batch_per_s": throughput(predict_prob, batch_texts, args.batch, "peer, batches"),
        }

    args.out.mkdir(parents=True, exist_ok=True)
    rss_texts, _ = comments(args.rss_comments)
    print(f"memory: a fresh process scoring {len(rss_texts)} comments one at a time, per scorer")
    rows["townsquare shipped"].update(worker(rss_texts, peer=False, tmp=args.out))
    if predict_prob is not None:
        rows["alt-profanity-check"].update(worker(rss_texts, peer=True, tmp=args.out))

    django_deps = _closure(["django"])
    ours_deps = _closure(["numpy", "onnxruntime", "tokenizers", "tqdm"]) - django_deps
    rows["townsquare shipped"]["deps_mb"] = installed_mb(ours_deps)
    if predict_prob is not None:
        peer_deps = _closure(["alt-profanity-check"]) - django_deps
        rows["alt-profanity-check"]["deps_mb"] = installed_mb(peer_deps)

    mean_chars = np.mean([len(t) for t in texts])
    print(f"\ncomments: {source}, {args.n} single + {args.n} in batches of {args.batch}")
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"mean length {mean_chars:.0f} characters; CPU cores: {os.cpu_count()}; load {load}")
    print(f"shipped model {model.version}; scoring dependencies: {', '.join(sorted(ours_deps))}")
    header = f"{'scorer':<22}{'median ms':>10}{'p99 ms':>9}{'batch /s':>10}{'load s':>8}"
    print(header + f"{'RSS MB':>9}{'deps MB':>9}")
    for name, r in rows.items():
        print(
            f"{name:<22}{np.median(r['lat']):>10.2f}{np.percentile(r['lat'], 99):>9.2f}"
            f"{r['batch_per_s']:>10.0f}{r['load_s']:>8.2f}{r['rss_mb']:>9.0f}{r['deps_mb']:>9.0f}"
        )
    ours_row = rows["townsquare shipped"]
    if len(rows) == 2:
        peer_row = rows["alt-profanity-check"]
        print(
            "ratio ours/peer: "
            f"median latency x{np.median(ours_row['lat']) / np.median(peer_row['lat']):.1f}, "
            f"p99 x{np.percentile(ours_row['lat'], 99) / np.percentile(peer_row['lat'], 99):.1f}, "
            f"batch throughput x{ours_row['batch_per_s'] / peer_row['batch_per_s']:.3f}, "
            f"load x{ours_row['load_s'] / peer_row['load_s']:.1f}, "
            f"RSS x{ours_row['rss_mb'] / peer_row['rss_mb']:.2f}, "
            f"deps x{ours_row['deps_mb'] / peer_row['deps_mb']:.2f}"
        )
    measured = {
        "p99_ms": float(np.percentile(ours_row["lat"], 99)),
        "batch_per_s": ours_row["batch_per_s"],
        "load_s": ours_row["load_s"],
        "rss_mb": ours_row["rss_mb"],
        "deps_mb": ours_row["deps_mb"],
    }
    verdicts = []
    for key, target in TARGETS.items():
        ok = measured[key] >= target if key == "batch_per_s" else measured[key] <= target
        sign = ">=" if key == "batch_per_s" else "<="
        verdicts.append(f"{key} {measured[key]:.1f} {sign} {target:g}: {'met' if ok else 'MISSED'}")
    print("targets: " + "; ".join(verdicts))

    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    fig, (hist_ax, bar_ax) = plt.subplots(1, 2, figsize=(12, 4.5))
    for name, r in rows.items():
        p99 = np.percentile(r["lat"], 99)
        hist_ax.hist(r["lat"], bins=60, alpha=0.6, label=f"{name} (p99 {p99:.1f} ms)")
    hist_ax.axvline(TARGETS["p99_ms"], color="grey", linestyle=":")
    hist_ax.set(xlabel="ms per comment, one at a time", ylabel="comments", yscale="log")
    hist_ax.legend(fontsize=8)
    keys = ["rss_mb", "deps_mb"]
    x = np.arange(len(keys))
    for i, (name, r) in enumerate(rows.items()):
        bar_ax.bar(x + (i - 0.5) * 0.4, [r[k] for k in keys], 0.4, label=name)
    bar_ax.set_xticks(x, ["RSS after scoring (MB)", "installed scoring deps (MB)"])
    for j, key in enumerate(keys):
        bar_ax.hlines(TARGETS[key], j - 0.4, j + 0.4, color="grey", linestyle=":")
    bar_ax.legend(fontsize=8)
    fig.tight_layout()
    png = args.out / "civility-bench.png"
    fig.savefig(png, dpi=110)
    print(f"plot: {png}")


if __name__ == "__main__":
    main()
