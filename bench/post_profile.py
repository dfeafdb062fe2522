"""Where one post's time goes: a profile of the reply-form post inside a gunicorn worker.

One worker (gunicorn, as ``townsquare serve`` runs it, with bench/profiled_wsgi.py around the
application) on a SQLite site of its own, the flood limits lifted as in post_bench.py; one client
posts C3 comments one after another, as 16 readers in turn, and the worker's cProfile of the
measured posts (after a warm-up) is printed, with the client's median.

    .venv/bin/python bench/post_profile.py [--posts 150] [--database-url postgres://…/]
        [--dump FILE]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
from harness import median  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=150)
    parser.add_argument("--warm-up", type=int, default=20)
    parser.add_argument("--dump", default="", help="also write the raw profile here (pstats)")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    print(f"machine: {harness.machine_text()}; {harness.load_text()} at start")
    texts = harness.c3_texts()
    with harness.townsquare_site(
        "profile", database_url=args.database_url, settings=harness.LIFTED_LIMITS
    ) as site:
        site.python(
            "from django.utils import timezone; from townsquare.stories.models import Story; "
            "Story.objects.create(slug='profile', headline='Profile', "
            f"body={harness.STORY_BODY!r}, "
            "published_at=timezone.now() - timezone.timedelta(hours=1))"
        )
        out = site.workdir / "profile.txt"
        port = harness.free_port()
        env = {
            **site.env,
            "PYTHONPATH": f"{harness.BENCH}{os.pathsep}{harness.ROOT}",
            "DJANGO_SETTINGS_MODULE": "townsquare.settings",
            "PROFILE_POSTS": str(args.posts + args.warm_up),
            "PROFILE_OUT": str(out),
            "PROFILE_DUMP": str(Path(args.dump).resolve()) if args.dump else "",
        }
        server = subprocess.Popen(
            [str(harness.VENV_BIN / "gunicorn"), "profiled_wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            env=env, cwd=harness.BENCH, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            harness.wait_http(f"{base}/", process=server)
            readers = []
            for k in range(16):
                reader = harness.Reader(base=base, address=f"10.9.{k + 1}.1")
                readers.append((reader, harness.townsquare_form(reader, "profile")))
            times = []
            from tqdm import tqdm

            for i in tqdm(range(args.posts + args.warm_up), desc="posts", unit="post"):
                reader, form = readers[i % len(readers)]
                answer = harness.townsquare_post(
                    reader, "profile", form, author=f"Reader {i % 16}",
                    email=f"reader{i % 16}@example.com", text=texts[i][:4900],
                )  # fmt: skip
                if i >= args.warm_up:
                    times.append(answer.ms)
            deadline = time.monotonic() + 30
            while not out.exists() and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            harness.stop(server)
        print(f"client: median {median(times):.1f} ms, p99 {harness.percentile(times, 0.99):.1f} "
              f"ms over {len(times)} sequential posts (one worker)")  # fmt: skip
        print("(the worker's profile includes the warm-up posts)")
        print(out.read_text() if out.exists() else "the worker wrote no profile")
    print(f"{harness.load_text()} at the end")


if __name__ == "__main__":
    main()
