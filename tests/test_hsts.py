"""Strict-Transport-Security is an operator's choice, set through the environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# A fresh process, so the settings module reads the environment given to it.
ANSWER_OVER_HTTPS_AND_HTTP = textwrap.dedent(
    """
    import json
    import django
    django.setup()
    from django.http import HttpResponse
    from django.middleware.security import SecurityMiddleware
    from django.test import RequestFactory
    middleware = SecurityMiddleware(lambda request: HttpResponse("ok"))
    answers = {
        scheme: middleware(RequestFactory().get("/", secure=scheme == "https")).get(
            "Strict-Transport-Security"
        )
        for scheme in ("https", "http")
    }
    print(json.dumps(answers))
    """
)


def _headers(tmp_path: Path, **environment: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
        and not key.startswith("SECURE_HSTS")
    }
    env.update(
        TOWNSQUARE_DATA_DIR=str(tmp_path / "data"),
        DJANGO_SETTINGS_MODULE="townsquare.settings",
        **environment,
    )
    done = subprocess.run(
        [sys.executable, "-c", ANSWER_OVER_HTTPS_AND_HTTP],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_hsts_is_off_unless_the_operator_sets_it(tmp_path):
    assert _headers(tmp_path) == {"https": None, "http": None}


def test_hsts_seconds_subdomains_and_preload_come_from_the_environment(tmp_path):
    answers = _headers(
        tmp_path,
        SECURE_HSTS_SECONDS="31536000",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
        SECURE_HSTS_PRELOAD="true",
    )
    assert answers == {"https": "max-age=31536000; includeSubDomains; preload", "http": None}
    assert _headers(tmp_path, SECURE_HSTS_SECONDS="600") == {"https": "max-age=600", "http": None}
