"""Live announcements: what 1,000 open pages polling every 15 s cost the server, in one run.

Each simulated page polls the story's live state (``GET /api/v1/stories/<id>/live``) every
``--every`` seconds (15, as shipped), revalidating with the ``ETag`` of its previous answer, as a
browser's ``fetch(..., {cache: "no-cache"})`` does; the pages' first polls are spread over the
first period. Meanwhile a reader publishes a comment every ``--publish-every`` seconds (20: a
busy story; through ``comment_create`` in a process of its own), so polls see the thread change
and some get a 200.

The peer, measured in the same run on the same server, is the cheapest alternative a page has
without a live endpoint: the same pages revalidating the whole article page (``If-None-Match`` on
the cached page) at the same rate.

For each, the server's CPU (gunicorn master and workers, from /proc) per second of the run — the
share of one core that 1,000 open pages take — the answers (200/304), p50/p99 latency and bytes
sent. ``townsquare serve`` with 2 workers on SQLite with the database cache (the embedded
default); ``--redis-url`` adds a run with Redis as the cache (no database read per poll).

    .venv/bin/python bench/live_bench.py [--quick] [--pages 1000] [--every 15] [--seconds 60]
        [--redis-url redis://127.0.0.1:63799/9]

Writes bench/results/live.json and bench/results/live.png.
"""

from __future__ import annotations

import argparse
import heapq
import http.client
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
from harness import median, percentile  # noqa: E402

CLIENT_THREADS = 24
PUBLISHER = """
import time
from townsquare.comments.models import Commenter
from townsquare.comments.services import comment_create
from townsquare.stories.models import Story
story = Story.objects.get(slug="live")
commenter = Commenter.objects.order_by("pk").first()
for n in range({count}):
    time.sleep({every})
    comment_create(story=story, commenter=commenter, author_name="Live Reader", status="published",
                   body=f"A comment published while the pages were open, number {{n}}.")
"""


@dataclass
class Phase:
    label: str
    polls: list[float] = field(default_factory=list)  # latency, ms
    statuses: dict[int, int] = field(default_factory=dict)
    bytes_in: int = 0
    errors: int = 0
    cpu_s: float = 0.0
    seconds: float = 0.0

    @property
    def cpu_share(self) -> float:
        """Server CPU per second of the run: 1.0 is one core fully busy."""
        return self.cpu_s / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_poll(self) -> float:
        return 1000 * self.cpu_s / max(1, len(self.polls))


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


def _seed(site: harness.Site, comments: int) -> int:
    texts = harness.c3_texts()
    plan = {
        "stories": [
            {
                "slug": "live",
                "headline": "Harbour board keeps the ferry slip open",
                "body": harness.STORY_BODY,
                "comments": [
                    {"author": c.author, "email": c.email, "text": c.text, "parent": c.parent}
                    for c in harness.thread_plan(comments, texts=texts)
                ],
            }
        ]
    }
    path = site.workdir / "plan.json"
    path.write_text(json.dumps(plan))
    site.script(harness.BENCH / "seed_townsquare.py", str(path))
    out = site.python(
        "from townsquare.stories.models import Story; print(Story.objects.get(slug='live').pk)"
    )
    return int(out.strip().splitlines()[-1])


def _poll_phase(
    base: str,
    path: str,
    *,
    label: str,
    pages: int,
    every: float,
    seconds: float,
    master: subprocess.Popen,
) -> Phase:
    phase = Phase(label=label)
    host, port = base.removeprefix("http://").split(":")
    etags: dict[int, str] = {}
    lock = threading.Lock()
    start = time.monotonic() + 0.5
    # (due time, page): each page's first poll spread over the first period.
    due = [(start + every * page / pages, page) for page in range(pages)]
    heapq.heapify(due)
    end = start + seconds
    done = threading.Event()

    def client() -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        while not done.is_set():
            with lock:
                if not due:
                    return
                when, page = heapq.heappop(due)
            if when >= end:
                return
            wait = when - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            headers = {"Accept": "application/json"}
            if page in etags:
                headers["If-None-Match"] = etags[page]
            sent = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=10)
                with lock:
                    phase.errors += 1
                    heapq.heappush(due, (when + every, page))
                continue
            elapsed = (time.perf_counter() - sent) * 1000
            with lock:
                phase.polls.append(elapsed)
                phase.statuses[response.status] = phase.statuses.get(response.status, 0) + 1
                phase.bytes_in += len(body)
                if response.getheader("ETag"):
                    etags[page] = response.getheader("ETag")
                heapq.heappush(due, (when + every, page))
        connection.close()

    pids = [master.pid, *harness.gunicorn_workers(master.pid)]
    threads = [threading.Thread(target=client, daemon=True) for _ in range(CLIENT_THREADS)]
    cpu_before = _cpu_seconds(pids)
    for thread in threads:
        thread.start()
    while time.monotonic() < end:
        time.sleep(1)
        sent = len(phase.polls)
        if int(time.monotonic() - start) % 10 == 0:
            print(f"  {label}: {sent:,} requests, {time.monotonic() - start:4.0f} s", flush=True)
    done.set()
    for thread in threads:
        thread.join(timeout=15)
    phase.cpu_s = _cpu_seconds(pids) - cpu_before
    phase.seconds = seconds
    return phase


