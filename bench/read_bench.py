"""Read-path benchmark: the article page against Isso's thread JSON and nginx, in one run.

Measured with ``wrk -t2 -c32`` (median of several rounds, run round-robin so a change in the
machine's load touches every system alike), each application with 2 gunicorn workers, on
databases of the bench's own under a temporary directory:

- Townsquare's article page (``townsquare serve``) for stories with 10, 100 and 10,000 comments
  (SQLite; also PostgreSQL and/or Redis with --database-url / --redis-url);
- Isso 0.14's thread JSON (``GET /?uri=...``, gunicorn ``-w 2 --preload``, its own venv in
  bench/.venv-isso) with the same comments;
- nginx serving Isso's 100-comment JSON as a static file, and our own 100-comment page's bytes as a
  static file (what nginx's proxy_cache itself costs);
- Townsquare's 100-comment page behind nginx ``proxy_cache`` configured by
  bench/nginx/townsquare.conf, which caches only what Townsquare's headers allow.

The comments are C3 texts (../shared/data/c3), a third of them replies, the same for both
systems. Also measured: the first page of the biggest story against the 10-comment one (median
of N sequential requests, and its size). Prints the issue's target ratios, met or missed.

    .venv/bin/python bench/read_bench.py [--quick] [--seconds 10] [--rounds 3]
        [--database-url postgres://postgres@127.0.0.1:54329/] [--redis-url redis://...]

Writes bench/results/read.png and bench/results/read.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
from harness import Reader, median, percentile  # noqa: E402

SIZES = (10, 100, 10_000)
QUICK_BIG = 2_000


@dataclass
class Target:
    name: str
    label: str
    url: str
    size: int | None
    rates: list[float] = field(default_factory=list)
    p50: list[float] = field(default_factory=list)
    p99: list[float] = field(default_factory=list)
    failed: int = 0
    requests: int = 0
    loads: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return median(self.rates)


def _plan_file(directory: Path, sizes: list[int]) -> Path:
    texts = harness.c3_texts()
    stories = [
        {
            "slug": f"s{n}",
            "headline": f"Harbour board keeps the ferry slip open ({n:,} comments)",
            "body": harness.STORY_BODY,
            "comments": [
                {"author": c.author, "email": c.email, "text": c.text, "parent": c.parent}
                for c in harness.thread_plan(n, texts=texts)
            ],
        }
        for n in sizes
    ]
    path = directory / "plan.json"
    path.write_text(json.dumps({"stories": stories}))
    return path


def _seed_townsquare(site: harness.Site, plan: Path) -> None:
    started = time.perf_counter()
    done = subprocess.run(
        [str(harness.VENV_BIN / "python"), str(harness.BENCH / "seed_townsquare.py"), str(plan)],
        env={**site.env, "DJANGO_SETTINGS_MODULE": "townsquare.settings"},
        stdout=subprocess.PIPE,
        text=True,
        cwd=harness.ROOT,
    )
    if done.returncode != 0:
        sys.exit(f"seeding Townsquare ({site.label}) failed")
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            story = json.loads(line)
            print(
                f"  {site.label}: {story['slug']}: {story['written']} comments "
                f"({story['replies']} replies), page says {story['count_shown']}"
            )
    print(f"  loaded in {time.perf_counter() - started:.0f} s")


def _seed_isso(config: Path, plan: Path) -> None:
    started = time.perf_counter()
    done = subprocess.run(
        [str(harness.isso_venv()), str(harness.BENCH / "seed_isso.py"), str(config), str(plan)],
        stdout=subprocess.PIPE,
        text=True,
    )
    if done.returncode != 0:
        sys.exit("seeding Isso failed")
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            thread = json.loads(line)
            print(f"  Isso: {thread['uri']}: {thread['written']} comments")
    print(f"  loaded in {time.perf_counter() - started:.0f} s")


def _get(url: str, timeout: float = 600) -> harness.Answer:
    base, _, path = url.partition("//")[2].partition("/")
    return Reader(base=f"http://{base}", timeout=timeout).request("GET", f"/{path}")


def _sequential(urls: list[str], n: int) -> dict[str, tuple[float, float, int, int]]:
    """Per URL: median and p99 ms of ``n`` sequential GETs, its size in bytes, and the worst
    status seen. One unmeasured GET each first; then the URLs take turns, so a change in the
    machine's load touches each alike."""
    first = {url: _get(url) for url in urls}
    times: dict[str, list[float]] = {url: [] for url in urls}
    worst = {url: first[url].status for url in urls}
    for _ in range(n):
        for url in urls:
            answer = _get(url)
            times[url].append(answer.ms)
            worst[url] = max(worst[url], answer.status)
    return {
        url: (median(times[url]), percentile(times[url], 0.99), len(first[url].body), worst[url])
        for url in urls
    }


