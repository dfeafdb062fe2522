"""How fast `townsquare import disqus` brings in a big generated Disqus export, in what memory.

Generates a Disqus export XML with N comments (default 100,000) on N/50 threads, from N/5
authors, about a third of them replies (some placed before their parent in the file), with HTML
messages, some spam and some deleted. Then, each in a fresh process and a fresh SQLite database
(WAL, as the site runs):

1. the import itself, ``townsquare import disqus FILE`` (timed; peak RSS of the process);
2. the same import of a tenth of the file, to show memory does not grow with the file;
3. peers measured in the same run: parsing the file alone (defusedxml, no database), and
   ``comment_create`` called once per comment for 2,000 comments (the write path of the reply
   form), extrapolated to N.

    .venv/bin/python bench/import_bench.py [--n 100000] [--database-url postgres://...]

Prints the figures and ratios and writes bench/results/import.png.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
WORDS = [
    "harbour",
    "council",
    "ferry",
    "vote",
    "budget",
    "school",
    "road",
    "bridge",
    "parking",
    "tide",
    "fishing",
    "boat",
    "market",
    "library",
    "tax",
    "plan",
    "meeting",
    "mayor",
    "residents",
    "night",
    "summer",
    "winter",
    "storm",
    "pier",
    "lighthouse",
    "clinic",
    "bus",
    "schedule",
    "wharf",
    "permit",
    "grant",
    "volunteers",
    "festival",
    "concert",
    "seawall",
    "dredging",
]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    return " ".join(words).capitalize() + rng.choice([".", ".", "?", "!"])


def _message(rng: random.Random, n: int) -> str:
    paragraphs = []
    for _ in range(rng.randint(1, 3)):
        text = " ".join(_sentence(rng) for _ in range(rng.randint(1, 4)))
        if rng.random() < 0.2:
            text += f' See <a href="https://example.org/notes/{n}">the notes</a>.'
        if rng.random() < 0.2:
            text = text.replace(" plan ", " <b>plan</b> ", 1)
        paragraphs.append(f"<p>{text}</p>")
    return "".join(paragraphs)


def generate(path: Path, n: int, seed: int = 7) -> dict:
    """Write a Disqus export with ``n`` posts; returns counts of what is in it."""
    rng = random.Random(seed)
    threads = max(1, n // 50)
    authors = max(1, n // 5)
    start = datetime(2015, 1, 1, tzinfo=UTC)
    counts = {"posts": n, "threads": threads, "spam": 0, "deleted": 0, "replies": 0}
    by_thread: dict[int, list[int]] = {}
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n')
        out.write(
            '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n'
        )
        out.write(
            '<category dsq:id="1"><forum>benchforum</forum><title>General</title></category>\n'
        )
        for t in range(threads):
            created = start + timedelta(hours=t * 3)
            out.write(
                f'<thread dsq:id="t{t}"><id/><forum>benchforum</forum>'
                f"<link>https://news.example/{created:%Y/%m}/story-{t}/</link>"
                f"<title>{escape(_sentence(rng))}</title>"
                f"<createdAt>{created:%Y-%m-%dT%H:%M:%SZ}</createdAt>"
                "<isClosed>false</isClosed><isDeleted>false</isDeleted></thread>\n"
            )
        held_back: list[str] = []
        for i in range(n):
            t = rng.randrange(threads)
            siblings = by_thread.setdefault(t, [])
            parent = ""
            if siblings and rng.random() < 0.35:
                parent = f'<parent dsq:id="p{rng.choice(siblings[-20:])}"/>'
                counts["replies"] += 1
            siblings.append(i)
            a = rng.randrange(authors)
            spam = rng.random() < 0.02
            deleted = not spam and rng.random() < 0.03
            counts["spam"] += spam
            counts["deleted"] += deleted
            created = start + timedelta(hours=t * 3, minutes=i % 5000)
            post = (
                f'<post dsq:id="p{i}"><id/><message><![CDATA[{_message(rng, i)}]]></message>'
                f"<createdAt>{created:%Y-%m-%dT%H:%M:%SZ}</createdAt>"
                f"<isDeleted>{str(deleted).lower()}</isDeleted><isSpam>{str(spam).lower()}</isSpam>"
                f"<author><email>reader{a}@example.org</email><name>Reader {a}</name>"
                f"<isAnonymous>false</isAnonymous><username>reader{a}</username></author>"
                f"<ipAddress>10.0.{a % 250}.{i % 250}</ipAddress>"
                f'<thread dsq:id="t{t}"/>{parent}</post>\n'
            )
            # Every 50th post is written late, so some replies come before their parent.
            if i % 50 == 0:
                held_back.append(post)
            else:
                out.write(post)
            if len(held_back) >= 20:
                out.writelines(held_back)
                held_back = []
        out.writelines(held_back)
        out.write("</disqus>\n")
    return counts


CHILD = r"""
import json, os, resource, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings")
sys.path.insert(0, sys.argv[1])
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
# A PostgreSQL database is flushed between runs, which empties the default site's row too.
from townsquare.sites.models import default_site_id
default_site_id()
mode, path, extra = sys.argv[2], sys.argv[3], sys.argv[4]