def _run(args, *, redis_url: str = "") -> list[Phase]:
    label = "redis" if redis_url else "sqlite"
    phases = []
    with harness.townsquare_site(f"live-{label}", redis_url=redis_url) as site:
        story_id = _seed(site, args.comments)
        with harness.townsquare_server(site, workers=2) as (base, master):
            live = f"/api/v1/stories/{story_id}/live"
            article = "/stories/live/"
            harness.wait_http(base + live)
            publisher = subprocess.Popen(
                [
                    str(harness.VENV_BIN / "townsquare"),
                    "shell",
                    "--no-imports",
                    "-c",
                    PUBLISHER.format(
                        count=int(3 * args.seconds / args.publish_every) + 2,
                        every=args.publish_every,
                    ),
                ],
                env=site.env,
            )
            try:
                for name, path in (("live state", live), ("article page (peer)", article)):
                    phases.append(
                        _poll_phase(
                            base,
                            path,
                            label=f"{label}: {name}",
                            pages=args.pages,
                            every=args.every,
                            seconds=args.seconds,
                            master=master,
                        )
                    )
            finally:
                publisher.kill()
    return phases


def _plot(phases: list[Phase]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (cpu, latency) = plt.subplots(1, 2, figsize=(11, 4))
    labels = [p.label.replace(": ", "\n") for p in phases]
    cpu.bar(labels, [100 * p.cpu_share for p in phases], color="#1d4f91")
    cpu.set_ylabel("server CPU, % of one core")
    cpu.set_title("1,000 open pages, one poll each per 15 s")
    latency.bar(labels, [percentile(p.polls, 0.99) for p in phases], color="#d9a400", label="p99")
    latency.bar(labels, [median(p.polls) for p in phases], color="#7a5a00", label="p50")
    latency.set_ylabel("ms")
    latency.legend()
    for axis in (cpu, latency):
        axis.tick_params(axis="x", labelsize=8)
    figure.tight_layout()
    figure.savefig(harness.RESULTS / "live.png", dpi=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--every", type=float, default=15.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--comments", type=int, default=100)
    parser.add_argument("--publish-every", type=float, default=20.0)
    parser.add_argument("--redis-url", default="")
    parser.add_argument("--quick", action="store_true", help="30 s phases")
    args = parser.parse_args()
    if args.quick:
        args.seconds = 30.0
    print(f"{harness.machine_text()}; load {harness.load_text()}")
    print(f"{args.pages:,} pages polling every {args.every:g} s for {args.seconds:g} s each phase")
    phases = _run(args)
    if args.redis_url:
        phases += _run(args, redis_url=args.redis_url)
    print()
    print(
        f"{'':34} {'requests':>9} {'200/304':>11} {'CPU %core':>10} {'CPU ms/req':>11} "
        f"{'p50 ms':>7} {'p99 ms':>7} {'B/req':>7}"
    )
    for p in phases:
        ok, same = p.statuses.get(200, 0), p.statuses.get(304, 0)
        print(
            f"{p.label:34} {len(p.polls):>9,} {ok:>5}/{same:<5} {100 * p.cpu_share:>9.1f}% "
            f"{p.cpu_ms_per_poll:>11.2f} {median(p.polls):>7.1f} "
            f"{percentile(p.polls, 0.99):>7.1f} {p.bytes_in / max(1, len(p.polls)):>7.0f}"
        )
    results = {"machine": harness.machine_text(), "args": vars(args), "phases": []}
    for live, peer in zip(phases[::2], phases[1::2], strict=True):
        ratio = peer.cpu_ms_per_poll / max(live.cpu_ms_per_poll, 1e-9)
        print(
            f"{live.label.split(':')[0]}: a live poll costs {ratio:.1f}x less server CPU than "
            f"revalidating the article page; 1,000 pages take {100 * live.cpu_share:.1f}% of "
            "one core"
        )
    for p in phases:
        results["phases"].append(
            {
                "label": p.label,
                "requests": len(p.polls),
                "statuses": p.statuses,
                "errors": p.errors,
                "cpu_share_of_one_core": p.cpu_share,
                "cpu_ms_per_request": p.cpu_ms_per_poll,
                "p50_ms": median(p.polls),
                "p99_ms": percentile(p.polls, 0.99),
                "bytes_per_request": p.bytes_in / max(1, len(p.polls)),
            }
        )
    harness.RESULTS.mkdir(parents=True, exist_ok=True)
    (harness.RESULTS / "live.json").write_text(json.dumps(results, indent=2))
    _plot(phases)
    print(f"plot: {harness.RESULTS / 'live.png'}; figures: {harness.RESULTS / 'live.json'}")


if __name__ == "__main__":
    main()
