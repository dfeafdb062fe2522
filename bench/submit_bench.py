"""How long one comment takes to post, with the whole moderation pipeline and the model inline.

Runs ``comment_submit`` — the function the reply form calls — for N real news comments (C3, from
../shared/data) on a fresh SQLite database (WAL, as the demo runs), one at a time, and reports the
median and p99 latency and the throughput. Flood limits are lifted so every comment goes through
every check rather than stopping at "too fast"; everything else is the default policy.

    .venv/bin/python bench/submit_bench.py [--n 1000] [--database-url postgres://...]

Writes bench/results/submit.png (latency distribution) and prints a summary.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "c3" / "c3_dev.csv.gz"


def load_texts(n: int) -> list[str]:
    if not DATA.exists():
        sys.exit(f"needs the C3 sample at {DATA}")
    with gzip.open(DATA, "rt", newline="") as handle:
        texts = [row["comment_text"] for row in csv.DictReader(handle) if row["comment_text"]]
    return [texts[i % len(texts)] + ("" if i < len(texts) else f" ({i})") for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="townsquare-bench-"))
    os.environ["TOWNSQUARE_DATA_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    for name, value in {
        "RATE_LIMIT_SECONDS": "0",
        "RATE_LIMIT_PER_HOUR": "1000000",
        "DUPLICATE_WINDOW_SECONDS": "0",
        "SPAM_MIN_SECONDS": "0",
    }.items():
        os.environ[name] = value
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone
    from tqdm import tqdm

    from townsquare import civility
    from townsquare.comments.services import CommentRefused
    from townsquare.lib.client import ClientInfo
    from townsquare.moderation.posting import CommentNudged, comment_submit
    from townsquare.stories.models import Story

    call_command("migrate", verbosity=0)
    story = Story.objects.create(
        slug="bench", headline="Bench", body="Text.", published_at=timezone.now()
    )
    texts = load_texts(args.n)
    start = time.perf_counter()
    civility.score(["warm up the model"])
    load_seconds = time.perf_counter() - start

    latencies, outcomes = [], {}
    for i, text in enumerate(tqdm(texts, desc="comment_submit", unit="comment")):
        began = time.perf_counter()
        try:
            result = comment_submit(
                story=story,
                author_name=f"Reader {i % 97}",
                email=f"r{i % 97}@example.com",
                body=text[:5000],
                client=ClientInfo(ip_hash=f"ip{i % 31}", device_id=f"d{i}"),
                form_age_seconds=30.0,
            )
            outcome = result.comment.status
        except CommentNudged:
            outcome = "nudged"
        except CommentRefused as refusal:
            outcome = f"refused:{refusal.code}"
        latencies.append((time.perf_counter() - began) * 1000)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1

    latencies.sort()
    median = statistics.median(latencies)
    p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
    total = sum(latencies) / 1000
    print(f"database: {django.db.connection.vendor}; model load + first score {load_seconds:.2f} s")
    print(
        f"comment_submit over {len(latencies)} C3 comments: median {median:.1f} ms, "
        f"p99 {p99:.1f} ms, mean {statistics.mean(latencies):.1f} ms, "
        f"{len(latencies) / total:.0f} comments/s in one process"
    )
    print("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    figure, axis = plt.subplots(figsize=(7, 4))
    axis.hist(latencies, bins=60, color="#0b4f8a")
    axis.axvline(median, color="#1a1a1a", linestyle="--", label=f"median {median:.1f} ms")
    axis.axvline(p99, color="#a4161a", linestyle=":", label=f"p99 {p99:.1f} ms")
    axis.set_xlabel("comment_submit latency (ms), model inline")
    axis.set_ylabel("comments")
    axis.set_title(f"Posting {len(latencies)} comments ({django.db.connection.vendor})")
    axis.legend()
    figure.tight_layout()
    figure.savefig(results / "submit.png", dpi=120)
    print(f"plot: {results / 'submit.png'}")


if __name__ == "__main__":
    main()