def cpu(who):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


began, cpu_began = time.perf_counter(), cpu(resource.RUSAGE_SELF)
detail = ""
if mode == "import":
    from io import StringIO
    out = StringIO()
    flags = ["--no-progress"] if extra == "quiet" else []
    call_command("import", "disqus", path, *flags, stdout=out)
    detail = out.getvalue()
elif mode == "parse":
    from pathlib import Path
    from townsquare.transfer.records import CommentRecord, Source
    from townsquare.transfer.sources import disqus
    n = sum(isinstance(r, CommentRecord) for r in disqus.parse(Source(path=Path(path))))
    detail = f"{n} comment records"
elif mode == "comment_create":
    from django.db import transaction
    from django.utils import timezone
    from townsquare.comments.services import comment_create, commenter_get_or_create
    from townsquare.stories.models import Story
    story = Story.objects.create(slug="bench", headline="Bench", published_at=timezone.now())
    count = int(extra)
    began, cpu_began = time.perf_counter(), cpu(resource.RUSAGE_SELF)
    with transaction.atomic():
        for i in range(count):
            who = commenter_get_or_create(
                email=f"reader{i % (count // 5)}@example.org", display_name=f"Reader {i}"
            )
            comment_create(
                story=story,
                commenter=who,
                author_name=who.display_name,
                status="published",
                body=f"Comment {i} about the harbour plan.\n\nA *second* paragraph.",
                created_at=timezone.now(),
            )
    detail = f"{count} comments"