def _drain(url: str) -> None:
    """Wait for the server to finish what wrk left queued (a slow page's backlog outlives wrk)."""
    with contextlib.suppress(Exception):
        _get(url)


def _header_summary(answer: harness.Answer) -> str:
    cookies = answer.set_cookies
    return (
        f"HTTP {answer.status}; Cache-Control: {answer.headers.get('cache-control', '-')}; "
        f"ETag: {answer.headers.get('etag', '-')}; "
        f"Last-Modified: {answer.headers.get('last-modified', '-')}; "
        f"Vary: {answer.headers.get('vary', '-')}; "
        f"Set-Cookie: {', '.join(cookies) if cookies else '-'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run, under ~2 minutes")
    parser.add_argument("--seconds", type=float, help="length of one wrk run (10; quick 3)")
    parser.add_argument("--rounds", type=int, help="wrk runs per system, median kept (3; quick 1)")
    parser.add_argument("--sequential", type=int, help="requests for first-page times (20; 5)")
    parser.add_argument("--big", type=int, help=f"biggest story (10,000; quick {QUICK_BIG:,})")
    parser.add_argument("--database-url", default="", help="also measure on this PostgreSQL")
    parser.add_argument("--redis-url", default="", help="...with this Redis as the cache")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    seconds = args.seconds or (3 if args.quick else 10)
    rounds = args.rounds or (1 if args.quick else 3)
    sequential = args.sequential or (5 if args.quick else 20)
    big = args.big or (QUICK_BIG if args.quick else SIZES[-1])
    sizes = [10, 100, big]

    print(f"machine: {harness.machine_text()}; {harness.load_text()} at start")
    print(
        f"wrk -t{args.threads} -c{args.connections}, {rounds} x {seconds:g} s per system; "
        f"stories of {', '.join(f'{n:,}' for n in sizes)} comments"
        + ("  [QUICK: a smoke run, not the issue's figures]" if args.quick else "")
    )
    stack = contextlib.ExitStack()
    work = stack.enter_context(harness.scratch("read-bench"))
    plan = _plan_file(work, sizes)
    backends = [("SQLite", "", "")]
    if args.database_url or args.redis_url:
        label = " + ".join(
            name
            for name, url in (("PostgreSQL", args.database_url), ("Redis", args.redis_url))
            if url
        )
        backends.append((label, args.database_url, args.redis_url))

    with stack:
        print("setting up (loading the same comments into each system)")
        bases = {}
        for label, database_url, redis_url in backends:
            site = stack.enter_context(
                harness.townsquare_site(
                    f"read-{label.split()[0].lower()}",
                    database_url=database_url,
                    redis_url=redis_url,
                )
            )
            site.label = f"Townsquare ({label})"
            _seed_townsquare(site, plan)
            bases[label], _ = stack.enter_context(harness.townsquare_server(site, workers=2))
        isso_dir = work / "isso"
        isso_dir.mkdir()
        config = harness.isso_config(isso_dir)
        _seed_isso(config, plan)
        isso = stack.enter_context(harness.isso_server(config, workers=2))

        static_dir = work / "static"
        static_dir.mkdir()
        isso_100 = _get(f"{isso}/?uri=/stories/s100/")
        if isso_100.status != 200:
            sys.exit(f"Isso answered {isso_100.status} for the 100-comment thread")
        (static_dir / "thread.json").write_bytes(isso_100.body)
        # The same bytes as the page nginx caches, as a file: what proxy_cache itself costs.
        own_100 = _get(f"{bases['SQLite']}/stories/s100/")
        (static_dir / "page.html").write_bytes(own_100.body)
        thread = isso_100.json()
        held = sum(1 + len(c.get("replies", [])) for c in thread["replies"])
        print(f"  Isso's 100-comment JSON: {held} comments, {len(isso_100.body) / 1024:.0f} KB")
        static_port, proxy_port = harness.free_port(), harness.free_port()
        static_site = (
            f"server {{\n    listen 127.0.0.1:{static_port};\n    root {static_dir};\n"
            "    location / { default_type application/json; }\n}\n"
        )
        proxy_site = harness.townsquare_nginx_include(
            listen=proxy_port,
            upstream=bases["SQLite"].removeprefix("http://"),
            cache_dir=work / "nginx-cache",
        )
        stack.enter_context(
            harness.nginx_server(work / "nginx", includes=[static_site, proxy_site])
        )

        targets: list[Target] = []
        for label in bases:
            for n in sizes:
                targets.append(
                    Target(
                        f"townsquare-{label}",
                        f"Townsquare article page ({label})",
                        f"{bases[label]}/stories/s{n}/",
                        n,
                    )
                )
        for n in sizes[:2]:
            targets.append(
                Target("isso", "Isso 0.14 thread JSON", f"{isso}/?uri=/stories/s{n}/", n)
            )
        targets.append(
            Target(
                "nginx-static",
                "nginx, Isso's 100-comment JSON as a file",
                f"http://127.0.0.1:{static_port}/thread.json",
                100,
            )
        )
        targets.append(
            Target(
                "nginx-static-page",
                "nginx, Townsquare's 100-comment page as a file",
                f"http://127.0.0.1:{static_port}/page.html",
                100,
            )
        )
        targets.append(
            Target(
                "nginx-proxy-cache",
                "Townsquare behind nginx proxy_cache (SQLite)",
                f"http://127.0.0.1:{proxy_port}/stories/s100/",
                100,
            )
        )

        from tqdm import tqdm

        wrk = {"threads": args.threads, "connections": args.connections, "script_dir": work}
        with tqdm(total=len(targets) * (rounds + 1), desc="wrk", unit="run") as bar:
            for target in targets:  # one short unmeasured run each: workers warm, caches filled
                bar.set_postfix_str(f"warm-up {target.label} {target.size}")
                harness.wrk(target.url, seconds=2, timeout=60, **wrk)
                _drain(target.url)
                bar.update()
            for _ in range(rounds):
                for target in targets:
                    bar.set_postfix_str(f"{target.label} {target.size}")
                    target.loads.append(harness.load_average()[0])
                    run = harness.wrk(target.url, seconds=seconds, timeout=30, **wrk)
                    _drain(target.url)
                    target.rates.append(run.rate)
                    target.p50.append(run.p50_ms)
                    target.p99.append(run.p99_ms)
                    target.failed += run.failed
                    target.requests += run.requests
                    bar.update()

        print(f"first pages: {sequential} sequential requests each, taking turns")
        urls = {(label, n): f"{base}/stories/s{n}/" for label, base in bases.items() for n in sizes}
        timed = _sequential(list(urls.values()), sequential)
        first_pages = {key: timed[url] for key, url in urls.items()}
        isso_urls = {n: f"{isso}/?uri=/stories/s{n}/" for n in sizes[:2]}
        timed = _sequential(list(isso_urls.values()), 3)
        isso_pages = {n: timed[url] for n, url in isso_urls.items()}
        # Isso sends every comment of a thread at once: the biggest takes seconds, so one request.
        answer = _get(f"{isso}/?uri=/stories/s{big}/")
        isso_pages[big] = (answer.ms, answer.ms, len(answer.body), answer.status)
        headers = _header_summary(_get(f"{bases['SQLite']}/stories/s100/"))
        cache_statuses = [
            _get(f"http://127.0.0.1:{proxy_port}/stories/s100/").headers.get("x-cache-status", "-")
            for _ in range(5)
        ]
    end_load = harness.load_text()

    # --- Report -----------------------------------------------------------------------------
    isso_rate = {t.size: t.rate for t in targets if t.name == "isso"}
    static = next(t for t in targets if t.name == "nginx-static")
    static_page = next(t for t in targets if t.name == "nginx-static-page")
    cached = next(t for t in targets if t.name == "nginx-proxy-cache")
    print()
    print(
        f"{'system':<46} {'comments':>8} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'failed':>7} {'vs Isso':>8} {'load':>5}"
    )
    for t in targets:
        versus = isso_rate.get(t.size) if t.name.startswith("townsquare") else None
        print(
            f"{t.label:<46} {t.size:>8,} {t.rate:>9,.1f} {median(t.p50):>8.1f} "
            f"{median(t.p99):>8.1f} {t.failed:>7} "
            f"{(f'{t.rate / versus:.2f}x' if versus else ''):>8} {median(t.loads):>5.2f}"
        )
    print(
        f"(failed = non-2xx/3xx, timeouts or socket errors, of {sum(t.requests for t in targets):,}"
        " requests in all; load = 1-minute load average as each run began)"
    )
    print()
    print(f"first page, median of {sequential} sequential requests:")
    for (label, n), (ms, p99, size, status) in first_pages.items():
        print(
            f"  Townsquare ({label}) {n:>6,} comments: {ms:8.1f} ms (p99 {p99:.1f}), "
            f"{size / 1024:,.0f} KB" + ("" if status == 200 else f"  [HTTP {status}: not a figure]")
        )
    for n, (ms, _, size, status) in isso_pages.items():
        print(
            f"  Isso thread JSON     {n:>6,} comments: {ms:8.1f} ms "
            f"({'one request' if n == big else 'median of 3'}), {size / 1024:,.0f} KB "
            "(all of them; Isso's embed asks for every top-level one, 5 replies each)"
            + ("" if status == 200 else f"  [HTTP {status}: not a figure]")
        )
    print()
    print(f"Townsquare's anonymous article page: {headers}")
    print(f"through nginx proxy_cache, 5 sequential requests: X-Cache-Status {cache_statuses}")
    print(f"{end_load} at the end")

    print()
    print("targets (issue 8), ratios measured in this run:")
    report = {}
    for label in bases:
        rates = {t.size: t.rate for t in targets if t.name == f"townsquare-{label}"}
        a = rates[100] / isso_rate[100] if isso_rate.get(100) else float("nan")
        b = first_pages[(label, big)][0] / first_pages[(label, 10)][0]
        print(
            harness.ratio_line(
                f"(a) 100-comment page, Townsquare ({label}) alone / Isso, req/s",
                f"{a:.2f}x",
                ">= 50x",
                a >= 50,
            )
        )
        print(
            harness.ratio_line(
                f"(b) first page of {big:,} / of 10 comments, time ({label})",
                f"{b:.2f}x",
                "<= 1.5x",
                b <= 1.5,
            )
        )
        report[label] = {"a": a, "b": b}
    c = cached.rate / static.rate if static.rate else float("nan")
    print(
        harness.ratio_line(
            "(c) Townsquare behind nginx proxy_cache / nginx static file, req/s",
            f"{c:.2%}",
            ">= 50%",
            c >= 0.5,
        )
    )
    c_same = cached.rate / static_page.rate if static_page.rate else float("nan")
    print(
        harness.ratio_line(
            "(c') the same, against nginx serving the page's own bytes as a file",
            f"{c_same:.2%}",
            ">= 50%",
            c_same >= 0.5,
        )
    )
    print("  (d) posting with full moderation vs Isso: see bench/post_bench.py")
    if args.quick:
        print(
            f"  [QUICK run: {big:,}-comment big story, {rounds} x {seconds:g} s; "
            "rerun without --quick for the issue's figures]"
        )

    results = {
        "quick": args.quick,
        "machine": harness.machine_text(),
        "wrk": f"-t{args.threads} -c{args.connections}, {rounds} x {seconds:g} s",
        "rows": [
            {
                "system": t.label,
                "comments": t.size,
                "req_s": t.rate,
                "runs": t.rates,
                "p50_ms": median(t.p50),
                "p99_ms": median(t.p99),
                "failed": t.failed,
                "load": median(t.loads),
            }
            for t in targets
        ],
        "first_pages": [
            {
                "backend": label,
                "comments": n,
                "median_ms": ms,
                "p99_ms": p99,
                "bytes": size,
                "status": status,
            }
            for (label, n), (ms, p99, size, status) in first_pages.items()
        ],
        "ratios": {**report, "c": c, "c_same_bytes": c_same},
        "headers": headers,
        "cache_statuses": cache_statuses,
    }
    harness.RESULTS.mkdir(parents=True, exist_ok=True)
    (harness.RESULTS / "read.json").write_text(json.dumps(results, indent=2))
    _plot(targets, first_pages, bases, sizes, static, cached)
    print(f"plot: {harness.RESULTS / 'read.png'}; figures: {harness.RESULTS / 'read.json'}")


