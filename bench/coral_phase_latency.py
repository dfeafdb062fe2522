"""How long the Coral phase takes to answer, in process (no network), with the shipped model.

    .venv/bin/python bench/coral_phase_latency.py [--requests 300]

Makes a throw-away SQLite data directory, a site and a signing secret, then sends signed requests
as Coral does (three texts in turn, each body unique so none is a replay) through Django's test
client, and prints the first answer's time (it loads the model) and the median and p99 of the
rest. Compare them with CORAL_PHASE_TIMEOUT and the timeout set in Coral's admin.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import sys
import tempfile
import time
from pathlib import Path

TEXTS = [
    "The harbour plan is sensible, but the council should publish the costs first.",
    "You are an idiot and a liar, and everyone on this council knows it.",
    "I think the council should publish the budget before the vote. " * 8,
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    os.environ["TOWNSQUARE_DATA_DIR"] = tempfile.mkdtemp(prefix="coral-phase-bench-")
    os.environ.setdefault("CORAL_PHASE_TIMEOUT", "5")
    os.environ["DJANGO_SETTINGS_MODULE"] = "townsquare.settings"
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from townsquare.coral.services import coral_secret_create
    from townsquare.sites.models import Site

    call_command("migrate", verbosity=0)
    site = Site.objects.create(slug="bench", name="Bench")
    secret = "empsec_" + "77" * 34
    coral_secret_create(site=site, secret=secret)
    client = Client(HTTP_HOST="localhost")
    times = []
    for i in range(args.requests):
        request = {
            "action": "NEW",
            "comment": {"body": f"{TEXTS[i % len(TEXTS)]} ({i})", "parentID": None},
            "author": {"id": "bench-author", "role": "COMMENTER"},
            "story": {"id": "bench-story", "url": "https://news.example.org/bench"},
            "site": {"id": "bench-site"},
            "tenantID": "bench-tenant",
            "tenantDomain": "comments.example.org",
        }
        body = json.dumps(request, indent=2).encode()
        signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        started = time.perf_counter()
        response = client.generic(
            "POST",
            "/integrations/coral/phase/bench",
            body,
            "application/json",
            HTTP_X_CORAL_SIGNATURE=signature,
        )
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code not in (200, 204):
            raise SystemExit(f"request {i}: {response.status_code} {response.content[:200]!r}")
    rest = sorted(times[1:])
    print(
        f"first answer {times[0]:.0f} ms (loads the model); then {len(rest)} answers: "
        f"median {rest[len(rest) // 2]:.1f} ms, p99 {rest[int(len(rest) * 0.99)]:.1f} ms, "
        f"max {rest[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
