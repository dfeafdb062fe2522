"""Bytes of the article page with 100 comments: read_bench's story ``s100``, without a server.

The same plan as ``read_bench.py`` (C3 texts, a third of them replies, ``harness.thread_plan``),
seeded into a fresh SQLite site, then the page fetched once in process with Django's test client;
prints its status, its bytes and its bytes gzipped. What read_bench reports as the 100-comment
page's size, in seconds instead of minutes (no nginx, wrk or Isso).

    .venv/bin/python bench/page_bytes.py
"""

from __future__ import annotations

import json
import subprocess
import sys

import harness

PAGE = (
    "import django, gzip; django.setup(); from django.test import Client; "
    "r = Client().get('/stories/s100/'); "
    "print(r.status_code, len(r.content), len(gzip.compress(r.content, 6)))"
)


def main() -> None:
    texts = harness.c3_texts()
    plan = {
        "stories": [
            {
                "slug": "s100",
                "headline": "Harbour board keeps the ferry slip open (100 comments)",
                "body": harness.STORY_BODY,
                "comments": [
                    {"author": c.author, "email": c.email, "text": c.text, "parent": c.parent}
                    for c in harness.thread_plan(100, texts=texts)
                ],
            }
        ]
    }
    with harness.townsquare_site("page-bytes") as site:
        path = site.workdir / "plan.json"
        path.write_text(json.dumps(plan))
        env = {**site.env, "DJANGO_SETTINGS_MODULE": "townsquare.settings"}
        seed = [sys.executable, str(harness.BENCH / "seed_townsquare.py"), str(path)]
        subprocess.run(seed, env=env, check=True, stdout=subprocess.DEVNULL, cwd=harness.ROOT)
        done = subprocess.run(
            [sys.executable, "-c", PAGE],
            env={**env, "ALLOWED_HOSTS": "testserver"},
            check=True,
            capture_output=True,
            text=True,
            cwd=harness.ROOT,
        )
    status, raw, gzipped = done.stdout.split()[-3:]
    print(
        f"/stories/s100/: HTTP {status}, {int(raw):,} bytes ({int(raw) / 1024:.1f} KB), "
        f"{int(gzipped):,} gzipped"
    )


if __name__ == "__main__":
    main()