def _plot(targets, first_pages, bases, sizes, static, cached) -> None:
    plt = harness.pyplot()
    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8))
    series = [(f"Townsquare ({label})", f"townsquare-{label}") for label in bases]
    series.append(("Isso 0.14 JSON", "isso"))
    width = 0.8 / len(series)
    colours = ["#0b4f8a", "#5c9bd1", "#9fc5e8"]
    for index, (label, name) in enumerate(series):
        rates = {t.size: t.rate for t in targets if t.name == name}
        xs = [i + index * width for i, n in enumerate(sizes) if n in rates]
        colour = "#c0392b" if name == "isso" else colours[index % len(colours)]
        left.bar(xs, [rates[n] for n in sizes if n in rates], width, label=label, color=colour)
    left.axhline(
        static.rate,
        color="#1a1a1a",
        linestyle="--",
        label=f"nginx static file ({static.rate:,.0f}/s)",
    )
    left.axhline(
        cached.rate,
        color="#2e7d32",
        linestyle=":",
        label=f"Townsquare behind proxy_cache ({cached.rate:,.0f}/s)",
    )
    left.set_yscale("log")
    left.set_xticks([i + 0.4 - width / 2 for i in range(len(sizes))])
    left.set_xticklabels([f"{n:,} comments" for n in sizes])
    left.set_ylabel("requests/s (wrk, median of rounds, log scale)")
    left.set_title("Throughput, 2 workers each")
    left.legend(fontsize=8)
    for index, label in enumerate(bases):
        ms = [first_pages[(label, n)][0] for n in sizes]
        kb = [first_pages[(label, n)][2] / 1024 for n in sizes]
        xs = [i + index * 0.35 for i in range(len(sizes))]
        bars = right.bar(
            xs, ms, 0.35, label=f"Townsquare ({label})", color=colours[index % len(colours)]
        )
        for bar, size in zip(bars, kb, strict=True):
            right.annotate(
                f"{size:,.0f} KB",
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center",
                va="bottom",
                fontsize=8,
            )
    right.set_xticks([i + 0.175 * (len(bases) - 1) for i in range(len(sizes))])
    right.set_xticklabels([f"{n:,} comments" for n in sizes])
    right.set_ylabel("first page, median ms (sequential)")
    right.set_title("First page of a story")
    right.legend(fontsize=8)
    figure.suptitle(f"Read path ({harness.machine_text()})", fontsize=9)
    figure.tight_layout()
    figure.savefig(harness.RESULTS / "read.png", dpi=120)


if __name__ == "__main__":
    main()
