"""Posting benchmark: comments per second and latency through the real reply form, with the whole
moderation pipeline and the shipped civility model inline, against Isso 0.14's ``POST /new``.

Both run under gunicorn with 2 workers on databases of the bench's own. Several clients post the
same C3 texts, in the same order, to each; every client cycles through simulated readers of its
own (cookies, device, address), each of which fetched the article page once for its CSRF cookie
and form timestamp, as a browser does, and posts as the page's script does (``X-Requested-With``;
201 with the comment's id). Townsquare's flood limits and spam timer are lifted (bench/harness.py
LIFTED_LIMITS) and so is Isso's guard, its flood limit; every other check runs as shipped.

Latency is measured by the client, from sending the post to reading the whole answer. Systems
alternate round by round; medians over rounds are reported.

    .venv/bin/python bench/post_bench.py [--quick] [--posts 600] [--rounds 3] [--clients 4]
        [--database-url postgres://...] [--redis-url redis://...]

Writes bench/results/post.png and bench/results/post.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
from harness import Reader, median, percentile  # noqa: E402


@dataclass
class Poster:
    """A simulated reader: its browser (cookies, address), its details, where it posts."""

    reader: Reader
    author: str
    email: str
    target: str  # Townsquare: the story's slug; Isso: the thread's URI
    form: dict[str, str] = field(default_factory=dict)


@dataclass
class Round:
    seconds: float
    latencies: list[float]
    outcomes: Counter
    load: float

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    @property
    def stored(self) -> int:
        return sum(n for outcome, n in self.outcomes.items() if outcome.startswith("stored"))


@dataclass
class System:
    label: str
    rounds: list[Round] = field(default_factory=list)

    def latencies(self) -> list[float]:
        return [ms for r in self.rounds for ms in r.latencies]

    @property
    def rate(self) -> float:
        return median([r.rate for r in self.rounds])


def _townsquare_outcome(answer: harness.Answer) -> str:
    if answer.status == 201:
        return f"stored:{answer.json().get('status')}"
    if answer.status == 422:
        return "nudged (422)"
    if answer.status == 400:
        body = answer.json()
        if any("not published" in str(e) for e in body.get("errors", {}).get("__all__", [])):
            return "rejected (400)"
        return f"refused (400): {','.join(sorted(body.get('errors', {})))}"
    return f"HTTP {answer.status}"


def _run(clients: list[list], post, texts: list[str], bar) -> Round:
    """Post ``texts`` from the clients' threads (each cycling over its readers); one Round."""
    lock = threading.Lock()
    queue = iter(enumerate(texts))
    latencies: list[float] = []
    outcomes: Counter = Counter()
    load = harness.load_average()[0]

    def work(readers: list) -> None:
        turn = 0
        while True:
            with lock:
                item = next(queue, None)
            if item is None:
                return
            index, text = item
            reader = readers[turn % len(readers)]
            turn += 1
            began = time.perf_counter()
            try:
                outcome = post(reader, index, text)
            except Exception as error:  # a refused connection or a timeout is a result too
                outcome = f"error: {type(error).__name__}"
            ms = (time.perf_counter() - began) * 1000
            with lock:
                latencies.append(ms)
                outcomes[outcome] += 1
                bar.update()

    threads = [threading.Thread(target=work, args=(readers,)) for readers in clients]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Round(time.perf_counter() - started, latencies, outcomes, load)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run, under ~2 minutes")
    parser.add_argument("--posts", type=int, help="posts per system per round (600; quick 150)")
    parser.add_argument("--rounds", type=int, help="rounds per system (3; quick 1)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
    parser.add_argument("--readers", type=int, default=8, help="simulated readers per client")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default="", help="Townsquare on this PostgreSQL")
    parser.add_argument("--redis-url", default="", help="...with this Redis as the cache")
    args = parser.parse_args()
    posts = args.posts or (150 if args.quick else 600)
    rounds = args.rounds or (1 if args.quick else 3)

    texts = harness.c3_texts()
    measured = [t[:4900] for t in texts[:posts]]
    warm_up = [t[:4900] for t in texts[-max(32, 4 * args.workers * args.clients) :]]
    backend = " + ".join(
        name for name, url in (("PostgreSQL", args.database_url), ("Redis", args.redis_url)) if url
    )
    backend = backend or "SQLite"
    print(f"machine: {harness.machine_text()}; {harness.load_text()} at start")
    print(
        f"{posts} C3 comments per round, {rounds} round(s) per system, {args.clients} clients x "
        f"{args.readers} readers, {args.workers} gunicorn workers each"
        + ("  [QUICK: a smoke run]" if args.quick else "")
    )
    townsquare = System(f"Townsquare form post ({backend}, model inline)")
    isso = System("Isso 0.14 POST /new")

    from tqdm import tqdm

    with contextlib.ExitStack() as stack:
        print("setting up")
        work = stack.enter_context(harness.scratch("post-bench"))
        site = stack.enter_context(
            harness.townsquare_site(
                "post",
                database_url=args.database_url,
                redis_url=args.redis_url,
                settings=harness.LIFTED_LIMITS,
            )
        )
        slugs = [f"post-bench-{r}" for r in range(rounds + 1)]
        site.python(
            "from django.utils import timezone; from townsquare.stories.models import Story\n"
            f"for slug in {slugs!r}:\n"
            "    Story.objects.create(slug=slug, headline='Posting bench', "
            f"body={harness.STORY_BODY!r}, "
            "published_at=timezone.now() - timezone.timedelta(hours=1))"
        )
        base, _ = stack.enter_context(
            harness.townsquare_server(site, workers=args.workers, log=work / "townsquare.log")
        )
        (work / "isso").mkdir()
        config = harness.isso_config(work / "isso")
        harness.isso_venv()
        isso_base = stack.enter_context(harness.isso_server(config, workers=args.workers))

        def posters(server: str, target: str, tag: str) -> list[list[Poster]]:
            """Per client, its readers: each its own cookies, address (its own /24) and email."""
            return [
                [
                    Poster(
                        reader=Reader(base=server, address=f"10.{c + 1}.{k + 1}.{tag}"),
                        author=f"Poster {c}-{k}",
                        email=f"poster-{tag}-{c}-{k}@example.com",
                        target=target,
                    )
                    for k in range(args.readers)
                ]
                for c in range(args.clients)
            ]

        def townsquare_clients(slug: str, tag: str) -> list[list[Poster]]:
            clients = posters(base, slug, tag)
            for poster in (p for readers in clients for p in readers):
                poster.form = harness.townsquare_form(poster.reader, slug)
            return clients

        def townsquare_post(poster: Poster, index: int, text: str) -> str:
            answer = harness.townsquare_post(
                poster.reader,
                poster.target,
                poster.form,
                author=poster.author,
                email=poster.email,
                text=text,
            )
            return _townsquare_outcome(answer)

        def isso_post(poster: Poster, index: int, text: str) -> str:
            body = {
                "text": text,
                "author": poster.author,
                "email": poster.email,
                "website": None,
                "parent": None,
                "title": "Posting bench",
            }
            answer = poster.reader.request(
                "POST",
                f"/new?uri={urllib.parse.quote(poster.target, safe='')}",
                body=json.dumps(body).encode(),
                headers={"Content-Type": "application/json"},
            )
            return "stored:published" if answer.status == 201 else f"HTTP {answer.status}"

        total = 2 * (rounds * posts + len(warm_up))
        with tqdm(total=total, desc="posts", unit="post") as bar:
            # Round 0 is a short warm-up for both (the model loaded in every worker).
            for number in range(rounds + 1):
                tag = str(number + 1)
                chosen = measured if number else warm_up
                bar.set_postfix_str(f"Townsquare round {number}")
                result = _run(townsquare_clients(slugs[number], tag), townsquare_post, chosen, bar)
                if number:
                    townsquare.rounds.append(result)
                bar.set_postfix_str(f"Isso round {number}")
                clients = posters(isso_base, f"/stories/{slugs[number]}/", tag)
                result = _run(clients, isso_post, chosen, bar)
                if number:
                    isso.rounds.append(result)
        log = (work / "townsquare.log").read_text(errors="replace")
        isso_log = (work / "isso" / "isso.log").read_text(errors="replace")
    end_load = harness.load_text()

    print()
    print(f"{'system':<52} {'posts/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'stored':>7} {'load':>5}")
    for system in (townsquare, isso):
        latencies = system.latencies()
        print(
            f"{system.label:<52} {system.rate:>8.1f} {median(latencies):>8.1f} "
            f"{percentile(latencies, 0.99):>8.1f} {sum(r.stored for r in system.rounds):>7} "
            f"{median([r.load for r in system.rounds]):>5.2f}"
        )
        outcomes = sum((r.outcomes for r in system.rounds), Counter())
        print("    " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
        print("    posts/s per round: " + ", ".join(f"{r.rate:.1f}" for r in system.rounds))
    print(f"Townsquare server log: {log.count('Traceback')} tracebacks")
    raised = [
        line for line in isso_log.splitlines() if re.match(r"^\w+(\.\w+)*(Error|Exception)", line)
    ]
    print(
        f"Isso server log: {isso_log.count('Traceback')} tracebacks"
        + (f", last: {raised[-1]}" if raised else "")
    )
    print(f"{end_load} at the end")

    ratio = townsquare.rate / isso.rate if isso.rate else float("nan")
    p99 = percentile(townsquare.latencies(), 0.99)
    print()
    print("targets (issue 8), measured in this run:")
    print(
        harness.ratio_line(
            "(d) posts/s, Townsquare with full moderation / Isso",
            f"{ratio:.2f}x",
            ">= 3x",
            ratio >= 3,
        )
    )
    print(
        harness.ratio_line(
            "(d) Townsquare p99 post latency", f"{p99:.1f} ms", "<= 100 ms", p99 <= 100
        )
    )
    if args.quick:
        print(f"  [QUICK run: {posts} posts, {rounds} round; rerun without --quick]")

    harness.RESULTS.mkdir(parents=True, exist_ok=True)
    (harness.RESULTS / "post.json").write_text(
        json.dumps(
            {
                "quick": args.quick,
                "machine": harness.machine_text(),
                "clients": args.clients,
                "readers_per_client": args.readers,
                "workers": args.workers,
                "posts_per_round": posts,
                "systems": [
                    {
                        "system": s.label,
                        "posts_s": s.rate,
                        "rounds": [r.rate for r in s.rounds],
                        "p50_ms": median(s.latencies()),
                        "p99_ms": percentile(s.latencies(), 0.99),
                        "outcomes": dict(sum((r.outcomes for r in s.rounds), Counter())),
                    }
                    for s in (townsquare, isso)
                ],
                "ratio": ratio,
            },
            indent=2,
        )
    )
    plt = harness.pyplot()
    figure, axis = plt.subplots(figsize=(8, 4.5))
    for system, colour in ((townsquare, "#0b4f8a"), (isso, "#c0392b")):
        latencies = system.latencies()
        axis.hist(
            latencies,
            bins=80,
            alpha=0.6,
            color=colour,
            label=f"{system.label}: {system.rate:.1f}/s",
        )
        axis.axvline(percentile(latencies, 0.99), color=colour, linestyle=":")
    axis.axvline(100, color="#1a1a1a", linestyle="--", label="target p99 100 ms")
    axis.set_xlabel(f"post latency, ms ({args.clients} concurrent clients; dotted: p99)")
    axis.set_ylabel("posts")
    axis.set_title(f"Posting, {args.workers} workers each ({harness.machine_text()})", fontsize=9)
    axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(harness.RESULTS / "post.png", dpi=120)
    print(f"plot: {harness.RESULTS / 'post.png'}; figures: {harness.RESULTS / 'post.json'}")


if __name__ == "__main__":
    main()
