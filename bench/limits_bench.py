"""What the flood limits of issue 20 add to one post: median and p99 per post, in milliseconds.

Per post, the checks that issue 20 added, as ``comment_post`` and ``comment_submit`` run them:
reading the browser's signed device id (with its issue time), spending the form token's nonce
(one atomic upsert, or Redis ``SET NX``), and counting the post on its IP address and network
(one atomic upsert each, or Redis ``INCR``), which also reads the browser's published-comment mark
for the established-browser check (in the same statement on PostgreSQL, the same pipeline with
Redis; a second in-process statement on SQLite, and only when asked). Measured twice: on a quiet
network, and on a busy one, where the established-browser check runs too; the browser was issued
a minute ago and has no published comment, so it is read from the mark and the post is held (no
query on the comments table). Measured apart, as they happen once: a new browser's device id (two
more counts), and the mark a comment's publication writes on commit (one upsert, or ``ZADD``).

On a fresh SQLite database (WAL, as the demo runs) unless ``--database-url`` (PostgreSQL) or
``--redis-url`` (counters in Redis) say otherwise:

    .venv/bin/python bench/limits_bench.py [--n 2000] [--database-url ...] [--redis-url ...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def summary(name: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    return f"{name:<48} median {statistics.median(ms):.3f} ms   p99 {p99:.3f} ms   (n={len(ms)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--redis-url", default="")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="townsquare-limits-bench-"))
    os.environ["TOWNSQUARE_DATA_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("SECRET_KEY", "limits-bench-" + "x" * 40)
    if args.redis_url:
        os.environ["REDIS_URL"] = args.redis_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import RequestFactory
    from django.utils import timezone

    from townsquare.comments.forms import form_started_token, form_token_spend
    from townsquare.comments.published_devices import published_device_record
    from townsquare.lib.client import (
        DEVICE_COOKIE,
        Device,
        device_from_cookie,
        device_issue,
        device_token_for,
    )
    from townsquare.moderation.pipeline import Candidate, _busy_count, _established
    from townsquare.stories.models import Story

    call_command("migrate", verbosity=0)
    cache.clear()
    story, _ = Story.objects.get_or_create(
        slug="bench",
        defaults={"headline": "Bench", "body": "Text.", "published_at": timezone.now()},
    )
    settings.DEVICE_IDS_PER_ADDRESS_PER_HOUR = 10**9
    settings.DEVICE_IDS_PER_NETWORK_PER_HOUR = 10**9
    settings.RATE_LIMIT_PER_HOUR = 10**9
    settings.RATE_LIMIT_SECONDS = 0
    settings.DUPLICATE_WINDOW_SECONDS = 0
    factory = RequestFactory()
    token = device_token_for(Device("b" * 32, int(time.time()) - 60))

    def added_checks(n: int, *, ip: str) -> float:
        """One post's added work; the form token is made beforehand (it is made at render)."""
        form_token = form_started_token()
        request = factory.post("/", REMOTE_ADDR=ip)
        request.COOKIES[DEVICE_COOKIE] = token
        candidate = Candidate(
            story=story,
            author_name="Ada",
            email=f"reader-{n}@example.org",
            body=f"Comment {n}",
            device_id="",
            ip_hash=f"ip-{ip}",
            network_hash=f"net-{ip}",
        )
        began = time.perf_counter()
        device = device_from_cookie(request)
        form_token_spend(form_token)
        candidate.device_id, candidate.device_issued_at = device.id, device.issued_at
        _busy_count(candidate)  # check 4's new part (the reader's own limits are unchanged)
        if candidate.busy:
            assert not _established(candidate)  # check 9's new part, on a busy connection only
        return time.perf_counter() - began

    for n in range(50):  # warm up connections and caches
        added_checks(n, ip="192.0.2.1")

    settings.ADDRESS_RATE_LIMIT_PER_HOUR = 10**9
    settings.NETWORK_RATE_LIMIT_PER_HOUR = 10**9
    quiet = [added_checks(n, ip="198.51.100.7") for n in range(args.n)]
    settings.ADDRESS_RATE_LIMIT_PER_HOUR = 1
    settings.NETWORK_RATE_LIMIT_PER_HOUR = 1
    busy = [added_checks(n, ip="203.0.113.7") for n in range(args.n)]

    def issue_one() -> float:
        request = factory.post("/", REMOTE_ADDR="192.0.2.99")
        began = time.perf_counter()
        device_issue(request)
        return time.perf_counter() - began

    issued = [issue_one() for _ in range(args.n)]

    def publish_one(n: int) -> float:
        created_at = timezone.now()
        began = time.perf_counter()
        published_device_record(device_id=f"{n:032d}", created_at=created_at)
        return time.perf_counter() - began

    marked = [publish_one(n) for n in range(args.n)]

    database = "PostgreSQL" if args.database_url else "SQLite"
    counters = "Redis" if args.redis_url else database
    print(f"Issue 20's added checks per post ({database} database, counters in {counters}):")
    print(summary("a post, quiet network", quiet))
    print(summary("a post, busy network (+ established check)", busy))
    print(summary("a new browser's device id (once per browser)", issued))
    print(summary("a published comment's mark (on commit, once)", marked))


if __name__ == "__main__":
    main()