print(json.dumps({
    "seconds": time.perf_counter() - began,
    "cpu_main": cpu(resource.RUSAGE_SELF) - cpu_began,
    "cpu_workers": cpu(resource.RUSAGE_CHILDREN),
    "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "worker_peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "detail": detail,
}))
"""


def run_child(mode: str, path: Path, extra: str, database_url: str) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="townsquare-import-bench-"))
    env = dict(os.environ, TOWNSQUARE_DATA_DIR=str(workdir))
    env["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    # With DATABASE_URL the settings require a SECRET_KEY; a throwaway one for the bench.
    env.setdefault("SECRET_KEY", "townsquare-import-bench-only")
    if database_url:
        subprocess.run(
            [sys.executable, "-m", "townsquare.cli", "flush", "--no-input"],
            env=env,
            cwd=ROOT,
            check=False,
            capture_output=True,
        )
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), mode, str(path), extra],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(f"{mode} failed:\n{done.stdout}\n{done.stderr}")
    sys.stderr.write(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min) {five:.1f} (5 min) on {os.cpu_count()} CPUs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="import runs (median reported)")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="townsquare-import-data-"))
    big, small = workdir / "disqus-big.xml", workdir / "disqus-small.xml"
    began = time.perf_counter()
    counts = generate(big, args.n)
    generate(small, max(1, args.n // 10), seed=8)
    print(
        f"generated {big.stat().st_size / 1e6:.1f} MB Disqus export: {counts['posts']} posts on "
        f"{counts['threads']} threads, {counts['replies']} replies, {counts['spam']} spam, "
        f"{counts['deleted']} deleted ({time.perf_counter() - began:.1f} s)"
    )

    print(f"machine: {_load()}")
    runs = []
    for attempt in range(args.repeat):
        result = run_child("import", big, "progress", args.database_url)
        runs.append(result)
        print(
            f"import run {attempt + 1}: {result['seconds']:.1f} s wall, CPU "
            f"{result['cpu_main']:.1f} s importing process + {result['cpu_workers']:.1f} s "
            f"workers, peak RSS {result['peak_mib']:.0f} MiB (workers "
            f"{result['worker_peak_mib']:.0f} MiB each at most); {_load()}"
        )
    print(runs[-1]["detail"].strip())
    median = statistics.median(r["seconds"] for r in runs)
    cpu_total = statistics.median(r["cpu_main"] + r["cpu_workers"] for r in runs)
    peak = max(r["peak_mib"] for r in runs)
    small_run = run_child("import", small, "quiet", args.database_url)
    parse_run = run_child("parse", big, "", args.database_url)
    sample = 2000
    create_run = run_child("comment_create", big, str(sample), args.database_url)
    per_row = create_run["seconds"] / sample * args.n
    size_mib = big.stat().st_size / 2**20

    print()
    print(
        f"import of {args.n} comments: median {median:.1f} s wall over {len(runs)} runs "
        f"({args.n / median:,.0f} comments/s), median CPU {cpu_total:.1f} s in all processes; "
        f"peak RSS {peak:.0f} MiB for a {size_mib:.0f} MiB file"
    )
    print(
        f"import of {args.n // 10} comments: {small_run['seconds']:.1f} s, peak RSS "
        f"{small_run['peak_mib']:.0f} MiB → 10x the comments took "
        f"{median / small_run['seconds']:.1f}x the time and "
        f"{peak / small_run['peak_mib']:.2f}x the memory"
    )
    print(
        f"peer: parsing alone {parse_run['seconds']:.1f} s (import = "
        f"{median / parse_run['seconds']:.1f}x parsing), peak RSS {parse_run['peak_mib']:.0f} MiB"
    )
    print(
        f"peer: comment_create per comment: {create_run['seconds']:.1f} s for {sample} → "
        f"{per_row:.0f} s extrapolated to {args.n} (the import is {per_row / median:.1f}x faster)"
    )
    target = 60.0
    verdict = "met" if median < target else "NOT met"
    print(f"target: under {target:.0f} s wall → {verdict} ({median / target:.2f} of the budget)")

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    labels = [
        "parse only",
        f"import {args.n // 10:,}",
        f"import {args.n:,}",
        "comment_create\n(extrapolated)",
    ]
    seconds = [parse_run["seconds"], small_run["seconds"], median, per_row]
    left.bar(labels, seconds, color=["#999999", "#6c9bd2", "#0b4f8a", "#a4161a"])
    left.axhline(target, color="#1a1a1a", linestyle="--", label="60 s target")
    left.set_ylabel("seconds")
    left.set_title(f"{args.n:,} Disqus comments")
    left.legend()
    left.tick_params(axis="x", labelsize=8)
    right.bar(
        ["parse only", f"import {args.n // 10:,}", f"import {args.n:,}"],
        [parse_run["peak_mib"], small_run["peak_mib"], peak],
        color=["#999999", "#6c9bd2", "#0b4f8a"],
    )
    right.set_ylabel("peak RSS (MiB)")
    right.set_title("memory")
    figure.tight_layout()
    figure.savefig(results / "import.png", dpi=120)
    print(f"plot: {results / 'import.png'}")


if __name__ == "__main__":
    main()
